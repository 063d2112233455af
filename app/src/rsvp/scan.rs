//! The door's camera: scans a ticket's QR code where the browser has the `BarcodeDetector`
//! API (Chrome on Android, Safari). Elsewhere, and without JavaScript, nothing is shown and
//! the code is typed, or a handheld scanner types the ticket's address into the code field.
//! A code the camera reads goes into that field and its form is sent, the same post as typing.

use leptos::prelude::*;

/// Whether the door's camera is on, and the last code it read. The page keeps the camera's
/// island across page changes (`data-keep`, see `navigation.js`), so the camera stays on (and
/// does not send the same ticket again) while the list reloads after each check-in.
#[derive(Clone, Copy)]
pub struct ScanState {
    on: RwSignal<bool>,
    // Read by the scan loop, which only the browser runs.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    last: RwSignal<String>,
}

impl ScanState {
    pub fn new() -> Self {
        Self {
            on: RwSignal::new(false),
            last: RwSignal::new(String::new()),
        }
    }
}

impl Default for ScanState {
    fn default() -> Self {
        Self::new()
    }
}

/// The id of the code field the camera fills.
pub const CODE_FIELD: &str = "field-code";

/// A "Scan a ticket" button and the camera's picture (an island). Each QR code read goes into
/// the `CODE_FIELD` and its form is sent, once (not again while it stays in front of the
/// camera).
#[island]
pub fn CameraScan() -> impl IntoView {
    let state = ScanState::new();
    let on_code = Callback::new(send_code);
    let supported = RwSignal::new(false);
    let problem = RwSignal::new(None::<&'static str>);
    let video = NodeRef::<leptos::html::Video>::new();
    // Owned by this view: a scan loop ends when the view is gone.
    let alive = RwSignal::new(());
    let start = move || {
        #[cfg(feature = "hydrate")]
        if let Some(video) = video.get_untracked() {
            leptos::task::spawn_local(async move {
                if let Err(message) = camera::scan(video, state, alive, on_code).await {
                    let _ = problem.try_set(Some(message));
                    state.on.set(false);
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (video, alive, on_code);
    };
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        supported.set(camera::available());
        if supported.get_untracked() && state.on.get_untracked() && video.get().is_some() {
            start();
        }
    });
    let toggle = move |_| {
        problem.set(None);
        let on = !state.on.get_untracked();
        state.on.set(on);
        if on {
            start();
        }
    };
    view! {
        <div class="door-scan" hidden=move || !supported.get()>
            <button type="button" class="button" aria-pressed=move || state.on.get().to_string() on:click=toggle>
                {move || if state.on.get() { "Stop the camera" } else { "Scan a ticket" }}
            </button>
            <video node_ref=video class="door-camera" hidden=move || !state.on.get() muted=true playsinline=true width="320" height="240" aria-label="Camera picture" />
            <p class="field-error" role="alert">{move || problem.get()}</p>
        </div>
    }
}

/// Puts `code` into the code field and sends its form.
#[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
fn send_code(code: String) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let Some(input) = document()
            .get_element_by_id(CODE_FIELD)
            .and_then(|i| i.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        input.set_value(&code);
        if let Some(form) = input.form() {
            let _ = form.request_submit();
        }
    }
}

#[cfg(feature = "hydrate")]
mod camera {
    use leptos::{
        prelude::*,
        wasm_bindgen::{JsCast, JsValue},
        web_sys,
    };
    use wasm_bindgen_futures::JsFuture;

    fn get(target: &JsValue, key: &str) -> JsValue {
        js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
        let function: js_sys::Function = get(target, method).dyn_into()?;
        let list: js_sys::Array = args.iter().copied().collect();
        function.apply(target, &list)
    }

    /// The browser can read QR codes from a camera.
    pub fn available() -> bool {
        let window: JsValue = window().into();
        let devices = get(&get(&window, "navigator"), "mediaDevices");
        !get(&window, "BarcodeDetector").is_undefined()
            && !devices.is_undefined()
            && get(&devices, "getUserMedia").is_function()
    }

    /// Turns the camera off.
    pub fn stop(video: &web_sys::HtmlVideoElement) {
        let stream = get(video.as_ref(), "srcObject");
        if let Ok(tracks) = call(&stream, "getTracks", &[]) {
            for track in js_sys::Array::from(&tracks).iter() {
                let _ = call(&track, "stop", &[]);
            }
        }
        let _ = js_sys::Reflect::set(
            video.as_ref(),
            &JsValue::from_str("srcObject"),
            &JsValue::NULL,
        );
    }

    async fn sleep(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        });
        let _ = JsFuture::from(promise).await;
    }

    /// Reads codes from the back camera while the camera is on and this view is shown.
    pub async fn scan(
        video: web_sys::HtmlVideoElement,
        state: super::ScanState,
        alive: RwSignal<()>,
        on_code: Callback<String>,
    ) -> Result<(), &'static str> {
        let window: JsValue = window().into();
        let constraints = js_sys::Object::new();
        let facing = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&facing, &"facingMode".into(), &"environment".into());
        let _ = js_sys::Reflect::set(&constraints, &"video".into(), &facing);
        let _ = js_sys::Reflect::set(&constraints, &"audio".into(), &JsValue::FALSE);
        let devices = get(&get(&window, "navigator"), "mediaDevices");
        let asked = call(&devices, "getUserMedia", &[&constraints])
            .map_err(|_| "This browser cannot open the camera. Type the code instead.")?;
        let stream = JsFuture::from(js_sys::Promise::from(asked))
            .await
            .map_err(|_| {
                "The camera could not be opened (was access allowed?). Type the code instead."
            })?;
        let _ = js_sys::Reflect::set(video.as_ref(), &"srcObject".into(), &stream);
        if let Ok(playing) = call(video.as_ref(), "play", &[]) {
            let _ = JsFuture::from(js_sys::Promise::from(playing)).await;
        }
        let options = js_sys::Object::new();
        let formats: js_sys::Array = std::iter::once(JsValue::from_str("qr_code")).collect();
        let _ = js_sys::Reflect::set(&options, &"formats".into(), &formats);
        let unreadable = "This browser cannot read QR codes. Type the code instead.";
        let class: js_sys::Function = get(&window, "BarcodeDetector")
            .dyn_into()
            .map_err(|_| unreadable)?;
        let detector =
            js_sys::Reflect::construct(&class, &std::iter::once(JsValue::from(options)).collect())
                .map_err(|_| unreadable)?;
        let running =
            || alive.try_get_untracked().is_some() && state.on.try_get_untracked() == Some(true);
        while running() {
            if let Ok(found) = call(&detector, "detect", &[video.as_ref()]) {
                if let Ok(codes) = JsFuture::from(js_sys::Promise::from(found)).await {
                    let read = js_sys::Array::from(&codes)
                        .iter()
                        .find_map(|code| get(&code, "rawValue").as_string());
                    match read {
                        Some(text) if running() && state.last.get_untracked() != text => {
                            state.last.set(text.clone());
                            on_code.run(text);
                        }
                        Some(_) => {}
                        None => state.last.set(String::new()),
                    }
                }
            }
            sleep(250).await;
        }
        stop(&video);
        Ok(())
    }
}
