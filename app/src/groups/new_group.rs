//! The "Start a group" form in the browser: the web address follows the name until it is
//! edited by hand, says whether it is free as it changes, and the time zone starts as the
//! browser's own. Without JavaScript none of this runs: the server makes the address from the
//! name when it is left empty, and refuses a taken one next to the field.

use leptos::prelude::*;

#[cfg(feature = "hydrate")]
mod browser {
    use super::super::{api::GroupSlugStatus, domain::Slug};
    use leptos::{
        prelude::*,
        wasm_bindgen::{JsCast, JsValue},
        web_sys::{Event, HtmlInputElement},
    };
    use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

    /// Set once the address was typed by hand: the name no longer changes it.
    static EDITED: AtomicBool = AtomicBool::new(false);
    /// The latest check asked for; older answers are dropped.
    static CHECK: AtomicU32 = AtomicU32::new(0);

    fn input(id: &str) -> Option<HtmlInputElement> {
        document().get_element_by_id(id)?.dyn_into().ok()
    }

    pub fn on_input(event: Event) {
        let Some(target) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        match target.id().as_str() {
            "field-name" if !EDITED.load(Ordering::Relaxed) => {
                if let Some(slug) = input("field-slug") {
                    slug.set_value(&Slug::suggest(&target.value()));
                    check_soon();
                }
            }
            "field-slug" => {
                EDITED.store(!target.value().is_empty(), Ordering::Relaxed);
                check_soon();
            }
            _ => {}
        }
    }

    /// Asks the server about the address once typing pauses.
    fn check_soon() {
        let n = CHECK.fetch_add(1, Ordering::Relaxed) + 1;
        set_timeout(
            move || {
                if CHECK.load(Ordering::Relaxed) != n {
                    return;
                }
                let Some(slug) = input("field-slug").map(|i| i.value()) else {
                    return;
                };
                leptos::task::spawn_local(async move {
                    let said = if slug.trim().is_empty() {
                        String::new()
                    } else {
                        slug_status(&slug).await.unwrap_or_default()
                    };
                    if CHECK.load(Ordering::Relaxed) == n {
                        if let Some(status) = document().get_element_by_id("slug-status") {
                            status.set_text_content(Some(&said));
                        }
                    }
                });
            },
            std::time::Duration::from_millis(300),
        );
    }

    /// Asks the server function `group_slug_status` with the browser's own `fetch` (its body
    /// is a form, its answer a JSON string): the server-function client would add its JSON
    /// parser and HTTP layer to the bundle for this one call.
    async fn slug_status(slug: &str) -> Option<String> {
        use js_sys::{Function, Object, Promise, Reflect};
        use leptos::server_fn::ServerFn;
        use wasm_bindgen_futures::JsFuture;
        let window: JsValue = window().into();
        let headers = Object::new();
        Reflect::set(
            &headers,
            &"Content-Type".into(),
            &"application/x-www-form-urlencoded".into(),
        )
        .ok()?;
        Reflect::set(&headers, &"Accept".into(), &"application/json".into()).ok()?;
        let init = Object::new();
        Reflect::set(&init, &"method".into(), &"POST".into()).ok()?;
        Reflect::set(&init, &"headers".into(), &headers).ok()?;
        let body = format!("slug={}", String::from(js_sys::encode_uri_component(slug)));
        Reflect::set(&init, &"body".into(), &body.into()).ok()?;
        let fetch: Function = Reflect::get(&window, &"fetch".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let url = JsValue::from_str(GroupSlugStatus::url());
        let response = JsFuture::from(Promise::from(fetch.call2(&window, &url, &init).ok()?))
            .await
            .ok()?;
        if Reflect::get(&response, &"ok".into()).ok()?.as_bool() != Some(true) {
            return None;
        }
        let json: Function = Reflect::get(&response, &"json".into())
            .ok()?
            .dyn_into()
            .ok()?;
        JsFuture::from(Promise::from(json.call0(&response).ok()?))
            .await
            .ok()?
            .as_string()
    }

    pub fn suggest_time_zone() {
        EDITED.store(false, Ordering::Relaxed);
        let options =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
                .resolved_options();
        let zone = js_sys::Reflect::get(&options, &JsValue::from_str("timeZone"))
            .ok()
            .and_then(|z| z.as_string());
        if let (Some(zone), Some(field)) = (zone, input("field-time_zone")) {
            if field.value() == "UTC" {
                field.set_value(&zone);
            }
        }
    }
}

#[cfg(feature = "hydrate")]
use browser::{on_input, suggest_time_zone};

#[cfg(not(feature = "hydrate"))]
fn on_input(_event: leptos::ev::Event) {}

#[cfg(not(feature = "hydrate"))]
fn suggest_time_zone() {}

/// Around the new group's form (rendered on the server, `children`): the island that makes
/// the suggestions.
#[island]
pub fn Suggestions(children: Children) -> impl IntoView {
    Effect::new(move |_| suggest_time_zone());
    view! { <div on:input=on_input>{children()}</div> }
}
