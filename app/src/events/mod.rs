//! Events: drafts, publishing, edits, cancellation, series, and the event and listing pages.

pub mod announce;
pub mod api;
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
