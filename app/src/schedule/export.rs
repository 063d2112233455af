//! The published schedule as files (server only): `schedule.ics` (one entry per session),
//! the frab XML that conference apps (Giggity, ConfClerk) read, and a documented JSON
//! (docs/schedule.md). Rendered files are cached by the version of what they show.

use super::{
    public::{feed_events, published, Published},
    queries,
};
use crate::{
    calendar::{
        feed::{render, FeedInfo},
        service::{cached, remember, Feed},
    },
    db::Db,
    error::AppResult,
    events::time,
};
use blake2::{digest::consts::U16, Blake2b, Digest};
use chrono_tz::Tz;
use serde::Serialize;
use std::{fmt::Write, sync::Arc};

/// What a file of the schedule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Ics,
    Json,
    Xml,
}

/// `/e/{slug}/schedule.{ics,json,xml}`; not found before the first published version.
pub async fn schedule_file(
    db: &Db,
    slug: &str,
    origin: &str,
    format: Format,
) -> AppResult<Arc<Feed>> {
    let key = match queries::event(db.pool(), slug).await? {
        Some(event) => {
            let version = queries::published_key(db.pool(), event.event_id).await?;
            Some(format!("schedule {format:?} {origin} {slug} {version:?}"))
        }
        None => None,
    };
    if let Some(feed) = key.as_deref().and_then(cached) {
        return Ok(feed);
    }
    let (p, _) = published(db, slug, None).await?;
    let last_modified = p
        .sessions
        .iter()
        .map(|s| s.updated_at)
        .max()
        .unwrap_or(p.version.1)
        .max(p.version.1);
    let feed = Arc::new(match format {
        Format::Ics => Feed::new(
            format!("{slug}-schedule.ics"),
            ics(&p, origin),
            last_modified,
        ),
        Format::Json => Feed::typed(
            format!("{slug}-schedule.json"),
            json(&p, origin),
            last_modified,
            "application/json",
        ),
        Format::Xml => Feed::typed(
            format!("{slug}-schedule.xml"),
            frab(&p, origin),
            last_modified,
            "application/xml; charset=utf-8",
        ),
    });
    if let Some(key) = key {
        remember(key, &feed);
    }
    Ok(feed)
}

fn ics(p: &Published, origin: &str) -> String {
    let info = FeedInfo {
        name: format!("{}: schedule", p.event.title),
        description: format!(
            "Every session of {} ({})",
            p.event.title, p.event.group_name
        ),
    };
    render(&info, &feed_events(p, origin))
}

fn zone(p: &Published) -> Tz {
    p.event.time_zone
}

fn iso(at: i64, zone: Tz) -> String {
    time::from_unix(at)
        .with_timezone(&zone)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

#[derive(Serialize)]
struct JsonSchedule<'a> {
    version: i64,
    published_at: String,
    event: JsonEvent<'a>,
    rooms: Vec<JsonRoom<'a>>,
    tracks: Vec<JsonTrack<'a>>,
    sessions: Vec<JsonSession<'a>>,
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    time_zone: &'a str,
    starts_at: String,
    ends_at: String,
}

#[derive(Serialize)]
struct JsonRoom<'a> {
    id: i64,
    name: &'a str,
    capacity: Option<i64>,
}

#[derive(Serialize)]
struct JsonTrack<'a> {
    id: i64,
    name: &'a str,
    colour: &'a str,
}

#[derive(Serialize)]
struct JsonSession<'a> {
    id: &'a str,
    uid: String,
    kind: &'a str,
    title: &'a str,
    talk_id: Option<i64>,
    url: String,
    room_id: Option<i64>,
    room: Option<&'a str>,
    starts_at: String,
    ends_at: String,
    minutes: i64,
    track_id: Option<i64>,
    format: Option<&'a str>,
    speakers: Vec<&'a str>,
    abstract_markdown: Option<&'a str>,
}

fn json(p: &Published, origin: &str) -> String {
    let zone = zone(p);
    let slug = &p.event.slug;
    let schedule = JsonSchedule {
        version: p.version.0,
        published_at: iso(p.version.1, zone),
        event: JsonEvent {
            slug,
            title: &p.event.title,
            url: format!("{origin}/e/{slug}"),
            time_zone: p.event.time_zone.name(),
            starts_at: iso(p.event.starts_at, zone),
            ends_at: iso(p.event.ends_at, zone),
        },
        rooms: p
            .rooms
            .iter()
            .map(|r| JsonRoom {
                id: r.room_id,
                name: &r.name,
                capacity: r.capacity,
            })
            .collect(),
        tracks: p
            .tracks
            .iter()
            .map(|t| JsonTrack {
                id: t.track_id,
                name: &t.name,
                colour: &t.colour,
            })
            .collect(),
        sessions: p
            .sessions
            .iter()
            .filter(|s| !s.cancelled)
            .map(|s| JsonSession {
                id: &s.session_key,
                uid: super::public::session_uid(p.event.event_id, &s.session_key),
                kind: s.kind.as_str(),
                title: &s.title,
                talk_id: s.talk_id,
                url: match s.talk_id {
                    Some(t) => format!("{origin}/e/{slug}/talks/{t}"),
                    None => format!("{origin}/e/{slug}/schedule"),
                },
                room_id: s.room_id,
                room: s.room_name.as_deref(),
                starts_at: iso(s.starts_at, zone),
                ends_at: iso(s.ends_at, zone),
                minutes: (s.ends_at - s.starts_at) / 60,
                track_id: s.track_id,
                format: s.format_name.as_deref(),
                speakers: s
                    .talk_id
                    .and_then(|t| p.speakers.get(&t))
                    .map(|names| names.iter().map(String::as_str).collect())
                    .unwrap_or_default(),
                abstract_markdown: s.abstract_md.as_deref(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&schedule).unwrap_or_default()
}

/// XML character data and attribute values.
fn xml(value: &str) -> String {
    // XML 1.0 allows tab, line feed and carriage return of the control characters.
    crate::markup::escape_with(value, "&apos;", |c| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')).then_some("")
    })
}

/// A UUID-shaped stable id for frab's `guid` (a hash of the session's UID).
fn guid(uid: &str) -> String {
    let hex: String = Blake2b::<U16>::digest(uid.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn hours(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The frab schedule XML: conference, then days, rooms and events. Breaks in every room are
/// left out (apps show rooms, not pauses); talks' abstracts are plain text.
fn frab(p: &Published, origin: &str) -> String {
    let zone = zone(p);
    let slug = &p.event.slug;
    let days = super::domain::days(p.event.starts_at, p.event.ends_at, zone);
    let mut out = String::with_capacity(4096 + p.sessions.len() * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n");
    let _ = writeln!(out, "  <generator name=\"Hallway\"/>");
    let _ = writeln!(out, "  <version>{}</version>", p.version.0);
    out.push_str("  <conference>\n");
    let _ = writeln!(out, "    <acronym>{}</acronym>", xml(slug));
    let _ = writeln!(out, "    <title>{}</title>", xml(&p.event.title));
    if let (Some(first), Some(last)) = (days.first(), days.last()) {
        let _ = writeln!(out, "    <start>{first}</start>");
        let _ = writeln!(out, "    <end>{last}</end>");
    }
    let _ = writeln!(out, "    <days>{}</days>", days.len());
    out.push_str("    <timeslot_duration>00:05</timeslot_duration>\n");
    let _ = writeln!(
        out,
        "    <base_url>{}</base_url>",
        xml(&format!("{origin}/e/{slug}/"))
    );
    let _ = writeln!(
        out,
        "    <time_zone_name>{}</time_zone_name>",
        xml(p.event.time_zone.name())
    );
    out.push_str("  </conference>\n");
    for (index, day) in days.iter().enumerate() {
        let date = day.to_string();
        let on_day: Vec<&queries::SessionRow> = p
            .sessions
            .iter()
            .filter(|s| {
                !s.cancelled
                    && s.room_id.is_some()
                    && time::from_unix(s.starts_at)
                        .with_timezone(&zone)
                        .date_naive()
                        == *day
            })
            .collect();
        let start = on_day.iter().map(|s| s.starts_at).min();
        let end = on_day.iter().map(|s| s.ends_at).max();
        let _ = write!(out, "  <day index=\"{}\" date=\"{date}\"", index + 1);
        if let (Some(start), Some(end)) = (start, end) {
            let _ = write!(
                out,
                " start=\"{}\" end=\"{}\"",
                iso(start, zone),
                iso(end, zone)
            );
        }
        out.push_str(">\n");
        for room in &p.rooms {
            let sessions: Vec<&&queries::SessionRow> = on_day
                .iter()
                .filter(|s| s.room_id == Some(room.room_id))
                .collect();
            if sessions.is_empty() {
                continue;
            }
            let _ = writeln!(out, "    <room name=\"{}\">", xml(&room.name));
            for s in sessions {
                let uid = super::public::session_uid(p.event.event_id, &s.session_key);
                let id = s.talk_id.unwrap_or_default();
                let local = time::from_unix(s.starts_at).with_timezone(&zone);
                let url = match s.talk_id {
                    Some(t) => format!("{origin}/e/{slug}/talks/{t}"),
                    None => format!("{origin}/e/{slug}/schedule"),
                };
                let _ = writeln!(out, "      <event guid=\"{}\" id=\"{id}\">", guid(&uid));
                let _ = writeln!(out, "        <date>{}</date>", iso(s.starts_at, zone));
                let _ = writeln!(out, "        <start>{}</start>", local.format("%H:%M"));
                let _ = writeln!(
                    out,
                    "        <duration>{}</duration>",
                    hours((s.ends_at - s.starts_at) / 60)
                );
                let _ = writeln!(out, "        <room>{}</room>", xml(&room.name));
                let _ = writeln!(
                    out,
                    "        <slug>{}</slug>",
                    xml(&format!("{slug}-{}", s.session_key))
                );
                let _ = writeln!(out, "        <url>{}</url>", xml(&url));
                let _ = writeln!(out, "        <title>{}</title>", xml(&s.title));
                out.push_str("        <subtitle></subtitle>\n");
                let _ = writeln!(
                    out,
                    "        <track>{}</track>",
                    xml(s.track_name.as_deref().unwrap_or_default())
                );
                let _ = writeln!(
                    out,
                    "        <type>{}</type>",
                    xml(s.format_name.as_deref().unwrap_or(s.kind.as_str()))
                );
                out.push_str("        <language>en</language>\n");
                let abstract_text = s
                    .abstract_md
                    .as_deref()
                    .map(crate::markdown::to_plain_text)
                    .unwrap_or_default();
                let _ = writeln!(out, "        <abstract>{}</abstract>", xml(&abstract_text));
                out.push_str("        <description></description>\n        <persons>\n");
                for name in s
                    .talk_id
                    .and_then(|t| p.speakers.get(&t))
                    .into_iter()
                    .flatten()
                {
                    let _ = writeln!(out, "          <person>{}</person>", xml(name));
                }
                out.push_str("        </persons>\n        <links></links>\n      </event>\n");
            }
            out.push_str("    </room>\n");
        }
        out.push_str("  </day>\n");
    }
    out.push_str("</schedule>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            xml("a<b & \"c\" 'd'>\u{7}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
    }

    #[test]
    fn guids_are_stable_and_uuid_shaped() {
        let one = guid("session-1-talk-2@hallway");
        assert_eq!(one, guid("session-1-talk-2@hallway"));
        assert_ne!(one, guid("session-1-talk-3@hallway"));
        assert_eq!(one.len(), 36);
        assert_eq!(one.matches('-').count(), 4);
        assert_eq!(hours(90), "01:30");
    }
}
