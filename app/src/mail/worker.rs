//! The delivery worker (server only): claims due mails from the outbox and delivers them by
//! SMTP, or writes them as `.eml` files when no SMTP server is configured. Runs in every
//! server process; claims keep two workers from sending one mail.
//!
//! Delivery is at least once: a mail is marked sent right after the SMTP server accepted it;
//! a process killed between the two (milliseconds) leaves it to be sent again when its lease
//! runs out, with the same Message-ID, which receiving systems use to drop the copy.
//!
//! Leases are short ([`LEASE_SECS`]) and renewed while a worker holds its mails, so mails
//! claimed by a process that was killed go out again within a lease after any worker (a
//! restarted one, or another instance) looks, instead of waiting minutes.

use super::{
    jobs,
    message::{build, StoredMail},
    queries::{self, Claimed},
};
use crate::db::{self, Db};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::{path::PathBuf, time::Duration};
use tokio::sync::watch;

/// How mail leaves Hallway.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server (`smtp://`, `smtps://` or `smtp://…?tls=required` URL).
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files in this folder (no SMTP configured).
    Files(PathBuf),
}

impl Transport {
    /// SMTP from a URL such as `smtp://user:password@mail.example.org:587?tls=required`
    /// (STARTTLS), `smtps://…:465` (TLS) or `smtp://127.0.0.1:2525` (plain, local only).
    pub fn smtp(url: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("HALLWAY_SMTP_URL is not a usable SMTP URL: {e}"))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(Self::Smtp(transport))
    }
}

/// What the worker needs to know.
#[derive(Clone)]
pub struct MailSettings {
    pub transport: Transport,
    /// `Hallway <hallway@events.example.org>`
    pub from: String,
    /// The public address of this Hallway, for links in mails written by jobs.
    pub site: String,
    /// Seconds before the first retry; each next wait doubles (capped at six hours).
    pub retry_base_secs: i64,
    /// Tries before a mail is marked failed for good.
    pub max_attempts: i64,
    /// How often an idle worker looks for due mail.
    pub poll: Duration,
    /// How long a claim holds without being renewed ([`LEASE_SECS`]; tests shorten it).
    pub lease_secs: i64,
    /// Sent mails (and `.eml` files) are deleted this many days after they went out.
    pub retention_days: i64,
}

/// What stays of a mail once it was sent: the same text with every link token (a run of 32
/// or more hex digits: sessions, resets, invitations, RSVP and portal links, unsubscribe and
/// feed tokens) replaced, so a copy of the outbox opens nothing.
pub fn without_secrets(text: &str) -> String {
    const REMOVED: &str = "[removed once sent]";
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars() {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        out.push_str(if run.len() >= 32 { REMOVED } else { &run });
        run.clear();
        out.push(c);
    }
    out.push_str(if run.len() >= 32 { REMOVED } else { &run });
    out
}

/// Deletes sent mails past the retention period, and `.eml` files as old; at most hourly per
/// process.
async fn prune(db: &Db, settings: &MailSettings, now: i64) {
    use std::sync::atomic::{AtomicI64, Ordering};
    static LAST: AtomicI64 = AtomicI64::new(0);
    if now - LAST.load(Ordering::Relaxed) < 3600 {
        return;
    }
    LAST.store(now, Ordering::Relaxed);
    let before = now - settings.retention_days * 24 * 3600;
    match queries::prune_sent(db.writer(), before).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(mails = n, "deleted sent mails past their retention"),
        Err(error) => tracing::warn!(%error, "could not delete old mails"),
    }
    if let Transport::Files(dir) = &settings.transport {
        prune_files(dir, before).await;
    }
}

/// Deletes `.eml` files in `dir` last written before `before` (Unix seconds).
async fn prune_files(dir: &std::path::Path, before: i64) {
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else {
        return;
    };
    while let Ok(Some(entry)) = entries.next_entry().await {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "eml") {
            continue;
        }
        let written = entry
            .metadata()
            .await
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        if written.is_some_and(|w| w < before) {
            let _ = tokio::fs::remove_file(&path).await;
        }
    }
}

/// How long a worker's claim on a mail or job holds; the worker renews it every third of that
/// while it still works on it, so only a dead worker's claims run out.
pub const LEASE_SECS: i64 = 30;
const BATCH: i64 = 10;

/// The wait before try number `attempts + 1`.
pub fn backoff(base: i64, attempts: i64) -> i64 {
    let doubled = base.saturating_mul(1_i64 << attempts.clamp(1, 20).saturating_sub(1));
    doubled.min(6 * 3600)
}

/// Delivers mail until `stop` turns true; finishes the mail in hand first.
pub async fn run(db: Db, settings: MailSettings, mut stop: watch::Receiver<bool>) {
    loop {
        if *stop.borrow() {
            return;
        }
        let expanded = match expand_due_job(&db, &settings, &stop).await {
            Ok(expanded) => expanded,
            Err(error) => {
                tracing::warn!(%error, "could not write the mails of a job");
                false
            }
        };
        prune(&db, &settings, db::now()).await;
        match deliver_due(&db, &settings, &stop).await {
            Ok(0) if expanded => {}
            Ok(0) | Err(_) => {
                tokio::select! {
                    _ = tokio::time::sleep(settings.poll) => {}
                    _ = stop.changed() => {}
                }
            }
            Ok(_) => {}
        }
    }
}

/// The address part of a From (`hallway@example.org` of `Hallway <hallway@example.org>`).
fn sender_address(from: &str) -> String {
    from.parse::<lettre::message::Mailbox>()
        .map(|mailbox| mailbox.email.to_string())
        .unwrap_or_else(|_| from.to_owned())
}

/// Turns one due mail job into its mails, batch by batch; returns whether there was one.
async fn expand_due_job(
    db: &Db,
    settings: &MailSettings,
    stop: &watch::Receiver<bool>,
) -> crate::error::AppResult<bool> {
    let now = db::now();
    crate::events::mails::remind_due(db, &settings.site, now).await?;
    crate::talks::reminders::confirm_reminders_due(db, &settings.site, now).await?;
    crate::rsvp::holds::release_expired(db, now, &settings.site).await?;
    if !jobs::any_due(db, now).await? {
        return Ok(false);
    }
    let lease = settings.lease_secs;
    let Some(mut job) = jobs::claim(db, now, now + lease).await? else {
        return Ok(false);
    };
    let sender = sender_address(&settings.from);
    loop {
        if *stop.borrow() {
            jobs::release(db, job.job_id).await?;
            return Ok(true);
        }
        let mut tx = db.begin_write().await?;
        let (cursor, done) =
            crate::events::mails::mail_batch(&mut tx, &job, &settings.site, &sender).await?;
        jobs::advance(&mut tx, job.job_id, cursor, db::now() + lease, done).await?;
        tx.commit().await?;
        job.cursor = cursor;
        if done {
            return Ok(true);
        }
    }
}

/// Claims and delivers one batch; returns how many mails it handled.
async fn deliver_due(
    db: &Db,
    settings: &MailSettings,
    stop: &watch::Receiver<bool>,
) -> Result<usize, ()> {
    let now = db::now();
    let due = queries::any_due(db.pool(), now).await.map_err(|error| {
        tracing::warn!(%error, "could not look for due mail");
    })?;
    if !due {
        return Ok(0);
    }
    let lease = settings.lease_secs;
    let claimed = queries::claim(db, now, now + lease, BATCH)
        .await
        .map_err(|error| tracing::warn!(%error, "could not claim mail"))?;
    let count = claimed.len();
    let ids: Vec<i64> = claimed.iter().map(|mail| mail.mail_id).collect();
    let renewing = tokio::spawn(renew_leases(db.clone(), ids, lease));
    for mail in claimed {
        if *stop.borrow() {
            // Unstarted mails go back at once rather than waiting out their lease.
            let _ = queries::mark_unsent(db.writer(), mail.mail_id, Some(now), "").await;
            continue;
        }
        deliver(db, settings, mail).await;
    }
    renewing.abort();
    Ok(count)
}

/// Keeps this worker's claim on `ids` (those still being sent) until it is stopped.
async fn renew_leases(db: Db, ids: Vec<i64>, lease: i64) {
    let every = Duration::from_secs(u64::try_from(lease / 3).unwrap_or(1).max(1));
    loop {
        tokio::time::sleep(every).await;
        if let Err(error) = queries::renew_leases(db.writer(), &ids, db::now() + lease).await {
            tracing::warn!(%error, "could not renew the lease on mails being sent");
        }
    }
}

enum Outcome {
    Sent(&'static str),
    Retry(String),
    Failed(String),
}

async fn deliver(db: &Db, settings: &MailSettings, mail: Claimed) {
    let outcome = attempt(settings, &mail).await;
    let now = db::now();
    let result = match &outcome {
        Outcome::Sent(by) => {
            let bodies = (
                without_secrets(&mail.body_text),
                without_secrets(&mail.body_html),
            );
            queries::mark_sent(db.writer(), mail.mail_id, by, now, (&bodies.0, &bodies.1)).await
        }
        Outcome::Retry(error) if mail.attempts < settings.max_attempts => {
            let due = now + backoff(settings.retry_base_secs, mail.attempts);
            tracing::warn!(mail = mail.mail_id, attempt = mail.attempts, %error, "mail not delivered; will retry");
            queries::mark_unsent(db.writer(), mail.mail_id, Some(due), error).await
        }
        Outcome::Retry(error) | Outcome::Failed(error) => {
            tracing::warn!(mail = mail.mail_id, attempt = mail.attempts, %error, "mail failed for good");
            queries::mark_unsent(db.writer(), mail.mail_id, None, error).await
        }
    };
    if let Err(error) = result {
        tracing::error!(mail = mail.mail_id, %error, "could not record a delivery");
    }
}

async fn attempt(settings: &MailSettings, mail: &Claimed) -> Outcome {
    let stored = StoredMail {
        message_id: mail.message_id.clone(),
        to_address: mail.to_address.clone(),
        to_name: mail.to_name.clone(),
        subject: mail.subject.clone(),
        body_text: mail.body_text.clone(),
        body_html: mail.body_html.clone(),
        ics: mail.ics.clone(),
        ics_method: mail.ics_method.clone(),
        unsubscribe_url: mail.unsubscribe_url.clone(),
        created_at: mail.created_at,
    };
    let message = match build(&stored, &settings.from) {
        Ok(message) => message,
        Err(error) => return Outcome::Failed(error.0),
    };
    match &settings.transport {
        Transport::Smtp(smtp) => match smtp.send(message).await {
            Ok(_) => Outcome::Sent("smtp"),
            Err(error) if error.is_permanent() => Outcome::Failed(error.to_string()),
            Err(error) => Outcome::Retry(error.to_string()),
        },
        Transport::Files(dir) => {
            let path = dir.join(format!("{:06}-{}.eml", mail.mail_id, mail.kind));
            let written = async {
                tokio::fs::create_dir_all(dir).await?;
                tokio::fs::write(&path, message.formatted()).await
            };
            match written.await {
                Ok(()) => Outcome::Sent("file"),
                Err(error) => {
                    Outcome::Retry(format!("could not write {}: {error}", path.display()))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn a_sent_copy_keeps_its_words_but_no_link_token() {
        let token = "9f".repeat(32);
        let text = format!(
            "Choose a new password: https://hallway.example/reset-password?token={token}\nTicket CODE00123, colour #ff8800."
        );
        let kept = super::without_secrets(&text);
        assert!(!kept.contains(&token), "{kept}");
        assert!(kept.contains("reset-password?token=[removed once sent]"));
        assert!(
            kept.ends_with("Ticket CODE00123, colour #ff8800."),
            "{kept}"
        );
        assert_eq!(super::without_secrets(&token), "[removed once sent]");
    }

    #[test]
    fn retries_wait_twice_as_long_each_time_up_to_six_hours() {
        assert_eq!(backoff(30, 1), 30);
        assert_eq!(backoff(30, 2), 60);
        assert_eq!(backoff(30, 3), 120);
        assert_eq!(backoff(30, 8), 3840);
        assert_eq!(backoff(30, 30), 6 * 3600);
        assert_eq!(backoff(1, 0), 1);
    }
}
