//! The data the accounts pages show (shared by the server and the browser): what the server
//! functions return and the use cases build.

use serde::{Deserialize, Serialize};

/// The signed-in person as pages see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub account_id: i64,
    pub email: String,
    pub display_name: String,
}

/// Which bulk mails a person gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSettingsView {
    /// A reminder a day before events they are going to.
    pub reminders: bool,
    /// Organizers' announcements.
    pub announcements: bool,
}

/// The signed-in person's address and whether it is confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailStatusView {
    pub email: String,
    pub confirmed: bool,
    /// A new address the account moves to once its link is opened.
    pub pending: Option<String>,
}
