//! The parts every invitation link page shares: the answer for a link that is not valid, the
//! page of an invitation that is no longer open, the inviter's message, and the way to an
//! account before accepting.

use super::domain::InviteState;
use crate::components::{set_page_status, status_encode};
use leptos::prelude::*;

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
