//! The parts every invitation link page shares: the answer for a link that is not valid, the
//! page of an invitation that is no longer open, the inviter's message, the way to an
//! account before accepting; and, for the organizers' lists, an invitation's row with its
//! state and the forms that send it again or withdraw it.

use super::{api::SentInvitation, domain::InviteState};
use crate::{
    components::{set_page_status, status_encode},
    error::AppError,
    forms::Form,
};
use leptos::{
    prelude::*,
    server_fn::{client::Client, codec::PostUrl, request::ClientReq, Http, ServerFn},
};
use serde::de::DeserializeOwned;

/// What a link whose token matches nothing shows (404).
#[component]
pub fn InvitationNotValid() -> impl IntoView {
    set_page_status(404);
    view! {
        <h1>"This invitation link isn't valid"</h1>
        <p>"Check that the whole link was copied from the mail. Links stop working when an invitation is sent again; the newest mail has the link that works."</p>
        <p><a href="/">"Go to Hallway"</a></p>
    }
}

/// An invitation that is accepted, declined, expired or withdrawn (410 but for declined):
/// `accepted` and `declined` say what that means for this kind; `back` links onwards.
#[component]
pub fn InvitationClosed(
    state: InviteState,
    #[prop(into)] eyebrow: String,
    accepted: &'static str,
    declined: &'static str,
    #[prop(optional)] back: Option<(String, String)>,
) -> impl IntoView {
    let (heading, text) = match state {
        InviteState::Accepted => ("This invitation was accepted", accepted),
        InviteState::Declined => ("Invitation declined", declined),
        InviteState::Expired => (
            "This invitation has expired",
            "Invitations work for 14 days. Ask for it to be sent again.",
        ),
        _ => (
            "This invitation was withdrawn",
            "It was withdrawn, so the link no longer works.",
        ),
    };
    if state != InviteState::Declined {
        set_page_status(410);
    }
    view! {
        {(!eyebrow.is_empty()).then(|| view! { <p class="eyebrow">{eyebrow}</p> })}
        <h1>{heading}</h1>
        <p role="status">{text}</p>
        {back.map(|(href, label)| view! { <p><a href=href>{label}</a></p> })}
    }
}

/// The inviter's personal message, when there is one.
#[component]
pub fn InviteMessage(inviter: String, message: String) -> impl IntoView {
    (!message.is_empty()).then(|| {
        view! {
            <blockquote class="invite-message">
                <p class="hint">{format!("{inviter} wrote:")}</p>
                <p class="pre-line">{message}</p>
            </blockquote>
        }
    })
}

/// Sign up (with the invited address filled in, and the invitation's `token`, which proves
/// it) or sign in, coming back to `here`.
#[component]
pub fn AccountFirst(
    here: String,
    email: String,
    token: String,
    #[prop(default = "To join, sign in or create a free account; you come back here afterwards.")]
    lead: &'static str,
) -> impl IntoView {
    let next = status_encode(&here);
    let signup = format!(
        "/signup?next={next}&email={}&invitation={}",
        status_encode(&email),
        status_encode(&token)
    );
    let login = format!("/login?next={next}");
    view! {
        <p>{lead}</p>
        <p class="button-row">
            <a class="button button-primary" href=signup>"Create an account"</a>
            <a class="button" href=login>"Sign in"</a>
        </p>
    }
}

/// An invitation's state, when it was sent, opened and answered, and its mail's delivery.
#[component]
pub fn InvitationStatus(invitation: SentInvitation) -> impl IntoView {
    let state_class = match invitation.state {
        InviteState::Accepted => "badge badge-ok",
        InviteState::Pending => "badge",
        InviteState::Declined | InviteState::Expired => "badge badge-warning",
        InviteState::Revoked => "badge badge-danger",
    };
    let sent = match invitation.sends {
        1 => format!("Sent {}", invitation.sent),
        n => format!("Sent {} (time {n})", invitation.sent),
    };
    view! {
        <span class=state_class>{invitation.state.label()}</span>
        <br />
        <span class="hint">
            {sent}
            {invitation.invited_by.map(|by| format!(" by {by}"))}
            {invitation.opened.map(|at| format!(" · opened {at}"))}
            {invitation.answered.map(|at| format!(" · answered {at}"))}
        </span>
        {invitation.mail.map(|status| view! {
            <br />
            <span class="hint">"Mail: "</span>
            <span class=status.badge()>{status.label()}</span>
            {invitation.mail_error.clone().map(|e| view! { " " <span class="hint">{e}</span> })}
        })}
    }
}

/// One sent invitation on an organizers' list: the address (with `note` after it, say the
/// partner's name), its state, the proposed topic, and the forms that send it again or
/// withdraw it. Each form posts `fields` (where the invitation belongs: `group`, or `event`
/// and `talk`) and `invitation`.
#[component]
pub fn SentInvitationRow<R, RO, W, WO>(
    invitation: SentInvitation,
    fields: Vec<(&'static str, String)>,
    #[prop(optional)] note: String,
    resend: ServerAction<R>,
    revoke: ServerAction<W>,
) -> impl IntoView
where
    R: DeserializeOwned
        + ServerFn<Protocol = Http<PostUrl, RO>, Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static,
    <<R::Client as Client<AppError>>::Request as ClientReq<AppError>>::FormData:
        From<leptos::web_sys::FormData>,
    R::Output: Send + Sync + 'static,
    R::Client: Client<AppError>,
    W: DeserializeOwned
        + ServerFn<Protocol = Http<PostUrl, WO>, Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static,
    <<W::Client as Client<AppError>>::Request as ClientReq<AppError>>::FormData:
        From<leptos::web_sys::FormData>,
    W::Output: Send + Sync + 'static,
    W::Client: Client<AppError>,
    RO: 'static,
    WO: 'static,
{
    let id = invitation.invitation_id.to_string();
    let hidden = move |fields: &[(&'static str, String)], id: &str| {
        let mut inputs: Vec<_> = fields
            .iter()
            .map(|(name, value)| view! { <input type="hidden" name=*name value=value.clone() /> })
            .collect();
        inputs.push(view! { <input type="hidden" name="invitation" value=id.to_owned() /> });
        inputs
    };
    let resend_fields = hidden(&fields, &id);
    let revoke_fields = hidden(&fields, &id);
    let resend_label = format!("Send the invitation to {} again", invitation.email);
    let revoke_label = format!("Withdraw the invitation to {}", invitation.email);
    let topic = (!invitation.topic.is_empty()).then(|| format!("Topic: {}", invitation.topic));
    view! {
        <li>
            <span>
                <strong>{invitation.email.clone()}</strong>
                {(!note.is_empty()).then(|| format!(" ({note})"))}
                " " <InvitationStatus invitation=invitation.clone() />
                {topic.map(|topic| view! { <br /><span class="hint">{topic}</span> })}
            </span>
            <span class="row-actions">
                {invitation.may_resend.then(move || view! {
                    <Form action=resend class="inline-form">
                        {resend_fields}
                        <button type="submit" class="button button-small" aria-label=resend_label>"Send again"</button>
                    </Form>
                })}
                {invitation.may_revoke.then(move || view! {
                    <Form action=revoke class="inline-form">
                        {revoke_fields}
                        <button type="submit" class="button button-small" aria-label=revoke_label>"Withdraw"</button>
                    </Form>
                })}
            </span>
        </li>
    }
}
