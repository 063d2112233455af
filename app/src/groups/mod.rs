//! Groups: the communities that run events, their owner and co-organizers.

#[cfg(feature = "ssr")]
pub mod access;
pub mod api;
pub mod domain;
pub mod invite_page;
#[cfg(feature = "ssr")]
pub mod invite_service;
pub mod invites;
mod new_group;
pub mod pages;
#[cfg(feature = "ssr")]
pub(crate) mod queries;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
