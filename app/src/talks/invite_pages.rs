//! Speaker invitation pages: the organizers' form and list, and the page the link opens.

use super::{
    api::{
        get_cfp, open_speaker_invitation, speaker_invitations, AcceptSpeakerInvitation,
        DeclineSpeakerInvitation, InviteSpeaker, ResendSpeakerInvitation, RevokeSpeakerInvitation,
        SentInvitation,
    },
    views::{CfpView, SpeakerInvitationPage},
};
use crate::invites::pages::SentInvitationRow;
use crate::{
    accounts::views::CurrentUser,
    components::{ErrorPage, RequireUser},
    forms::{use_form, Field, Form, FormMessage, Submit, TextArea},
    invites::{
        domain::InviteState,
        pages::{AccountFirst, InvitationClosed, InvitationNotValid, InviteMessage},
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/e/:slug/speaker-invitations`: invite guest speakers and follow the invitations.
#[component]
pub fn SpeakerInvitationsPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()));
    let changes = crate::forms::page_changes();
    let cfp = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| get_cfp(slug),
    );
    let list = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| speaker_invitations(slug),
    );
    view! {
        <Title text="Speaker invitations" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match (cfp.await, list.await) {
                        // The list answers 403 to anyone but the organizers.
                        (Ok(cfp), Ok(list)) => view! { <Invitations cfp=cfp list=list /> }.into_any(),
                        (Err(error), _) | (_, Err(error)) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn Invitations(cfp: CfpView, list: Vec<SentInvitation>) -> impl IntoView {
    let invite = ServerAction::<InviteSpeaker>::new();
    let form = use_form(invite);
    let resend = ServerAction::<ResendSpeakerInvitation>::new();
    let resend_form = use_form(resend);
    let revoke = ServerAction::<RevokeSpeakerInvitation>::new();
    let revoke_form = use_form(revoke);
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let slug = cfp.event_slug.clone();
    let cfp_link = format!("/e/{slug}/cfp");
    let form_slug = slug.clone();
    let format_error = form.field_error("format");
    view! {
        <section class="container narrow">
            <p class="eyebrow"><a href=format!("/e/{slug}")>{cfp.event_title.clone()}</a></p>
            <h1>"Speaker invitations"</h1>
            {done.map(|d| view! { <p class="notice" role="status">{match d.as_str() {
                "invited" => "Invitation sent. It works for 14 days; you can follow it below.",
                "resent" => "Invitation sent again with a new link; the old link no longer works.",
                _ => "Invitation withdrawn: its link no longer works.",
            }}</p> })}
            {(!cfp.exists).then(move || view! {
                <p class="notice error" role="alert">"Set up the " <a href=cfp_link>"call for papers"</a> " first: invited speakers choose one of its formats."</p>
            })}
            <div class="card">
                <h2>"Invite a speaker"</h2>
                <p class="hint">"Invited speakers can propose their talk even when the call for papers is closed or by invitation only."</p>
                <Form action=invite label="Invite a speaker">
                    <input type="hidden" name="event" value=form_slug />
                    <FormMessage form=form fields=&["email", "message", "topic", "format"] />
                    <Field form=form name="email" label="Their email" kind="email" autocomplete="off" required=true />
                    <TextArea form=form name="message" label="A personal message (optional)" rows=3 maxlength=1000 />
                    <Field form=form name="topic" label="Proposed topic (optional)" maxlength=150usize />
                    <div class="field" class:invalid=move || format_error.get().is_some()>
                        <label for="field-format">"Proposed format (optional)"</label>
                        <select id="field-format" name="format" aria-describedby="field-format-error">
                            <option value="">"Their choice"</option>
                            {cfp.formats.iter().map(|f| view! { <option value=f.format_id.to_string()>{format!("{} ({} min)", f.name, f.minutes)}</option> }).collect_view()}
                        </select>
                        {move || format_error.get().map(|m| view! { <p class="field-error" id="field-format-error">{m}</p> })}
                    </div>
                    <Submit form=form label="Send invitation" busy="Sending…" class="button button-primary" />
                </Form>
            </div>
            {(!list.is_empty()).then(move || view! {
                <div class="card">
                    <h2>"Invitations"</h2>
                    <FormMessage form=resend_form />
                    <FormMessage form=revoke_form />
                    <ul class="people invitations">
                        {list.into_iter().map(|i| view! { <SentInvitationRow invitation=i fields=vec![("event", slug.clone())] resend=resend revoke=revoke /> }).collect_view()}
                    </ul>
                </div>
            })}
        </section>
    }
}

/// `/speak/:token`: the page a speaker invitation opens.
#[component]
pub fn SpeakerInvitationLinkPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let answered = Memo::new(move |_| query.with(|q| q.get("answered")));
    let page = Resource::new(
        move || (token.get(), answered.get()),
        |(token, _)| open_speaker_invitation(token),
    );
    view! {
        <Title text="Invitation to speak" />
        <section class="container narrow card">
            <Suspense fallback=|| view! { <p>"Checking the invitation…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <SpeakerInvitation page=page token=token.get_untracked() /> }.into_any(),
                        Err(_) => view! { <InvitationNotValid /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SpeakerInvitation(page: SpeakerInvitationPage, token: String) -> impl IntoView {
    let accept = ServerAction::<AcceptSpeakerInvitation>::new();
    let accept_form = use_form(accept);
    let decline = ServerAction::<DeclineSpeakerInvitation>::new();
    let decline_form = use_form(decline);
    let inviter = page.invitation.inviter_or("An organizer");
    let event_link = format!("/e/{}", page.event_slug);
    if page.invitation.state != InviteState::Pending {
        return view! {
            <InvitationClosed
                state=page.invitation.state
                eyebrow=page.event_title.clone()
                accepted="It can be used once. If that was you, propose or edit your talk from \"Your talks\"."
                declined="Thanks for letting the organizers know."
                back=(event_link, format!("Go to {}", page.event_title))
            />
        }
        .into_any();
    }
    let here = format!("/speak/{token}");
    let answer = match page.invitation.signed_in_as.clone() {
        Some(me) => {
            let token = token.clone();
            view! {
                <Form action=accept label="Accept the invitation">
                    <input type="hidden" name="token" value=token />
                    <FormMessage form=accept_form />
                    <p class="hint">{format!("You're signed in as {me}; your talk will be under this account.")}</p>
                    <Submit form=accept_form label="Accept and propose my talk" busy="Accepting…" class="button button-primary" />
                </Form>
            }
            .into_any()
        }
        None => view! {
            <AccountFirst
                here=here
                email=page.invitation.email.clone()
                token=token.clone()
                lead="To accept, sign in or create a free account; you come back here afterwards."
            />
        }
        .into_any(),
    };
    view! {
        <p class="eyebrow">"Invitation to speak"</p>
        <h1>{format!("Speak at {}", page.event_title)}</h1>
        <p>{format!("{inviter} invited {} to speak at ", page.invitation.email)}<a href=event_link>{page.event_title.clone()}</a>"."</p>
        <InviteMessage inviter=inviter.clone() message=page.invitation.message.clone() />
        {(!page.topic.is_empty()).then(|| view! { <p>{format!("Proposed topic: {}", page.topic)}</p> })}
        {page.format.clone().map(|f| view! { <p>{format!("Proposed format: {f}")}</p> })}
        <p class="hint">{format!("This invitation works until {}.", page.invitation.expires)}</p>
        {answer}
        <Form action=decline label="Decline the invitation">
            <input type="hidden" name="token" value=token />
            <FormMessage form=decline_form />
            <Submit form=decline_form label="No thanks, decline" busy="Declining…" class="button button-small" />
        </Form>
    }
    .into_any()
}

/// On a talk's edit page: who gives it, and inviting co-speakers.
#[component]
pub fn CoSpeakersCard(
    slug: String,
    talk: i64,
    team: super::views::CoSpeakersView,
) -> impl IntoView {
    let invite = ServerAction::<super::api::InviteCoSpeaker>::new();
    let form = use_form(invite);
    let resend = ServerAction::<super::api::ResendCoSpeakerInvitation>::new();
    let resend_form = use_form(resend);
    let revoke = ServerAction::<super::api::RevokeCoSpeakerInvitation>::new();
    let revoke_form = use_form(revoke);
    let done = use_query_map().with_untracked(|q| q.get("team"));
    let id = talk.to_string();
    let (form_slug, form_id) = (slug.clone(), id.clone());
    view! {
        <div class="card" id="co-speakers">
            <h2>"Speakers"</h2>
            {done.map(|d| view! { <p class="notice" role="status">{match d.as_str() {
                "invited" => "Invitation sent. It works for 14 days.",
                "resent" => "Invitation sent again with a new link.",
                _ => "Invitation withdrawn.",
            }}</p> })}
            <p>{team.speakers.join(", ")}</p>
            <FormMessage form=resend_form />
            <FormMessage form=revoke_form />
            {(!team.invitations.is_empty()).then(|| view! {
                <ul class="people invitations">
                    {team.invitations.into_iter().map(|i| view! {
                        <SentInvitationRow invitation=i fields=vec![("event", slug.clone()), ("talk", id.clone())] resend=resend revoke=revoke />
                    }).collect_view()}
                </ul>
            })}
            {team.may_invite.then(move || view! {
                <Form action=invite label="Invite a co-speaker">
                    <input type="hidden" name="event" value=form_slug />
                    <input type="hidden" name="talk" value=form_id />
                    <FormMessage form=form fields=&["email", "message"] />
                    <Field form=form name="email" label="Co-speaker's email" kind="email" autocomplete="off" required=true hint="They get a link to join this talk (14 days)." />
                    <TextArea form=form name="message" label="A message (optional)" rows=2 maxlength=1000 />
                    <Submit form=form label="Invite co-speaker" busy="Sending…" class="button" />
                </Form>
            })}
        </div>
    }
}

/// `/join-talk/:token`: the page a co-speaker invitation opens.
#[component]
pub fn CoSpeakerInvitationLinkPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let answered = Memo::new(move |_| query.with(|q| q.get("answered")));
    let page = Resource::new(
        move || (token.get(), answered.get()),
        |(token, _)| super::api::open_co_speaker_invitation(token),
    );
    view! {
        <Title text="Invitation to co-speak" />
        <section class="container narrow card">
            <Suspense fallback=|| view! { <p>"Checking the invitation…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <CoSpeakerInvitation page=page token=token.get_untracked() /> }.into_any(),
                        Err(_) => view! { <InvitationNotValid /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CoSpeakerInvitation(
    page: super::views::CoSpeakerInvitationPage,
    token: String,
) -> impl IntoView {
    let accept = ServerAction::<super::api::AcceptCoSpeakerInvitation>::new();
    let accept_form = use_form(accept);
    let decline = ServerAction::<super::api::DeclineCoSpeakerInvitation>::new();
    let decline_form = use_form(decline);
    let inviter = page.invitation.inviter_or("A speaker");
    if page.invitation.state != InviteState::Pending {
        return view! {
            <InvitationClosed
                state=page.invitation.state
                eyebrow=page.event_title.clone()
                accepted="It can be used once. The talk is on \"Your talks\" of whoever accepted it."
                declined="Thanks for letting them know."
            />
        }
        .into_any();
    }
    let here = format!("/join-talk/{token}");
    let answer = match page.invitation.signed_in_as.clone() {
        Some(me) => {
            let token = token.clone();
            view! {
                <Form action=accept label="Accept the invitation">
                    <input type="hidden" name="token" value=token />
                    <FormMessage form=accept_form />
                    <p class="hint">{format!("You're signed in as {me}.")}</p>
                    <Submit form=accept_form label="Join this talk" busy="Joining…" class="button button-primary" />
                </Form>
            }
            .into_any()
        }
        None => view! {
            <AccountFirst
                here=here
                email=page.invitation.email.clone()
                token=token.clone()
            />
        }
        .into_any(),
    };
    view! {
        <p class="eyebrow">{page.event_title.clone()}</p>
        <h1>{format!("Give \"{}\" together", page.talk_title)}</h1>
        <p>{format!("{inviter} invited {} to give this talk with them at {}.", page.invitation.email, page.event_title)}</p>
        <InviteMessage inviter=inviter.clone() message=page.invitation.message.clone() />
        <p class="hint">{format!("This invitation works until {}.", page.invitation.expires)}</p>
        {answer}
        <Form action=decline label="Decline the invitation">
            <input type="hidden" name="token" value=token />
            <FormMessage form=decline_form />
            <Submit form=decline_form label="No thanks, decline" busy="Declining…" class="button button-small" />
        </Form>
    }
    .into_any()
}
