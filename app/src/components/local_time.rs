//! Times in the viewer's own zone, filled in by the browser. The server renders each as an
//! empty, hidden element that carries the instant (`data-local`, see below); the one
//! [`LocalTimes`] island of every page fills those whose zone differs from the event's. Without
//! JavaScript they stay hidden and the event's own times (with its zone) are all there is.

use leptos::prelude::*;

/// `<p>` "Your time: …" for an event from `starts_at` to `ends_at` (Unix seconds) in `zone`.
#[component]
pub fn EventLocalTime(starts_at: i64, ends_at: i64, zone: String) -> impl IntoView {
    view! {
        <p class="viewer-time" data-local="event" data-starts=starts_at data-ends=ends_at data-zone=zone hidden></p>
    }
}

/// " (HH:MM your time)" for a session starting at `at`, where the event's zone is `offset`
/// minutes from UTC.
#[component]
pub fn SlotLocalTime(at: i64, offset: i32) -> impl IntoView {
    view! { <span class="your-time" data-local="slot" data-at=at data-offset=offset hidden></span> }
}

/// Text shown only once the page runs in the browser (where local times are filled in).
#[component]
pub fn LocalTimeNote(text: &'static str) -> impl IntoView {
    view! { <span data-local="note" hidden>{text}</span> }
}

/// Fills the page's local times (an island without props, in every page's footer).
#[island]
pub fn LocalTimes() -> impl IntoView {
    Effect::new(move |_| fill());
}

#[cfg(feature = "hydrate")]
fn fill() {
    for el in super::select_all("[data-local]") {
        let number = |name: &str| {
            el.get_attribute(name)
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or_default()
        };
        let text = match el.get_attribute("data-local").as_deref() {
            Some("event") => browser::event_time(
                number("data-starts"),
                number("data-ends"),
                &el.get_attribute("data-zone").unwrap_or_default(),
            )
            .map(|t| format!("Your time: {t}")),
            Some("slot") => browser::slot_time(number("data-at"), number("data-offset") as i32)
                .map(|t| format!(" ({t} your time)")),
            Some("note") => el.text_content(),
            _ => None,
        };
        if let Some(text) = text {
            el.set_text_content(Some(&text));
            let _ = el.remove_attribute("hidden");
        }
    }
}

#[cfg(not(feature = "hydrate"))]
fn fill() {}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::wasm_bindgen::JsValue;

    /// The event's time in the viewer's zone, when that is not the event's.
    pub fn event_time(starts_at: i64, ends_at: i64, event_zone: &str) -> Option<String> {
        let resolved =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
                .resolved_options();
        let viewer_zone = js_sys::Reflect::get(&resolved, &JsValue::from_str("timeZone"))
            .ok()?
            .as_string()?;
        if viewer_zone == event_zone {
            return None;
        }
        let options = js_sys::Object::new();
        for (key, value) in [
            ("weekday", "short"),
            ("day", "numeric"),
            ("month", "short"),
            ("year", "numeric"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("timeZoneName", "short"),
        ] {
            js_sys::Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value))
                .ok()?;
        }
        let show = |secs: i64| {
            let date = js_sys::Date::new(&JsValue::from_f64(secs as f64 * 1000.0));
            String::from(date.to_locale_string("en-GB", &options))
        };
        Some(format!(
            "{} – {} ({viewer_zone})",
            show(starts_at),
            show(ends_at)
        ))
    }

    /// The viewer's clock time for an instant, when their zone's offset differs from the
    /// event's.
    pub fn slot_time(at: i64, event_offset: i32) -> Option<String> {
        let date = js_sys::Date::new(&JsValue::from_f64(at as f64 * 1000.0));
        let offset = -(date.get_timezone_offset() as i32);
        (offset != event_offset)
            .then(|| format!("{:02}:{:02}", date.get_hours(), date.get_minutes()))
    }
}
