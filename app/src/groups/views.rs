//! The data the groups pages show (shared by the server and the browser): what the server
//! functions return and the use cases build.

use super::domain::Role;
use serde::{Deserialize, Serialize};

/// A group in a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub slug: String,
    pub name: String,
    pub city: Option<String>,
    /// The first line of the description, as plain text.
    pub blurb: String,
}

/// Someone who runs a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organizer {
    pub account_id: i64,
    pub display_name: String,
    /// Only sent to the group's organizers.
    pub email: Option<String>,
    pub role: Role,
}

/// A group's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    pub slug: String,
    pub name: String,
    /// The Markdown source, sent to organizers only (for the settings form).
    pub description: Option<String>,
    /// The description rendered to safe HTML on the server.
    pub description_html: String,
    /// The description's first line as plain text (for link previews).
    pub blurb: String,
    pub website: Option<String>,
    pub city: Option<String>,
    /// The IANA zone new events start in.
    pub time_zone: String,
    pub organizers: Vec<Organizer>,
    /// The viewer's role, if they organize this group.
    pub my_role: Option<Role>,
    /// The group's calendar feed, absolute (`https://…/g/{slug}/calendar.ics`).
    pub feed_url: String,
    /// `#rrggbb`: its events' covers are drawn in it.
    pub colour: String,
}

/// What the invitation link shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationPage {
    pub group_slug: String,
    pub group_name: String,
    pub invitation: crate::invites::api::OpenedInvitation,
    /// The viewer already organizes the group.
    pub already_organizer: bool,
}
