//! Plain HTTP around the Leptos app: server-function endpoints, forms without JavaScript,
//! the Origin check, security headers, health and static files.

pub mod assets;
mod client;
mod covers;
mod edge;
mod exports;
mod feeds;
mod forms;
mod guard;
mod health;
mod logos;
mod navigation;
mod negotiate;
mod observe;
mod page_cache;
mod photos;
mod schedule;
mod unsubscribe;
mod uploads;

use app::{shell, state::AppState, App};
use axum::{
    extract::DefaultBodyLimit,
    middleware,
    routing::{get, post},
    Router,
};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::OnceLock;
use tower_http::compression::CompressionLayer;

/// The names of every server function (`/api/<name>`), for the authorization test that
/// checks each has a row.
pub fn server_function_names() -> Vec<String> {
    leptos::server_fn::axum::server_fn_paths()
        .filter_map(|(path, _)| path.strip_prefix("/api/").map(str::to_owned))
        .collect()
}

/// What every page render and server function gets in its reactive context.
pub(crate) fn context(state: AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    move || provide_context(state.clone())
}

/// The app's routes, found by rendering it once. Done once per process and on a thread of
/// its own: route generation sets thread-local flags and spawns tasks that must not meet
/// requests being served (tests run many apps in one process).
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES
        .get_or_init(|| {
            let runtime = tokio::runtime::Handle::current();
            std::thread::spawn(move || {
                let _entered = runtime.enter();
                generate_route_list(App)
            })
            .join()
            .unwrap_or_else(|_| panic!("generating the route list failed"))
        })
        .clone()
}

/// The whole application as one router; tests serve it on port 0.
pub fn router(state: AppState) -> Router {
    let site_root = state.leptos_options.site_root.to_string();
    let options = state.leptos_options.clone();
    let routes = route_list();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(observe::endpoint))
        .route("/e/{slug}/attendees.csv", get(exports::attendees_csv))
        .route("/e/{slug}/calendar.ics", get(feeds::event_feed))
        .route("/g/{slug}/calendar.ics", get(feeds::group_feed))
        .route("/e/{slug}/schedule.ics", get(schedule::ics))
        .route("/e/{slug}/schedule.xml", get(schedule::xml))
        .route("/e/{slug}/schedule.json", get(schedule::json))
        .route("/calendar.ics", get(feeds::site_feed))
        .route(
            "/account/photo",
            // A 2 MB photo and the form around it.
            post(photos::upload).layer(DefaultBodyLimit::max(3 * 1024 * 1024)),
        )
        .route("/speakers/{account}/photo", get(photos::photo))
        .route(
            "/e/{slug}/cover",
            get(covers::image)
                // A 2 MB image and the form around it.
                .post(covers::upload)
                .layer(DefaultBodyLimit::max(3 * 1024 * 1024)),
        )
        .route("/e/{slug}/sponsorship.csv", get(exports::sponsorship_csv))
        .route(
            "/partner/{token}/logo",
            get(logos::portal_logo)
                .post(logos::portal_upload)
                .layer(DefaultBodyLimit::max(logos::BODY_LIMIT)),
        )
        .route(
            "/g/{slug}/partners/{partner}/logo",
            post(logos::organizer_upload).layer(DefaultBodyLimit::max(logos::BODY_LIMIT)),
        )
        .route("/logos/{partner}/{version}", get(logos::logo))
        .route("/feeds/{token}/calendar.ics", get(feeds::personal_feed))
        .route(
            "/mail/unsubscribe/{token}",
            get(unsubscribe::page).post(unsubscribe::one_click),
        )
        .leptos_routes_with_context(&state, routes, context(state.clone()), move || {
            shell(options.clone())
        })
        // The build writes a gzip copy beside each bundle file (scripts/build.sh); a browser
        // that takes gzip gets it as it is, with no work per request. Files named by their
        // content are kept by browsers for a year. From the binary's own copy (assets.rs).
        .merge(assets::routes(&site_root))
        .fallback(forms::not_found)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            page_cache::public_pages,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            forms::without_javascript,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::same_origin,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::finish_response,
        ))
        // Outside `finish_response`, which makes a page's redirect a real one.
        .layer(middleware::from_fn(navigation::redirects_for_script))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            client::find_client,
        ))
        // Pages, JSON and CSV compressed for clients that ask (brotli at quality 4, else gzip);
        // answers compressed already (feeds, the bundle's gzip copies) and images pass as
        // they are.
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn(observe::trace_requests))
        .with_state(state)
}
