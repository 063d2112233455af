//! RSVP use cases (server only). Every write takes the event's lock first
//! ([`queries::lock_event`]), then reads the seats, asks the pure rules in `domain`, and
//! stores the result in the same transaction.

pub use super::queries::EventSeats;
use super::{
    domain::{
        check_capacity, parse_answer, parse_plus_ones, parse_plus_ones_limit, parse_question,
        place, RsvpStatus, Seats, CODE_ALPHABET, CODE_LEN, MAX_QUESTIONS,
    },
    ledger::let_in,
    mails::{self, Change},
    queries::{self, NewRsvp},
    views::{Attendee, AttendeeList, MyRsvp, Question, RsvpState, RsvpWindow},
};
use crate::{
    accounts::views::CurrentUser,
    db::{self, Db, Tx},
    error::{AppError, AppResult, FieldChecks},
    events::{domain::parse_capacity, time},
    groups::access,
};
use chrono_tz::Tz;

/// People shown per search at the door.
pub(super) const DOOR_MATCHES: i64 = 50;

pub(super) fn zone_of(event: &EventSeats) -> Tz {
    event.time_zone
}

fn short_time(at: i64, zone: Tz) -> String {
    time::from_unix(at)
        .with_timezone(&zone)
        .format("%a %-d %b %Y, %H:%M %Z")
        .to_string()
}

/// Whether `event` takes RSVPs at `now`.
pub fn window(event: &EventSeats, now: i64) -> RsvpWindow {
    match event.status.as_str() {
        "draft" => return RsvpWindow::NotPublished,
        "cancelled" => return RsvpWindow::Cancelled,
        _ => {}
    }
    if now >= event.ends_at {
        return RsvpWindow::Over;
    }
    if let Some(opens) = event.rsvp_opens_at.filter(|opens| now < *opens) {
        return RsvpWindow::NotYet(short_time(opens, zone_of(event)));
    }
    if now >= event.rsvp_closes_at.unwrap_or(event.starts_at) {
        return RsvpWindow::Closed;
    }
    RsvpWindow::Open
}

pub(crate) fn window_error(window: &RsvpWindow) -> AppError {
    let message = match window {
        RsvpWindow::NotPublished => return AppError::NotFound,
        RsvpWindow::Cancelled => "This event is cancelled, so it takes no RSVPs.".to_owned(),
        RsvpWindow::Over => "This event is over.".to_owned(),
        RsvpWindow::Closed => "RSVPs for this event are closed.".to_owned(),
        RsvpWindow::NotYet(opens) => format!("RSVPs open {opens}."),
        RsvpWindow::Open => return AppError::BadRequest,
    };
    AppError::conflict("", message)
}

pub(super) async fn is_organizer(
    db: impl sqlx::AnyExecutor<'_>,
    group_id: i64,
    user: &CurrentUser,
) -> AppResult<bool> {
    access::organizes(db, group_id, Some(user)).await
}

pub(super) use crate::groups::access::organizers_only;

/// A new ticket code.
fn new_code() -> AppResult<String> {
    let mut bytes = [0u8; CODE_LEN];
    getrandom::getrandom(&mut bytes).map_err(|error| {
        tracing::error!(%error, "no randomness for a ticket code");
        AppError::Internal
    })?;
    // 256 is not a multiple of 30; the tiny bias does not matter for a door code that is
    // also bound to one event and one person.
    Ok(bytes
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect())
}

/// Checks the answers to the event's questions, one message per field.
pub fn parse_answers(answers: &[String; MAX_QUESTIONS]) -> AppResult<Vec<Option<String>>> {
    let mut checks = FieldChecks::default();
    let answers: Vec<Option<String>> = answers
        .iter()
        .enumerate()
        .map(|(i, raw)| checks.check(parse_answer(&format!("answer_{}", i + 1), raw)))
        .collect();
    checks.finish()?;
    Ok(answers)
}

/// Answers "going"; returns where the party ended up.
pub async fn going(
    db: &Db,
    account_id: i64,
    slug: &str,
    plus_ones: &str,
    answers: &[String; MAX_QUESTIONS],
    site: &str,
) -> AppResult<RsvpStatus> {
    let answers = parse_answers(answers)?;
    let mut tx = db.begin_write().await?;
    let status = going_in(&mut tx, account_id, slug, plus_ones, Some(&answers), site).await?;
    tx.commit().await?;
    Ok(status)
}

/// [`going`] inside the caller's transaction; `answers: None` keeps the answers given before.
pub(crate) async fn going_in(
    tx: &mut Tx,
    account_id: i64,
    slug: &str,
    plus_ones: &str,
    answers: Option<&[Option<String>]>,
    site: &str,
) -> AppResult<RsvpStatus> {
    let now = db::now();
    let event = queries::lock_event(tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let open = window(&event, now);
    if open != RsvpWindow::Open {
        return Err(window_error(&open));
    }
    let plus_ones = parse_plus_ones("plus_ones", plus_ones, event.max_plus_ones)?;
    super::holds::check_may_hold(tx, account_id, now).await?;
    let size = 1 + plus_ones;
    let mine = queries::rsvp_of(&mut **tx, event.event_id, account_id).await?;
    let current = mine.as_ref().map(|r| r.status);
    if current == Some(RsvpStatus::Removed) {
        return Err(AppError::Forbidden(
            "The organizers took you off this event's list. Contact them if this is a mistake."
                .to_owned(),
        ));
    }
    let taken = queries::seats_taken(&mut **tx, event.event_id).await?;
    let own = match (&mine, current) {
        (Some(r), Some(RsvpStatus::Going)) => 1 + r.plus_ones,
        _ => 0,
    };
    let others = Seats {
        capacity: event.capacity,
        taken: taken - own,
    };
    let placed = place(current, others, size);
    let keeps_place = matches!(current, Some(RsvpStatus::Going | RsvpStatus::Waitlisted))
        && !placed.to_back_of_line;
    let rsvp_id = match &mine {
        Some(r) => {
            let queue = if keeps_place {
                r.queue_seq
            } else {
                event.rsvp_seq
            };
            queries::update_rsvp(tx, r.rsvp_id, placed.status.as_str(), plus_ones, queue, now)
                .await?;
            r.rsvp_id
        }
        None => {
            let code = new_code()?;
            let new = NewRsvp {
                event_id: event.event_id,
                account_id,
                status: placed.status.as_str(),
                plus_ones,
                queue_seq: event.rsvp_seq,
                ticket_code: &code,
            };
            queries::insert_rsvp(tx, &new, now).await?
        }
    };
    if let Some(answers) = answers {
        let questions = queries::questions(&mut **tx, event.event_id).await?;
        let given: Vec<(i64, String)> = questions
            .iter()
            .filter_map(|(id, position, _)| {
                let answer = answers.get(usize::try_from(*position - 1).ok()?)?.clone()?;
                Some((*id, answer))
            })
            .collect();
        queries::set_answers(tx, rsvp_id, &given).await?;
    }
    let promoted = let_in(tx, &event, event.capacity, now, site).await?;
    let changed =
        current != Some(placed.status) || mine.as_ref().map(|r| r.plus_ones) != Some(plus_ones);
    if changed && !promoted.contains(&rsvp_id) {
        let change = match placed.status {
            RsvpStatus::Going => Some(Change::Going),
            RsvpStatus::Waitlisted => Some(Change::Waitlisted),
            _ => None,
        };
        if let Some(change) = change {
            mails::notify(tx, &event, rsvp_id, change, site).await?;
        }
    }
    Ok(if promoted.contains(&rsvp_id) {
        RsvpStatus::Going
    } else {
        placed.status
    })
}

/// Answers "not going"; frees the seats and lets in whoever fits. True when someone waiting
/// got a seat (so the page can say the seats went to the next people in line).
pub async fn not_going(db: &Db, account_id: i64, slug: &str, site: &str) -> AppResult<bool> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let event = queries::lock_event(&mut tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    match window(&event, now) {
        RsvpWindow::Open | RsvpWindow::NotYet(_) | RsvpWindow::Closed => {}
        other => return Err(window_error(&other)),
    }
    match queries::rsvp_of(&mut *tx, event.event_id, account_id).await? {
        Some(r) if r.status == RsvpStatus::Removed => {
            return Err(AppError::Forbidden(
                "The organizers took you off this event's list.".to_owned(),
            ))
        }
        Some(r) => {
            queries::update_rsvp(
                &mut tx,
                r.rsvp_id,
                RsvpStatus::NotGoing.as_str(),
                r.plus_ones,
                r.queue_seq,
                now,
            )
            .await?;
        }
        None => {
            let code = new_code()?;
            let new = NewRsvp {
                event_id: event.event_id,
                account_id,
                status: RsvpStatus::NotGoing.as_str(),
                plus_ones: 0,
                queue_seq: event.rsvp_seq,
                ticket_code: &code,
            };
            queries::insert_rsvp(&mut tx, &new, now).await?;
        }
    }
    let admitted = let_in(&mut tx, &event, event.capacity, now, site).await?;
    tx.commit().await?;
    Ok(!admitted.is_empty())
}

/// Sets a new capacity inside an organizer's change of the event: refused below the seats
/// taken; a larger one lets waiting parties in. The caller has checked the role.
pub(crate) async fn resize(
    tx: &mut Tx,
    event_id: i64,
    capacity: Option<i64>,
    site: &str,
) -> AppResult<()> {
    let event = queries::lock_event_by_id(tx, event_id).await?;
    let taken = queries::seats_taken(&mut **tx, event_id).await?;
    check_capacity("capacity", capacity, taken)?;
    if capacity != event.capacity {
        queries::set_capacity(tx, event_id, capacity, db::now()).await?;
        let_in(tx, &event, capacity, db::now(), site).await?;
    }
    Ok(())
}

/// The organizer settings form, as typed.
pub struct SettingsForm {
    pub capacity: String,
    pub max_plus_ones: String,
    pub attendees_public: bool,
    pub reminders: bool,
    pub questions: [String; MAX_QUESTIONS],
}

pub async fn update_settings(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    form: &SettingsForm,
    site: &str,
) -> AppResult<()> {
    let mut checks = FieldChecks::default();
    let capacity = checks.check(parse_capacity("capacity", &form.capacity));
    let limit = checks.check(parse_plus_ones_limit("max_plus_ones", &form.max_plus_ones));
    let questions: Vec<Option<String>> = form
        .questions
        .iter()
        .enumerate()
        .map(|(i, raw)| checks.check(parse_question(&format!("question_{}", i + 1), raw)))
        .collect();
    checks.finish()?;
    let (Some(capacity), Some(limit)) = (capacity, limit) else {
        return Err(AppError::BadRequest);
    };
    let mut tx = db.begin_write().await?;
    let event = queries::lock_event(&mut tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_organizer(&mut *tx, event.group_id, user).await? {
        return Err(organizers_only());
    }
    if event.status == crate::events::domain::EventStatus::Cancelled {
        return Err(AppError::conflict(
            "",
            "This event is cancelled and can no longer be changed.",
        ));
    }
    resize(&mut tx, event.event_id, capacity, site).await?;
    queries::set_rsvp_settings(
        &mut tx,
        event.event_id,
        limit,
        form.attendees_public,
        form.reminders,
        db::now(),
    )
    .await?;
    for (i, prompt) in questions.iter().enumerate() {
        let position = i64::try_from(i).unwrap_or_default() + 1;
        queries::set_question(
            &mut tx,
            event.event_id,
            position,
            prompt.as_deref().unwrap_or_default(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Loads an event for an organizer's change, under its lock.
async fn lock_for_organizer(tx: &mut Tx, slug: &str, user: &CurrentUser) -> AppResult<EventSeats> {
    let event = queries::lock_event(tx, slug).await?;
    access::for_organizer(&mut **tx, event, user, organizers_only).await
}

/// An RSVP of an event, for an organizer's change, under the event's lock.
async fn lock_rsvp_for_organizer(
    tx: &mut Tx,
    slug: &str,
    user: &CurrentUser,
    rsvp_id: i64,
) -> AppResult<(EventSeats, queries::RsvpRow)> {
    let event = lock_for_organizer(tx, slug, user).await?;
    let rsvp = queries::rsvp_by_id(&mut **tx, event.event_id, rsvp_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((event, rsvp))
}

/// Takes a person off the list; they cannot RSVP again.
pub async fn remove(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    rsvp_id: i64,
    site: &str,
) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let (event, rsvp) = lock_rsvp_for_organizer(&mut tx, slug, user, rsvp_id).await?;
    queries::set_status(&mut tx, rsvp.rsvp_id, RsvpStatus::Removed.as_str(), now).await?;
    if matches!(rsvp.status, RsvpStatus::Going | RsvpStatus::Waitlisted) {
        mails::notify(&mut tx, &event, rsvp.rsvp_id, Change::Removed, site).await?;
    }
    let_in(&mut tx, &event, event.capacity, now, site).await?;
    tx.commit().await?;
    Ok(())
}

/// Lets a waiting party in by hand: capacity grows by what the party needs beyond the free
/// seats, so seats taken never exceed capacity.
pub async fn promote(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    rsvp_id: i64,
    site: &str,
) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let (event, rsvp) = lock_rsvp_for_organizer(&mut tx, slug, user, rsvp_id).await?;
    if rsvp.status != RsvpStatus::Waitlisted {
        return Err(AppError::conflict(
            "",
            "Only people on the waitlist can be let in.",
        ));
    }
    let taken = queries::seats_taken(&mut *tx, event.event_id).await?;
    let needed = taken + 1 + rsvp.plus_ones;
    if event.capacity.is_some_and(|c| c < needed) {
        queries::set_capacity(&mut tx, event.event_id, Some(needed), now).await?;
    }
    queries::set_status(&mut tx, rsvp.rsvp_id, RsvpStatus::Going.as_str(), now).await?;
    mails::notify(&mut tx, &event, rsvp.rsvp_id, Change::LetIn, site).await?;
    tx.commit().await?;
    Ok(())
}

/// The RSVP box of an event page.
pub async fn panel(db: &Db, slug: &str, viewer: Option<&CurrentUser>) -> AppResult<RsvpState> {
    let event = queries::event_seats(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let organizer = match viewer {
        Some(v) => is_organizer(db.pool(), event.group_id, v).await?,
        None => false,
    };
    if event.status == crate::events::domain::EventStatus::Draft && !organizer {
        return Err(AppError::NotFound);
    }
    panel_of(db, event, viewer, organizer).await
}

/// The RSVP box for an event already loaded (the event page loads it once for both).
pub async fn panel_of(
    db: &Db,
    event: EventSeats,
    viewer: Option<&CurrentUser>,
    organizer: bool,
) -> AppResult<RsvpState> {
    let mine = match viewer {
        Some(v) => queries::rsvp_of(db.pool(), event.event_id, v.account_id).await?,
        None => None,
    };
    let questions = queries::questions(db.pool(), event.event_id).await?;
    let my = match mine {
        Some(r) => {
            let status = r.status;
            let position = if status == RsvpStatus::Waitlisted {
                Some(queries::position(db.pool(), event.event_id, r.queue_seq).await?)
            } else {
                None
            };
            let answers = queries::answers_of(db.pool(), r.rsvp_id).await?;
            let answers = questions
                .iter()
                .filter_map(|(id, position, _)| {
                    answers
                        .iter()
                        .find(|(q, _)| q == id)
                        .map(|(_, a)| (*position, a.clone()))
                })
                .collect();
            let held = matches!(status, RsvpStatus::Going | RsvpStatus::Waitlisted)
                && super::holds::holds_for_now(db.pool(), viewer.map_or(0, |v| v.account_id))
                    .await?;
            Some(MyRsvp {
                status,
                plus_ones: r.plus_ones,
                position,
                answers,
                held,
            })
        }
        None => None,
    };
    let (taken, waitlist, _) = queries::counts(db.pool(), event.event_id).await?;
    let going = my.as_ref().is_some_and(|m| m.status == RsvpStatus::Going);
    let attendees = if event.attendees_public {
        Some(queries::going_names(db.pool(), event.event_id).await?)
    } else {
        None
    };
    Ok(RsvpState {
        window: window(&event, db::now()),
        signed_in: viewer.is_some(),
        mine: my,
        max_plus_ones: event.max_plus_ones,
        questions: questions
            .into_iter()
            .map(|(_, position, prompt)| Question { position, prompt })
            .collect(),
        capacity: event.capacity,
        taken,
        waitlist,
        attendees,
        online_url: if going || organizer {
            event.online_url
        } else {
            None
        },
        event: event.slug,
    })
}

pub(super) async fn organizer_view(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
) -> AppResult<EventSeats> {
    let event = queries::event_seats(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_organizer(db.pool(), event.group_id, user).await? {
        return Err(organizers_only());
    }
    Ok(event)
}

/// Everyone who answered, with answers and positions (organizers).
pub async fn attendees(db: &Db, user: &CurrentUser, slug: &str) -> AppResult<AttendeeList> {
    let event = organizer_view(db, user, slug).await?;
    let zone = zone_of(&event);
    let questions = queries::questions(db.pool(), event.event_id).await?;
    let answers = queries::event_answers(db.pool(), event.event_id).await?;
    let rows = queries::attendees(db.pool(), event.event_id).await?;
    let (taken, waitlist, checked_in) = queries::counts(db.pool(), event.event_id).await?;
    let mut prompts = vec![String::new(); MAX_QUESTIONS];
    for (_, position, prompt) in &questions {
        if let Some(slot) = usize::try_from(*position - 1)
            .ok()
            .and_then(|i| prompts.get_mut(i))
        {
            *slot = prompt.clone();
        }
    }
    let mut line = 0;
    let people = rows
        .into_iter()
        .map(|row| {
            let status = row.status;
            let position = (status == RsvpStatus::Waitlisted).then(|| {
                line += 1;
                line
            });
            let answers = questions
                .iter()
                .map(|(qid, _, _)| {
                    answers
                        .iter()
                        .find(|(rid, q, _)| *rid == row.rsvp_id && q == qid)
                        .map(|(_, _, a)| a.clone())
                        .unwrap_or_default()
                })
                .collect();
            Attendee {
                rsvp_id: row.rsvp_id,
                name: row.display_name,
                email: row.email,
                status,
                plus_ones: row.plus_ones,
                position,
                answers,
                answered: short_time(row.updated_at, zone),
                checked_in: row.checked_in_at.is_some(),
            }
        })
        .collect();
    Ok(AttendeeList {
        event: event.slug,
        title: event.title,
        capacity: event.capacity,
        taken,
        waitlist,
        checked_in,
        max_plus_ones: event.max_plus_ones,
        attendees_public: event.attendees_public,
        reminders: event.reminder_enabled,
        questions: prompts,
        people,
        sponsor_guests: queries::sponsor_guests(db.pool(), event.event_id).await?,
    })
}

/// A cell of a CSV file: RFC 4180 quoting, and cells a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or carriage return) prefixed with `'`.
pub fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) || value.starts_with(' ') || value.ends_with(' ') {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// One CSV line of `cells`, ending in CRLF.
pub fn csv_row(cells: &[String]) -> String {
    let mut line = cells
        .iter()
        .map(|c| csv_cell(c))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// The attendee list as CSV (organizers): the file name and its text.
pub async fn attendees_csv(db: &Db, user: &CurrentUser, slug: &str) -> AppResult<(String, String)> {
    let list = attendees(db, user, slug).await?;
    let asked: Vec<&String> = list.questions.iter().filter(|q| !q.is_empty()).collect();
    let mut header: Vec<String> = [
        "Name",
        "Email",
        "Status",
        "Plus-ones",
        "Waitlist position",
        "Answered",
        "Checked in",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(asked.iter().map(|q| (*q).clone()));
    let mut out = csv_row(&header);
    for person in &list.people {
        let mut cells = vec![
            person.name.clone(),
            person.email.clone(),
            person.status.label().to_owned(),
            person.plus_ones.to_string(),
            person.position.map(|p| p.to_string()).unwrap_or_default(),
            person.answered.clone(),
            if person.checked_in { "yes" } else { "no" }.to_owned(),
        ];
        cells.extend(person.answers.iter().cloned());
        out.push_str(&csv_row(&cells));
    }
    for (name, partner) in &list.sponsor_guests {
        out.push_str(&csv_row(&[
            name.clone(),
            String::new(),
            format!("Sponsor guest ({partner})"),
            "0".to_owned(),
            String::new(),
            String::new(),
            "no".to_owned(),
        ]));
    }
    Ok((format!("{}-attendees.csv", list.event), out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rsvp::domain::normalise_code;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        assert_eq!(csv_cell("Ada"), "Ada");
        assert_eq!(csv_cell("Lovelace, Ada"), "\"Lovelace, Ada\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("Zoë"), "Zoë");
    }

    #[test]
    fn ticket_codes_use_the_readable_alphabet() {
        let code = new_code().unwrap();
        assert_eq!(normalise_code(&code).as_deref(), Some(code.as_str()));
    }
}
