//! Calendar feeds: one event, a group, the whole site, as iCalendar (RFC 5545 / 7986), and
//! the "Add to calendar" links of event pages.

use serde::{Deserialize, Serialize};

pub mod api;
#[cfg(feature = "ssr")]
pub mod feed;
#[cfg(feature = "ssr")]
pub mod links;
pub mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod queries;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;

/// Where an event page sends people who want it in their calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarLinks {
    /// The event's own `.ics` (download).
    pub ics: String,
    pub google: String,
    pub outlook: String,
    /// The group's feed, to subscribe: `https://…` to copy and `webcal://…` to open.
    pub group_https: String,
    pub group_webcal: String,
}
