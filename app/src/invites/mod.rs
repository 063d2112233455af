//! Invitations by mail (co-organizers of a group, speakers of an event, co-speakers of a
//! talk, partners of an event): one life cycle for all of them, single-use links that expire
//! and can be revoked, one table, and the parts their link pages share.

pub mod api;
pub mod domain;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;
