//! The partners' pages: the invitation link (/sponsor-invite/{token}) and the partner portal
//! (/partner/{token}), where a partner chooses a tier, keeps its profile, contacts, logo and
//! guests; and a signed-in person's sponsorships on /me.

use super::pages::{done_notice, param, plural, stage_class};
use super::{
    api::{
        open_partner_invitation, partner_portal, AcceptPartnerInvitation, DeclinePartnerInvitation,
        PortalAddContact, PortalAddPass, PortalChooseTier, PortalDecline, PortalRemoveContact,
        PortalRemovePass, PortalSaveProfile,
    },
    domain::{Actor, Stage},
    views::{PartnerInvitationPage, PortalView},
};
use crate::{
    components::{set_page_status, status_encode, ErrorPage},
    error::AppError,
    forms::{use_form, Field, Form, FormMessage, Submit, TextArea},
    invites::domain::InviteState,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

// ---- partners: the invitation link and the portal ----

/// `/sponsor-invite/:token`: the page a partner invitation opens.
#[component]
pub fn PartnerInvitationLinkPage() -> impl IntoView {
    let token = param("token");
    let query = use_query_map();
    let answered = Memo::new(move |_| query.with(|q| q.get("answered")));
    let page = Resource::new(
        move || (token.get(), answered.get()),
        |(token, _)| open_partner_invitation(token),
    );
    view! {
        <Title text="Invitation to sponsor" />
        <section class="container narrow card">
            <Suspense fallback=|| view! { <p>"Checking the invitation…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <PartnerInvitation page=page token=token.get_untracked() /> }.into_any(),
                        Err(_) => view! { <crate::invites::pages::InvitationNotValid /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn PartnerInvitation(page: PartnerInvitationPage, token: String) -> impl IntoView {
    let accept = ServerAction::<AcceptPartnerInvitation>::new();
    let accept_form = use_form(accept);
    let decline = ServerAction::<DeclinePartnerInvitation>::new();
    let decline_form = use_form(decline);
    let inviter = page.invitation.inviter_or("An organizer");
    let event_link = format!("/e/{}", page.event_slug);
    if page.invitation.state != InviteState::Pending {
        return view! {
            <crate::invites::pages::InvitationClosed
                state=page.invitation.state
                eyebrow=page.event_title.clone()
                accepted="It works once. Use the partner portal link you bookmarked, or ask the organizers for a new invitation."
                declined="Thanks for letting the organizers know."
                back=(event_link, format!("Go to {}", page.event_title))
            />
        }
        .into_any();
    }
    let t2 = token.clone();
    let sign_in = format!(
        "/login?next={}",
        status_encode(&format!("/sponsor-invite/{token}"))
    );
    view! {
        <p class="eyebrow">"Invitation to sponsor"</p>
        <h1>{format!("Sponsor {}", page.event_title)}</h1>
        <p>{format!("{inviter} invited {} ({}) to sponsor ", page.partner, page.invitation.email)}<a href=event_link>{page.event_title.clone()}</a>"."</p>
        <crate::invites::pages::InviteMessage inviter=inviter.clone() message=page.invitation.message.clone() />
        <p class="hint">{format!("This invitation works once, until {}.", page.invitation.expires)}</p>
        <Form action=accept label="Open the partner portal">
            <input type="hidden" name="token" value=token />
            <FormMessage form=accept_form />
            {match page.invitation.signed_in_as.clone() {
                Some(me) => view! { <p class="hint">{format!("You're signed in as {me}; the portal will be attached to this account.")}</p> }.into_any(),
                None => view! {
                    <p class="hint">"No account is needed. To keep the portal with your Hallway account, "
                        <a href=sign_in>"sign in"</a>
                        " first."</p>
                }.into_any(),
            }}
            <Submit form=accept_form label="Open the partner portal" busy="Opening…" class="button button-primary" />
        </Form>
        <Form action=decline label="Decline the invitation">
            <input type="hidden" name="token" value=t2 />
            <FormMessage form=decline_form />
            <Submit form=decline_form label="No thanks, decline" busy="Declining…" class="button button-small" />
        </Form>
    }
    .into_any()
}

/// `/partner/:token`: the partner portal.
#[component]
pub fn PartnerPortalPage() -> impl IntoView {
    let token = param("token");
    let changes = crate::forms::page_changes();
    let data = Resource::new(
        move || (token.get(), changes.get()),
        |(token, _)| partner_portal(token),
    );
    view! {
        <Title text="Partner portal" />
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <Portal data=data token=token.get_untracked() /> }.into_any(),
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Portal(data: PortalView, token: String) -> impl IntoView {
    let choose = ServerAction::<PortalChooseTier>::new();
    let choose_form = use_form(choose);
    let decline = ServerAction::<PortalDecline>::new();
    let decline_form = use_form(decline);
    let profile = ServerAction::<PortalSaveProfile>::new();
    let profile_form = use_form(profile);
    let add_contact = ServerAction::<PortalAddContact>::new();
    let contact_form = use_form(add_contact);
    let remove_contact = ServerAction::<PortalRemoveContact>::new();
    let remove_contact_form = use_form(remove_contact);
    let add_pass = ServerAction::<PortalAddPass>::new();
    let pass_form = use_form(add_pass);
    let remove_pass = ServerAction::<PortalRemovePass>::new();
    let remove_pass_form = use_form(remove_pass);
    let query = use_query_map();
    let welcome = query.with_untracked(|q| q.get("welcome").is_some());
    let logo_error = query.with_untracked(|q| q.get("logo_error"));
    if logo_error.is_some() {
        set_page_status(422);
    }
    let tier_error = choose_form.field_error("tier");
    let may_choose = data
        .stage
        .may_move(Stage::Interested, Actor::Partner)
        .is_ok()
        || data.stage == Stage::Interested;
    let may_decline = data.stage.may_move(Stage::Declined, Actor::Partner).is_ok();
    let partner = data.partner.clone();
    let t = StoredValue::new(token.clone());
    let contacts = partner.contacts.clone();
    let passes = data.passes.clone();
    let tiers = data.tiers.clone();
    let stage_text = match data.stage {
        Stage::Prospect | Stage::Invited => {
            "Choose a tier below; the organizers then confirm it.".to_owned()
        }
        Stage::Interested => "You chose a tier; the organizers will confirm it.".to_owned(),
        Stage::Agreed | Stage::Invoiced | Stage::Paid => {
            "Your sponsorship is agreed. Thank you! Your logo is on the event page.".to_owned()
        }
        Stage::Declined => "You declined. If you change your mind, choose a tier.".to_owned(),
        Stage::Withdrawn => "This sponsorship was withdrawn by the organizers.".to_owned(),
    };
    let logo_action = format!("/partner/{token}/logo");
    let logo_described = if logo_error.is_some() {
        "field-logo-hint field-logo-error"
    } else {
        "field-logo-hint"
    };
    view! {
        <section class="container narrow">
            <p class="eyebrow">"Partner portal"</p>
            <h1>{format!("{} · {}", partner.name, data.event_title)}</h1>
            <p class="meta"><a href=format!("/e/{}", data.event_slug)>{data.event_title.clone()}</a> " · " {data.event_when.clone()}</p>
            {welcome.then(|| view! { <p class="notice" role="status">"Welcome! Bookmark this page: its address is your way back to the portal."</p> })}
            {done_notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <p><span class=stage_class(data.stage)>{data.stage.label()}</span> " " {stage_text}</p>
            <div class="card" id="tiers">
                <h2>"Tiers"</h2>
                <Form action=choose label="Choose a tier">
                    <input type="hidden" name="token" value=t.get_value() />
                    <FormMessage form=choose_form fields=&["tier"] />
                    <fieldset class="tiers" aria-describedby="field-tier-error">
                        <legend>"Sponsorship tiers"</legend>
                        {tiers.into_iter().map(|tier| {
                            let id = format!("tier-{}", tier.tier_id);
                            let full = tier.left() == 0;
                            view! {
                                <div class="tier-option" class:full=full>
                                    <input type="radio" id=id.clone() name="tier" value=tier.tier_id.to_string() checked=data.tier_id == Some(tier.tier_id) disabled=full || !may_choose />
                                    <label for=id>
                                        <strong>{tier.name.clone()}</strong>
                                        {format!(" · {} · ", tier.price)}
                                        {if full { "full".to_owned() } else { format!("{} of {} left", tier.left(), plural(tier.slots, "slot")) }}
                                    </label>
                                    <ul>
                                        {tier.benefits.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}
                                        {(tier.passes > 0).then(|| view! { <li>{format!("{} for your guests", plural(tier.passes, "pass"))}</li> })}
                                    </ul>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    {move || tier_error.get().map(|m| view! { <p class="field-error" id="field-tier-error" role="alert">{m}</p> })}
                    {may_choose.then(|| view! { <Submit form=choose_form label="Choose this tier" class="button button-primary" /> })}
                </Form>
                {may_decline.then(|| view! {
                    <Form action=decline label="Decline">
                        <input type="hidden" name="token" value=t.get_value() />
                        <FormMessage form=decline_form />
                        <Submit form=decline_form label="We won't sponsor this time" class="button button-small" />
                    </Form>
                })}
            </div>
            <div class="card" id="profile">
                <h2>"Your profile"</h2>
                {partner.logo_url.clone().map(|url| view! { <img class="partner-logo" src=url alt=format!("{} logo", partner.name) /> })}
                <form method="post" action=logo_action enctype="multipart/form-data" aria-label="Logo">
                    <div class="field" class:invalid=logo_error.is_some()>
                        <label for="field-logo">"Logo"</label>
                        <input type="file" id="field-logo" name="logo" accept="image/png,image/jpeg,image/webp,image/svg+xml" required aria-describedby=logo_described aria-invalid=logo_error.is_some().then_some("true") />
                        <p class="hint" id="field-logo-hint">"PNG, JPEG, WebP or SVG, up to 1 MB. SVGs may not contain scripts or links to other files."</p>
                        {logo_error.clone().map(|m| view! { <p class="field-error" id="field-logo-error" role="alert">{m}</p> })}
                    </div>
                    <button type="submit" class="button">"Upload logo"</button>
                </form>
                <Form action=profile label="Your profile">
                    <input type="hidden" name="token" value=t.get_value() />
                    <FormMessage form=profile_form fields=&["name", "website", "description"] />
                    <Field form=profile_form name="name" label="Name" value=partner.name.clone() maxlength=80usize />
                    <Field form=profile_form name="website" label="Website" kind="url" value=partner.website.clone().unwrap_or_default() />
                    <TextArea form=profile_form name="description" label="Short description" value=partner.description.clone() rows=4 maxlength=1000 />
                    <Submit form=profile_form label="Save profile" class="button" />
                </Form>
            </div>
            <div class="card" id="contacts">
                <h2>"Contacts"</h2>
                <FormMessage form=remove_contact_form />
                <ul class="people">{contacts.into_iter().map(|c| {
                    let label = format!("Remove {}", c.name);
                    view! {
                        <li>
                            <span>{format!("{} <{}>{}", c.name, c.email, if c.role.is_empty() { String::new() } else { format!(" · {}", c.role) })}</span>
                            <Form action=remove_contact class="inline-form">
                                <input type="hidden" name="token" value=t.get_value() />
                                <input type="hidden" name="contact" value=c.contact_id.to_string() />
                                <button type="submit" class="button button-small" aria-label=label>"Remove"</button>
                            </Form>
                        </li>
                    }
                }).collect_view()}</ul>
                <Form action=add_contact label="Add a contact">
                    <input type="hidden" name="token" value=t.get_value() />
                    <FormMessage form=contact_form fields=&["name", "email", "role"] />
                    <Field form=contact_form prefix="contact" name="name" label="Contact name" maxlength=80usize />
                    <Field form=contact_form prefix="contact" name="email" label="Contact email" kind="email" />
                    <Field form=contact_form prefix="contact" name="role" label="Role (optional)" maxlength=80usize />
                    <Submit form=contact_form label="Add contact" class="button" />
                </Form>
            </div>
            {(data.passes_allowed > 0).then(|| view! {
                <div class="card" id="passes">
                    <h2>{format!("Passes: {} of {} named", data.passes.len(), data.passes_allowed)}</h2>
                    <p class="hint">"Your guests are on the attendee list; their seats are held for them."</p>
                    <FormMessage form=remove_pass_form />
                    <ul class="people">{passes.clone().into_iter().map(|p| {
                        let label = format!("Remove {}", p.name);
                        view! {
                            <li>
                                <span>{p.name.clone()}</span>
                                <Form action=remove_pass class="inline-form">
                                    <input type="hidden" name="token" value=t.get_value() />
                                    <input type="hidden" name="pass" value=p.pass_id.to_string() />
                                    <button type="submit" class="button button-small" aria-label=label>"Remove"</button>
                                </Form>
                            </li>
                        }
                    }).collect_view()}</ul>
                    {((passes.len() as i64) < data.passes_allowed).then(|| view! {
                        <Form action=add_pass label="Name a guest">
                            <input type="hidden" name="token" value=t.get_value() />
                            <FormMessage form=pass_form fields=&["name"] />
                            <Field form=pass_form prefix="pass" name="name" label="Guest's name" maxlength=80usize />
                            <Submit form=pass_form label="Add guest" class="button" />
                        </Form>
                    })}
                </div>
            })}
            <div class="card">
                <h2>"Your account"</h2>
                {if data.attached {
                    view! { <p>"This portal is attached to your account: open it again any time from My events."</p> }.into_any()
                } else {
                    view! {
                        <p>"No account is needed. A portal is kept with a Hallway account when its invitation is accepted while signed in; ask the organizers to invite you again to do that."</p>
                    }.into_any()
                }}
            </div>
        </section>
    }
}

/// On "My events": the sponsor portals attached to the account (nothing when none).
#[component]
pub fn MySponsorships(
    list: OnceResource<Result<Vec<super::views::AttachedSponsorship>, AppError>>,
) -> impl IntoView {
    let reopen = ServerAction::<super::api::ReopenPortal>::new();
    let form = use_form(reopen);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if !list.is_empty() => view! {
                        <section class="container narrow">
                            <h2>"Sponsor portals"</h2>
                            <FormMessage form=form />
                            <ul class="people">{list.into_iter().map(|s| {
                                let label = format!("Open the portal of {} for {}", s.partner, s.event_title);
                                view! {
                                    <li>
                                        <span>{format!("{} · ", s.partner)}<a href=format!("/e/{}", s.event_slug)>{s.event_title.clone()}</a></span>
                                        <Form action=reopen class="inline-form">
                                            <input type="hidden" name="sponsorship" value=s.sponsorship_id.to_string() />
                                            <button type="submit" class="button button-small" aria-label=label>"Open the portal"</button>
                                        </Form>
                                    </li>
                                }
                            }).collect_view()}</ul>
                            <p class="hint">"Opening a portal from here makes a new link; older links to it stop working."</p>
                        </section>
                    }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}
