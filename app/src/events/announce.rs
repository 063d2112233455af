//! The announcement page: organizers write to the people going and/or waiting.

use super::{
    api::{announcement_audience, SendAnnouncement},
    views::AudienceView,
};
use crate::{
    accounts::views::CurrentUser,
    components::{ErrorPage, RequireUser},
    forms::{use_form, Field, Form, FormMessage, Submit, TextArea},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn AnnouncePage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let changes = crate::forms::page_changes();
    let audience = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| announcement_audience(slug),
    );
    view! {
        <Title text="Write to attendees" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match audience.await {
                        Ok(audience) => view! {
                            <Title text=format!("Write to attendees · {}", audience.title) />
                            <AnnounceForm audience=audience />
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

fn people(n: i64) -> String {
    match n {
        1 => "1 person".to_owned(),
        n => format!("{n} people"),
    }
}

#[component]
fn AnnounceForm(audience: AudienceView) -> impl IntoView {
    let action = ServerAction::<SendAnnouncement>::new();
    let form = use_form(action);
    let query = use_query_map();
    let sent = Memo::new(move |_| query.with(|q| q.get("done").is_some()));
    let off = |n: i64| match n {
        0 => String::new(),
        1 => " (1 of them turned announcements off)".to_owned(),
        n => format!(" ({n} of them turned announcements off)"),
    };
    let going_label = format!(
        "People going: {}{}",
        people(audience.going),
        off(audience.going_off)
    );
    let waiting_label = format!(
        "The waitlist: {}{}",
        people(audience.waitlisted),
        off(audience.waitlisted_off)
    );
    view! {
        <section class="container narrow page">
            <p class="eyebrow"><a href=format!("/e/{}", audience.slug)>{audience.title.clone()}</a></p>
            <h1>"Write to attendees"</h1>
            <Show when=move || sent.get()>
                <p class="notice" role="status">"Your message is on its way. It goes out in the background; the group's outbox shows each mail."</p>
            </Show>
            {(!audience.published).then(|| view! {
                <p class="notice error" role="alert">"Only a published event can be announced to its attendees."</p>
            })}
            <p class="hint">{format!("Mailed to each person with a link to stop announcements. This event can send {} more today.", audience.left_today)}</p>
            <div class="card">
                <Form action=action label="Announcement">
                    <input type="hidden" name="event" value=audience.slug.clone() />
                    <FormMessage form=form fields=&["subject", "body", "audience"] />
                    <fieldset class="field">
                        <legend>"Who gets it"</legend>
                        <div class="field checkbox">
                            <input type="checkbox" id="field-going" name="going" value="on" checked=true />
                            <label for="field-going">{going_label}</label>
                        </div>
                        <div class="field checkbox">
                            <input type="checkbox" id="field-waitlisted" name="waitlisted" value="on" />
                            <label for="field-waitlisted">{waiting_label}</label>
                        </div>
                    </fieldset>
                    <Field form=form name="subject" label="Subject" maxlength=150 required=true />
                    <TextArea form=form name="body" label="Message" rows=8 maxlength=10_000 hint="Markdown works: **bold**, lists, links." />
                    <Submit form=form label="Send" busy="Sending…" class="button button-primary" />
                </Form>
            </div>
        </section>
    }
}
