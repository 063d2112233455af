//! Pages for RSVPs without an account: the form on the event page, the page a confirmation
//! link opens, and the personal page to manage an RSVP.

use super::{
    domain::RsvpStatus,
    guest_api::{
        check_guest_rsvp, managed_rsvp, ConfirmGuestRsvp, ManageRsvpCancel, ManageRsvpGoing,
        ManagedRsvpView, RsvpAsGuest,
    },
    parts::{PlusOnesField, TicketBody},
    views::{RsvpState, RsvpWindow},
};
use crate::{
    accounts::domain::{DisplayName, Email},
    components::{set_page_status, ErrorPage},
    forms::{use_form, Confirm, Field, Form, FormMessage, Submit},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// RSVP with a name and address (signed-out visitors), or sign in.
#[component]
pub fn GuestRsvpForm(panel: RsvpState, login: String) -> impl IntoView {
    let action = ServerAction::<RsvpAsGuest>::new();
    let form = use_form(action);
    let full = panel.capacity.is_some_and(|c| panel.taken >= c);
    // Just sent: the RSVP waits for the mailed link, so no second RSVP button.
    let sent = use_query_map().with_untracked(|q| q.get("done").as_deref() == Some("check_mail"));
    if sent {
        return view! {
            <p class="rsvp-status" role="status"><strong>"Check your inbox."</strong> " Your RSVP counts once you open the link we mailed you."</p>
            <p class="hint">"Nothing arrived after a few minutes? Look in your spam folder, or "
                <a href=format!("/e/{}", panel.event)>"RSVP again with another address"</a> "."</p>
        }
        .into_any();
    }
    view! {
        <Form action=action label="RSVP without an account">
            <input type="hidden" name="event" value=panel.event.clone() />
            <FormMessage form=form fields=&["display_name", "email", "plus_ones", "answer_1", "answer_2", "answer_3", "answer_4", "answer_5"] />
            <Field form=form name="display_name" label="Your name" autocomplete="name" required=true maxlength=DisplayName::MAX_LEN />
            <Field form=form name="email" label="Your email" kind="email" autocomplete="email" required=true maxlength=Email::MAX_LEN hint="We mail you a link to confirm; your RSVP counts once you click it." />
            {(panel.max_plus_ones > 0).then(|| view! { <PlusOnesField form=form max=panel.max_plus_ones current=0 /> })}
            {panel.questions.iter().map(|q| {
                let name: &'static str = match q.position { 1 => "answer_1", 2 => "answer_2", 3 => "answer_3", 4 => "answer_4", _ => "answer_5" };
                view! { <Field form=form name=name label=q.prompt.clone() maxlength=500usize /> }
            }).collect_view()}
            <Submit form=form label=if full { "Join the waitlist" } else { "RSVP" } busy="Sending…" class="button button-primary" />
        </Form>
        <p class="hint">"Have an account? " <a href=login>"Sign in to RSVP"</a></p>
    }
    .into_any()
}

/// Where a guest's confirmation link leads: one button (mail scanners open links too).
#[component]
pub fn ConfirmRsvpPage() -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.with(|q| q.get("token").unwrap_or_default()));
    let pending = Resource::new(move || token.get(), check_guest_rsvp);
    let action = ServerAction::<ConfirmGuestRsvp>::new();
    let form = use_form(action);
    view! {
        <Title text="Confirm your RSVP" />
        <section class="container narrow card">
            <h1>"Confirm your RSVP"</h1>
            <Suspense fallback=|| view! { <p>"Checking the link…"</p> }>
                {move || Suspend::new(async move {
                    match pending.await {
                        Ok(Some(p)) => view! {
                            <p>{format!("{} ({}) is going to {}?", p.name, p.email, p.event_title)}</p>
                            <Form action=action label="Confirm your RSVP">
                                <input type="hidden" name="token" value=token.get_untracked() />
                                <FormMessage form=form />
                                <Submit form=form label="Confirm my RSVP" busy="Confirming…" class="button button-primary" />
                            </Form>
                        }.into_any(),
                        _ => {
                            set_page_status(410);
                            view! {
                                <p class="notice error" role="alert">"This link has expired or was already used."</p>
                                <p>"Links work once, for 48 hours. If you already confirmed, the mail that followed has a link to manage your RSVP. Otherwise, RSVP again on the event page."</p>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/rsvp/:token`: the personal page of one RSVP, no sign-in needed.
#[component]
pub fn ManageRsvpPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let done = Memo::new(move |_| query.with(|q| q.get("done")));
    let changes = crate::forms::page_changes();
    let rsvp = Resource::new(
        move || (token.get(), changes.get()),
        |(token, _)| managed_rsvp(token),
    );
    view! {
        <Title text="Your RSVP" />
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match rsvp.await {
                    Ok(view) => view! { <Managed view=view token=token.get_untracked() done=done.get_untracked() /> }.into_any(),
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Managed(view: ManagedRsvpView, token: String, done: Option<String>) -> impl IntoView {
    let going = ServerAction::<ManageRsvpGoing>::new();
    let going_form = use_form(going);
    let cancel = ServerAction::<ManageRsvpCancel>::new();
    let cancel_form = use_form(cancel);
    let status = view.ticket.status;
    let is_in = matches!(status, RsvpStatus::Going | RsvpStatus::Waitlisted);
    let notice = done.map(|what| match what.as_str() {
        "confirmed" => "Thank you: your RSVP is confirmed. Keep this page (the link is in every mail we send you) to change or cancel it.",
        "going" => "You're going. See you there!",
        "waitlisted" => "There are not enough seats, so you're on the waitlist. You'll get a mail the moment you're in.",
        other => super::domain::not_going_message(other).unwrap_or("Saved."),
    });
    let open = view.window == RsvpWindow::Open && status != RsvpStatus::Removed;
    let may_cancel = is_in
        && matches!(
            view.window,
            RsvpWindow::Open | RsvpWindow::Closed | RsvpWindow::NotYet(_)
        );
    let label = if is_in { "Update RSVP" } else { "I'm going" };
    view! {
        <section class="container narrow card ticket" aria-label="Your RSVP">
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <TicketBody t=view.ticket.clone() />
            <p class="hint">{format!("RSVP for {}.", view.email)}</p>
            {open.then({
                let token = token.clone();
                move || view! {
                <Form action=going label="Change your RSVP">
                    <input type="hidden" name="token" value=token />
                    <FormMessage form=going_form fields=&["plus_ones"] />
                    {(view.max_plus_ones > 0).then(|| view! { <PlusOnesField form=going_form max=view.max_plus_ones current=view.ticket.plus_ones /> })}
                    <Submit form=going_form label=label busy="Saving…" class="button button-primary" />
                </Form>
            }})}
            {may_cancel.then(move || view! {
                <Confirm summary="I can't go after all">
                    <Form action=cancel label="Cancel your RSVP">
                        <input type="hidden" name="token" value=token />
                        <p>"Your seats go to the next people waiting, if anyone is. You can RSVP again from this page while seats are free."</p>
                        <FormMessage form=cancel_form />
                        <Submit form=cancel_form label="Yes, cancel my RSVP" busy="Sending…" class="button button-danger" />
                    </Form>
                </Confirm>
            })}
        </section>
    }
}
