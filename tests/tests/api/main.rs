//! Integration tests: a real Hallway over HTTP, on SQLite and on PostgreSQL.

mod accounts;
mod groups;
mod helpers;
mod pages;
