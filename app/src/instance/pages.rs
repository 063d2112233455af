//! `/admin`: the instance settings, for its admins.

use super::{
    api::{instance_settings, SaveInstanceSettings},
    domain::{GroupCreation, SignUp},
    views::InstanceView,
};
use crate::{
    accounts::views::CurrentUser,
    components::{ErrorPage, RequireUser},
    forms::{use_form, Field, Form, FormMessage, Submit},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminPage() -> impl IntoView {
    let changes = crate::forms::page_changes();
    let data = Resource::new(move || changes.get(), |_| instance_settings());
    view! {
        <Title text="Instance settings" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <Settings view=view /> }.into_any(),
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn Settings(view: InstanceView) -> impl IntoView {
    let save = ServerAction::<SaveInstanceSettings>::new();
    let form = use_form(save);
    let saved = use_query_map().with_untracked(|q| q.get("saved"));
    let radio =
        move |name: &'static str, value: &'static str, label: &'static str, checked: bool| {
            let id = format!("{name}-{value}");
            view! {
                <div class="radio">
                    <input type="radio" id=id.clone() name=name value=value checked=checked />
                    <label for=id>{label}</label>
                </div>
            }
        };
    view! {
        <section class="container narrow">
            <p class="eyebrow">"Admin"</p>
            <h1>"Instance settings"</h1>
            {saved.map(|what| view! {
                <p class="notice" role="status">
                    {if what == "admin" { "You're this Hallway's admin now. Set it up below." } else { "Settings saved." }}
                </p>
            })}
            <div class="card">
                <Form action=save label="Instance settings">
                    <FormMessage form=form fields=&["name", "sign_up", "group_creation", "invitations_per_account", "invitations_per_event", "announcements_per_account"] />
                    <Field form=form name="name" label="Instance name" value=view.name.clone() maxlength=60usize hint="Shown on the home page." />
                    <fieldset>
                        <legend>"Who can sign up"</legend>
                        {radio("sign_up", SignUp::Open.as_str(), "Anyone", view.sign_up == SignUp::Open)}
                        {radio("sign_up", SignUp::InvitedOnly.as_str(), "Only people invited to organize, speak or sponsor", view.sign_up == SignUp::InvitedOnly)}
                    </fieldset>
                    <fieldset>
                        <legend>"Who can create groups"</legend>
                        {radio("group_creation", GroupCreation::Anyone.as_str(), "Anyone with an account", view.group_creation == GroupCreation::Anyone)}
                        {radio("group_creation", GroupCreation::AdminsOnly.as_str(), "Admins only", view.group_creation == GroupCreation::AdminsOnly)}
                    </fieldset>
                    <fieldset>
                        <legend>"Daily mail limits"</legend>
                        <p class="hint">"What one person, or one event, can make Hallway mail in 24 hours. They keep a stolen or spammy account from mailing strangers."</p>
                        <Field form=form name="invitations_per_account" label="Invitations per person" kind="number" value=view.quotas.invitations_per_account.to_string() />
                        <Field form=form name="invitations_per_event" label="Invitations per event or group" kind="number" value=view.quotas.invitations_per_event.to_string() />
                        <Field form=form name="announcements_per_account" label="Announcements per person" kind="number" value=view.quotas.announcements_per_account.to_string() hint="Each event can also send 5 announcements a day." />
                    </fieldset>
                    <Submit form=form label="Save settings" class="button button-primary" />
                </Form>
            </div>
            <div class="card">
                <h2>"About this instance"</h2>
                <p>{format!("Public address: {} (HALLWAY_PUBLIC_URL)", view.public_url)}</p>
                <h3>"Admins"</h3>
                <ul class="people">{view.admins.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul>
                <p class="hint">"Add an admin with: hallway create-admin --email ADDRESS"</p>
            </div>
        </section>
    }
}

/// `/setup/{token}`: the single-use link the server prints at the start of an instance
/// without an admin; the signed-in person who opens it can become the first admin.
#[component]
pub fn SetupPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let live = Resource::new(move || token.get(), super::api::setup_link);
    view! {
        <Title text="Set up Hallway" />
        <section class="container narrow card">
            <RequireUser children=move |user: CurrentUser| view! {
                <Suspense fallback=|| view! { <p>"Checking the link…"</p> }>
                    {move || {
                        let user = user.clone();
                        Suspend::new(async move {
                            match live.await {
                                Ok(true) => view! { <ClaimAdmin token=token.get_untracked() user=user /> }.into_any(),
                                Ok(false) => {
                                    crate::components::set_page_status(410);
                                    view! {
                                        <h1>"This setup link no longer works"</h1>
                                        <p>"It expired, or this Hallway has an admin already. An admin can make others admins with hallway create-admin; restarting a server without an admin prints a new link."</p>
                                        <p><a href="/">"Go to Hallway"</a></p>
                                    }.into_any()
                                }
                                Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                            }
                        })
                    }}
                </Suspense>
            } />
        </section>
    }
}

#[component]
fn ClaimAdmin(token: String, user: CurrentUser) -> impl IntoView {
    let claim = ServerAction::<super::api::ClaimAdmin>::new();
    let form = use_form(claim);
    view! {
        <p class="eyebrow">"Setup"</p>
        <h1>"Become this Hallway's admin"</h1>
        <p>"Admins name the instance and decide who can sign up and who can create groups. This link works once: after you use it, more admins are made with hallway create-admin."</p>
        <Form action=claim label="Become the admin">
            <input type="hidden" name="token" value=token />
            <FormMessage form=form />
            <p class="hint">{format!("You're signed in as {}; this account becomes the admin.", user.email)}</p>
            <Submit form=form label="Make me the admin" busy="Saving…" class="button button-primary" />
        </Form>
    }
}
