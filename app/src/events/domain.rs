//! Event values and the event life cycle (draft → published → cancelled).

use crate::{error::AppError, groups::domain::text};
use serde::{Deserialize, Serialize};

/// What kind of event it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventFormat {
    Meetup,
    Hackathon,
    Conference,
    Other,
}

crate::stored_as_text!(EventFormat {
    Meetup,
    Hackathon,
    Conference,
    Other
});

impl EventFormat {
    pub const ALL: [EventFormat; 4] =
        [Self::Meetup, Self::Hackathon, Self::Conference, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Meetup => "meetup",
            Self::Hackathon => "hackathon",
            Self::Conference => "conference",
            Self::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Meetup => "Meetup",
            Self::Hackathon => "Hackathon",
            Self::Conference => "Conference",
            Self::Other => "Event",
        }
    }

    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == raw.trim())
            .ok_or_else(|| {
                AppError::invalid(field, "Choose meetup, hackathon, conference or other.")
            })
    }
}

/// Where an event is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventStatus {
    /// Only organizers see it.
    Draft,
    /// Everyone sees it.
    Published,
    /// Still visible, with a banner; cannot be edited or published again.
    Cancelled,
}

crate::stored_as_text!(EventStatus {
    Draft,
    Published,
    Cancelled
});

/// What organizers do to an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventChange {
    Edit,
    Publish,
    Cancel,
    Delete,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Cancelled => "cancelled",
        }
    }

    /// The state after `change`, or why it is not allowed. All transitions live here.
    pub fn apply(self, change: EventChange) -> Result<Option<EventStatus>, AppError> {
        use EventChange::*;
        use EventStatus::*;
        match (self, change) {
            (Draft | Published, Edit) => Ok(Some(self)),
            (Draft, Publish) => Ok(Some(Published)),
            (Published, Publish) => Err(AppError::conflict("", "This event is already published.")),
            (Draft | Published, Cancel) => Ok(Some(Cancelled)),
            (Draft, Delete) => Ok(None),
            (Published, Delete) => Err(AppError::conflict(
                "",
                "Published events cannot be deleted, because people may have seen or saved them. Cancel it instead.",
            )),
            (Cancelled, Delete) => Err(AppError::conflict("", "Cancelled events stay visible and cannot be deleted.")),
            (Cancelled, _) => Err(AppError::conflict("", "This event was cancelled and can no longer be changed.")),
        }
    }
}

/// An event title, 1 to 120 characters.
pub fn parse_title(field: &str, raw: &str) -> Result<String, AppError> {
    text(field, raw, "title", 1, 120, false)
}

/// A Markdown description, up to 10,000 characters.
pub fn parse_description(field: &str, raw: &str) -> Result<String, AppError> {
    text(field, raw, "description", 0, 10_000, true)
}

/// An optional short text (venue name, address, cancel reason).
pub fn parse_optional(
    field: &str,
    raw: &str,
    label: &str,
    max: usize,
) -> Result<Option<String>, AppError> {
    let value = text(field, raw, label, 0, max, false)?;
    Ok((!value.is_empty()).then_some(value))
}

/// An optional http(s) link for joining online.
pub fn parse_online_link(field: &str, raw: &str) -> Result<Option<String>, AppError> {
    crate::groups::domain::Website::parse(field, raw)
        .map(|w| w.as_deref().map(str::to_owned))
        .map_err(|_| {
            AppError::invalid(
                field,
                "Enter a full link starting with https:// or http://.",
            )
        })
}

/// The largest capacity accepted: larger numbers are typing mistakes.
pub const MAX_CAPACITY: i64 = 100_000;

/// An optional capacity; empty means unlimited.
pub fn parse_capacity(field: &str, raw: &str) -> Result<Option<i64>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<i64>() {
        Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Ok(Some(n)),
        Ok(n) if n < 1 => Err(AppError::invalid(
            field,
            "Capacity must be at least 1, or empty for unlimited.",
        )),
        Ok(_) => Err(AppError::invalid(field, "Capacity can be 100,000 at most.")),
        Err(_) => Err(AppError::invalid(
            field,
            "Enter a whole number, or leave it empty for unlimited.",
        )),
    }
}

/// Where an event is, in one line: "venue, address", or whichever of the two it has.
pub fn venue_line(name: Option<&str>, address: Option<&str>) -> Option<String> {
    match (name, address) {
        (Some(name), Some(address)) => Some(format!("{name}, {address}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_owned()),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EventChange::*;
    use EventStatus::*;

    #[test]
    fn a_venue_line_has_what_the_event_has() {
        assert_eq!(
            venue_line(Some("c-base"), Some("Rungestraße 20")).as_deref(),
            Some("c-base, Rungestraße 20")
        );
        assert_eq!(
            venue_line(None, Some("Rungestraße 20")).as_deref(),
            Some("Rungestraße 20")
        );
        assert_eq!(venue_line(None, None), None);
    }

    #[test]
    fn drafts_publish_and_published_events_cancel() {
        assert_eq!(Draft.apply(Publish).unwrap(), Some(Published));
        assert_eq!(Published.apply(Cancel).unwrap(), Some(Cancelled));
        assert_eq!(Draft.apply(Cancel).unwrap(), Some(Cancelled));
    }

    #[test]
    fn only_drafts_can_be_deleted() {
        assert_eq!(Draft.apply(Delete).unwrap(), None);
        assert_eq!(Published.apply(Delete).unwrap_err().status(), 409);
        assert_eq!(Cancelled.apply(Delete).unwrap_err().status(), 409);
    }

    #[test]
    fn cancelled_events_cannot_be_edited_or_published() {
        for change in [Edit, Publish, Cancel] {
            assert_eq!(Cancelled.apply(change).unwrap_err().status(), 409);
        }
    }

    #[test]
    fn capacity_is_empty_or_between_one_and_a_hundred_thousand() {
        assert_eq!(parse_capacity("c", "").unwrap(), None);
        assert_eq!(parse_capacity("c", " 40 ").unwrap(), Some(40));
        for bad in ["0", "-5", "100001", "ten", "1.5"] {
            assert!(parse_capacity("c", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn online_links_must_be_http_or_https() {
        assert!(parse_online_link("l", "javascript:alert(1)").is_err());
        assert_eq!(
            parse_online_link("l", "https://meet.example/x")
                .unwrap()
                .as_deref(),
            Some("https://meet.example/x")
        );
    }
}
