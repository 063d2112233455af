//! Invitations by mail (co-organizers of a group, speakers of an event): one life cycle for
//! all of them, single-use links that expire and can be revoked, one table.

pub mod api;
pub mod domain;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;
