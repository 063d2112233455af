//! Announcements (server only): organizers write to the people going and/or waiting, with
//! the count of recipients shown first, under the group's daily limit.

use super::service::{require_organizer, MAX_ANNOUNCEMENTS_PER_DAY};
use super::{
    domain::{parse_description, parse_optional, EventStatus},
    queries::{self},
};
use crate::{
    accounts::views::CurrentUser,
    db::{self, Db},
    error::{AppError, AppResult},
};

/// An announcement as typed.
pub struct AnnouncementForm {
    pub subject: String,
    pub body: String,
    pub going: bool,
    pub waitlisted: bool,
}

/// Who an announcement would reach (organizers).
pub async fn announcement_audience(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
) -> AppResult<super::views::AudienceView> {
    let mut tx = db.begin_write().await?;
    let event = queries::event_by_slug(&mut *tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    require_organizer(&mut tx, event.group_id, user).await?;
    let counts: Vec<(String, i64, i64)> = sqlx::query_as(
        "select r.status, count(*), cast(coalesce(sum(1 - a.mail_announcements), 0) as bigint)
         from rsvp r join account a on a.account_id = r.account_id
         where r.event_id = $1 and r.status in ('going', 'waitlisted') group by r.status",
    )
    .bind(event.event_id)
    .fetch_all(&mut *tx)
    .await?;
    let sent_today =
        crate::mail::jobs::announcements_since(&mut tx, event.event_id, db::now() - 24 * 3600)
            .await?;
    tx.commit().await?;
    let of = |status: &str| {
        counts
            .iter()
            .find(|(s, _, _)| s == status)
            .map(|(_, n, off)| (*n, *off))
            .unwrap_or((0, 0))
    };
    let (going, going_off) = of("going");
    let (waitlisted, waitlisted_off) = of("waitlisted");
    Ok(super::views::AudienceView {
        slug: event.slug,
        title: event.title,
        published: event.status == EventStatus::Published,
        going,
        going_off,
        waitlisted,
        waitlisted_off,
        left_today: (MAX_ANNOUNCEMENTS_PER_DAY - sent_today).max(0),
    })
}

/// Sends organizers' words to the people going and/or waiting: one mail job, written now,
/// mailed by the worker. At most [`MAX_ANNOUNCEMENTS_PER_DAY`] a day per event.
pub async fn announce(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    form: &AnnouncementForm,
) -> AppResult<()> {
    let mut checks = crate::error::FieldChecks::default();
    let subject = checks.check(
        parse_optional("subject", &form.subject, "subject", 150).and_then(|s| {
            s.ok_or_else(|| AppError::invalid("subject", "Give the mail a subject."))
        }),
    );
    let body = checks.check(parse_description("body", &form.body).and_then(|b| {
        if b.trim().is_empty() {
            Err(AppError::invalid("body", "Write the message."))
        } else {
            Ok(b)
        }
    }));
    if !form.going && !form.waitlisted {
        checks.check::<()>(Err(AppError::invalid(
            "audience",
            "Choose who gets it: the people going, the waitlist, or both.",
        )));
    }
    checks.finish()?;
    let (Some(subject), Some(body)) = (subject, body) else {
        return Err(AppError::BadRequest);
    };
    let subject = crate::mail::message::header_text(&subject);
    let mut tx = db.begin_write().await?;
    let event = queries::event_by_slug(&mut *tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    require_organizer(&mut tx, event.group_id, user).await?;
    if event.status != EventStatus::Published {
        return Err(AppError::conflict(
            "",
            "Only a published event can be announced to its attendees.",
        ));
    }
    let sent_today =
        crate::mail::jobs::announcements_since(&mut tx, event.event_id, db::now() - 24 * 3600)
            .await?;
    if sent_today >= MAX_ANNOUNCEMENTS_PER_DAY {
        return Err(AppError::TooManyRequests(format!(
            "An event can send {MAX_ANNOUNCEMENTS_PER_DAY} announcements a day; try again tomorrow."
        )));
    }
    let quotas = crate::instance::service::quotas(&mut *tx).await?;
    crate::instance::service::charge_daily(
        &mut tx,
        &format!("announce-by:{}", user.account_id),
        quotas.announcements_per_account,
        format!(
            "You sent {} announcements in the last 24 hours, this Hallway's daily limit for one person. Please try again tomorrow.",
            quotas.announcements_per_account
        ),
    )
    .await?;
    let audience = match (form.going, form.waitlisted) {
        (true, true) => "going,waitlisted",
        (true, false) => "going",
        _ => "waitlisted",
    };
    crate::mail::jobs::enqueue_announcement(&mut tx, event.event_id, &subject, &body, audience)
        .await?;
    tx.commit().await?;
    Ok(())
}
