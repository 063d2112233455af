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
}
