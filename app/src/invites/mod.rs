//! Invitations by mail (co-organizers now; speakers and partners later): one life cycle for
//! all of them, single-use links that expire and can be revoked.

pub mod domain;
