//! What everyone sees of the talks: the published lineup (/e/{slug}/speakers) with speaker
//! cards, and each confirmed talk's page (/e/{slug}/talks/{id}).

use super::pages::param;
use super::{
    api::{event_lineup, get_public_talk},
    views::{LineupView, PublicSpeaker, PublicTalk},
};
use crate::components::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn SpeakerCard(speaker: PublicSpeaker, slug: String) -> impl IntoView {
    view! {
        <li class="card speaker">
            {match speaker.photo_url.clone() {
                Some(url) => view! { <img class="speaker-photo" src=url alt=format!("Photo of {}", speaker.name) width="96" height="96" /> }.into_any(),
                None => view! { <crate::components::Avatar name=speaker.name.clone() large=true /> }.into_any(),
            }}
            <h2>{speaker.name.clone()}</h2>
            <div class="prose" inner_html=speaker.bio_html.clone()></div>
            {(!speaker.links.is_empty()).then(|| view! {
                <p class="links">{speaker.links.iter().map(|l| view! { <a href=l.clone() rel="noopener nofollow">{l.clone()}</a> " " }).collect_view()}</p>
            })}
            {(!speaker.talks.is_empty()).then(|| view! {
                <ul class="talks-of-speaker">
                    {speaker.talks.iter().map(|(id, title)| view! { <li><a href=format!("/e/{slug}/talks/{id}")>{title.clone()}</a></li> }).collect_view()}
                </ul>
            })}
        </li>
    }
}

/// `/e/:slug/speakers`: the published lineup.
#[component]
pub fn LineupPage() -> impl IntoView {
    let slug = param("slug");
    let lineup = Resource::new(move || slug.get(), event_lineup);
    view! {
        <Title text="Speakers" />
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match lineup.await {
                    Ok(view) => view! {
                        <Title text=format!("Speakers · {}", view.event_title) />
                        <Lineup view=view />
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Lineup(view: LineupView) -> impl IntoView {
    let slug = view.event_slug.clone();
    view! {
        <section class="container">
            <p class="eyebrow"><a href=format!("/e/{slug}")>{view.event_title.clone()}</a></p>
            <h1>"Speakers"</h1>
            {view.speakers.is_empty().then(|| view! { <p class="empty">"No confirmed speakers yet."</p> })}
            <ul class="speaker-list">
                {view.speakers.into_iter().map(|s| view! { <SpeakerCard speaker=s slug=slug.clone() /> }).collect_view()}
            </ul>
        </section>
    }
}

/// `/e/:slug/talks/:id`: a confirmed talk.
#[component]
pub fn TalkPage() -> impl IntoView {
    let slug = param("slug");
    let id = param("id");
    let talk = Resource::new(
        move || (slug.get(), id.get()),
        |(slug, id)| get_public_talk(slug, id.parse().unwrap_or(-1)),
    );
    view! {
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match talk.await {
                    Ok(talk) => view! { <TalkDetails talk=talk /> }.into_any(),
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TalkDetails(talk: PublicTalk) -> impl IntoView {
    let slug = talk.event_slug.clone();
    view! {
        <Title text=talk.title.clone() />
        <section class="container narrow">
            <p class="eyebrow"><a href=format!("/e/{slug}")>{talk.event_title.clone()}</a> " · " <a href=format!("/e/{slug}/speakers")>"Speakers"</a></p>
            <h1>{talk.title.clone()}</h1>
            <p class="meta">{format!("{} ({} min) · {}", talk.format, talk.minutes, talk.level.label())}{talk.track.clone().map(|t| format!(" · {t}"))}</p>
            <article class="prose" inner_html=talk.abstract_html.clone()></article>
            <h2>{if talk.speakers.len() == 1 { "Speaker" } else { "Speakers" }}</h2>
            <ul class="speaker-list">
                {talk.speakers.into_iter().map(|s| view! { <SpeakerCard speaker=s slug=slug.clone() /> }).collect_view()}
            </ul>
        </section>
    }
}
