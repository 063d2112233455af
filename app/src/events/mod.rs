//! Events: drafts, publishing, edits, cancellation, series, and the event and listing pages.

pub mod announce;
#[cfg(feature = "ssr")]
pub mod announcements;
pub mod api;
#[cfg(feature = "ssr")]
pub mod core_row;
pub mod cover;
#[cfg(feature = "ssr")]
pub mod cover_service;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod mails;
pub mod pages;
#[cfg(feature = "ssr")]
mod queries;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod time;
pub mod views;
