//! The page chrome: header with the product name and who is signed in.

use crate::{
    accounts::api::{signed_in_user, CurrentUser, SignOut},
    error::AppError,
    forms::{use_form, Form},
};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Who is signed in, loaded once per navigation and shared by the header and pages.
pub type UserResource = Resource<Result<Option<CurrentUser>, AppError>>;

/// Bumped when who is signed in (or their name) changes without a change of path.
#[derive(Clone, Copy)]
struct UserEpoch(RwSignal<u32>);

/// Creates the [`UserResource`] and puts it into the context. It reloads when the path
/// changes and whenever an action passed to [`refresh_user_after`] succeeds; not on every
/// change of page data, so pages that wait for the signed-in person are not rebuilt while
/// their own data reloads.
pub fn provide_user_resource() -> UserResource {
    let location = use_location();
    let epoch = RwSignal::new(0u32);
    provide_context(UserEpoch(epoch));
    let user = Resource::new(
        move || (location.pathname.get(), epoch.get()),
        |_| signed_in_user(),
    );
    provide_context(user);
    user
}

/// Reloads the signed-in person once `action` has succeeded (in the browser).
pub fn refresh_user_after<S>(action: ServerAction<S>)
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let Some(UserEpoch(epoch)) = use_context::<UserEpoch>() else {
        return;
    };
    let version = action.version();
    let value = action.value();
    Effect::new(move |seen: Option<usize>| {
        let now = version.get();
        if seen.is_some_and(|seen| seen != now) && matches!(value.get_untracked(), Some(Ok(_))) {
            epoch.update(|n| *n += 1);
        }
        now
    });
}

/// `page` (`/login` or `/signup`) with `?next=` the page the person is on, so signing in or
/// up brings them back; on those two pages, the `next` they already carry.
fn next_here() -> impl Fn(&str) -> String + Copy {
    let location = use_location();
    let query = leptos_router::hooks::use_query_map();
    move |page: &str| {
        let path = location.pathname.get();
        let next = if path == "/login" || path == "/signup" {
            query.with(|q| q.get("next")).unwrap_or_default()
        } else if path == "/" {
            String::new()
        } else {
            let search = location.search.get();
            let search = search.trim_start_matches('?');
            if search.is_empty() {
                path
            } else {
                format!("{path}?{search}")
            }
        };
        if next.is_empty() {
            page.to_owned()
        } else {
            format!("{page}?next={}", crate::components::status_encode(&next))
        }
    }
}

/// Tabs between a signed-in person's own pages (on a phone the header links only "My events").
#[component]
pub fn MeTabs(current: &'static str) -> impl IntoView {
    let tab = move |href: &'static str, label: &'static str| {
        view! { <a href=href aria-current=(href == current).then_some("page")>{label}</a> }
    };
    view! {
        <nav class="tabs container" aria-label="Yours">
            {tab("/me/events", "My events")}
            {tab("/me/talks", "My talks")}
            {tab("/account", "Account")}
        </nav>
    }
}

/// "Welcome": on the page a new account lands on (`?signed_up=1`), what happens next.
#[component]
pub fn WelcomeNotice() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    let welcome = Memo::new(move |_| query.with(|q| q.get("signed_up").is_some()));
    view! {
        <Show when=move || welcome.get()>
            <div class="container">
                <p class="notice welcome" role="status">
                    <strong>"Welcome to Hallway!"</strong>
                    " We mailed you a link to confirm your address: open it to keep the seats you take and to be invited to speak or organize. Nothing arrived? "
                    <a href="/account">"Send it again from your account"</a>
                    "."
                </p>
            </div>
        </Show>
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let user = provide_user_resource();
    let with_next = next_here();
    view! {
        <header class="site-header">
            <div class="container header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    "Hallway"
                </a>
                <nav aria-label="Account">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            match user.await {
                                Ok(Some(user)) => view! { <SignedInMenu user=user /> }.into_any(),
                                _ => view! {
                                    <a href=move || with_next("/login")>"Sign in"</a>
                                    <a class="button button-small" href=move || with_next("/signup")>"Sign up"</a>
                                }.into_any(),
                            }
                        })}
                    </Suspense>
                </nav>
            </div>
        </header>
    }
}

#[component]
fn SignedInMenu(user: CurrentUser) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let form = use_form(sign_out);
    refresh_user_after(sign_out);
    view! {
        <a href="/me/events">"My events"</a>
        <a href="/me/talks" class="nav-wide">"My talks"</a>
        <a href="/groups/new" class="nav-wide">"New group"</a>
        <a href="/account" class="current-user">
            <span class="visually-hidden">"Signed in as "</span>
            {user.display_name}
        </a>
        <Form action=sign_out class="inline-form">
            <button type="submit" class="link-button" disabled=move || form.pending().get()>"Sign out"</button>
        </Form>
    }
}
