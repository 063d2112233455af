//! The schedule: an event's rooms and track colours, the organizers' conflict-checked working
//! schedule (talks, breaks, blockers), numbered published versions with their change lists,
//! the public schedule page and its files (iCalendar, frab XML, JSON).

pub mod api;
pub mod domain;
pub mod editor_pages;
#[cfg(feature = "ssr")]
pub mod edits;
#[cfg(feature = "ssr")]
pub mod export;
pub mod pages;
mod placement;
#[cfg(feature = "ssr")]
pub mod public;
#[cfg(feature = "ssr")]
pub mod publish;
#[cfg(feature = "ssr")]
pub(crate) mod queries;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
