//! What organizers see of the invitations they sent, and what every link page shows of the
//! invitation it opens.

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

/// What every invitation link page shows of the invitation itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedInvitation {
    pub invited_by: Option<String>,
    pub email: String,
    pub message: String,
    pub state: InviteState,
    /// Until when it can be accepted, in the group's (or event's) zone.
    pub expires: String,
    /// The signed-in viewer's address, if any.
    pub signed_in_as: Option<String>,
}

impl OpenedInvitation {
    /// Who invited, or `fallback` when their account is gone.
    pub fn inviter_or(&self, fallback: &str) -> String {
        self.invited_by
            .clone()
            .unwrap_or_else(|| fallback.to_owned())
    }
}
