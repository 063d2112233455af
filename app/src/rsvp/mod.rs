//! RSVPs: going, plus-ones, the waitlist, questions, tickets, the attendee list and check-in.

pub mod api;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod door;
#[cfg(feature = "ssr")]
pub mod guest;
pub mod guest_api;
pub mod guest_pages;
#[cfg(feature = "ssr")]
pub mod holds;
#[cfg(feature = "ssr")]
pub mod ledger;
#[cfg(feature = "ssr")]
pub mod mails;
pub mod pages;
pub mod parts;
#[cfg(feature = "ssr")]
mod queries;
pub mod scan;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
