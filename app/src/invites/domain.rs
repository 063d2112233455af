//! The life cycle of an invitation, as plain functions.
//!
//! An invitation is sent as a link that holds a 256-bit token (only its hash is stored). It is
//! *pending* until the person accepts or declines it, the organizers revoke it, or its time
//! runs out. Sending it again makes a new link (the old one stops working) and a new deadline.

use serde::{Deserialize, Serialize};

/// How long an invitation link works.
pub const TTL_SECS: i64 = 14 * 24 * 3600;
/// How many times one invitation may be sent (the first time included).
pub const MAX_SENDS: i64 = 5;

/// Where an invitation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InviteState {
    Pending,
    Accepted,
    Declined,
    Expired,
    Revoked,
}

// Expiry is not stored ("pending" reads as Pending; `at` tells whether it has expired).
crate::stored_as_text!(InviteState {
    Pending,
    Accepted,
    Declined,
    Revoked,
    Expired
});

/// What can happen to an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteStep {
    Accept,
    Decline,
    Revoke,
    /// Send again: a new link and a new deadline.
    Resend,
}

impl InviteState {
    /// The state a stored invitation is in at `now`: a pending one past its deadline is expired.
    pub fn at(self, expires_at: i64, now: i64) -> Self {
        match self {
            Self::Pending | Self::Expired if now >= expires_at => Self::Expired,
            Self::Pending | Self::Expired => Self::Pending,
            other => other,
        }
    }

    /// How the state is stored (expiry is not stored: it follows from the deadline).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending | Self::Expired => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Revoked => "revoked",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "Pending",
            Self::Accepted => "Accepted",
            Self::Declined => "Declined",
            Self::Expired => "Expired",
            Self::Revoked => "Revoked",
        }
    }

    /// The one place that says which steps are allowed: the state after `step`, or why not.
    pub fn after(self, step: InviteStep) -> Result<Self, &'static str> {
        use InviteState::*;
        use InviteStep::*;
        match (self, step) {
            (Pending, Accept) => Ok(Accepted),
            (Pending, Decline) => Ok(Declined),
            (Pending | Expired, Revoke) => Ok(Revoked),
            // An expired invitation can be sent again; so can a declined one (people change
            // their minds), which makes it pending.
            (Pending | Expired | Declined, Resend) => Ok(Pending),
            (Expired, Accept | Decline) => {
                Err("This invitation has expired. Ask the organizers to send a new one.")
            }
            (Revoked, _) => Err("This invitation was withdrawn by the organizers."),
            (Accepted, _) => Err("This invitation was already accepted."),
            (Declined, Accept | Decline) => Err("This invitation was declined."),
            (Declined, Revoke) => {
                Err("This invitation was declined; there is nothing to withdraw.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{InviteState::*, InviteStep::*, *};

    const ALL: [InviteState; 5] = [Pending, Accepted, Declined, Expired, Revoked];
    const STEPS: [InviteStep; 4] = [Accept, Decline, Revoke, Resend];

    #[test]
    fn a_pending_invitation_can_be_accepted_declined_revoked_or_sent_again() {
        assert_eq!(Pending.after(Accept), Ok(Accepted));
        assert_eq!(Pending.after(Decline), Ok(Declined));
        assert_eq!(Pending.after(Revoke), Ok(Revoked));
        assert_eq!(Pending.after(Resend), Ok(Pending));
    }

    #[test]
    fn accepted_and_revoked_invitations_are_final() {
        for state in [Accepted, Revoked] {
            for step in STEPS {
                assert!(state.after(step).is_err(), "{state:?} {step:?}");
            }
        }
    }

    #[test]
    fn an_expired_invitation_can_only_be_sent_again_or_withdrawn() {
        assert!(Expired.after(Accept).is_err());
        assert!(Expired.after(Decline).is_err());
        assert_eq!(Expired.after(Resend), Ok(Pending));
        assert_eq!(Expired.after(Revoke), Ok(Revoked));
    }

    #[test]
    fn only_a_pending_invitation_can_be_answered() {
        for state in ALL {
            for step in [Accept, Decline] {
                assert_eq!(
                    state.after(step).is_ok(),
                    state == Pending,
                    "{state:?} {step:?}"
                );
            }
        }
    }

    #[test]
    fn expiry_follows_from_the_deadline_not_from_a_stored_state() {
        let stored = |s: &str| InviteState::try_from(s.to_owned()).unwrap();
        assert_eq!(stored("pending").at(100, 99), Pending);
        assert_eq!(stored("pending").at(100, 100), Expired);
        assert_eq!(stored("accepted").at(100, 500), Accepted);
        assert_eq!(stored("revoked").at(100, 5), Revoked);
        for state in ALL {
            let back = stored(state.as_str()).at(100, if state == Expired { 200 } else { 50 });
            assert_eq!(back, state);
        }
        assert!(InviteState::try_from("maybe".to_owned()).is_err());
    }
}
