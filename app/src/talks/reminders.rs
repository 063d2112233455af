//! "Action needed": reminding speakers of accepted talks to confirm before the deadline
//! (server only, run by the mail worker). Each talk's speakers are reminded once.

use super::queries;
use crate::{
    db::Db,
    error::AppResult,
    invites::service::when,
    mail::{compose::Body, queries::NewMail, service::enqueue},
};

/// How long before the confirm-by deadline the reminder goes out.
pub const LEAD_SECS: i64 = 48 * 3600;

/// Writes the reminders that are due; returns how many talks were reminded.
pub async fn confirm_reminders_due(db: &Db, site: &str, now: i64) -> AppResult<usize> {
    if !queries::any_confirm_reminder_due(db.pool(), now, LEAD_SECS).await? {
        return Ok(0);
    }
    let mut tx = db.begin_write().await?;
    let due = queries::claim_confirm_reminders(&mut tx, now, LEAD_SECS, 50).await?;
    for talk in &due {
        let zone = talk.time_zone;
        let by = when(zone, talk.confirm_by);
        for (name, email) in queries::speakers_of_talk(&mut *tx, talk.talk_id).await? {
            let mut body = Body::new(&format!("Hi {name},"));
            body.paragraph(&format!(
                "Your talk \"{}\" for {} is accepted and waits for your confirmation, by {by}. Until you confirm, it is not in the program.",
                talk.title, talk.event_title
            ))
            .action("Confirm your talk", &format!("{site}/me/talks"))
            .paragraph("Can't give it after all? Say so on the same page, so the organizers can plan.");
            let (body_text, body_html) = body.finish(&format!(
                "You get this because your talk for {} was accepted.",
                talk.event_title
            ));
            let mail = NewMail {
                kind: "talk_confirm_reminder",
                to_address: email,
                to_name: name,
                subject: format!("Action needed: confirm your talk by {by}"),
                body_text,
                body_html,
                group_id: Some(talk.group_id),
                event_id: Some(talk.event_id),
                ..NewMail::default()
            };
            enqueue(&mut tx, &mail, site).await?;
        }
    }
    tx.commit().await?;
    Ok(due.len())
}
