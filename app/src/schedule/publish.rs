//! Publishing a schedule version (server only): the conflict check, the numbered version
//! with its change list, and a mail with an .ics to each speaker whose slot changed.

use super::public::session_feed_event;
use super::service::{
    event_for_organizer, full_time, hm, place_text, published_states, session_key, Working,
};
use super::{
    domain::{changes, Change, ChangeKind, SlotKind},
    queries::{self, NewChange, Publish, SpeakerRow},
};
use crate::{
    accounts::views::CurrentUser,
    db::{self, is_unique_violation, Db, Tx},
    error::{AppError, AppResult},
    mail::{compose::Body, queries::NewMail, service::enqueue},
};

/// Publishes the working schedule as the next version: refused with hard conflicts or when
/// nothing changed. Writes the change list, updates the published sessions (moved ones get a
/// new SEQUENCE, removed ones stay as cancelled) and mails each speaker whose session was
/// added, moved or removed, with the session as an `.ics`. Returns the version's number.
pub async fn publish(db: &Db, user: &CurrentUser, slug: &str, site: &str) -> AppResult<i64> {
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    let published = queries::sessions(&mut *tx, event.event_id).await?;
    let latest = queries::latest_version(&mut *tx, event.event_id).await?;
    let work = Working::load(&mut tx, event).await?;
    let hard: Vec<String> = work
        .conflicts()
        .iter()
        .filter(|c| c.is_hard())
        .map(|c| work.describe(c).message)
        .collect();
    if !hard.is_empty() {
        return Err(AppError::conflict(
            "",
            format!(
                "Solve these conflicts before publishing: {}",
                hard.join(" ")
            ),
        ));
    }
    let next = work.next_sessions();
    let list = changes(&published_states(&published), &next);
    match latest {
        _ if next.is_empty() && published.is_empty() => {
            return Err(AppError::conflict(
                "",
                "Place at least one session before publishing.",
            ))
        }
        Some((number, _)) if list.is_empty() => {
            return Err(AppError::conflict(
                "",
                format!("Nothing changed since version {number}."),
            ))
        }
        _ => {}
    }
    let number = latest.map_or(1, |(n, _)| n + 1);
    let now = db::now();
    let event = &work.event;
    let version_id = match queries::insert_version(
        &mut tx,
        event.event_id,
        number,
        user.account_id,
        now,
    )
    .await
    {
        Ok(id) => id,
        Err(error)
            if is_unique_violation(&error, "number")
                || is_unique_violation(&error, "schedule_version") =>
        {
            return Err(AppError::conflict(
                "",
                "Someone else published the schedule at the same moment. Reload to see it.",
            ))
        }
        Err(error) => return Err(error.into()),
    };
    for (position, change) in list.iter().enumerate() {
        let before = change.before.as_ref();
        let after = change.after.as_ref();
        queries::insert_change(
            &mut tx,
            version_id,
            position as i64,
            &NewChange {
                change: change.kind.as_str(),
                title: &change.title,
                before_room: before.and_then(|(r, _)| r.as_deref()),
                before_starts_at: before.map(|(_, t)| *t),
                after_room: after.and_then(|(r, _)| r.as_deref()),
                after_starts_at: after.map(|(_, t)| *t),
            },
        )
        .await?;
    }
    for slot in work.live_slots().filter(|s| s.kind != SlotKind::Blocker) {
        let key = session_key(slot);
        let title = work.title_of(slot);
        let room_name = work.room_name(slot.room_id);
        let session = Publish {
            event_id: event.event_id,
            key: &key,
            kind: if slot.talk_id.is_some() {
                "talk"
            } else {
                "break"
            },
            talk_id: slot.talk_id,
            title: &title,
            room_id: slot.room_id,
            room_name: room_name.as_deref(),
            starts_at: slot.starts_at,
            ends_at: slot.ends_at,
        };
        let changed = list.iter().any(|c| c.key == key);
        queries::publish_session(&mut tx, &session, changed, now).await?;
    }
    for removed in list.iter().filter(|c| c.kind == ChangeKind::Removed) {
        queries::cancel_session(&mut tx, event.event_id, &removed.key, now).await?;
    }
    mail_speakers(&mut tx, &work, &list, site).await?;
    tx.commit().await?;
    Ok(number)
}

/// Mails every speaker of an added, moved or removed talk its slot, with the session's
/// calendar entry (the schedule feed's UID and SEQUENCE, so calendars update it).
async fn mail_speakers(tx: &mut Tx, work: &Working, list: &[Change], site: &str) -> AppResult<()> {
    let event = &work.event;
    let zone = work.zone;
    let sessions = queries::sessions(&mut **tx, event.event_id).await?;
    let schedule_url = format!("{site}/e/{}/schedule", event.slug);
    for change in list {
        let Some(talk_id) = change
            .key
            .strip_prefix("talk-")
            .and_then(|t| t.parse::<i64>().ok())
        else {
            continue;
        };
        let Some(row) = sessions.iter().find(|s| s.session_key == change.key) else {
            continue;
        };
        let speakers: Vec<&SpeakerRow> = work.speakers_of(talk_id).collect();
        let names: Vec<String> = speakers.iter().map(|s| s.display_name.clone()).collect();
        let entry = session_feed_event(row, &names, event, site);
        let ics = crate::calendar::feed::render(
            &crate::calendar::feed::FeedInfo {
                name: event.title.clone(),
                description: format!("{} · {}", event.title, event.group_name),
            },
            &[entry],
        );
        let when = format!(
            "{} – {}",
            full_time(row.starts_at, zone),
            hm(row.ends_at, zone)
        );
        let room = row
            .room_name
            .clone()
            .unwrap_or_else(|| "Every room".to_owned());
        let (subject, lead) = match change.kind {
            ChangeKind::Added => (
                format!("Your talk is scheduled: {}", change.title),
                format!(
                    "Your talk “{}” at {} is in the schedule.",
                    change.title, event.title
                ),
            ),
            ChangeKind::Moved => (
                format!("Your talk has moved: {}", change.title),
                format!(
                    "Your talk “{}” at {} has a new slot (it was {}).",
                    change.title,
                    event.title,
                    change
                        .before
                        .as_ref()
                        .map(|(r, t)| place_text(r.as_deref(), *t, zone))
                        .unwrap_or_default()
                ),
            ),
            ChangeKind::Removed => (
                format!("Your talk is no longer in the schedule: {}", change.title),
                format!(
                    "Your talk “{}” was taken out of the schedule of {}. The organizers will be in touch.",
                    change.title, event.title
                ),
            ),
        };
        for speaker in speakers {
            let mut body = Body::new(&speaker.display_name);
            body.paragraph(&lead);
            if change.kind != ChangeKind::Removed {
                body.facts(&[("When", when.clone()), ("Room", room.clone())]);
            }
            body.action("See the schedule", &schedule_url);
            let (body_text, body_html) = body.finish(&format!(
                "You get this because you speak at {} on Hallway.",
                event.title
            ));
            let mail = NewMail {
                kind: "schedule_slot",
                to_address: speaker.email.clone(),
                to_name: speaker.display_name.clone(),
                subject: subject.clone(),
                body_text,
                body_html,
                ics: Some(ics.clone()),
                ics_method: None,
                group_id: Some(event.group_id),
                event_id: Some(event.event_id),
                ..NewMail::default()
            };
            enqueue(tx, &mail, site).await?;
        }
    }
    Ok(())
}
