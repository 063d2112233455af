//! The data the calendar pages show (shared by the server and the browser): what the server
//! functions return and the use cases build.

use serde::{Deserialize, Serialize};

/// The signed-in person's feed, as far as a page may show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalFeedState {
    /// They have a working feed address.
    pub active: bool,
    /// Its address, only in the browser that just made it (for a few minutes): Hallway keeps
    /// a hash of it, not the address.
    pub url: Option<String>,
}
