//! The instance as a whole: its admins and the settings they keep on `/admin` (the name
//! shown on the home page, whether anyone can sign up or only people invited, and who may
//! create groups).

pub mod api;
pub mod domain;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
