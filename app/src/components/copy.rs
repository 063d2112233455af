//! A read-only address to copy: selectable text without JavaScript, and a "Copy" button
//! once the page is interactive.

use leptos::prelude::*;

/// A labelled read-only field holding `value`, with a copy button after hydration.
#[component]
pub fn CopyField(id: &'static str, label: String, value: String) -> impl IntoView {
    view! {
        <div class="field copy-field">
            <label for=id>{label}</label>
            <div class="copy-row">
                <input id=id type="text" readonly value=value />
                <CopyButton />
            </div>
            <p id=format!("{id}-status") class="hint" role="status" aria-live="polite"></p>
        </div>
    }
}

/// The "Copy" button of the `.copy-field` around it (an island, shown only where it works).
/// Focusing the field selects its text, so Ctrl+C (or a long press) copies all of it.
#[island]
fn CopyButton() -> impl IntoView {
    let interactive = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        interactive.set(true);
        browser::select_on_focus(button);
    });
    view! {
        <button type="button" class="button" hidden=move || !interactive.get() node_ref=button
            on:click=move |_| browser::copy(button)>
            "Copy"
        </button>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::{
        prelude::*,
        wasm_bindgen::{closure::Closure, JsCast, JsValue},
        web_sys::{Element, HtmlInputElement},
    };

    /// The field's input and status line, found from its button.
    fn parts(button: NodeRef<leptos::html::Button>) -> Option<(HtmlInputElement, Element)> {
        let field = button.get_untracked()?.closest(".copy-field").ok()??;
        let input = field.query_selector("input").ok()??.dyn_into().ok()?;
        let status = field.query_selector("[role=status]").ok()??;
        let _ = button
            .get_untracked()?
            .set_attribute("aria-describedby", &status.id());
        Some((input, status))
    }

    pub fn select_on_focus(button: NodeRef<leptos::html::Button>) {
        if let Some((input, _)) = parts(button) {
            let select = input.clone();
            let on_focus = Closure::<dyn Fn()>::new(move || select.select());
            let _ =
                input.add_event_listener_with_callback("focus", on_focus.as_ref().unchecked_ref());
            on_focus.forget();
        }
    }

    /// Puts the field's text on the clipboard and says so; where the browser refuses (an
    /// insecure origin, no permission), selects the field and says how to copy it.
    pub fn copy(button: NodeRef<leptos::html::Button>) {
        let Some((input, status)) = parts(button) else {
            return;
        };
        let said = status.clone();
        let selected = input.clone();
        let fallback = move || {
            selected.select();
            said.set_text_content(Some("Selected: press Ctrl+C (⌘C on a Mac) to copy."));
        };
        let window: JsValue = window().into();
        let promise = js_sys::Reflect::get(&window, &JsValue::from_str("navigator"))
            .and_then(|navigator| js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")))
            .ok()
            .filter(|c| !c.is_undefined())
            .and_then(|clipboard| {
                let write =
                    js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok()?;
                let write = write.dyn_into::<js_sys::Function>().ok()?;
                write
                    .call1(&clipboard, &JsValue::from_str(&input.value()))
                    .ok()
            });
        let then = promise.as_ref().and_then(|promise| {
            js_sys::Reflect::get(promise, &JsValue::from_str("then"))
                .ok()?
                .dyn_into::<js_sys::Function>()
                .ok()
        });
        match (promise, then) {
            (Some(promise), Some(then)) => {
                let done = Closure::once_into_js(move |_: JsValue| {
                    status.set_text_content(Some("Copied."));
                });
                let failed = Closure::once_into_js(move |_: JsValue| fallback());
                let _ = then.call2(&promise, &done, &failed);
            }
            _ => fallback(),
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    use leptos::prelude::NodeRef;

    pub fn select_on_focus(_: NodeRef<leptos::html::Button>) {}
    pub fn copy(_: NodeRef<leptos::html::Button>) {}
}
