//! A read-only address to copy: selectable text without JavaScript, and a "Copy" button
//! once the page is interactive.

use leptos::prelude::*;

/// A labelled read-only field holding `value`, with a copy button after hydration (an
/// island: the only part of its page that runs in the browser).
#[island]
pub fn CopyField(#[prop(into)] id: String, label: String, value: String) -> impl IntoView {
    // The button appears only after hydration, where it works; the server renders none.
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let said = RwSignal::new("");
    let copied = value.clone();
    let status = format!("{id}-status");
    let button_id = id.clone();
    view! {
        <div class="field copy-field">
            <label for=id.clone()>{label}</label>
            <div class="copy-row">
                <input id=id.clone() type="text" readonly value=value on:focus=|ev| select_target(&ev) />
                {move || interactive.get().then(|| {
                    let copied = copied.clone();
                    let id = button_id.clone();
                    view! {
                        <button type="button" class="button" aria-describedby=format!("{id}-status")
                            on:click=move |_| copy_text(id.clone(), &copied, said)>
                            "Copy"
                        </button>
                    }
                })}
            </div>
            <p id=status class="hint" role="status" aria-live="polite">{move || said.get()}</p>
        </div>
    }
}

/// Selects a focused field's text, so Ctrl+C (or a long press) copies all of it.
fn select_target(ev: &leptos::ev::FocusEvent) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
        {
            input.select();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// Puts `text` on the clipboard and says so in `said`; where the browser refuses (an insecure
/// origin, no permission), selects the field and says how to copy it.
#[cfg(feature = "hydrate")]
fn copy_text(id: String, text: &str, said: RwSignal<&'static str>) {
    use leptos::wasm_bindgen::{closure::Closure, JsCast, JsValue};
    let fallback = move || {
        if let Some(input) = document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
        {
            input.select();
        }
        said.set("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    };
    let window: JsValue = window().into();
    let promise = js_sys::Reflect::get(&window, &JsValue::from_str("navigator"))
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")))
        .ok()
        .filter(|c| !c.is_undefined())
        .and_then(|clipboard| {
            let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok()?;
            let write = write.dyn_into::<js_sys::Function>().ok()?;
            write.call1(&clipboard, &JsValue::from_str(text)).ok()
        });
    let then = promise.as_ref().and_then(|promise| {
        js_sys::Reflect::get(promise, &JsValue::from_str("then"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()
    });
    match (promise, then) {
        (Some(promise), Some(then)) => {
            let done = Closure::once_into_js(move |_: JsValue| said.set("Copied."));
            let failed = Closure::once_into_js(move |_: JsValue| fallback());
            let _ = then.call2(&promise, &done, &failed);
        }
        _ => fallback(),
    }
}

#[cfg(not(feature = "hydrate"))]
fn copy_text(_id: String, _text: &str, _said: RwSignal<&'static str>) {}
