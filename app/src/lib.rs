//! Hallway's web app: pages, components and server functions, built for the server (`ssr`)
//! and as the WebAssembly bundle that hydrates pages in the browser (`hydrate`).

// Leptos view types nest deeply; the optimised WebAssembly build needs more room for them.
#![recursion_limit = "256"]

pub mod accounts;
pub mod app;
pub mod calendar;
pub mod colour;
pub mod components;
pub mod dashboard;
pub mod error;
pub mod events;
pub mod forms;
pub mod groups;
pub mod instance;
pub mod invites;
pub mod mail;
pub mod rsvp;
pub mod schedule;
pub mod sponsors;
pub mod stored;
pub mod talks;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod links;
#[cfg(feature = "ssr")]
pub mod markdown;
#[cfg(feature = "ssr")]
pub mod markup;
#[cfg(feature = "ssr")]
pub mod media;
#[cfg(feature = "ssr")]
pub mod page_keys;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod tokens;
#[cfg(feature = "ssr")]
pub mod web;

pub use app::{shell, App};

/// Entry point of the WebAssembly bundle. Pages are rendered on the server and only their
/// islands (`#[island]` components: copy buttons, local times, the schedule editor's grid, the
/// sponsorship board, the door's camera, the new group's suggestions) run in the browser;
/// Leptos' island script calls this, then hydrates each island.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Lets browser tests (and curious people) know the page is interactive: once the islands
    // (hydrated right after this returns, their effects in microtasks) have run.
    leptos::prelude::set_timeout(
        || {
            if let Some(body) = leptos::prelude::document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        },
        std::time::Duration::ZERO,
    );
}
