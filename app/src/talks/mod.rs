//! Speakers and talks: an event's call for papers with its formats and tracks, submissions,
//! the organizers' decisions, the speakers' confirmation, and the public lineup.

pub mod api;
#[cfg(feature = "ssr")]
pub mod cospeakers;
#[cfg(feature = "ssr")]
pub mod decisions;
pub mod domain;
pub mod invite_pages;
pub mod pages;
pub mod public_pages;
#[cfg(feature = "ssr")]
mod queries;
#[cfg(feature = "ssr")]
mod receipt;
#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod review;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod speaker_invites;
#[cfg(feature = "ssr")]
pub mod speakers;
pub mod views;
