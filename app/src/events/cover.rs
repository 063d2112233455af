//! An event's face on its page and in listings: its own image, or a cover drawn in its
//! group's colour with the date; and the organizers' card to upload or remove the image.

use super::{api::RemoveEventCover, views::Cover};
use crate::forms::{Confirm, Form};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn paint(cover: &Cover) -> String {
    format!("--cover: {}; --cover-ink: {}", cover.colour, cover.ink)
}

/// The wide cover at the top of an event's page. Decorative: the title and date are text.
#[component]
pub fn CoverBanner(cover: Cover, format: &'static str) -> impl IntoView {
    match cover.image_url.clone() {
        Some(url) => view! {
            <div class="cover-banner">
                <img class="cover-image" src=url alt="" width="1200" height="600" />
            </div>
        }
        .into_any(),
        None => view! {
            <div class="cover-banner cover-drawn" style=paint(&cover) aria-hidden="true">
                <span class="cover-date"><span>{cover.month.clone()}</span><strong>{cover.day.clone()}</strong></span>
                <span class="cover-format">{format}</span>
            </div>
        }
        .into_any(),
    }
}

/// The small square beside an event in a listing: its image, or the date in its colours.
#[component]
pub fn CoverTile(cover: Cover) -> impl IntoView {
    match cover.image_url.clone() {
        Some(url) => view! {
            <img class="cover-tile" src=url alt="" width="72" height="72" loading="lazy" />
        }
        .into_any(),
        None => view! {
            <span class="cover-tile cover-drawn" style=paint(&cover) aria-hidden="true">
                <span>{cover.month.clone()}</span><strong>{cover.day.clone()}</strong>
            </span>
        }
        .into_any(),
    }
}

/// The organizers' card for the image: a plain multipart form (it works without
/// JavaScript) and, when there is one, a two-step "Remove".
#[component]
pub fn CoverCard(slug: String, cover: Cover, format: &'static str) -> impl IntoView {
    let query = use_query_map();
    let error = query.with_untracked(|q| q.get("cover_error"));
    let saved = query.with_untracked(|q| q.get("saved"));
    let has_image = cover.image_url.is_some();
    let remove = ServerAction::<RemoveEventCover>::new();
    view! {
        <section class="container narrow card" id="cover" aria-labelledby="cover-heading">
            <h2 id="cover-heading">"Cover image"</h2>
            {match saved.as_deref() {
                Some("cover") => Some(view! { <p class="notice" role="status">"The new cover is on the event page."</p> }),
                Some("cover_removed") => Some(view! { <p class="notice" role="status">"The image is gone; the event shows a cover in the group's colour."</p> }),
                _ => None,
            }}
            <CoverBanner cover=cover format=format />
            <form method="post" action=format!("/e/{slug}/cover") enctype="multipart/form-data" class="stack">
                <div class="field">
                    <label for="field-cover">{if has_image { "Replace the image" } else { "Upload an image" }}</label>
                    <input id="field-cover" type="file" name="cover" accept="image/png,image/jpeg,image/webp" required=true
                        aria-invalid=error.is_some().then_some("true")
                        aria-describedby=if error.is_some() { "cover-error cover-hint" } else { "cover-hint" } />
                    <p class="hint" id="cover-hint">"PNG, JPEG or WebP, up to 2 MB; shown 2:1 (for example 1200 × 600). Camera data and location are removed."</p>
                    {error.map(|e| view! { <p class="field-error" id="cover-error" role="alert">{e}</p> })}
                </div>
                <button type="submit" class="button button-primary">"Upload"</button>
            </form>
            {has_image.then(|| view! {
                <Confirm summary="Remove the image">
                    <p>"The event page goes back to a cover in the group's colour."</p>
                    <Form action=remove label="Remove the image">
                        <input type="hidden" name="event" value=slug.clone() />
                        <button type="submit" class="button button-danger">"Yes, remove it"</button>
                    </Form>
                </Confirm>
            })}
        </section>
    }
}
