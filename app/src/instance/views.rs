//! The data the instance pages show (shared by the server and the browser): what the server
//! functions return and the use cases build.

use super::domain::{GroupCreation, Quotas, SignUp};
use serde::{Deserialize, Serialize};

/// `/admin`: what the admins set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceView {
    pub name: String,
    pub sign_up: SignUp,
    pub group_creation: GroupCreation,
    pub quotas: Quotas,
    /// `HALLWAY_PUBLIC_URL` (configuration, shown for reference).
    pub public_url: String,
    pub admins: Vec<String>,
}
