//! Widgets shared by every domain: layout, auth gates, error pages.

mod copy;
mod layout;
mod status;

pub use copy::CopyField;
pub use layout::{refresh_user_after, Header, UserResource};
pub use status::{encode as status_encode, set_page_status, ErrorPage, NotFoundPage, RequireUser};
