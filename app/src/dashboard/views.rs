//! The data the dashboard pages show (shared by the server and the browser): what the server
//! functions return and the use cases build.

use serde::{Deserialize, Serialize};

/// The groups a person organizes, their next events and what needs attention.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizerView {
    pub groups: Vec<HomeGroup>,
    pub events: Vec<HomeEvent>,
    pub attention: Vec<Attention>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeGroup {
    pub slug: String,
    pub name: String,
    pub owner: bool,
}

/// One of the next events a person runs, with its RSVP counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeEvent {
    pub slug: String,
    pub title: String,
    pub group_name: String,
    /// "Tue 5 Mar 2030, 19:00 – 21:30 CET (UTC+01:00) (Europe/Berlin)"
    pub when: String,
    pub draft: bool,
    /// Seats taken by people going and their guests.
    pub going: i64,
    pub capacity: Option<i64>,
    pub waiting: i64,
}

/// Something to do, said in a sentence, and where to do it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    pub text: String,
    pub href: String,
}
