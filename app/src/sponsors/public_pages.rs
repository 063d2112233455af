//! What everyone sees of sponsorships: an event's sponsors by tier (on its page and on
//! /e/{slug}/sponsors) and a group's partners.

use super::pages::param;
use super::{
    api::event_sponsors,
    views::{PublicSponsor, SponsorsView},
};
use crate::{components::ErrorPage, error::AppError};
use leptos::prelude::*;
use leptos_meta::Title;

// ---- everyone ----

#[component]
fn SponsorLogo(sponsor: PublicSponsor) -> impl IntoView {
    let inner = match sponsor.logo_url.clone() {
        Some(url) => view! { <img src=url alt=sponsor.name.clone() loading="lazy" /> }.into_any(),
        None => view! { <span class="sponsor-name">{sponsor.name.clone()}</span> }.into_any(),
    };
    match sponsor.website.clone() {
        Some(href) => view! { <a class="sponsor" href=href rel="sponsored noopener" target="_blank">{inner}</a> }.into_any(),
        None => view! { <span class="sponsor">{inner}</span> }.into_any(),
    }
}

/// An event's sponsors, made by the page outside any `Suspense`.
pub type SponsorsResource = Resource<Result<SponsorsView, AppError>>;
/// A group's partners, made by the page outside any `Suspense`.
pub type PartnersResource = Resource<Result<Vec<PublicSponsor>, AppError>>;

/// The sponsors of the event in the address's `:slug`.
pub fn event_sponsors_resource() -> SponsorsResource {
    let slug = param("slug");
    Resource::new(move || slug.get(), event_sponsors)
}

/// The sponsors block of the event page (nothing when there are none).
#[component]
pub fn EventSponsors(data: SponsorsResource) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) if !view.tiers.is_empty() => view! { <SponsorTiers view=view descriptions=false /> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SponsorTiers(view: SponsorsView, descriptions: bool) -> impl IntoView {
    let all = format!("/e/{}/sponsors", view.event_slug);
    view! {
        <section class="sponsors" aria-labelledby="sponsors-heading">
            <h2 id="sponsors-heading">"Sponsors"</h2>
            {view.tiers.into_iter().map(|tier| view! {
                <div class=format!("sponsor-tier logos-{}", tier.size)>
                    <h3>{tier.name.clone()}</h3>
                    {if descriptions {
                        view! { <ul class="sponsor-list">{tier.sponsors.into_iter().map(|s| view! {
                            <li>
                                <SponsorLogo sponsor=s.clone() />
                                <div>
                                    <h4>{s.name.clone()}</h4>
                                    {(!s.description.is_empty()).then(|| view! { <p class="pre-line">{s.description.clone()}</p> })}
                                </div>
                            </li>
                        }).collect_view()}</ul> }.into_any()
                    } else {
                        view! { <div class="sponsor-logos">{tier.sponsors.into_iter().map(|s| view! { <SponsorLogo sponsor=s /> }).collect_view()}</div> }.into_any()
                    }}
                </div>
            }).collect_view()}
            {(!descriptions).then(|| view! { <p><a href=all>"About our sponsors"</a></p> })}
        </section>
    }
}

/// `/e/:slug/sponsors`: the event's sponsors with their descriptions.
#[component]
pub fn SponsorsPage() -> impl IntoView {
    let slug = param("slug");
    let data = Resource::new(move || slug.get(), event_sponsors);
    view! {
        <Title text="Sponsors" />
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => {
                        let empty = view.tiers.is_empty();
                        view! {
                            <Title text=format!("Sponsors · {}", view.event_title) />
                            <section class="container">
                                <p class="eyebrow"><a href=format!("/e/{}", view.event_slug)>{view.event_title.clone()}</a></p>
                                <h1>"Sponsors"</h1>
                                {empty.then(|| view! { <p class="empty">"No sponsors yet."</p> })}
                                {(!empty).then(|| view! { <SponsorTiers view=view descriptions=true /> })}
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The partners block of the group page (those that sponsored one of its events).
#[component]
pub fn GroupPartners(data: PartnersResource) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if !list.is_empty() => view! {
                        <section class="sponsors" aria-labelledby="partners-heading">
                            <h2 id="partners-heading">"Partners"</h2>
                            <div class="sponsor-logos logos-small">{list.into_iter().map(|s| view! { <SponsorLogo sponsor=s /> }).collect_view()}</div>
                        </section>
                    }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}
