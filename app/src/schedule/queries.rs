//! Storage of rooms, track colours, the working schedule and its published versions
//! (server only).

use crate::db::Tx;
use sqlx::{AnyExecutor, FromRow};

/// What the schedule use cases need of an event.
#[derive(FromRow, Clone)]
pub struct EventRow {
    #[sqlx(flatten)]
    pub event: crate::events::core_row::EventCore,
    pub ends_at: i64,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub group_name: String,
    pub group_slug: String,
}

crate::events::core_row::extends_event_core!(EventRow);

pub async fn event<'e>(
    db: impl AnyExecutor<'e>,
    slug: &str,
) -> Result<Option<EventRow>, sqlx::Error> {
    sqlx::query_as(
        "select e.event_id, e.group_id, e.slug, e.title, e.time_zone, e.status, e.starts_at,
                e.ends_at, e.venue_name, e.venue_address, g.name as group_name, g.slug as group_slug
         from event e join meetup_group g on g.group_id = e.group_id where e.slug = $1",
    )
    .bind(slug)
    .fetch_optional(db)
    .await
}

#[derive(FromRow, Clone)]
pub struct RoomRow {
    pub room_id: i64,
    pub name: String,
    pub capacity: Option<i64>,
}

pub async fn rooms<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<RoomRow>, sqlx::Error> {
    sqlx::query_as(
        "select room_id, name, capacity from room where event_id = $1 order by position, room_id",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// How many working slots use a room.
pub async fn slots_in_room(tx: &mut Tx, room_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from schedule_slot where room_id = $1")
        .bind(room_id)
        .fetch_one(&mut **tx)
        .await
}

pub async fn delete_room(tx: &mut Tx, room_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from room where room_id = $1")
        .bind(room_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn update_room(
    tx: &mut Tx,
    room_id: i64,
    position: i64,
    name: &str,
    capacity: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update room set position = $1, name = $2, capacity = $3 where room_id = $4")
        .bind(position)
        .bind(name)
        .bind(capacity)
        .bind(room_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn insert_room(
    tx: &mut Tx,
    event_id: i64,
    position: i64,
    name: &str,
    capacity: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("insert into room (event_id, position, name, capacity) values ($1, $2, $3, $4)")
        .bind(event_id)
        .bind(position)
        .bind(name)
        .bind(capacity)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(FromRow, Clone)]
pub struct TrackRow {
    pub track_id: i64,
    pub name: String,
    pub colour: String,
}

pub async fn tracks<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<TrackRow>, sqlx::Error> {
    sqlx::query_as(
        "select track_id, name, colour from track where event_id = $1 order by position, track_id",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// Sets a track's colour; false when the event has no such track.
pub async fn set_colour(
    tx: &mut Tx,
    event_id: i64,
    track_id: i64,
    colour: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("update track set colour = $1 where track_id = $2 and event_id = $3")
        .bind(colour)
        .bind(track_id)
        .bind(event_id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A talk that may be scheduled (accepted or confirmed).
#[derive(FromRow, Clone)]
pub struct TalkRow {
    pub talk_id: i64,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub state: crate::talks::domain::TalkState,
    pub minutes: i64,
    pub format_name: String,
    pub track_id: Option<i64>,
}

const TALK: &str =
    "select t.talk_id, t.title, t.state, f.minutes, f.name as format_name, t.track_id
    from talk t join session_format f on f.format_id = t.format_id
    where t.event_id = $1 and t.state in ('accepted', 'confirmed')";

pub async fn schedulable_talks<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<TalkRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TALK} order by lower(t.title), t.talk_id"))
        .bind(event_id)
        .fetch_all(db)
        .await
}

pub async fn schedulable_talk<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    talk_id: i64,
) -> Result<Option<TalkRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TALK} and t.talk_id = $2"))
        .bind(event_id)
        .bind(talk_id)
        .fetch_optional(db)
        .await
}

/// A speaker of one of an event's talks.
#[derive(FromRow, Clone)]
pub struct SpeakerRow {
    pub talk_id: i64,
    pub account_id: i64,
    pub display_name: String,
    pub email: String,
}

pub async fn speakers<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<SpeakerRow>, sqlx::Error> {
    sqlx::query_as(
        "select s.talk_id, a.account_id, a.display_name, a.email
         from talk_speaker s join talk t on t.talk_id = s.talk_id
         join account a on a.account_id = s.account_id
         where t.event_id = $1 order by s.talk_id, s.position",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// A session in the working schedule.
#[derive(FromRow, Clone)]
pub struct SlotRow {
    pub slot_id: i64,
    pub event_id: i64,
    #[sqlx(try_from = "String")]
    pub kind: crate::schedule::domain::SlotKind,
    pub talk_id: Option<i64>,
    pub title: String,
    pub room_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub version: i64,
}

const SLOT: &str =
    "select slot_id, event_id, kind, talk_id, title, room_id, starts_at, ends_at, version
     from schedule_slot";

pub async fn slots<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<SlotRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SLOT} where event_id = $1 order by starts_at, room_id, slot_id"
    ))
    .bind(event_id)
    .fetch_all(db)
    .await
}

pub async fn slot_of_talk(tx: &mut Tx, talk_id: i64) -> Result<Option<SlotRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SLOT} where talk_id = $1"))
        .bind(talk_id)
        .fetch_optional(&mut **tx)
        .await
}

pub async fn slot(
    tx: &mut Tx,
    event_id: i64,
    slot_id: i64,
) -> Result<Option<SlotRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SLOT} where event_id = $1 and slot_id = $2"))
        .bind(event_id)
        .bind(slot_id)
        .fetch_optional(&mut **tx)
        .await
}

/// A session to add to the working schedule.
pub struct NewSlot<'a> {
    pub event_id: i64,
    pub kind: &'a str,
    pub talk_id: Option<i64>,
    pub title: &'a str,
    pub room_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
}

pub async fn insert_slot(tx: &mut Tx, new: &NewSlot<'_>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into schedule_slot (event_id, kind, talk_id, title, room_id, starts_at, ends_at,
            version, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) returning slot_id",
    )
    .bind(new.event_id)
    .bind(new.kind)
    .bind(new.talk_id)
    .bind(new.title)
    .bind(new.room_id)
    .bind(new.starts_at)
    .bind(new.ends_at)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

/// Moves a slot if it is still at `version`; false when someone changed it meanwhile.
pub async fn move_slot(
    tx: &mut Tx,
    slot_id: i64,
    version: i64,
    room_id: Option<i64>,
    starts_at: i64,
    ends_at: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "update schedule_slot set room_id = $1, starts_at = $2, ends_at = $3,
            version = version + 1, updated_at = $4
         where slot_id = $5 and version = $6",
    )
    .bind(room_id)
    .bind(starts_at)
    .bind(ends_at)
    .bind(now)
    .bind(slot_id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes a slot if it is still at `version`.
pub async fn delete_slot(tx: &mut Tx, slot_id: i64, version: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("delete from schedule_slot where slot_id = $1 and version = $2")
        .bind(slot_id)
        .bind(version)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A published session with what pages and feeds show of it.
#[derive(FromRow, Clone)]
pub struct SessionRow {
    pub session_key: String,
    #[sqlx(try_from = "String")]
    pub kind: crate::schedule::domain::SlotKind,
    pub talk_id: Option<i64>,
    pub title: String,
    pub room_id: Option<i64>,
    pub room_name: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub sequence: i64,
    #[sqlx(try_from = "crate::stored::Flag")]
    pub cancelled: bool,
    pub created_at: i64,
    pub updated_at: i64,
    #[sqlx(rename = "abstract")]
    pub abstract_md: Option<String>,
    pub format_name: Option<String>,
    pub track_id: Option<i64>,
    pub track_name: Option<String>,
    pub colour: Option<String>,
}

const SESSION: &str = "select p.session_key, p.kind, p.talk_id,
        coalesce(t.title, p.title) as title, p.room_id, coalesce(r.name, p.room_name) as room_name,
        p.starts_at, p.ends_at, p.sequence, p.cancelled, p.created_at, p.updated_at,
        t.abstract, f.name as format_name, t.track_id, k.name as track_name, k.colour";

const SESSION_FROM: &str = "from published_session p
    left join talk t on t.talk_id = p.talk_id
    left join session_format f on f.format_id = t.format_id
    left join track k on k.track_id = t.track_id
    left join room r on r.room_id = p.room_id";

/// The published sessions of an event (cancelled ones too), by start.
pub async fn sessions<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<SessionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SESSION} {SESSION_FROM} where p.event_id = $1
         order by p.starts_at, r.position, p.session_key"
    ))
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// A person's published sessions as a speaker (cancelled ones too), with their events.
#[derive(FromRow, Clone)]
pub struct SpeakerSessionRow {
    pub session_event_id: i64,
    pub event_slug: String,
    pub event_title: String,
    #[sqlx(try_from = "String")]
    pub event_status: crate::events::domain::EventStatus,
    pub venue_name: Option<String>,
    pub group_name: String,
    pub group_slug: String,
    #[sqlx(flatten)]
    pub session: SessionRow,
}

pub async fn sessions_of_speaker<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
    since: i64,
) -> Result<Vec<SpeakerSessionRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SESSION}, p.event_id as session_event_id, e.slug as event_slug, e.title as event_title, e.status as event_status,
                e.venue_name, g.name as group_name, g.slug as group_slug
         {SESSION_FROM}
         join event e on e.event_id = p.event_id
         join meetup_group g on g.group_id = e.group_id
         join talk_speaker ts on ts.talk_id = p.talk_id and ts.account_id = $1
         where p.ends_at > $2 and e.status <> 'draft'
         order by p.starts_at limit 500"
    ))
    .bind(account_id)
    .bind(since)
    .fetch_all(db)
    .await
}

/// Writes a session as published now: new, moved (SEQUENCE + 1), or back after removal.
pub struct Publish<'a> {
    pub event_id: i64,
    pub key: &'a str,
    pub kind: &'a str,
    pub talk_id: Option<i64>,
    pub title: &'a str,
    pub room_id: Option<i64>,
    pub room_name: Option<&'a str>,
    pub starts_at: i64,
    pub ends_at: i64,
}

pub async fn publish_session(
    tx: &mut Tx,
    session: &Publish<'_>,
    changed: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    // A moved (or returning) session is a new revision for calendars; otherwise only the
    // names it carries are refreshed.
    let bump = if changed {
        ", cancelled = 0, sequence = sequence + 1, updated_at = $10"
    } else {
        ""
    };
    let sql = format!(
        "update published_session set kind = $3, talk_id = $4, title = $5, room_id = $6,
            room_name = $7, starts_at = $8, ends_at = $9{bump}
         where event_id = $1 and session_key = $2"
    );
    let mut query = sqlx::query(&sql)
        .bind(session.event_id)
        .bind(session.key)
        .bind(session.kind)
        .bind(session.talk_id)
        .bind(session.title)
        .bind(session.room_id)
        .bind(session.room_name)
        .bind(session.starts_at)
        .bind(session.ends_at);
    if changed {
        query = query.bind(now);
    }
    let updated = query.execute(&mut **tx).await?;
    if updated.rows_affected() == 0 {
        sqlx::query(
            "insert into published_session (event_id, session_key, kind, talk_id, title, room_id,
                room_name, starts_at, ends_at, sequence, cancelled, created_at, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, $10, $10)",
        )
        .bind(session.event_id)
        .bind(session.key)
        .bind(session.kind)
        .bind(session.talk_id)
        .bind(session.title)
        .bind(session.room_id)
        .bind(session.room_name)
        .bind(session.starts_at)
        .bind(session.ends_at)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Marks a published session cancelled (it stays, so calendars learn it is gone).
pub async fn cancel_session(
    tx: &mut Tx,
    event_id: i64,
    key: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update published_session set cancelled = 1, sequence = sequence + 1, updated_at = $3
         where event_id = $1 and session_key = $2 and cancelled = 0",
    )
    .bind(event_id)
    .bind(key)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The latest published version: (number, published at).
pub async fn latest_version<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "select number, published_at from schedule_version where event_id = $1
         order by number desc limit 1",
    )
    .bind(event_id)
    .fetch_optional(db)
    .await
}

pub async fn insert_version(
    tx: &mut Tx,
    event_id: i64,
    number: i64,
    account_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into schedule_version (event_id, number, published_at, published_by)
         values ($1, $2, $3, $4) returning version_id",
    )
    .bind(event_id)
    .bind(number)
    .bind(now)
    .bind(account_id)
    .fetch_one(&mut **tx)
    .await
}

pub struct NewChange<'a> {
    pub change: &'a str,
    pub title: &'a str,
    pub before_room: Option<&'a str>,
    pub before_starts_at: Option<i64>,
    pub after_room: Option<&'a str>,
    pub after_starts_at: Option<i64>,
}

pub async fn insert_change(
    tx: &mut Tx,
    version_id: i64,
    position: i64,
    change: &NewChange<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into schedule_change (version_id, position, change, title, before_room,
            before_starts_at, after_room, after_starts_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(version_id)
    .bind(position)
    .bind(change.change)
    .bind(change.title)
    .bind(change.before_room)
    .bind(change.before_starts_at)
    .bind(change.after_room)
    .bind(change.after_starts_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One line of a published version's change list.
#[derive(FromRow, Clone)]
pub struct ChangeRow {
    pub number: i64,
    pub published_at: i64,
    #[sqlx(try_from = "String")]
    pub change: crate::schedule::domain::ChangeKind,
    pub title: String,
    pub before_room: Option<String>,
    pub before_starts_at: Option<i64>,
    pub after_room: Option<String>,
    pub after_starts_at: Option<i64>,
}

/// The change lists of an event's last `versions` versions, newest first.
pub async fn recent_changes<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    versions: i64,
) -> Result<Vec<ChangeRow>, sqlx::Error> {
    sqlx::query_as(
        "select v.number, v.published_at, c.change, c.title, c.before_room, c.before_starts_at,
                c.after_room, c.after_starts_at
         from schedule_version v join schedule_change c on c.version_id = v.version_id
         where v.event_id = $1 and v.number > (select coalesce(max(number), 0) from schedule_version
                                              where event_id = $1) - $2
         order by v.number desc, c.position",
    )
    .bind(event_id)
    .bind(versions)
    .fetch_all(db)
    .await
}

/// The talks in an event's published schedule (not cancelled): public like a published lineup.
pub async fn scheduled_talks<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "select talk_id from published_session
         where event_id = $1 and cancelled = 0 and talk_id is not null",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// What the schedule files depend on, in one aggregate: the sessions (how many, their last
/// change), their talks' last edits, the event's and the latest version.
pub type PublishedKey = (i64, i64, i64, i64, i64, i64);

pub async fn published_key<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<PublishedKey, sqlx::Error> {
    sqlx::query_as(
        "select count(*), cast(coalesce(max(p.updated_at), 0) as bigint),
                cast(coalesce(max(t.updated_at), 0) as bigint),
                cast(coalesce(sum(length(coalesce(t.title, p.title))), 0) as bigint),
                (select updated_at from event where event_id = $1),
                (select coalesce(max(number), 0) from schedule_version where event_id = $1)
         from published_session p left join talk t on t.talk_id = p.talk_id
         where p.event_id = $1",
    )
    .bind(event_id)
    .fetch_one(db)
    .await
}
