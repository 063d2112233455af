//! Mail: a transactional outbox (every mail is stored in the transaction of the change that
//! causes it), a delivery worker (SMTP, or `.eml` files when none is configured), and the
//! outbox page organizers use to see what was sent.

pub mod api;
#[cfg(feature = "ssr")]
pub mod compose;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod message;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
#[cfg(feature = "ssr")]
pub mod worker;
