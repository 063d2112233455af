//! "Your groups": the organizer home on the home page and on "My events".

use super::{
    api::organizer_home,
    views::{HomeEvent, OrganizerView},
};
use leptos::prelude::*;

/// The organizer home, for people who organize a group (nothing for everyone else).
#[component]
pub fn OrganizerHomeSection() -> impl IntoView {
    let changes = crate::forms::page_changes();
    let home = Resource::new(move || changes.get(), |_| organizer_home());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                home.await.ok().flatten().map(|home| view! { <Home home=home /> })
            })}
        </Suspense>
    }
}

fn seats(e: &HomeEvent) -> String {
    let going = match e.capacity {
        Some(c) => format!("{} of {c} seats taken", e.going),
        None => format!("{} going", e.going),
    };
    if e.waiting > 0 {
        format!("{going} · {} waiting", e.waiting)
    } else {
        going
    }
}

#[component]
fn Home(home: OrganizerView) -> impl IntoView {
    let empty = home.events.is_empty();
    view! {
        <section class="container organizer-home" aria-labelledby="your-groups">
            <h2 id="your-groups">"Your groups"</h2>
            <ul class="chip-list">
                {home.groups.into_iter().map(|g| view! {
                    <li>
                        <a href=format!("/g/{}", g.slug)>{g.name}</a>
                        <span class="meta">{if g.owner { " · owner" } else { " · co-organizer" }}</span>
                    </li>
                }).collect_view()}
            </ul>
            {(!home.attention.is_empty()).then(|| view! {
                <h3>"Needs your attention"</h3>
                <ul class="attention">
                    {home.attention.into_iter().map(|a| view! { <li><a href=a.href>{a.text}</a></li> }).collect_view()}
                </ul>
            })}
            <h3>"Next events you run"</h3>
            {empty.then(|| view! { <p class="empty">"Nothing scheduled. Plan the next one from your group's page."</p> })}
            <ul class="event-list">
                {home.events.into_iter().map(|e| view! {
                    <li class="event-card">
                        <p class="meta">{e.group_name.clone()}{e.draft.then_some(" · draft")}</p>
                        <h3><a href=format!("/e/{}", e.slug)>{e.title.clone()}</a></h3>
                        <p class="meta">{e.when.clone()}</p>
                        <p class="seats">{seats(&e)}</p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
