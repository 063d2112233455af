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

/// Bumped when who is signed in (or their name) changes without a change of URL.
#[derive(Clone, Copy)]
struct UserEpoch(RwSignal<u32>);

/// Creates the [`UserResource`] and puts it into the context. It reloads on every
/// navigation and whenever [`refresh_user`] is called.
pub fn provide_user_resource() -> UserResource {
    let location = use_location();
    let epoch = RwSignal::new(0u32);
    provide_context(UserEpoch(epoch));
    let user = Resource::new(
        move || (location.pathname.get(), location.search.get(), epoch.get()),
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

#[component]
pub fn Header() -> impl IntoView {
    let user = provide_user_resource();
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
                                    <a href="/login">"Sign in"</a>
                                    <a class="button button-small" href="/signup">"Sign up"</a>
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
        <a href="/groups/new">"New group"</a>
        <a href="/account" class="current-user">
            <span class="visually-hidden">"Signed in as "</span>
            {user.display_name}
        </a>
        <Form action=sign_out class="inline-form">
            <button type="submit" class="link-button" disabled=move || form.pending().get()>"Sign out"</button>
        </Form>
    }
}
