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

/// Creates the [`UserResource`] and puts it into the context.
pub fn provide_user_resource() -> UserResource {
    let location = use_location();
    let user = Resource::new(
        move || (location.pathname.get(), location.search.get()),
        |_| signed_in_user(),
    );
    provide_context(user);
    user
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
    view! {
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
