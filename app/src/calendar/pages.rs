//! The personal feed box on the account page and "My events".

use super::{
    api::{my_calendar_feed, RegenerateCalendarFeed},
    views::PersonalFeedState,
};
use crate::{
    components::CopyField,
    error::AppError,
    forms::{use_form, Form, FormMessage, Submit},
};
use leptos::prelude::*;

/// The resource a page makes (outside its Suspense) for [`PersonalFeed`].
pub fn personal_feed_resource() -> Resource<Result<Option<PersonalFeedState>, AppError>> {
    let changes = crate::forms::page_changes();
    Resource::new(move || changes.get(), |_| my_calendar_feed())
}

/// "Your calendar feed": the secret address to copy, and a button to make a new one.
#[component]
pub fn PersonalFeed(
    feed: Resource<Result<Option<PersonalFeedState>, AppError>>,
    back: &'static str,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                feed.await
                    .ok()
                    .flatten()
                    .map(|state| view! { <PersonalFeedCard state=state back=back /> })
            })}
        </Suspense>
    }
}

#[component]
fn PersonalFeedCard(state: PersonalFeedState, back: &'static str) -> impl IntoView {
    let action = ServerAction::<RegenerateCalendarFeed>::new();
    let form = use_form(action);
    let PersonalFeedState { active, url } = state;
    let hidden = active && url.is_none();
    view! {
        <div class="card personal-feed">
            <h2>"Your calendar feed"</h2>
            <p>"Events you are going to, and those you are waiting for (marked “Waitlisted”), in your calendar app. It follows changes and cancellations."</p>
            {url.map(|url| {
                let webcal = url.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
                view! {
                    <CopyField
                        id="personal-feed"
                        label="Your private feed address (keep it to yourself)".to_owned()
                        value=url.clone()
                    />
                    <p><a class="button" href=webcal>"Subscribe in your calendar app"</a></p>
                    <p class="hint">"Copy it now: Hallway keeps only a fingerprint of this address and shows it just this once."</p>
                }
            })}
            {hidden.then(|| view! {
                <p class="hint">"Your feed is on. Its address was shown when you made it; Hallway does not keep it. To add the feed to another calendar app, make a new address (the one you use now stops working)."</p>
            })}
            <Form action=action label="Calendar feed address">
                <input type="hidden" name="back" value=back />
                <FormMessage form=form />
                <Submit
                    form=form
                    label=if active { "Make a new address (the old one stops working)" } else { "Create my feed address" }
                    busy="Working…"
                    class="button"
                />
            </Form>
        </div>
    }
}
