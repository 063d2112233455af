//! Integration tests: a real Hallway over HTTP, on SQLite and on PostgreSQL.

// A failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod assets;
mod authorization;
mod compression;
mod covers;
mod events;
mod feeds;
mod groups;
mod guests;
mod helpers;
mod home;
mod ical_parser;
mod invitations;
mod links;
mod mail;
mod navigation;
mod operate;
mod page_cache;
mod pages;
mod recovery;
mod rsvps;
mod schedule;
mod security;
mod smtp;
mod sponsors;
mod stored;
mod talks;
