//! Group values and the organizer roles, parsed once at the edge.

use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// A URL slug: lower-case letters, digits and single hyphens, 3 to 60 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub const MIN_LEN: usize = 3;
    pub const MAX_LEN: usize = 60;

    /// Normalises what people type (case, spaces, underscores, repeated hyphens) and refuses
    /// anything else that is not a-z, 0-9 or a hyphen.
    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let lowered = raw.trim().to_lowercase();
        let mut slug = String::with_capacity(lowered.len());
        for c in lowered.chars() {
            let c = if c.is_whitespace() || c == '_' {
                '-'
            } else {
                c
            };
            if !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                return Err(AppError::invalid(
                    field,
                    format!("“{c}” cannot be used in a web address: use letters a–z, digits and hyphens."),
                ));
            }
            if c == '-' && (slug.is_empty() || slug.ends_with('-')) {
                continue;
            }
            slug.push(c);
        }
        while slug.ends_with('-') {
            slug.pop();
        }
        if slug.len() < Self::MIN_LEN {
            return Err(AppError::invalid(
                field,
                "Web addresses need at least 3 letters or digits.",
            ));
        }
        if slug.len() > Self::MAX_LEN {
            return Err(AppError::invalid(
                field,
                "Web addresses can be 60 characters at most.",
            ));
        }
        Ok(Self(slug))
    }

    /// Suggests a slug from a name, dropping characters a slug cannot hold.
    pub fn suggest(name: &str) -> String {
        let kept: String = name
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let mut slug = String::new();
        for part in kept.split('-').filter(|p| !p.is_empty()) {
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str(part);
        }
        slug.chars()
            .take(Self::MAX_LEN)
            .collect::<String>()
            .trim_end_matches('-')
            .to_owned()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Trims `raw` and checks it is between `min` and `max` characters with no control characters
/// (newlines allowed when `multiline`).
pub(crate) fn text(
    field: &str,
    raw: &str,
    label: &str,
    min: usize,
    max: usize,
    multiline: bool,
) -> Result<String, AppError> {
    let value = raw.trim();
    let length = value.chars().count();
    if length < min {
        let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        return Err(AppError::invalid(
            field,
            format!("Enter {article} {label}."),
        ));
    }
    if length > max {
        return Err(AppError::invalid(
            field,
            format!("The {label} can be {max} characters at most (this one has {length})."),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
    {
        return Err(AppError::invalid(
            field,
            format!("The {label} contains characters that cannot be shown."),
        ));
    }
    Ok(value.to_owned())
}

/// A group's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupName(String);

impl GroupName {
    pub const MAX_LEN: usize = 80;

    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        text(field, raw, "group name", 1, Self::MAX_LEN, false).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Markdown description of a group (may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description(String);

impl Description {
    pub const MAX_LEN: usize = 2000;

    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        text(field, raw, "description", 0, Self::MAX_LEN, true).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An optional http(s) web address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Website(Option<String>);

impl Website {
    pub const MAX_LEN: usize = 200;

    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let value = raw.trim();
        if value.is_empty() {
            return Ok(Self(None));
        }
        if value.chars().count() > Self::MAX_LEN {
            return Err(AppError::invalid(
                field,
                "Web addresses can be 200 characters at most.",
            ));
        }
        let lower = value.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"));
        match rest {
            Some(host)
                if !host.is_empty()
                    && !host.starts_with('/')
                    && !value.chars().any(|c| {
                        c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>'
                    }) =>
            {
                Ok(Self(Some(value.to_owned())))
            }
            _ => Err(AppError::invalid(
                field,
                "Enter a full web address starting with https:// or http://.",
            )),
        }
    }

    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

/// An optional city name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct City(Option<String>);

impl City {
    pub const MAX_LEN: usize = 80;

    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let value = text(field, raw, "city", 0, Self::MAX_LEN, false)?;
        Ok(Self((!value.is_empty()).then_some(value)))
    }

    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

/// Zones offered first in time-zone fields; any IANA name is accepted.
pub const COMMON_TIME_ZONES: &[&str] = &[
    "UTC",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Brussels",
    "Europe/Zurich",
    "Europe/Vienna",
    "Europe/Rome",
    "Europe/Madrid",
    "Europe/Stockholm",
    "Europe/Oslo",
    "Europe/Copenhagen",
    "Europe/Helsinki",
    "Europe/Warsaw",
    "Europe/Prague",
    "Europe/Athens",
    "Europe/Kyiv",
    "Europe/Istanbul",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Toronto",
    "America/Vancouver",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "America/Buenos_Aires",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Perth",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
];

/// What a person may do in a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Created the group or was handed it: may delete it and hand it on.
    Owner,
    /// A co-organizer: may edit the group and manage its events.
    Organizer,
}

crate::stored_as_text!(Role { Owner, Organizer });

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Organizer => "organizer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Owner => "Owner",
            Self::Organizer => "Co-organizer",
        }
    }
}

/// Actions on a group, checked against the actor's role in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupAction {
    Edit,
    ManageOrganizers,
    /// Create, edit, publish, cancel and delete the group's events.
    ManageEvents,
    TransferOwnership,
    Delete,
}

/// Whether someone with `role` (None: not an organizer) may take `action`.
pub fn may(role: Option<Role>, action: GroupAction) -> bool {
    matches!(
        (role, action),
        (Some(Role::Owner), _)
            | (
                Some(Role::Organizer),
                GroupAction::Edit | GroupAction::ManageOrganizers | GroupAction::ManageEvents
            )
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugs_are_lower_cased_and_spaces_become_single_hyphens() {
        assert_eq!(
            Slug::parse("slug", "  Rust  Berlin__Meetup- ")
                .unwrap()
                .as_str(),
            "rust-berlin-meetup"
        );
    }

    #[test]
    fn slugs_with_odd_characters_are_refused_with_the_character_named() {
        let error = Slug::parse("slug", "rust/berlin").unwrap_err();
        assert!(error.field_message("slug").unwrap().contains('/'));
        assert!(Slug::parse("slug", "café").is_err());
    }

    #[test]
    fn slugs_must_have_three_to_sixty_characters() {
        assert!(Slug::parse("slug", "ab").is_err());
        assert!(Slug::parse("slug", "---").is_err());
        assert!(Slug::parse("slug", &"a".repeat(61)).is_err());
        assert!(Slug::parse("slug", &"a".repeat(60)).is_ok());
    }

    #[test]
    fn suggested_slugs_come_from_the_name() {
        assert_eq!(Slug::suggest("Rust Meetup: Berlin!"), "rust-meetup-berlin");
    }

    #[test]
    fn websites_must_be_http_or_https() {
        assert!(Website::parse("w", "javascript:alert(1)").is_err());
        assert!(Website::parse("w", "ftp://x.org").is_err());
        assert!(Website::parse("w", "https://").is_err());
        assert_eq!(
            Website::parse("w", " https://rust.berlin ")
                .unwrap()
                .as_deref(),
            Some("https://rust.berlin")
        );
        assert_eq!(Website::parse("w", "").unwrap().as_deref(), None);
    }

    #[test]
    fn only_owners_may_delete_or_hand_on_a_group() {
        for action in [
            GroupAction::Edit,
            GroupAction::ManageOrganizers,
            GroupAction::TransferOwnership,
            GroupAction::Delete,
        ] {
            assert!(may(Some(Role::Owner), action));
            assert!(!may(None, action));
        }
        assert!(may(Some(Role::Organizer), GroupAction::Edit));
        assert!(may(Some(Role::Organizer), GroupAction::ManageOrganizers));
        assert!(may(Some(Role::Organizer), GroupAction::ManageEvents));
        assert!(!may(None, GroupAction::ManageEvents));
        assert!(!may(Some(Role::Organizer), GroupAction::Delete));
        assert!(!may(Some(Role::Organizer), GroupAction::TransferOwnership));
    }

    #[test]
    fn group_names_over_eighty_characters_are_refused_with_the_count() {
        let error = GroupName::parse("name", &"x".repeat(81)).unwrap_err();
        assert!(error.field_message("name").unwrap().contains("81"));
    }

    proptest! {
        #[test]
        fn parsed_slugs_only_hold_safe_characters(raw in "\\PC{0,80}") {
            if let Ok(slug) = Slug::parse("slug", &raw) {
                let s = slug.as_str();
                prop_assert!(s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
                prop_assert!(!s.starts_with('-') && !s.ends_with('-') && !s.contains("--"));
                prop_assert!((Slug::MIN_LEN..=Slug::MAX_LEN).contains(&s.len()));
            }
        }

        #[test]
        fn parsing_a_parsed_slug_changes_nothing(raw in "[a-zA-Z0-9 _-]{0,70}") {
            if let Ok(slug) = Slug::parse("slug", &raw) {
                prop_assert_eq!(Slug::parse("slug", slug.as_str()).unwrap(), slug);
            }
        }

        #[test]
        fn suggestions_from_ascii_names_parse_when_long_enough(name in "[a-zA-Z0-9 ]{0,80}") {
            let suggestion = Slug::suggest(&name);
            if suggestion.len() >= Slug::MIN_LEN {
                prop_assert!(Slug::parse("slug", &suggestion).is_ok());
            }
        }
    }
}
