//! The page a co-organizer invitation link opens.

use super::invites::{open_invitation, AcceptInvitation, DeclineInvitation, InvitationPage};
use crate::{
    forms::{use_form, Form, FormMessage, Submit},
    invites::{
        domain::InviteState,
        pages::{AccountFirst, InvitationClosed, InvitationNotValid, InviteMessage},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn InvitationLinkPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let answered = Memo::new(move |_| query.with(|q| q.get("answered")));
    let invitation = Resource::new(
        move || (token.get(), answered.get()),
        |(token, _)| open_invitation(token),
    );
    view! {
        <Title text="Invitation" />
        <section class="container narrow card">
            <Suspense fallback=|| view! { <p>"Checking the invitation…"</p> }>
                {move || Suspend::new(async move {
                    match invitation.await {
                        Ok(page) => view! { <Invitation page=page token=token.get_untracked() /> }.into_any(),
                        Err(_) => view! { <InvitationNotValid /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Invitation(page: InvitationPage, token: String) -> impl IntoView {
    let inviter = page.invitation.inviter_or("An organizer");
    let group_link = format!("/g/{}", page.group_slug);
    let title = format!("Help organize {}", page.group_name);
    match page.invitation.state {
        InviteState::Pending => view! {
            <p class="eyebrow">"Invitation"</p>
            <h1>{title}</h1>
            <p>
                {format!("{inviter} invited {} to help organize ", page.invitation.email)}
                <a href=group_link>{page.group_name.clone()}</a>
                ". Co-organizers schedule events, see who is coming, write to attendees and check people in."
            </p>
            <InviteMessage inviter=inviter.clone() message=page.invitation.message.clone() />
            <p class="hint">{format!("This invitation works until {}.", page.invitation.expires)}</p>
            <Answer page=page token=token />
        }
        .into_any(),
        other => view! {
            <InvitationClosed
                state=other
                eyebrow=page.group_name.clone()
                accepted="It can be used once. If that was you, the group is in your list when you sign in."
                declined="Thanks for letting the organizers know. If you change your mind, ask them to send it again."
                back=(group_link, format!("Go to {}", page.group_name))
            />
        }
        .into_any(),
    }
}

/// Join (signed in), or sign up / sign in first; decline needs no account.
#[component]
fn Answer(page: InvitationPage, token: String) -> impl IntoView {
    let accept = ServerAction::<AcceptInvitation>::new();
    let accept_form = use_form(accept);
    let decline = ServerAction::<DeclineInvitation>::new();
    let decline_form = use_form(decline);
    let here = format!("/invitations/{token}");
    let join = if page.already_organizer {
        view! {
            <p class="notice" role="status">"You already help organize this group."</p>
            <p><a class="button" href=format!("/g/{}/settings", page.group_slug)>"Group settings"</a></p>
        }
        .into_any()
    } else if let Some(me) = page.invitation.signed_in_as.clone() {
        let token = token.clone();
        view! {
            <Form action=accept label="Accept the invitation">
                <input type="hidden" name="token" value=token />
                <FormMessage form=accept_form />
                <p class="hint">{format!("You're signed in as {me}; you join with this account.")}</p>
                <Submit form=accept_form label="Join as co-organizer" busy="Joining…" class="button button-primary" />
            </Form>
        }
        .into_any()
    } else {
        view! {
            <AccountFirst
                here=here
                email=page.invitation.email.clone()
                token=token.clone()
            />
        }
        .into_any()
    };
    view! {
        {join}
        <Form action=decline label="Decline the invitation">
            <input type="hidden" name="token" value=token />
            <FormMessage form=decline_form />
            <Submit form=decline_form label="No thanks, decline" busy="Declining…" class="button button-small" />
        </Form>
    }
}
