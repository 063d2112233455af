//! The iCalendar builder: a pure function from feed and event values to the exact bytes.
//!
//! Times are written in UTC (`DTSTART:20300305T180000Z`). Every client reads UTC the same,
//! there is no `VTIMEZONE` to get wrong, and the event's own zone is in the page people open
//! from `URL`. `DTSTAMP` and `LAST-MODIFIED` come from the event's last change and `SEQUENCE`
//! from its revision, so an unchanged feed is byte-identical on every fetch.

use crate::events::time::from_unix;
use icalendar::{Calendar, Component, EventLike, EventStatus, Property};

/// What the calendar as a whole is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedInfo {
    pub name: String,
    pub description: String,
}

/// How an event stands in a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedStatus {
    Confirmed,
    /// The reader is on the waitlist.
    Tentative,
    Cancelled,
}

/// One event, ready for a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEvent {
    pub uid: String,
    pub title: String,
    /// Plain text.
    pub description: String,
    pub url: String,
    pub location: Option<String>,
    pub organizer_name: String,
    pub organizer_url: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub sequence: i64,
    pub status: FeedStatus,
}

/// TEXT values: line breaks become `\n` (the crate escapes `\n`, `\`, `;` and `,`), other
/// control characters go.
fn text(value: &str) -> String {
    // Most values hold no control character at all (C0, DEL, or C1, whose UTF-8 starts 0xC2).
    if !value.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2) {
        return value.to_owned();
    }
    // Byte by byte: control characters are C0 and DEL (one byte) or C1 (0xC2 0x80..=0x9F);
    // every other byte is copied in runs.
    let bytes = value.as_bytes();
    let mut out = String::with_capacity(value.len());
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let width = match b {
            b'\r' | b'\n' | b'\t' | 0..=0x1f | 0x7f => 1,
            0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => 2,
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&value[start..i]);
        match b {
            b'\r' => out.push('\n'),
            // CRLF is one line break.
            b'\n' if i > 0 && bytes[i - 1] == b'\r' => {}
            b'\n' => out.push('\n'),
            b'\t' => out.push('\t'),
            _ => {}
        }
        i += width;
        start = i;
    }
    out.push_str(&value[start..]);
    out
}

/// `20300305T180000Z`: a UTC DATE-TIME, written directly (chrono's strftime parses its
/// pattern on every call, and a big feed has five of these per event).
fn utc(secs: i64) -> String {
    use chrono::{Datelike, Timelike};
    fn digits(out: &mut String, value: u32, width: u32) {
        for place in (0..width).rev() {
            let digit = value / 10_u32.pow(place) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
    }
    let t = from_unix(secs);
    let mut out = String::with_capacity(16);
    digits(&mut out, u32::try_from(t.year()).unwrap_or_default(), 4);
    digits(&mut out, t.month(), 2);
    digits(&mut out, t.day(), 2);
    out.push('T');
    digits(&mut out, t.hour(), 2);
    digits(&mut out, t.minute(), 2);
    digits(&mut out, t.second(), 2);
    out.push('Z');
    out
}

/// TEXT escaping (RFC 5545 §3.3.11), for the properties the crate does not escape itself.
fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Parameter values (`CN=`) cannot hold line breaks or double quotes at all (RFC 5545 §3.2),
/// and readers differ on backslashes in them (some take `\,` or `\:` for escapes). So `"`
/// becomes `'`, `\` becomes `/`, and runs of spaces and control characters one space, with
/// none at the ends (readers trim them). The crate quotes values with `:`, `;` or `,`.
fn param_text(value: &str) -> String {
    crate::mail::message::header_text(&value.replace('"', "'").replace('\\', "/"))
}

/// The stable UID of an event: its id and creation time, which never change.
pub fn event_uid(event_id: i64, created_at: i64) -> String {
    format!("event-{event_id}-{created_at}@hallway")
}

/// The feed as iCalendar text, CRLF line ends, lines folded at 75 octets.
pub fn render(info: &FeedInfo, events: &[FeedEvent]) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("PRODID", "-//Hallway//Hallway//EN"))
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        // The crate escapes DESCRIPTION and X- values but writes NAME (RFC 7986 TEXT) as given.
        .append_property(Property::new("NAME", escape_text(&text(&info.name))))
        .append_property(Property::new("X-WR-CALNAME", text(&info.name)))
        .description(&text(&info.description))
        .append_property(
            Property::new("REFRESH-INTERVAL", "PT1H")
                .add_parameter("VALUE", "DURATION")
                .done(),
        )
        .append_property(Property::new("X-PUBLISHED-TTL", "PT1H"));
    for event in events {
        let organizer = Property::new("ORGANIZER", &event.organizer_url)
            .add_parameter("CN", &param_text(&event.organizer_name))
            .done();
        calendar.push(vevent(event, organizer));
    }
    refold(&calendar.to_string())
}

/// One event, as every calendar Hallway writes has it.
fn vevent(event: &FeedEvent, organizer: Property) -> icalendar::Event {
    let mut item = icalendar::Event::new();
    let changed = utc(event.updated_at);
    item.uid(&event.uid)
        .append_property(Property::new("DTSTAMP", &changed))
        .append_property(Property::new("LAST-MODIFIED", changed))
        .append_property(Property::new("CREATED", utc(event.created_at)))
        .sequence(u32::try_from(event.sequence).unwrap_or_default())
        .summary(&text(&event.title))
        .append_property(Property::new("DTSTART", utc(event.starts_at)))
        .append_property(Property::new("DTEND", utc(event.ends_at)))
        .url(&event.url)
        .status(match event.status {
            FeedStatus::Confirmed => EventStatus::Confirmed,
            FeedStatus::Tentative => EventStatus::Tentative,
            FeedStatus::Cancelled => EventStatus::Cancelled,
        })
        .append_property(organizer);
    if !event.description.is_empty() {
        item.description(&text(&event.description));
    }
    if let Some(location) = &event.location {
        item.location(&text(location));
    }
    item.done()
}

/// What an iTIP message (RFC 5546) asks of the calendar that receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItipMethod {
    /// Add the event, or update it when it has a higher SEQUENCE.
    Request,
    /// Remove (or strike) the event.
    Cancel,
}

/// A mailbox in an iTIP message: display name and address.
pub struct CalAddress<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// One event as an iTIP message for one attendee: `METHOD:REQUEST` to add or update it,
/// `METHOD:CANCEL` to remove it, with the feed's UID and SEQUENCE so mail clients (Gmail,
/// Outlook, Apple Mail) change the entry the feed or an earlier mail made.
pub fn render_itip(
    method: ItipMethod,
    event: &FeedEvent,
    organizer: CalAddress<'_>,
    attendee: CalAddress<'_>,
    tentative: bool,
) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("PRODID", "-//Hallway//Hallway//EN"))
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new(
            "METHOD",
            match method {
                ItipMethod::Request => "REQUEST",
                ItipMethod::Cancel => "CANCEL",
            },
        ));
    let organizer_property = Property::new("ORGANIZER", format!("mailto:{}", organizer.email))
        .add_parameter("CN", &param_text(organizer.name))
        .done();
    let mut item = vevent(event, organizer_property);
    let partstat = match (method, tentative) {
        (ItipMethod::Cancel, _) => "DECLINED",
        (_, true) => "TENTATIVE",
        (_, false) => "ACCEPTED",
    };
    item.append_multi_property(
        Property::new("ATTENDEE", format!("mailto:{}", attendee.email))
            .add_parameter("CN", &param_text(attendee.name))
            .add_parameter("PARTSTAT", partstat)
            .add_parameter("RSVP", "FALSE")
            .done(),
    );
    calendar.push(item);
    refold(&calendar.to_string())
}

/// Folds content lines at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 character.
/// The crate folds too, but lets a last continuation line reach 76 octets, so its folds are
/// undone and done again here.
fn refold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 25);
    // A content line and its continuations (lines that start with a space: no content line
    // does, and values hold no raw line break).
    let mut logical = String::new();
    let mut pending: Option<&str> = None;
    for line in text.split_terminator('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(continued) = line.strip_prefix(' ') {
            if let Some(first) = pending.take() {
                logical.clear();
                logical.push_str(first);
            }
            logical.push_str(continued);
            continue;
        }
        match pending.replace(line) {
            Some(previous) => fold_into(&mut out, previous),
            None if !logical.is_empty() => {
                fold_into(&mut out, &logical);
                logical.clear();
            }
            None => {}
        }
    }
    match pending {
        Some(last) => fold_into(&mut out, last),
        None if !logical.is_empty() => fold_into(&mut out, &logical),
        None => {}
    }
    out
}

/// Writes one content line, folded at 75 octets on character boundaries, and its CRLF.
fn fold_into(out: &mut String, line: &str) {
    const LIMIT: usize = 75;
    let mut rest = line;
    let mut room = LIMIT;
    // Most lines fit; a long one is cut at the last character boundary before the limit.
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space counts.
        room = LIMIT - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fixture(status: FeedStatus) -> FeedEvent {
        FeedEvent {
            uid: event_uid(7, 1_900_000_000),
            title: "Rust Meetup #12: async, traits; and more".to_owned(),
            description: "Two talks.\nPizza, drinks; people.\\o/".to_owned(),
            url: "https://hallway.example/e/rust-meetup-2030-03-05".to_owned(),
            location: Some("c-base, Rungestraße 20, Berlin".to_owned()),
            organizer_name: "Rust Berlin".to_owned(),
            organizer_url: "https://hallway.example/g/rust-berlin".to_owned(),
            // 2030-03-05 18:00 UTC = 19:00 in Berlin (CET)
            starts_at: 1_898_964_000,
            ends_at: 1_898_973_000,
            created_at: 1_900_000_000,
            updated_at: 1_900_000_600,
            sequence: 2,
            status,
        }
    }

    fn info() -> FeedInfo {
        FeedInfo {
            name: "Rust Berlin".to_owned(),
            description: "Events of Rust Berlin on Hallway".to_owned(),
        }
    }

    const HEAD: &str = "BEGIN:VCALENDAR\r\n\
PRODID:-//Hallway//Hallway//EN\r\n\
VERSION:2.0\r\n\
CALSCALE:GREGORIAN\r\n\
METHOD:PUBLISH\r\n\
NAME:Rust Berlin\r\n\
X-WR-CALNAME:Rust Berlin\r\n\
DESCRIPTION:Events of Rust Berlin on Hallway\r\n\
X-WR-CALDESC:Events of Rust Berlin on Hallway\r\n\
REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n\
X-PUBLISHED-TTL:PT1H\r\n";

    fn golden_event(status: &str, extra_end: &str) -> String {
        format!(
            "BEGIN:VEVENT\r\n\
CREATED:20300317T174640Z\r\n\
DESCRIPTION:Two talks.\\nPizza\\, drinks\\; people.\\\\o/\r\n\
DTEND:20300305T203000Z\r\n\
DTSTAMP:20300317T175640Z\r\n\
DTSTART:20300305T180000Z\r\n\
LAST-MODIFIED:20300317T175640Z\r\n\
LOCATION:c-base\\, Rungestraße 20\\, Berlin\r\n\
ORGANIZER;CN=Rust Berlin:https://hallway.example/g/rust-berlin\r\n\
SEQUENCE:2\r\n\
STATUS:{status}\r\n\
SUMMARY:Rust Meetup #12: async\\, traits\\; and more\r\n\
UID:event-7-1900000000@hallway\r\n\
URL:https://hallway.example/e/rust-meetup-2030-03-05\r\n\
END:VEVENT\r\n{extra_end}"
        )
    }

    #[test]
    fn a_feed_is_exactly_these_bytes() {
        let out = render(&info(), &[fixture(FeedStatus::Confirmed)]);
        let expected = format!("{HEAD}{}END:VCALENDAR\r\n", golden_event("CONFIRMED", ""));
        assert_eq!(out, expected);
    }

    #[test]
    fn cancelled_and_waitlisted_events_say_so() {
        let out = render(
            &info(),
            &[
                fixture(FeedStatus::Cancelled),
                fixture(FeedStatus::Tentative),
            ],
        );
        let expected = format!(
            "{HEAD}{}{}END:VCALENDAR\r\n",
            golden_event("CANCELLED", ""),
            golden_event("TENTATIVE", "")
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn a_multi_day_event_is_one_event_spanning_the_days() {
        let mut event = fixture(FeedStatus::Confirmed);
        event.ends_at = event.starts_at + 2 * 24 * 3600;
        let out = render(&info(), &[event]);
        let expected = format!(
            "{HEAD}{}END:VCALENDAR\r\n",
            golden_event("CONFIRMED", "")
                .replace("DTEND:20300305T203000Z\r\n", "DTEND:20300307T180000Z\r\n")
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn an_organizer_name_cannot_break_its_parameter() {
        let mut event = fixture(FeedStatus::Confirmed);
        event.organizer_name = "Rust \"Berlin\"\r\n: talks; more".to_owned();
        let mut slashed = fixture(FeedStatus::Confirmed);
        slashed.organizer_name = "AC\\DC, live".to_owned();
        assert!(render(&info(), &[slashed]).contains("ORGANIZER;CN=\"AC/DC, live\":https:"));
        let out = render(&info(), &[event]);
        assert!(
            out.contains(
                "ORGANIZER;CN=\"Rust 'Berlin' : talks; more\":https://hallway.example/g/rust-b\r\n erlin\r\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn calendar_names_are_escaped_like_every_text() {
        let info = FeedInfo {
            name: "Rust, Berlin;\r\nand \\ more".to_owned(),
            description: "A, b".to_owned(),
        };
        let out = render(&info, &[]);
        assert!(
            out.contains("\r\nNAME:Rust\\, Berlin\\;\\nand \\\\ more\r\n"),
            "{out}"
        );
        assert!(out.contains("\r\nX-WR-CALNAME:Rust\\, Berlin\\;\\nand \\\\ more\r\n"));
        assert!(out.contains("\r\nX-WR-CALDESC:A\\, b\r\n"));
    }

    #[test]
    fn utc_times_are_written_as_rfc_5545_date_times() {
        assert_eq!(utc(1_898_964_000), "20300305T180000Z");
        assert_eq!(utc(0), "19700101T000000Z");
        assert_eq!(utc(1_900_000_601), "20300317T175641Z");
    }

    #[test]
    fn an_itip_update_names_the_method_organizer_and_attendee() {
        let organizer = CalAddress {
            name: "Rust Berlin",
            email: "hallway@hallway.example",
        };
        let attendee = CalAddress {
            name: "Ann",
            email: "ann@example.org",
        };
        let out = render_itip(
            ItipMethod::Request,
            &fixture(FeedStatus::Confirmed),
            organizer,
            attendee,
            false,
        );
        assert!(out.contains("\r\nMETHOD:REQUEST\r\n"));
        assert!(out.contains("\r\nORGANIZER;CN=Rust Berlin:mailto:hallway@hallway.example\r\n"));
        assert!(out.contains(
            "\r\nATTENDEE;CN=Ann;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:ann@example.org\r\n"
        ));
        assert!(out.contains("\r\nUID:event-7-1900000000@hallway\r\n"));
        assert!(out.contains("\r\nSEQUENCE:2\r\n"));
        let cancel = render_itip(
            ItipMethod::Cancel,
            &fixture(FeedStatus::Cancelled),
            CalAddress {
                name: "Rust Berlin",
                email: "hallway@hallway.example",
            },
            CalAddress {
                name: "Ann",
                email: "ann@example.org",
            },
            false,
        );
        assert!(cancel.contains("\r\nMETHOD:CANCEL\r\n"));
        assert!(cancel.contains("\r\nSTATUS:CANCELLED\r\n"));
    }

    #[test]
    fn an_empty_feed_is_still_a_calendar() {
        let out = render(&info(), &[]);
        assert_eq!(out, format!("{HEAD}END:VCALENDAR\r\n"));
    }

    /// Reverses TEXT escaping, as a reader would.
    fn unescape(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            match (c, c == '\\') {
                (_, true) => match chars.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                },
                (c, false) => out.push(c),
            }
        }
        out
    }

    proptest! {
        #[test]
        fn hostile_text_never_breaks_lines_or_characters(
            title in "[a-z,;\\\\\r\n \u{301}😀é]{1,200}",
            description in "\\PC{0,300}",
            word in "[a-zé😀]{100,200}",
        ) {
            let mut event = fixture(FeedStatus::Confirmed);
            event.title = title.clone();
            event.description = format!("{description}\r\n{word}");
            event.location = Some(word);
            let mut info = info();
            info.name = title.clone();
            info.description = description.clone();
            let out = render(&info, &[event]);
            prop_assert!(out.ends_with("\r\n"));
            for line in out.split("\r\n") {
                prop_assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
                prop_assert!(!line.contains('\r') && !line.contains('\n'));
            }
            // Unfolded and unescaped, the title is what was given (line ends normalised).
            let unfolded = out.replace("\r\n ", "");
            let summary = unfolded
                .split("\r\n")
                .find_map(|l| l.strip_prefix("SUMMARY:"))
                .unwrap_or_default();
            prop_assert_eq!(unescape(summary), text(&title));
        }
    }
}
