//! The data the mail pages show (shared by the server and the browser): what the server
//! functions return and the use cases build.

use serde::{Deserialize, Serialize};

/// Where a mail stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MailStatus {
    /// Waiting for its first try.
    Queued,
    /// Tried, failed for a passing reason, waiting for the next try.
    Retrying,
    /// Accepted by the SMTP server.
    Sent,
    /// Written as an `.eml` file (no SMTP configured).
    Written,
    /// Given up: a permanent refusal, or too many tries.
    Failed,
}

impl MailStatus {
    /// From an outbox row's status, how it was delivered and how many tries it took.
    pub fn of(status: &str, delivered_by: Option<&str>, attempts: i64) -> Self {
        match status {
            "sent" if delivered_by == Some("file") => Self::Written,
            "sent" => Self::Sent,
            "failed" => Self::Failed,
            "queued" if attempts > 0 => Self::Retrying,
            _ => Self::Queued,
        }
    }

    /// The badge class that goes with the status.
    pub fn badge(self) -> &'static str {
        match self {
            Self::Failed => "badge badge-danger",
            Self::Retrying => "badge badge-warning",
            Self::Sent | Self::Written => "badge badge-ok",
            Self::Queued => "badge",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Queued => "Queued",
            Self::Retrying => "Retrying",
            Self::Sent => "Sent",
            Self::Written => "Written to file",
            Self::Failed => "Failed",
        }
    }
}

/// One mail on the outbox page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub mail_id: i64,
    pub to: String,
    pub subject: String,
    pub event: Option<String>,
    pub status: MailStatus,
    pub attempts: i64,
    /// Why the last try failed.
    pub error: Option<String>,
    /// In the group's zone.
    pub created: String,
    pub sent: Option<String>,
}

/// A group's outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxView {
    pub group_slug: String,
    pub group_name: String,
    pub mails: Vec<OutboxMail>,
}
