//! Widgets shared by every domain: layout, auth gates, error pages.

mod avatar;
mod copy;
mod layout;
mod status;

pub use avatar::Avatar;
pub use copy::CopyField;
pub use layout::{refresh_user_after, Header, MeTabs, UserResource, WelcomeNotice};
pub use status::{encode as status_encode, set_page_status, ErrorPage, NotFoundPage, RequireUser};
