//! Error and not-found pages, and the gate for pages that need a signed-in person.

use super::layout::UserResource;
use crate::{accounts::views::CurrentUser, error::AppError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_location};

/// Sets the response status while rendering on the server.
pub fn set_page_status(status: u16) {
    #[cfg(feature = "ssr")]
    crate::web::set_status(status);
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <ErrorPage error=AppError::NotFound /> }
}

/// A page for an error: the right status, a plain message, a way on. Never internals.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    set_page_status(error.status());
    let heading = match error {
        AppError::NotFound => "Page not found",
        AppError::Unauthorized => "Sign in required",
        AppError::Forbidden(_) => "Not allowed",
        AppError::TooManyRequests(_) => "Slow down",
        AppError::Unavailable => "Busy for a moment",
        AppError::Internal => "Something went wrong",
        _ => "That did not work",
    };
    view! {
        <Title text=heading />
        <section class="container narrow error-page">
            <p class="status-code">{error.status()}</p>
            <h1>{heading}</h1>
            <p>{error.to_string()}</p>
            <p><a class="button" href="/">"Go to the home page"</a></p>
        </section>
    }
}

/// Renders `children` with the signed-in person, or sends visitors to sign in first.
#[component]
pub fn RequireUser<F, V>(children: F) -> impl IntoView
where
    F: Fn(CurrentUser) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let user = expect_context::<UserResource>();
    let location = use_location();
    let children = std::sync::Arc::new(children);
    view! {
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match user.await {
                        Ok(Some(user)) => children(user).into_any(),
                        Ok(None) => {
                            let next = location.pathname.get_untracked();
                            view! { <Redirect path=format!("/login?next={}", encode(&next)) /> }.into_any()
                        }
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Percent-encodes a path for a query string value.
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}
