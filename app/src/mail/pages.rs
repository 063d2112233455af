//! The outbox page: what Hallway sent (or tried to) for a group, with "Send again".

use super::{
    api::{group_outbox, ResendMail},
    views::{MailStatus, OutboxMail, OutboxView},
};
use crate::{
    accounts::views::CurrentUser,
    components::{ErrorPage, RequireUser},
    forms::{use_form, Form, FormMessage, Submit},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn OutboxPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let changes = crate::forms::page_changes();
    let outbox = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| group_outbox(slug),
    );
    view! {
        <Title text="Outbox" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match outbox.await {
                        Ok(view) => view! { <Outbox view=view /> }.into_any(),
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn Outbox(view: OutboxView) -> impl IntoView {
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let resend = ServerAction::<ResendMail>::new();
    let form = use_form(resend);
    let failed = view
        .mails
        .iter()
        .filter(|m| m.status == MailStatus::Failed)
        .count();
    let slug = view.group_slug.clone();
    view! {
        <section class="container page">
            <p class="eyebrow"><a href=format!("/g/{}", view.group_slug)>{view.group_name.clone()}</a></p>
            <h1>"Outbox"</h1>
            <p class="lede">"Mails Hallway sent for this group and its events, newest first. Mails that fail for a passing reason are tried again, waiting twice as long each time."</p>
            {done.map(|_| view! { <p class="notice" role="status">"The mail is queued to be sent again."</p> })}
            <FormMessage form=form />
            {(failed > 0).then(|| view! {
                <p class="notice error" role="alert">{format!("{failed} mail(s) could not be delivered. The reason is next to each.")}</p>
            })}
            {if view.mails.is_empty() {
                view! { <p>"No mail yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Mails">
                        <table class="people-table outbox">
                            <caption class="visually-hidden">"Mails, newest first"</caption>
                            <thead><tr>
                                <th scope="col">"To"</th>
                                <th scope="col">"Subject"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col">"Written"</th>
                            </tr></thead>
                            <tbody>
                                {view.mails.into_iter().map(|mail| view! {
                                    <MailRow mail=mail slug=slug.clone() resend=resend />
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn MailRow(mail: OutboxMail, slug: String, resend: ServerAction<ResendMail>) -> impl IntoView {
    let status_class = mail.status.badge();
    let form = use_form(resend);
    let failed = mail.status == MailStatus::Failed;
    let tries = match mail.attempts {
        0 | 1 => String::new(),
        n => format!(" after {n} tries"),
    };
    view! {
        <tr>
            <td data-label="To">{mail.to}</td>
            <td data-label="Subject">{mail.subject}{mail.event.map(|e| view! { <br /><span class="hint">{e}</span> })}</td>
            <td data-label="Status">
                <span class=status_class>{mail.status.label()}</span>
                {mail.sent.map(|at| view! { <br /><span class="hint">{format!("{at}{tries}")}</span> })}
                {mail.error.map(|e| view! { <br /><span class="hint">{e}</span> })}
                {failed.then(|| view! {
                    <Form action=resend label="Send again">
                        <input type="hidden" name="group" value=slug.clone() />
                        <input type="hidden" name="mail" value=mail.mail_id.to_string() />
                        <Submit form=form label="Send again" busy="Queueing…" class="button button-small" />
                    </Form>
                })}
            </td>
            <td data-label="Written">{mail.created}</td>
        </tr>
    }
}
