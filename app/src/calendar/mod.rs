//! Calendar feeds: one event, a group, the whole site, as iCalendar (RFC 5545 / 7986).

#[cfg(feature = "ssr")]
pub mod feed;
#[cfg(feature = "ssr")]
mod queries;
#[cfg(feature = "ssr")]
pub mod service;
