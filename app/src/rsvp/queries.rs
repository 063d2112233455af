//! RSVP storage (server only).

use crate::db::Tx;
use sqlx::{AnyExecutor, FromRow};

/// The event columns RSVP rules need.
#[derive(FromRow, Clone)]
pub struct EventSeats {
    pub event_id: i64,
    pub group_id: i64,
    pub slug: String,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub status: crate::events::domain::EventStatus,
    #[sqlx(try_from = "crate::stored::ZoneName")]
    pub time_zone: chrono_tz::Tz,
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: Option<i64>,
    pub max_plus_ones: i64,
    #[sqlx(try_from = "crate::stored::Flag")]
    pub attendees_public: bool,
    #[sqlx(try_from = "crate::stored::Flag")]
    pub reminder_enabled: bool,
    pub rsvp_opens_at: Option<i64>,
    pub rsvp_closes_at: Option<i64>,
    pub online_url: Option<String>,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub rsvp_seq: i64,
}

impl crate::groups::access::OfGroup for EventSeats {
    fn group_id(&self) -> i64 {
        self.group_id
    }
}

const EVENT_SEATS: &str = "event_id, group_id, slug, title, status, time_zone, starts_at, ends_at, capacity,
    max_plus_ones, attendees_public, reminder_enabled, rsvp_opens_at, rsvp_closes_at, online_url, venue_name, venue_address, rsvp_seq";

/// Takes the next queue number of an event and, with it, the event's row lock (PostgreSQL;
/// SQLite write transactions already hold the database's write lock). Every RSVP write
/// starts here, so writes to one event's RSVPs run one after another.
pub async fn lock_event(tx: &mut Tx, slug: &str) -> Result<Option<EventSeats>, sqlx::Error> {
    sqlx::query_as(&format!(
        "update event set rsvp_seq = rsvp_seq + 1 where slug = $1 returning {EVENT_SEATS}"
    ))
    .bind(slug)
    .fetch_optional(&mut **tx)
    .await
}

/// [`lock_event`] by id.
pub async fn lock_event_by_id(tx: &mut Tx, event_id: i64) -> Result<EventSeats, sqlx::Error> {
    sqlx::query_as(&format!(
        "update event set rsvp_seq = rsvp_seq + 1 where event_id = $1 returning {EVENT_SEATS}"
    ))
    .bind(event_id)
    .fetch_one(&mut **tx)
    .await
}

/// The event, for reading.
pub async fn event_seats<'e>(
    db: impl AnyExecutor<'e>,
    slug: &str,
) -> Result<Option<EventSeats>, sqlx::Error> {
    sqlx::query_as(&format!("select {EVENT_SEATS} from event where slug = $1"))
        .bind(slug)
        .fetch_optional(db)
        .await
}

#[derive(FromRow, Clone)]
pub struct RsvpRow {
    pub rsvp_id: i64,
    #[sqlx(try_from = "String")]
    pub status: crate::rsvp::domain::RsvpStatus,
    pub plus_ones: i64,
    pub queue_seq: i64,
    pub ticket_code: String,
    pub checked_in_at: Option<i64>,
}

const RSVP: &str = "r.rsvp_id, r.status, r.plus_ones, r.queue_seq, r.ticket_code, r.checked_in_at";

pub async fn rsvp_of<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    account_id: i64,
) -> Result<Option<RsvpRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {RSVP} from rsvp r where r.event_id = $1 and r.account_id = $2"
    ))
    .bind(event_id)
    .bind(account_id)
    .fetch_optional(db)
    .await
}

pub async fn rsvp_by_id<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    rsvp_id: i64,
) -> Result<Option<RsvpRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {RSVP} from rsvp r where r.event_id = $1 and r.rsvp_id = $2"
    ))
    .bind(event_id)
    .bind(rsvp_id)
    .fetch_optional(db)
    .await
}

pub async fn rsvp_by_code<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    code: &str,
) -> Result<Option<RsvpRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {RSVP} from rsvp r where r.event_id = $1 and r.ticket_code = $2"
    ))
    .bind(event_id)
    .bind(code)
    .fetch_optional(db)
    .await
}

/// Seats taken: people going and their plus-ones, and the passes sponsors hold.
pub async fn seats_taken<'e>(db: impl AnyExecutor<'e>, event_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "select cast(coalesce(sum(1 + plus_ones), 0) as bigint) + {SPONSOR_SEATS} from rsvp
         where event_id = $1 and status = 'going'"
    ))
    .bind(event_id)
    .fetch_one(db)
    .await
}

/// The waitlist in line order: (rsvp id, party size).
pub async fn waitlist<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "select rsvp_id, 1 + plus_ones from rsvp where event_id = $1 and status = 'waitlisted'
         order by queue_seq",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// Place in line (1 = next), counting parties.
pub async fn position<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    queue_seq: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select count(*) from rsvp where event_id = $1 and status = 'waitlisted' and queue_seq <= $2",
    )
    .bind(event_id)
    .bind(queue_seq)
    .fetch_one(db)
    .await
}

pub struct NewRsvp<'a> {
    pub event_id: i64,
    pub account_id: i64,
    pub status: &'a str,
    pub plus_ones: i64,
    pub queue_seq: i64,
    pub ticket_code: &'a str,
}

pub async fn insert_rsvp(tx: &mut Tx, new: &NewRsvp<'_>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into rsvp (event_id, account_id, status, plus_ones, queue_seq, ticket_code,
            created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $7) returning rsvp_id",
    )
    .bind(new.event_id)
    .bind(new.account_id)
    .bind(new.status)
    .bind(new.plus_ones)
    .bind(new.queue_seq)
    .bind(new.ticket_code)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn update_rsvp(
    tx: &mut Tx,
    rsvp_id: i64,
    status: &str,
    plus_ones: i64,
    queue_seq: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update rsvp set status = $1, plus_ones = $2, queue_seq = $3, updated_at = $4 where rsvp_id = $5",
    )
    .bind(status)
    .bind(plus_ones)
    .bind(queue_seq)
    .bind(now)
    .bind(rsvp_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_status(
    tx: &mut Tx,
    rsvp_id: i64,
    status: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update rsvp set status = $1, updated_at = $2 where rsvp_id = $3")
        .bind(status)
        .bind(now)
        .bind(rsvp_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Marks a ticket as let in (`at`, by `by`) or not (both `None`).
/// Lets a ticket in at `at` by `by` (or out, with `None`s). A ticket is let in only while it
/// is out: false when another door was first (on PostgreSQL the second writer waits for the
/// first's row lock, then finds the ticket in).
pub async fn set_checked_in(
    tx: &mut Tx,
    rsvp_id: i64,
    at: Option<i64>,
    by: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "update rsvp set checked_in_at = $1, checked_in_by = $2
         where rsvp_id = $3 and ($1 is null or checked_in_at is null)",
    )
    .bind(at)
    .bind(by)
    .bind(rsvp_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The name of whoever let this ticket in (none when unknown, or from before it was kept).
pub async fn checked_in_by<'e>(
    db: impl AnyExecutor<'e>,
    rsvp_id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "select a.display_name from rsvp r join account a on a.account_id = r.checked_in_by
         where r.rsvp_id = $1",
    )
    .bind(rsvp_id)
    .fetch_optional(db)
    .await
}

pub async fn set_capacity(
    tx: &mut Tx,
    event_id: i64,
    capacity: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("update event set capacity = $1, updated_at = $2 where event_id = $3")
        .bind(capacity)
        .bind(now)
        .bind(event_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_rsvp_settings(
    tx: &mut Tx,
    event_id: i64,
    max_plus_ones: i64,
    attendees_public: bool,
    reminders: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update event set max_plus_ones = $1, attendees_public = $2, reminder_enabled = $5, updated_at = $3
         where event_id = $4",
    )
    .bind(max_plus_ones)
    .bind(i64::from(attendees_public))
    .bind(now)
    .bind(event_id)
    .bind(i64::from(reminders))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An event's questions: (question id, position 1..=5, prompt).
pub async fn questions<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "select question_id, position, prompt from event_question where event_id = $1 order by position",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// Sets the question at `position`; an empty prompt removes it (and its answers).
pub async fn set_question(
    tx: &mut Tx,
    event_id: i64,
    position: i64,
    prompt: &str,
) -> Result<(), sqlx::Error> {
    if prompt.is_empty() {
        sqlx::query("delete from event_question where event_id = $1 and position = $2")
            .bind(event_id)
            .bind(position)
            .execute(&mut **tx)
            .await?;
    } else {
        sqlx::query(
            "insert into event_question (event_id, position, prompt) values ($1, $2, $3)
             on conflict (event_id, position) do update set prompt = excluded.prompt",
        )
        .bind(event_id)
        .bind(position)
        .bind(prompt)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Replaces a person's answers.
pub async fn set_answers(
    tx: &mut Tx,
    rsvp_id: i64,
    answers: &[(i64, String)],
) -> Result<(), sqlx::Error> {
    sqlx::query("delete from rsvp_answer where rsvp_id = $1")
        .bind(rsvp_id)
        .execute(&mut **tx)
        .await?;
    for (question_id, answer) in answers.iter().filter(|(_, a)| !a.is_empty()) {
        sqlx::query("insert into rsvp_answer (rsvp_id, question_id, answer) values ($1, $2, $3)")
            .bind(rsvp_id)
            .bind(question_id)
            .bind(answer)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A person's answers: (question id, answer).
pub async fn answers_of<'e>(
    db: impl AnyExecutor<'e>,
    rsvp_id: i64,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("select question_id, answer from rsvp_answer where rsvp_id = $1")
        .bind(rsvp_id)
        .fetch_all(db)
        .await
}

/// Every answer given for an event: (rsvp id, question id, answer).
pub async fn event_answers<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "select a.rsvp_id, a.question_id, a.answer from rsvp_answer a join rsvp r on r.rsvp_id = a.rsvp_id
         where r.event_id = $1",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// An RSVP with the person's name and email.
#[derive(FromRow, Clone)]
pub struct AttendeeRow {
    pub rsvp_id: i64,
    pub display_name: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub status: crate::rsvp::domain::RsvpStatus,
    pub plus_ones: i64,
    pub ticket_code: String,
    pub checked_in_at: Option<i64>,
    pub updated_at: i64,
}

/// Everyone who answered, going first, then the line in order, then the rest.
pub async fn attendees<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<AttendeeRow>, sqlx::Error> {
    sqlx::query_as(
        "select r.rsvp_id, a.display_name, a.email, r.status, r.plus_ones, r.ticket_code,
            r.checked_in_at, r.updated_at
         from rsvp r join account a on a.account_id = r.account_id
         where r.event_id = $1
         order by case r.status when 'going' then 0 when 'waitlisted' then 1 when 'not_going' then 2 else 3 end,
            case when r.status = 'waitlisted' then r.queue_seq else 0 end, a.display_name, r.rsvp_id",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// People going whose name contains `needle` (lower case), for the door.
pub async fn search_going<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
    needle: &str,
    limit: i64,
) -> Result<Vec<AttendeeRow>, sqlx::Error> {
    sqlx::query_as(
        "select r.rsvp_id, a.display_name, a.email, r.status, r.plus_ones, r.ticket_code,
            r.checked_in_at, r.updated_at
         from rsvp r join account a on a.account_id = r.account_id
         where r.event_id = $1 and r.status = 'going' and lower(a.display_name) like $2 escape '\\'
         order by a.display_name, r.rsvp_id limit $3",
    )
    .bind(event_id)
    .bind(format!(
        "%{}%",
        needle
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    ))
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Names of people going (public attendee lists).
pub async fn going_names<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "select a.display_name, r.plus_ones from rsvp r join account a on a.account_id = r.account_id
         where r.event_id = $1 and r.status = 'going' order by r.created_at, r.rsvp_id",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// (seats taken, parties waiting, people checked in with their plus-ones), in one pass.
pub async fn counts<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<(i64, i64, i64), sqlx::Error> {
    sqlx::query_as(&format!(
        "select cast(coalesce(sum(case when status = 'going' then 1 + plus_ones else 0 end), 0) as bigint) + {SPONSOR_SEATS},
            cast(coalesce(sum(case when status = 'waitlisted' then 1 else 0 end), 0) as bigint),
            cast(coalesce(sum(case when status = 'going' and checked_in_at is not null then 1 + plus_ones else 0 end), 0) as bigint)
         from rsvp where event_id = $1"
    ))
    .bind(event_id)
    .fetch_one(db)
    .await
}

/// A person's RSVP to an event, for "My events".
#[derive(FromRow)]
pub struct MyEventRow {
    pub slug: String,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub event_status: crate::events::domain::EventStatus,
    #[sqlx(try_from = "crate::stored::ZoneName")]
    pub time_zone: chrono_tz::Tz,
    pub starts_at: i64,
    pub ends_at: i64,
    pub group_name: String,
    #[sqlx(try_from = "String")]
    pub status: crate::rsvp::domain::RsvpStatus,
    pub plus_ones: i64,
    pub position: i64,
}

/// A person's going and waitlisted RSVPs; `upcoming` picks events not yet ended.
pub async fn my_events<'e>(
    db: impl AnyExecutor<'e>,
    account_id: i64,
    now: i64,
    upcoming: bool,
    limit: i64,
) -> Result<Vec<MyEventRow>, sqlx::Error> {
    let filter = if upcoming {
        "e.ends_at > $2 order by e.starts_at asc"
    } else {
        "e.ends_at <= $2 order by e.starts_at desc"
    };
    sqlx::query_as(&format!(
        "select e.slug, e.title, e.status as event_status, e.time_zone, e.starts_at, e.ends_at, g.name as group_name,
            r.status, r.plus_ones,
            (select count(*) from rsvp w where w.event_id = r.event_id and w.status = 'waitlisted'
                and w.queue_seq <= r.queue_seq) as position
         from rsvp r join event e on e.event_id = r.event_id join meetup_group g on g.group_id = e.group_id
         where r.account_id = $1 and r.status in ('going', 'waitlisted') and e.status <> 'draft' and {filter}
         limit $3"
    ))
    .bind(account_id)
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// The RSVP behind a personal manage link: (event slug, account, RSVP).
#[derive(FromRow)]
pub struct ManagedRsvp {
    pub slug: String,
    pub account_id: i64,
    pub display_name: String,
    pub email: String,
    #[sqlx(flatten)]
    pub rsvp: RsvpRow,
}

/// The RSVP a personal link opens (see [`crate::links`]).
pub async fn managed_rsvp<'e>(
    db: impl AnyExecutor<'e>,
    rsvp_id: i64,
) -> Result<Option<ManagedRsvp>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select e.slug, a.account_id, a.display_name, a.email, {RSVP}
         from rsvp r join event e on e.event_id = r.event_id
         join account a on a.account_id = r.account_id
         where r.rsvp_id = $1"
    ))
    .bind(rsvp_id)
    .fetch_optional(db)
    .await
}

/// An RSVP waiting for its address to be confirmed.
#[derive(FromRow)]
pub struct GuestRsvpRow {
    pub event_id: i64,
    pub slug: String,
    pub title: String,
    pub display_name: String,
    pub email: String,
    pub plus_ones: i64,
    pub answers: String,
}

pub struct NewGuestRsvp<'a> {
    pub token_hash: &'a str,
    pub event_id: i64,
    pub display_name: &'a str,
    pub email: &'a str,
    pub plus_ones: i64,
    pub answers: &'a str,
    pub expires_at: i64,
}

pub async fn insert_guest_rsvp(
    tx: &mut Tx,
    new: &NewGuestRsvp<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into guest_rsvp (token_hash, event_id, display_name, email, plus_ones, answers,
            expires_at, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new.token_hash)
    .bind(new.event_id)
    .bind(new.display_name)
    .bind(new.email)
    .bind(new.plus_ones)
    .bind(new.answers)
    .bind(new.expires_at)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A guest RSVP whose link is unused and unexpired.
pub async fn live_guest_rsvp<'e>(
    db: impl AnyExecutor<'e>,
    token_hash: &str,
    now: i64,
) -> Result<Option<GuestRsvpRow>, sqlx::Error> {
    sqlx::query_as(
        "select g.event_id, e.slug, e.title, g.display_name, g.email, g.plus_ones, g.answers
         from guest_rsvp g join event e on e.event_id = g.event_id
         where g.token_hash = $1 and g.used_at is null and g.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Uses a guest RSVP link up; false when it was already used.
pub async fn use_guest_rsvp(tx: &mut Tx, token_hash: &str, now: i64) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("update guest_rsvp set used_at = $1 where token_hash = $2 and used_at is null")
            .bind(now)
            .bind(token_hash)
            .execute(&mut **tx)
            .await?
            .rows_affected()
            == 1,
    )
}

/// Seats an event's sponsors hold: their tiers' passes, for sponsors agreed or later. A SQL
/// expression of the event id `$1`, added to the seats RSVPs take.
pub const SPONSOR_SEATS: &str = "(select cast(coalesce(sum(t.passes), 0) as bigint)
    from sponsorship s join sponsor_tier t on t.tier_id = s.tier_id
    where s.event_id = $1 and s.stage in ('agreed', 'invoiced', 'paid'))";

/// Sponsor guests of an event: (name, partner).
pub async fn sponsor_guests<'e>(
    db: impl AnyExecutor<'e>,
    event_id: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "select x.name, p.name from sponsor_pass x
         join sponsorship s on s.sponsorship_id = x.sponsorship_id
         join partner p on p.partner_id = s.partner_id
         where x.event_id = $1 and s.stage in ('agreed', 'invoiced', 'paid')
         order by lower(p.name), x.pass_id",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}
