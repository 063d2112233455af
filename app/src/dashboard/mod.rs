//! An organizer's home: their groups, the next events they run with RSVP counts, and what
//! needs their attention (drafts, talks waiting for a decision or a confirmation, failed
//! mails). It reads other domains' tables and changes nothing.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
mod queries;
#[cfg(feature = "ssr")]
mod service;
pub mod views;
