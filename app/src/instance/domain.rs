//! Instance settings as plain values.

use serde::{Deserialize, Serialize};

/// Who can create an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignUp {
    /// Anyone.
    Open,
    /// Only an address with a pending invitation (to organize, speak or sponsor).
    InvitedOnly,
}

/// Who can create groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupCreation {
    Anyone,
    AdminsOnly,
}

impl SignUp {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InvitedOnly => "invited",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "open" => Some(Self::Open),
            "invited" => Some(Self::InvitedOnly),
            _ => None,
        }
    }
}

impl GroupCreation {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Anyone => "anyone",
            Self::AdminsOnly => "admins",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "anyone" => Some(Self::Anyone),
            "admins" => Some(Self::AdminsOnly),
            _ => None,
        }
    }
}

/// The name shown when none is set.
pub const DEFAULT_NAME: &str = "Hallway";

/// Daily limits on mail that people make Hallway send on their behalf (admins set them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quotas {
    /// Invitations (to organize, speak, join a talk or sponsor) one account sends a day.
    pub invitations_per_account: i64,
    /// Invitations sent for one event (or one group's organizers) a day, by everyone.
    pub invitations_per_event: i64,
    /// Announcements one account sends a day, over all its events.
    pub announcements_per_account: i64,
}

impl Default for Quotas {
    fn default() -> Self {
        Self {
            invitations_per_account: 50,
            invitations_per_event: 200,
            announcements_per_account: 10,
        }
    }
}

/// The largest daily limit an admin can set.
pub const MAX_QUOTA: i64 = 100_000;

/// A daily limit as typed on `/admin`: a whole number from 1 to [`MAX_QUOTA`].
pub fn parse_quota(raw: &str) -> Option<i64> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=MAX_QUOTA).contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_their_stored_names() {
        for s in [SignUp::Open, SignUp::InvitedOnly] {
            assert_eq!(SignUp::parse(s.as_str()), Some(s));
        }
        for g in [GroupCreation::Anyone, GroupCreation::AdminsOnly] {
            assert_eq!(GroupCreation::parse(g.as_str()), Some(g));
        }
        assert_eq!(SignUp::parse("everyone"), None);
        assert_eq!(GroupCreation::parse(""), None);
    }

    #[test]
    fn quotas_are_whole_numbers_from_one_up() {
        assert_eq!(parse_quota(" 50 "), Some(50));
        assert_eq!(parse_quota("0"), None);
        assert_eq!(parse_quota("-3"), None);
        assert_eq!(parse_quota("1.5"), None);
        assert_eq!(parse_quota("100001"), None);
    }
}
