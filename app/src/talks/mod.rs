//! Speakers and talks: an event's call for papers with its formats and tracks, submissions,
//! the organizers' decisions, the speakers' confirmation, and the public lineup.

pub mod api;
#[cfg(feature = "ssr")]
pub mod cospeakers;
pub mod domain;
pub mod invite_pages;
pub mod pages;
#[cfg(feature = "ssr")]
mod queries;
#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod review;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod speaker_invites;
