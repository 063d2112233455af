//! RSVPs: going, plus-ones, the waitlist, questions, tickets, the attendee list and check-in.

pub mod api;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod guest;
pub mod guest_api;
pub mod guest_pages;
#[cfg(feature = "ssr")]
pub mod holds;
#[cfg(feature = "ssr")]
pub mod mails;
pub mod pages;
#[cfg(feature = "ssr")]
mod queries;
#[cfg(feature = "ssr")]
pub mod service;
