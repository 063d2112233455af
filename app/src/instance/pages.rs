//! `/admin`: the instance settings, for its admins.

use super::{
    api::{instance_settings, InstanceView, SaveInstanceSettings},
    domain::{GroupCreation, SignUp},
};
use crate::{
    accounts::api::CurrentUser,
    components::{ErrorPage, RequireUser},
    forms::{use_form, Field, Form, FormMessage, Submit},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};

#[component]
pub fn AdminPage() -> impl IntoView {
    let location = use_location();
    let data = Resource::new(move || location.search.get(), |_| instance_settings());
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
    let saved = use_query_map().with_untracked(|q| q.get("saved").is_some());
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
            {saved.then(|| view! { <p class="notice" role="status">"Settings saved."</p> })}
            <div class="card">
                <Form action=save label="Instance settings">
                    <FormMessage form=form fields=&["name", "sign_up", "group_creation"] />
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
