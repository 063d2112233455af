//! Partners and sponsorships: an event's tiers (money in minor units with an ISO 4217 code)
//! and goal, the group's partners with logos and contacts, each partner's way through the
//! event's pipeline (prospect → invited → interested → agreed → invoiced → paid, or declined /
//! withdrawn) with a benefits checklist and passes, partner invitations to a portal that needs
//! no account, and the sponsors shown on the event and group pages.

pub mod api;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod logo;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod partners;
#[cfg(feature = "ssr")]
pub mod portal;
pub mod portal_pages;
#[cfg(feature = "ssr")]
pub mod public;
pub mod public_pages;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
