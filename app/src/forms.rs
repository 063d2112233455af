//! Forms that work with and without JavaScript.
//!
//! Every form posts to the page it is on, naming its server function in a hidden `__action`
//! field. With JavaScript the submit is intercepted and the server function is called in the
//! background (no reload, the button shows progress). Without it the server runs the same
//! function; on failure it renders the same page again with a [`FormReplay`] (the values typed
//! and the error) and a 4xx status, on success it redirects (post/redirect/get).

use crate::error::AppError;
use leptos::{
    form::FromFormData,
    prelude::*,
    server_fn::{client::Client, codec::PostUrl, request::ClientReq, Http, ServerFn},
};
use leptos_router::hooks::use_location;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// The hidden field that names the server function a form calls.
pub const ACTION_FIELD: &str = "__action";

/// A failed form submission, replayed into the page rendered in answer to it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormReplay {
    /// The server function path of the form that failed.
    pub action: String,
    /// The values as typed (passwords are never echoed back).
    pub values: Vec<(String, String)>,
    pub error: Option<AppError>,
}

impl FormReplay {
    /// Whether a field's value may be sent back to the browser.
    pub fn may_echo(field: &str) -> bool {
        field != ACTION_FIELD && !field.contains("password")
    }
}

/// Puts the replay (if the server rendered this page in answer to a failed post) into the
/// context, identically on the server and while hydrating.
pub fn provide_form_replay() {
    let replay = SharedValue::new(|| use_context::<FormReplay>().unwrap_or_default()).into_inner();
    provide_context(StoredValue::new(replay));
}

/// How many server actions have succeeded in this browser tab: page data is keyed on it (with
/// the URL), so after a change made with JavaScript every page shows what the server now
/// holds, after the first change and after the tenth, even when the answer redirects to the
/// URL the page already has. Without JavaScript every post reloads the page anyway.
#[derive(Clone, Copy)]
pub struct Changes(RwSignal<u64>, StoredValue<Option<(u64, usize)>>);

/// Puts [`Changes`] into the context (once, in the app's root).
pub fn provide_changes() {
    provide_context(Changes(RwSignal::new(0), StoredValue::new(None)));
}

/// Counts `action`'s successes into [`Changes`] when they leave the page at the URL it had
/// when the action was sent (an answer that redirects elsewhere reloads the page's data by
/// the URL already; counting it too would load everything twice). [`Form`] does it for the
/// actions it posts; call it for an action dispatched some other way.
pub fn track_changes<S>(action: ServerAction<S>)
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let Some(Changes(changes, counted)) = use_context::<Changes>() else {
        return;
    };
    let location = use_location();
    // Where the page is; `None` once the page that sent the action is gone.
    let here = move || {
        Some((
            location.pathname.try_get_untracked()?,
            location.search.try_get_untracked()?,
        ))
    };
    let sent_from = StoredValue::new(None::<(String, String)>);
    let pending = action.pending();
    Effect::new(move |_| {
        if pending.get() {
            sent_from.set_value(here());
        }
    });
    let version = action.version();
    // The action itself (forms that share one share it), told apart from other actions.
    let action_id = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        version.hash(&mut hasher);
        hasher.finish()
    };
    let value = action.value();
    Effect::new(move |seen: Option<usize>| {
        let now = version.get();
        let succeeded = value.with_untracked(|v| matches!(v, Some(Ok(_))));
        if seen.is_some_and(|seen| seen != now) && succeeded {
            let from = sent_from.try_get_value().flatten();
            // The router follows a redirect one frame after the action's answer: look then.
            // Several forms may share one action: its answer counts once.
            let answer = Some((action_id, now));
            request_animation_frame(move || {
                if from.is_some() && from == here() && counted.try_get_value() != Some(answer) {
                    counted.set_value(answer);
                    changes.try_update(|n| *n += 1);
                }
            });
        }
        now
    });
}

/// What a page's data depends on besides its path: the query (links, and posts without
/// JavaScript that redirect with `?done=…`) and [`Changes`]. Use it as (part of) the source of
/// every page resource.
pub fn page_changes() -> Memo<(String, u64)> {
    let location = use_location();
    let changes = use_context::<Changes>().map(|Changes(c, _)| c);
    Memo::new(move |_| {
        (
            location.search.get(),
            changes.map(|c| c.get()).unwrap_or_default(),
        )
    })
}

/// The error and initial values of one form.
#[derive(Clone, Copy)]
pub struct FormState {
    error: Signal<Option<AppError>>,
    replay: StoredValue<Option<FormReplay>>,
    pending: Signal<bool>,
}

impl FormState {
    /// The error shown for `field`.
    pub fn field_error(&self, field: &'static str) -> Signal<Option<String>> {
        let error = self.error;
        Signal::derive(move || error.get().and_then(|e| e.field_message(field)))
    }

    /// The message for the form as a whole (anything not tied to one of `fields`).
    pub fn form_error(&self, fields: &'static [&'static str]) -> Signal<Option<String>> {
        let error = self.error;
        Signal::derive(move || error.get().and_then(|e| e.form_message(fields)))
    }

    /// The value to start `field` with: what was typed before a failed post, else `default`.
    pub fn value(&self, field: &str, default: impl Into<String>) -> String {
        self.replay
            .with_value(|replay| {
                replay.as_ref().and_then(|r| {
                    r.values
                        .iter()
                        .find(|(k, _)| k == field)
                        .map(|(_, v)| v.clone())
                })
            })
            .unwrap_or_else(|| default.into())
    }

    pub fn pending(&self) -> Signal<bool> {
        self.pending
    }

    /// True once the action succeeded in this page (JavaScript path).
    pub fn error(&self) -> Signal<Option<AppError>> {
        self.error
    }
}

/// The state of the form that calls `action`.
pub fn use_form<S>(action: ServerAction<S>) -> FormState
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let replay = use_context::<StoredValue<FormReplay>>()
        .map(|r| r.get_value())
        .filter(|r| r.action == S::url());
    let replayed_error = replay.as_ref().and_then(|r| r.error.clone());
    let value = action.value();
    let error = Signal::derive(move || {
        value.with(|value| match value {
            Some(Err(error)) => Some(error.clone()),
            Some(Ok(_)) => None,
            None => replayed_error.clone(),
        })
    });
    let pending = action.pending();
    FormState {
        error,
        replay: StoredValue::new(replay),
        pending: Signal::derive(move || pending.get()),
    }
}

/// A `<form>` bound to a server action; see the module docs.
#[component]
pub fn Form<S, O>(
    action: ServerAction<S>,
    #[prop(optional, into)] class: String,
    /// An accessible name for the form.
    #[prop(optional, into)]
    label: Option<String>,
    children: Children,
) -> impl IntoView
where
    S: DeserializeOwned
        + ServerFn<Protocol = Http<PostUrl, O>, Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static,
    <<S::Client as Client<AppError>>::Request as ClientReq<AppError>>::FormData:
        From<leptos::web_sys::FormData>,
    S::Output: Send + Sync + 'static,
    S::Client: Client<AppError>,
{
    track_changes(action);
    let location = use_location();
    let target = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    };
    let fields = FieldRegistry(StoredValue::new(Vec::new()));
    provide_context(fields);
    let error = use_form(action).error();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let version = action.version();
    Effect::new(move |seen: Option<usize>| {
        let now = version.get();
        if seen.is_some_and(|seen| seen != now) && error.with_untracked(Option::is_some) {
            focus_errors(form_ref);
        }
        now
    });
    let value = action.value();
    let on_submit = move |ev: leptos::web_sys::SubmitEvent| {
        if ev.default_prevented() {
            return;
        }
        ev.prevent_default();
        match S::from_event(&ev) {
            Ok(input) => {
                action.dispatch(input);
            }
            Err(_) => value.set(Some(Err(AppError::BadRequest))),
        }
    };
    view! {
        <form method="post" action=target class=class aria-label=label on:submit=on_submit novalidate node_ref=form_ref>
            <input type="hidden" name=ACTION_FIELD value=S::url() />
            <ErrorSummary error=error fields=fields />
            {children()}
        </form>
    }
}

/// The labelled fields of the form being rendered (name, id, label), so its error summary can
/// link to them.
#[derive(Clone, Copy)]
struct FieldRegistry(StoredValue<Vec<(String, String, String)>>);

/// Tells the enclosing [`Form`] that field `name` has the input `id` labelled `label`.
pub fn register_field(name: &str, id: &str, label: &str) {
    if let Some(FieldRegistry(fields)) = use_context::<FieldRegistry>() {
        fields.update_value(|f| f.push((name.to_owned(), id.to_owned(), label.to_owned())));
    }
}

/// The top of a form that failed, with links to every field that needs a change. It takes the
/// focus: without JavaScript by `autofocus` in the page that answers the post (so a phone
/// scrolls to it), with JavaScript by [`focus_errors`].
#[component]
fn ErrorSummary(error: Signal<Option<AppError>>, fields: FieldRegistry) -> impl IntoView {
    move || {
        let error = error.get()?;
        let links: Vec<(String, String)> = fields.0.with_value(|known| {
            error
                .fields()
                .iter()
                .filter_map(|field| {
                    known
                        .iter()
                        .find(|(name, _, _)| name == field)
                        .map(|(_, id, label)| (id.clone(), label.clone()))
                })
                .collect()
        });
        Some(view! {
            <div class="error-summary" tabindex="-1" autofocus=true>
                {(!links.is_empty()).then(|| view! {
                    <p><strong>{if links.len() == 1 { "Please check this field:" } else { "Please check these fields:" }}</strong></p>
                    <ul>
                        {links.into_iter().map(|(id, label)| view! { <li><a href=format!("#{id}")>{label}</a></li> }).collect_view()}
                    </ul>
                })}
            </div>
        })
    }
}

/// After a failed post with JavaScript: scrolls to the form's error summary (else its message,
/// else its first invalid field) and moves the focus there, once the page shows the error.
#[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
fn focus_errors(form: NodeRef<leptos::html::Form>) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use leptos::wasm_bindgen::JsCast;
        let Some(form) = form.get_untracked() else {
            return;
        };
        let target = [
            ".error-summary ul",
            ".form-error",
            "[aria-invalid=true]",
            ".error-summary",
        ]
        .iter()
        .find_map(|selector| form.query_selector(selector).ok().flatten());
        let Some(target) = target else {
            return;
        };
        let target = if target.tag_name().eq_ignore_ascii_case("ul") {
            form.query_selector(".error-summary")
                .ok()
                .flatten()
                .unwrap_or(target)
        } else {
            target
        };
        if let Ok(element) = target.dyn_into::<leptos::web_sys::HtmlElement>() {
            if !element.has_attribute("tabindex")
                && element.tag_name() != "INPUT"
                && element.tag_name() != "TEXTAREA"
                && element.tag_name() != "SELECT"
            {
                let _ = element.set_attribute("tabindex", "-1");
            }
            element.scroll_into_view_with_bool(true);
            let _ = element.focus();
        }
    });
}

/// A labelled input with its hint and error tied to it for assistive technology.
#[component]
pub fn Field(
    form: FormState,
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
    /// Starts the input's id (`{prefix}-{name}`, "field" unless given): pages with several
    /// forms that share field names give each form its own.
    #[prop(optional)]
    prefix: Option<&'static str>,
) -> impl IntoView {
    let id = format!("{}-{name}", prefix.unwrap_or("field"));
    let error = form.field_error(name);
    let initial = if kind == "password" {
        String::new()
    } else {
        form.value(name, value)
    };
    let described = describedby(&id, hint.is_some(), error);
    register_field(name, &id, &label);
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                name=name
                type=kind
                value=initial
                autocomplete=autocomplete
                required=required
                maxlength=maxlength.map(|n| n.to_string())
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            <FieldNotes id=id hint=hint error=error />
        </div>
    }
}

/// A labelled multi-line text box.
#[component]
pub fn TextArea(
    form: FormState,
    name: &'static str,
    label: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(default = 5)] rows: u32,
    /// As for [`Field`].
    #[prop(optional)]
    prefix: Option<&'static str>,
) -> impl IntoView {
    let id = format!("{}-{name}", prefix.unwrap_or("field"));
    let error = form.field_error(name);
    let initial = form.value(name, value);
    let described = describedby(&id, hint.is_some(), error);
    register_field(name, &id, label);
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <textarea
                id=id.clone()
                name=name
                rows=rows
                maxlength=maxlength.map(|n| n.to_string())
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            >
                {initial}
            </textarea>
            <FieldNotes id=id hint=hint error=error />
        </div>
    }
}

fn describedby(
    id: &str,
    has_hint: bool,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    let hint_id = has_hint.then(|| format!("{id}-hint"));
    let error_id = format!("{id}-error");
    move || {
        let ids: Vec<String> = hint_id
            .iter()
            .cloned()
            .chain(error.get().is_some().then(|| error_id.clone()))
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

#[component]
fn FieldNotes(
    id: String,
    hint: Option<&'static str>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    view! {
        {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
        {move || error.get().map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
    }
}

/// The message for the whole form, announced to screen readers.
#[component]
pub fn FormMessage(
    form: FormState,
    #[prop(optional)] fields: &'static [&'static str],
) -> impl IntoView {
    let message = form.form_error(fields);
    view! {
        <div role="alert" class="form-message-slot">
            {move || message.get().map(|m| view! { <p class="form-error">{m}</p> })}
        </div>
    }
}

/// A destructive action in two steps that work without JavaScript: `summary` names the
/// action; opening it shows what will happen and the button that does it (`children`, a form).
#[component]
pub fn Confirm(
    #[prop(into)] summary: String,
    /// The summary's look (a button class).
    #[prop(default = "button")]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <details class="confirm">
            <summary class=class>{summary}</summary>
            <div class="confirm-body">{children()}</div>
        </details>
    }
}

/// A submit button that shows progress while the action runs.
#[component]
pub fn Submit(
    form: FormState,
    label: &'static str,
    #[prop(default = "Saving…")] busy: &'static str,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    let pending = form.pending();
    view! {
        <button type="submit" class=class disabled=move || pending.get() aria-busy=move || pending.get().then_some("true")>
            {move || if pending.get() { busy } else { label }}
        </button>
    }
}

/// A time-zone field: free text (any IANA name) with the common zones suggested.
#[component]
pub fn TimeZoneField(
    form: FormState,
    #[prop(into)] value: String,
    hint: &'static str,
) -> impl IntoView {
    let id = "field-time_zone".to_owned();
    let error = form.field_error("time_zone");
    let initial = form.value("time_zone", value);
    let described = describedby(&id, true, error);
    register_field("time_zone", &id, "Time zone");
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>"Time zone"</label>
            <input
                id=id.clone()
                name="time_zone"
                type="text"
                list="time-zones"
                value=initial
                required=true
                autocomplete="off"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            <datalist id="time-zones">
                {crate::groups::domain::COMMON_TIME_ZONES.iter().map(|z| view! { <option value=*z></option> }).collect_view()}
            </datalist>
            <FieldNotes id=id hint=Some(hint) error=error />
        </div>
    }
}
