//! Storage of calls for papers, formats, tracks, talks and speaker profiles (server only).

use crate::db::Tx;
use sqlx::{AnyExecutor, FromRow};

mod reviews;
pub use reviews::*;

/// What the talk use cases need of an event.
pub use crate::events::core_row::EventCore as EventInfo;

pub async fn event_info<'e>(
    db: impl AnyExecutor<'e>,
    slug: &str,
) -> Result<Option<EventInfo>, sqlx::Error> {
    sqlx::query_as(
        "select event_id, group_id, slug, title, time_zone, status, starts_at
         from event where slug = $1",
    )
    .bind(slug)
    .fetch_optional(db)
    .await
}

#[derive(FromRow, Clone)]
pub struct CfpRow {
    pub opens_at: Option<i64>,
    pub closes_at: i64,
    pub guidelines: String,
    #[sqlx(try_from = "crate::stored::Flag")]
    pub is_public: bool,
    pub max_per_speaker: i64,
    pub confirm_by: Option<i64>,
    pub lineup_published_at: Option<i64>,
    #[sqlx(try_from = "crate::stored::Flag")]
    pub late_edits: bool,
    #[sqlx(try_from = "crate::stored::Flag")]
    pub blind_review: bool,
    #[sqlx(try_from = "crate::stored::Flag")]
    pub hide_scores: bool,
    pub accept_subject: Option<String>,
    pub accept_body: Option<String>,
    pub reject_subject: Option<String>,
    pub reject_body: Option<String>,
}

pub async fn cfp_of<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Option<CfpRow>, sqlx::Error> {
    sqlx::query_as(
        "select opens_at, closes_at, guidelines, is_public, max_per_speaker, confirm_by,
                lineup_published_at, late_edits, blind_review, hide_scores, accept_subject, accept_body,
                reject_subject, reject_body
         from cfp where event_id = $1",
    )
    .bind(event_id)
    .fetch_optional(db)
    .await
}

pub async fn save_cfp(
    tx: &mut Tx,
    event_id: i64,
    cfp: &CfpRow,
    now: i64,
) -> Result<(), sqlx::Error> {
    let updated = sqlx::query(
        "update cfp set opens_at = $1, closes_at = $2, guidelines = $3, is_public = $4,
            max_per_speaker = $5, confirm_by = $6, updated_at = $7, blind_review = $9,
            hide_scores = $10, accept_subject = $11, accept_body = $12, reject_subject = $13,
            reject_body = $14, late_edits = $15
         where event_id = $8",
    )
    .bind(cfp.opens_at)
    .bind(cfp.closes_at)
    .bind(&cfp.guidelines)
    .bind(i64::from(cfp.is_public))
    .bind(cfp.max_per_speaker)
    .bind(cfp.confirm_by)
    .bind(now)
    .bind(event_id)
    .bind(i64::from(cfp.blind_review))
    .bind(i64::from(cfp.hide_scores))
    .bind(&cfp.accept_subject)
    .bind(&cfp.accept_body)
    .bind(&cfp.reject_subject)
    .bind(&cfp.reject_body)
    .bind(i64::from(cfp.late_edits))
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() == 0 {
        sqlx::query(
            "insert into cfp (event_id, opens_at, closes_at, guidelines, is_public,
                max_per_speaker, confirm_by, updated_at, blind_review, hide_scores,
                accept_subject, accept_body, reject_subject, reject_body, late_edits)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(event_id)
        .bind(cfp.opens_at)
        .bind(cfp.closes_at)
        .bind(&cfp.guidelines)
        .bind(i64::from(cfp.is_public))
        .bind(cfp.max_per_speaker)
        .bind(cfp.confirm_by)
        .bind(now)
        .bind(i64::from(cfp.blind_review))
        .bind(i64::from(cfp.hide_scores))
        .bind(&cfp.accept_subject)
        .bind(&cfp.accept_body)
        .bind(&cfp.reject_subject)
        .bind(&cfp.reject_body)
        .bind(i64::from(cfp.late_edits))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub async fn publish_lineup(
    tx: &mut Tx,
    event_id: i64,
    at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("update cfp set lineup_published_at = $1 where event_id = $2")
        .bind(at)
        .bind(event_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[derive(FromRow, Clone)]
pub struct FormatRow {
    pub format_id: i64,
    pub name: String,
    pub minutes: i64,
    pub description: String,
}

pub async fn formats<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<FormatRow>, sqlx::Error> {
    sqlx::query_as(
        "select format_id, name, minutes, description from session_format where event_id = $1
         order by position, format_id",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

pub async fn insert_format(
    tx: &mut Tx,
    event_id: i64,
    position: i64,
    format: &super::domain::SessionFormat,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into session_format (event_id, position, name, minutes, description)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(event_id)
    .bind(position)
    .bind(&format.name)
    .bind(format.minutes)
    .bind(&format.description)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn update_format(
    tx: &mut Tx,
    format_id: i64,
    position: i64,
    format: &super::domain::SessionFormat,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update session_format set position = $1, name = $2, minutes = $3, description = $4
         where format_id = $5",
    )
    .bind(position)
    .bind(&format.name)
    .bind(format.minutes)
    .bind(&format.description)
    .bind(format_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Deletes a format no talk uses; false when talks use it.
pub async fn delete_unused_format(tx: &mut Tx, format_id: i64) -> Result<bool, sqlx::Error> {
    let used: i64 = sqlx::query_scalar("select count(*) from talk where format_id = $1")
        .bind(format_id)
        .fetch_one(&mut **tx)
        .await?;
    if used > 0 {
        return Ok(false);
    }
    sqlx::query("delete from session_format where format_id = $1")
        .bind(format_id)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

#[derive(FromRow, Clone)]
pub struct TrackRow {
    pub track_id: i64,
    pub name: String,
}

pub async fn tracks<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<TrackRow>, sqlx::Error> {
    sqlx::query_as(
        "select track_id, name from track where event_id = $1 order by position, track_id",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// The colours new tracks get, by position (organizers change them on the schedule editor).
pub const TRACK_COLOURS: [&str; 8] = [
    "#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2", "#dc2626", "#4d7c0f",
];

/// Replaces an event's tracks, keeping the ones whose names stay (talks keep them).
pub async fn replace_tracks(
    tx: &mut Tx,
    event_id: i64,
    names: &[String],
) -> Result<(), sqlx::Error> {
    let existing = tracks(&mut **tx, event_id).await?;
    for old in &existing {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(&old.name)) {
            sqlx::query("delete from track where track_id = $1")
                .bind(old.track_id)
                .execute(&mut **tx)
                .await?;
        }
    }
    for (position, name) in names.iter().enumerate() {
        let position = position as i64;
        match existing.iter().find(|t| t.name.eq_ignore_ascii_case(name)) {
            Some(old) => {
                sqlx::query("update track set position = $1, name = $2 where track_id = $3")
                    .bind(position)
                    .bind(name)
                    .bind(old.track_id)
                    .execute(&mut **tx)
                    .await?;
            }
            None => {
                sqlx::query(
                    "insert into track (event_id, position, name, colour) values ($1, $2, $3, $4)",
                )
                .bind(event_id)
                .bind(position)
                .bind(name)
                .bind(TRACK_COLOURS[position as usize % TRACK_COLOURS.len()])
                .execute(&mut **tx)
                .await?;
            }
        }
    }
    Ok(())
}

/// A talk with its format and track names.
#[derive(FromRow, Clone)]
pub struct TalkRow {
    pub talk_id: i64,
    pub format_id: i64,
    pub format_name: String,
    pub minutes: i64,
    pub track_id: Option<i64>,
    pub track_name: Option<String>,
    pub title: String,
    #[sqlx(rename = "abstract")]
    pub abstract_md: String,
    #[sqlx(try_from = "String")]
    pub level: crate::talks::domain::Level,
    pub notes: String,
    #[sqlx(try_from = "String")]
    pub state: crate::talks::domain::TalkState,
    pub submitted_at: Option<i64>,
}

const TALK: &str = "select t.talk_id, t.format_id, f.name as format_name, f.minutes,
        t.track_id, k.name as track_name, t.title, t.abstract, t.level, t.notes, t.state,
        t.submitted_at
    from talk t join session_format f on f.format_id = t.format_id
    left join track k on k.track_id = t.track_id";

pub async fn talk<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    talk_id: i64,
) -> Result<Option<TalkRow>, sqlx::Error> {
    sqlx::query_as(&format!("{TALK} where t.event_id = $1 and t.talk_id = $2"))
        .bind(event_id)
        .bind(talk_id)
        .fetch_optional(db)
        .await
}

/// An event's talks, optionally only those in `states`, oldest first.
pub async fn talks_of_event<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    states: &[&str],
) -> Result<Vec<TalkRow>, sqlx::Error> {
    let filter = if states.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = states.iter().map(|s| format!("'{s}'")).collect();
        format!(" and t.state in ({})", list.join(", "))
    };
    sqlx::query_as(&format!(
        "{TALK} where t.event_id = $1{filter} order by t.submitted_at, t.talk_id"
    ))
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// A person's talk with the event it belongs to.
#[derive(FromRow)]
pub struct MyTalkRow {
    pub talk_id: i64,
    pub event_id: i64,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub state: crate::talks::domain::TalkState,
    pub event_slug: String,
    pub event_title: String,
    #[sqlx(try_from = "crate::stored::ZoneName")]
    pub time_zone: chrono_tz::Tz,
    pub starts_at: i64,
    pub closes_at: Option<i64>,
    pub confirm_by: Option<i64>,
    pub late_edits: Option<i64>,
}

pub async fn talks_of_speaker<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
) -> Result<Vec<MyTalkRow>, sqlx::Error> {
    sqlx::query_as(
        "select t.talk_id, t.event_id, t.title, t.state, e.slug as event_slug, e.title as event_title,
                e.time_zone, e.starts_at, c.closes_at, c.confirm_by, c.late_edits
         from talk_speaker s join talk t on t.talk_id = s.talk_id
         join event e on e.event_id = t.event_id
         left join cfp c on c.event_id = t.event_id
         where s.account_id = $1 order by e.starts_at desc, t.talk_id",
    )
    .bind(account_id)
    .fetch_all(db)
    .await
}

/// How many of a speaker's talks for an event count toward the limit.
pub async fn count_for_speaker<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    account_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select count(*) from talk t join talk_speaker s on s.talk_id = t.talk_id
         where t.event_id = $1 and s.account_id = $2 and t.state not in ('withdrawn', 'declined')",
    )
    .bind(event_id)
    .bind(account_id)
    .fetch_one(db)
    .await
}

pub struct NewTalk<'a> {
    pub event_id: i64,
    pub format_id: i64,
    pub track_id: Option<i64>,
    pub title: &'a str,
    pub abstract_md: &'a str,
    pub level: &'a str,
    pub notes: &'a str,
    pub state: &'a str,
    pub created_by: i64,
}

pub async fn insert_talk(tx: &mut Tx, new: &NewTalk<'_>, now: i64) -> Result<i64, sqlx::Error> {
    let submitted = (new.state == "submitted").then_some(now);
    let talk_id: i64 = sqlx::query_scalar(
        "insert into talk (event_id, format_id, track_id, title, abstract, level, notes, state,
            created_by, created_at, updated_at, submitted_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) returning talk_id",
    )
    .bind(new.event_id)
    .bind(new.format_id)
    .bind(new.track_id)
    .bind(new.title)
    .bind(new.abstract_md)
    .bind(new.level)
    .bind(new.notes)
    .bind(new.state)
    .bind(new.created_by)
    .bind(now)
    .bind(submitted)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("insert into talk_speaker (talk_id, account_id, position) values ($1, $2, 0)")
        .bind(talk_id)
        .bind(new.created_by)
        .execute(&mut **tx)
        .await?;
    Ok(talk_id)
}

pub async fn update_talk(
    tx: &mut Tx,
    talk_id: i64,
    new: &NewTalk<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update talk set format_id = $1, track_id = $2, title = $3, abstract = $4, level = $5,
            notes = $6, state = $7, updated_at = $8,
            submitted_at = case when $7 = 'submitted' and submitted_at is null then $8 else submitted_at end
         where talk_id = $9",
    )
    .bind(new.format_id)
    .bind(new.track_id)
    .bind(new.title)
    .bind(new.abstract_md)
    .bind(new.level)
    .bind(new.notes)
    .bind(new.state)
    .bind(now)
    .bind(talk_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves a talk from `from` to `to`; false when it was no longer in `from`.
pub async fn set_state(
    tx: &mut Tx,
    talk_id: i64,
    from: &str,
    to: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let column = match to {
        "accepted" | "rejected" => ", decided_at = $3",
        "confirmed" | "declined" => ", answered_at = $3",
        _ => "",
    };
    Ok(sqlx::query(&format!(
        "update talk set state = $1, updated_at = $3{column} where talk_id = $2 and state = $4"
    ))
    .bind(to)
    .bind(talk_id)
    .bind(now)
    .bind(from)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// A speaker of a talk, with their public profile.
#[derive(FromRow, Clone)]
pub struct SpeakerRow {
    pub talk_id: i64,
    pub account_id: i64,
    pub display_name: String,
    pub email: String,
    pub bio: Option<String>,
    pub links: Option<String>,
    pub has_photo: Option<i64>,
}

const SPEAKER: &str = "select s.talk_id, a.account_id, a.display_name, a.email, p.bio, p.links,
        cast(case when p.photo is null then 0 else 1 end as bigint) as has_photo
    from talk_speaker s join talk t on t.talk_id = s.talk_id
    join account a on a.account_id = s.account_id
    left join speaker_profile p on p.account_id = a.account_id";

/// The speakers of an event's talks.
pub async fn speakers_of_event<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<SpeakerRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SPEAKER} where t.event_id = $1 order by s.talk_id, s.position"
    ))
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// The speakers of one talk, with their profiles.
pub async fn profiles_of_talk<'e>(
    db: impl AnyExecutor<'e>,
    talk_id: i64,
) -> Result<Vec<SpeakerRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SPEAKER} where s.talk_id = $1 order by s.position"
    ))
    .bind(talk_id)
    .fetch_all(db)
    .await
}

pub async fn is_speaker<'e>(
    db: impl AnyExecutor<'e>,
    talk_id: i64,
    account_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "select count(*) from talk_speaker where talk_id = $1 and account_id = $2",
    )
    .bind(talk_id)
    .bind(account_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// (bio, links) of a speaker.
pub async fn profile<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("select bio, links from speaker_profile where account_id = $1")
        .bind(account_id)
        .fetch_optional(db)
        .await
}

pub async fn save_profile(
    tx: &mut Tx,
    account_id: i64,
    bio: &str,
    links: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let updated = sqlx::query(
        "update speaker_profile set bio = $1, links = $2, updated_at = $3 where account_id = $4",
    )
    .bind(bio)
    .bind(links)
    .bind(now)
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() == 0 {
        sqlx::query(
            "insert into speaker_profile (account_id, bio, links, updated_at) values ($1, $2, $3, $4)",
        )
        .bind(account_id)
        .bind(bio)
        .bind(links)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// (name, email) of a talk's speakers.
pub async fn speakers_of_talk<'e>(
    db: impl AnyExecutor<'e>,
    talk_id: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "select a.display_name, a.email from talk_speaker s
         join account a on a.account_id = s.account_id
         where s.talk_id = $1 order by s.position",
    )
    .bind(talk_id)
    .fetch_all(db)
    .await
}

/// Adds a co-speaker to a talk (after its other speakers); nothing when already on it.
pub async fn add_speaker(tx: &mut Tx, talk_id: i64, account_id: i64) -> Result<(), sqlx::Error> {
    if is_speaker(&mut **tx, talk_id, account_id).await? {
        return Ok(());
    }
    sqlx::query(
        "insert into talk_speaker (talk_id, account_id, position)
         values ($1, $2, (select coalesce(max(position), 0) + 1 from talk_speaker where talk_id = $1))",
    )
    .bind(talk_id)
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn save_photo(
    tx: &mut Tx,
    account_id: i64,
    bytes: &[u8],
    media_type: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let updated = sqlx::query(
        "update speaker_profile set photo = $1, photo_type = $2, updated_at = $3 where account_id = $4",
    )
    .bind(bytes.to_vec())
    .bind(media_type)
    .bind(now)
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() == 0 {
        sqlx::query(
            "insert into speaker_profile (account_id, photo, photo_type, updated_at)
             values ($1, $2, $3, $4)",
        )
        .bind(account_id)
        .bind(bytes.to_vec())
        .bind(media_type)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// (media type, bytes, updated at) of a speaker's photo.
pub async fn photo<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
) -> Result<Option<(String, Vec<u8>, i64)>, sqlx::Error> {
    sqlx::query_as(
        "select photo_type, photo, updated_at from speaker_profile
         where account_id = $1 and photo is not null",
    )
    .bind(account_id)
    .fetch_optional(db)
    .await
}

/// Whether a speaker has a confirmed talk in a published lineup (their photo is public).
pub async fn in_a_published_lineup<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "select count(*) from talk_speaker s join talk t on t.talk_id = s.talk_id
         join cfp c on c.event_id = t.event_id
         where s.account_id = $1 and t.state = 'confirmed' and c.lineup_published_at is not null",
    )
    .bind(account_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}
