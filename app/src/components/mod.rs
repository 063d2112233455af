//! Widgets shared by every domain: layout, auth gates, error pages.

mod avatar;
mod copy;
mod layout;
mod local_time;
mod status;

pub use avatar::Avatar;
pub use copy::CopyField;
pub use layout::{refresh_user_after, Header, MeTabs, UserResource, WelcomeNotice};
pub use local_time::{EventLocalTime, LocalTimeNote, LocalTimes, SlotLocalTime};
pub use status::{encode as status_encode, set_page_status, ErrorPage, NotFoundPage, RequireUser};

/// Every element of the page that matches `selector` (in the browser).
#[cfg(feature = "hydrate")]
pub fn select_all(selector: &str) -> Vec<leptos::web_sys::Element> {
    use leptos::wasm_bindgen::{JsCast, JsValue};
    let document: JsValue = leptos::prelude::document().into();
    let found = js_sys::Reflect::get(&document, &JsValue::from_str("querySelectorAll"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&document, &JsValue::from_str(selector)).ok());
    found
        .map(|list| js_sys::Array::from(&list))
        .map(|list| list.iter().filter_map(|e| e.dyn_into().ok()).collect())
        .unwrap_or_default()
}
