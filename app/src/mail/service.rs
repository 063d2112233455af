//! Mail use cases (server only): writing mail into the outbox inside the caller's
//! transaction, and what organizers see of it.

use super::{
    queries::{self, NewMail},
    views::{MailStatus, OutboxMail, OutboxView},
};
use crate::{
    accounts::{session::random_token, views::CurrentUser},
    db::{self, Tx},
    error::{AppError, AppResult},
    events::time::from_unix,
    groups::{access, queries as groups},
};

/// The host name of a site address (`events.example.org` of `https://events.example.org:8443/x`).
pub fn host_of(site: &str) -> &str {
    site.split("://")
        .nth(1)
        .unwrap_or(site)
        .split(['/', ':'])
        .next()
        .filter(|h| !h.is_empty())
        .unwrap_or("hallway")
}

/// Writes `mail` into the outbox as part of `tx`: it is sent only if `tx` commits.
/// `site` is this Hallway's public address; its host names the Message-ID.
pub async fn enqueue(tx: &mut Tx, mail: &NewMail, site: &str) -> AppResult<()> {
    enqueue_tracked(tx, mail, site).await.map(drop)
}

/// [`enqueue`], returning the mail's Message-ID so that what caused it (an invitation) can
/// show its delivery status.
pub async fn enqueue_tracked(tx: &mut Tx, mail: &NewMail, site: &str) -> AppResult<String> {
    let host = host_of(site);
    let id = random_token(16).map_err(|error| {
        tracing::error!(%error, "no randomness for a Message-ID");
        AppError::Internal
    })?;
    let message_id = format!("<{id}@{host}>");
    queries::insert(tx, mail, &message_id, db::now()).await?;
    Ok(message_id)
}

/// The group, if `user` may see its mail.
async fn group_for_organizer(
    db: &crate::db::Db,
    user: &CurrentUser,
    slug: &str,
) -> AppResult<(i64, String, chrono_tz::Tz)> {
    let group = groups::group_by_slug(db.pool(), slug).await?;
    let group = access::for_organizer(db.pool(), group, user, || {
        AppError::Forbidden("Only the group's organizers can see its mail.".to_owned())
    })
    .await?;
    Ok((group.group_id, group.name, group.time_zone))
}

fn status_of(row: &queries::OutboxRow) -> MailStatus {
    MailStatus::of(&row.status, row.delivered_by.as_deref(), row.attempts)
}

/// The latest 200 mails about a group and its events (organizers).
pub async fn group_outbox(
    db: &crate::db::Db,
    user: &CurrentUser,
    slug: &str,
) -> AppResult<OutboxView> {
    let (group_id, name, zone) = group_for_organizer(db, user, slug).await?;
    let rows = queries::of_group(db.pool(), group_id, 200).await?;
    let when = |at: i64| {
        from_unix(at)
            .with_timezone(&zone)
            .format("%a %-d %b %Y, %H:%M %Z")
            .to_string()
    };
    let mails = rows
        .iter()
        .map(|row| OutboxMail {
            mail_id: row.mail_id,
            to: if row.to_name.is_empty() {
                row.to_address.clone()
            } else {
                format!("{} <{}>", row.to_name, row.to_address)
            },
            subject: row.subject.clone(),
            event: row.event_title.clone(),
            status: status_of(row),
            attempts: row.attempts,
            error: row.last_error.clone().filter(|e| !e.is_empty()),
            created: when(row.created_at),
            sent: row.sent_at.map(when),
        })
        .collect();
    Ok(OutboxView {
        group_slug: slug.to_owned(),
        group_name: name,
        mails,
    })
}

/// Sends a failed mail again (organizers).
pub async fn resend(
    db: &crate::db::Db,
    user: &CurrentUser,
    slug: &str,
    mail_id: i64,
) -> AppResult<()> {
    let (group_id, _, _) = group_for_organizer(db, user, slug).await?;
    let mut tx = db.begin_write().await?;
    if !queries::resend(&mut tx, group_id, mail_id, db::now()).await? {
        return Err(AppError::conflict(
            "",
            "Only a mail that failed can be sent again.",
        ));
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::host_of;

    #[test]
    fn the_message_id_host_is_the_sites_host_name() {
        assert_eq!(host_of("https://events.example.org"), "events.example.org");
        assert_eq!(host_of("http://127.0.0.1:3000"), "127.0.0.1");
        assert_eq!(host_of("https://x.example/sub"), "x.example");
        assert_eq!(host_of(""), "hallway");
    }
}
