//! What organizers see of the invitations they sent.

use super::domain::InviteState;
use crate::mail::api::MailStatus;
use serde::{Deserialize, Serialize};

/// An invitation on an organizers' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentInvitation {
    pub invitation_id: i64,
    pub email: String,
    pub state: InviteState,
    pub invited_by: Option<String>,
    /// When the latest mail was written, in the group's (or event's) zone.
    pub sent: String,
    /// How many times it was sent.
    pub sends: i64,
    pub opened: Option<String>,
    pub answered: Option<String>,
    /// Speakers: the proposed topic.
    pub topic: String,
    /// The latest mail's delivery, and why it failed.
    pub mail: Option<MailStatus>,
    pub mail_error: Option<String>,
    pub may_resend: bool,
    pub may_revoke: bool,
}
