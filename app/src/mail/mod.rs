//! Mail: a transactional outbox (every mail is stored in the transaction of the change that
//! causes it), a delivery worker (SMTP, or `.eml` files when none is configured), and the
//! outbox page organizers use to see what was sent.

#[cfg(feature = "ssr")]
pub mod compose;
#[cfg(feature = "ssr")]
pub mod message;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod worker;
