//! Group pages: the home listing, creating a group, its public page and its settings.

use super::{
    api::{
        get_group, list_groups, CreateGroup, DeleteGroup, RemoveOrganizer, TransferOwnership,
        UpdateGroup,
    },
    domain::{City, Description, GroupName, Role, Slug, Website},
    invites::{
        group_invitations, InviteOrganizer, ResendInvitation, RevokeInvitation, SentInvitation,
    },
    views::GroupView,
};
use crate::invites::pages::SentInvitationRow;
use crate::{
    accounts::views::CurrentUser,
    components::{ErrorPage, RequireUser, UserResource},
    error::AppError,
    events::pages::{GroupEvents, GroupListings, UpcomingEvents},
    forms::{use_form, Field, Form, FormMessage, FormState, Submit, TextArea, TimeZoneField},
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn HomePage() -> impl IntoView {
    let groups = Resource::new(|| (), |_| list_groups(0));
    let user = expect_context::<UserResource>();
    let deleted = use_query_map().with_untracked(|q| q.get("deleted").is_some());
    let name = Resource::new(|| (), |_| crate::instance::api::instance_name());
    view! {
        <Title text="Hallway — meetups and mini-conferences" />
        <section class="hero">
            <div class="container">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        name.await.ok().map(|n| view! { <p class="eyebrow">{n}</p> })
                    })}
                </Suspense>
                <h1>"Meetups and mini-conferences, planned in one place."</h1>
                <p class="lede">"Hallway helps community organizers run groups, schedule events, welcome speakers and partners, and keep attendees' calendars right."</p>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let signed_in = matches!(user.await, Ok(Some(_)));
                        view! {
                            <a class="button button-primary" href=if signed_in { "/groups/new" } else { "/signup?next=/groups/new" }>"Start a group"</a>
                        }
                    })}
                </Suspense>
            </div>
        </section>
        <crate::dashboard::pages::OrganizerHomeSection />
        <section class="container">
            {deleted.then(|| view! { <p class="notice" role="status">"The group was deleted."</p> })}
            <h2>"Upcoming events"</h2>
            <p class="subscribe"><a href="/calendar.ics">"Subscribe to every upcoming event (iCalendar feed)"</a></p>
            <UpcomingEvents />
            <h2>"Groups"</h2>
            <Suspense fallback=|| view! { <p>"Loading groups…"</p> }>
                {move || Suspend::new(async move {
                    match groups.await {
                        Ok(groups) if groups.is_empty() => view! {
                            <p class="empty">"No groups yet. Be the first to start one."</p>
                        }.into_any(),
                        Ok(groups) => view! {
                            <ul class="group-list">
                                {groups.into_iter().map(|g| view! {
                                    <li class="group-card">
                                        <h3><a href=format!("/g/{}", g.slug)>{g.name}</a></h3>
                                        {g.city.map(|c| view! { <p class="meta">{c}</p> })}
                                        <p>{g.blurb}</p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The details fields shared by the create and edit forms.
#[component]
fn GroupDetailsFields(
    form: FormState,
    #[prop(optional)] group: Option<GroupView>,
    /// A new group: the web address is asked for after the name.
    #[prop(optional)]
    new: bool,
) -> impl IntoView {
    let group = group.unwrap_or_else(|| GroupView {
        slug: String::new(),
        name: String::new(),
        description: None,
        description_html: String::new(),
        blurb: String::new(),
        website: None,
        city: None,
        time_zone: String::new(),
        organizers: Vec::new(),
        my_role: None,
        feed_url: String::new(),
        colour: String::new(),
    });
    view! {
        <Field form=form name="name" label="Group name" value=group.name required=true maxlength=GroupName::MAX_LEN hint="Up to 80 characters." />
        {new.then(|| view! {
            <Field form=form name="slug" label="Web address" maxlength=Slug::MAX_LEN hint="Your group will live at /g/your-address: letters a–z, digits and hyphens. Left empty, it is made from the name. It cannot be changed later." />
            <p class="hint" id="slug-status" role="status" aria-live="polite"></p>
        })}
        <TextArea form=form name="description" label="Description" value=group.description.unwrap_or_default() maxlength=Description::MAX_LEN hint="What the group is about. Markdown works: **bold**, [links](https://…), lists. Up to 2,000 characters." />
        <Field form=form name="city" label="City (optional)" value=group.city.unwrap_or_default() maxlength=City::MAX_LEN autocomplete="address-level2" />
        <Field form=form name="website" label="Website (optional)" kind="url" value=group.website.unwrap_or_default() maxlength=Website::MAX_LEN hint="A full address starting with https://" />
        <TimeZoneField form=form value=if group.time_zone.is_empty() { "UTC".to_owned() } else { group.time_zone } hint="New events start in this zone. Any IANA name works, like Europe/Berlin." />
        {(!new).then(|| view! {
            <Field form=form name="colour" label="Colour" kind="color" value=group.colour hint="Events without their own image get a cover in this colour." />
        })}
    }
}

#[component]
pub fn NewGroupPage() -> impl IntoView {
    view! {
        <Title text="Start a group" />
        <RequireUser children=|_user: CurrentUser| view! { <NewGroupForm /> } />
    }
}

#[component]
fn NewGroupForm() -> impl IntoView {
    let action = ServerAction::<CreateGroup>::new();
    let form = use_form(action);
    view! {
        <section class="container narrow card">
            <h1>"Start a group"</h1>
            <p class="lede">"You will be the group's owner and can invite co-organizers afterwards."</p>
            <super::new_group::Suggestions>
                <Form action=action label="New group">
                    <FormMessage form=form fields=&["name", "slug", "description", "city", "website", "time_zone"] />
                    <GroupDetailsFields form=form new=true />
                    <Submit form=form label="Create group" busy="Creating…" class="button button-primary" />
                </Form>
            </super::new_group::Suggestions>
        </section>
    }
}

fn slug_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()))
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let slug = slug_param();
    let changes = crate::forms::page_changes();
    let group = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| get_group(slug),
    );
    let listings = GroupListings::new(slug);
    let partners = Resource::new(move || slug.get(), crate::sponsors::api::group_partners);
    view! {
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match group.await {
                    Ok(group) => view! { <GroupDetails group=group listings=listings partners=partners /> }.into_any(),
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn GroupDetails(
    group: GroupView,
    listings: GroupListings,
    partners: crate::sponsors::public_pages::PartnersResource,
) -> impl IntoView {
    let settings = format!("/g/{}/settings", group.slug);
    view! {
        <Title text=group.name.clone() />
        <Meta name="description" content=group.blurb.clone() />
        <section class="group-hero">
            <div class="container">
                <p class="eyebrow">"Group"</p>
                <h1>{group.name.clone()}</h1>
                <p class="meta">
                    {group.city.clone()}
                    {group.website.clone().map(|w| {
                        let href = w.clone();
                        view! { " · " <a href=href rel="nofollow noopener">{w}</a> }
                    })}
                </p>
                <p class="subscribe">
                    <a class="button" href=group.feed_url.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1)>"Subscribe to the calendar"</a>
                    " "
                    <a href=format!("/g/{}/calendar.ics", group.slug)>"(.ics)"</a>
                </p>
                {group.my_role.map(|_| view! {
                    <p class="button-row">
                        <a class="button" href=settings>"Group settings"</a>
                        <a class="button" href=format!("/g/{}/outbox", group.slug)>"Outbox"</a>
                        <a class="button" href=format!("/g/{}/partners", group.slug)>"Partners"</a>
                    </p>
                })}
            </div>
        </section>
        <div class="container group-body">
            <article class="prose" inner_html=group.description_html />
            <aside>
                <h2>"Organizers"</h2>
                <ul class="people">
                    {group.organizers.into_iter().map(|o| view! {
                        <li>{o.display_name} {(o.role == Role::Owner).then(|| view! { <span class="badge">"Owner"</span> })}</li>
                    }).collect_view()}
                </ul>
            </aside>
            <section>
                <GroupEvents group=group.slug.clone() organizer=group.my_role.is_some() listings=listings />
            </section>
            <crate::sponsors::public_pages::GroupPartners data=partners />
        </div>
    }
}

#[component]
pub fn GroupSettingsPage() -> impl IntoView {
    let slug = slug_param();
    let changes = crate::forms::page_changes();
    let group = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| get_group(slug),
    );
    let invitations = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| group_invitations(slug),
    );
    view! {
        <Title text="Group settings" />
        <RequireUser children=move |user: CurrentUser| view! { <GroupSettings user=user group=group invitations=invitations /> } />
    }
}

type Invitations = Resource<Result<Vec<SentInvitation>, AppError>>;

#[component]
fn GroupSettings(
    user: CurrentUser,
    group: Resource<Result<GroupView, AppError>>,
    invitations: Invitations,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || {
                let user = user.clone();
                Suspend::new(async move {
                    match group.await {
                        Ok(group) if group.my_role.is_some() => view! { <SettingsForms group=group user=user invitations=invitations /> }.into_any(),
                        Ok(_) => view! { <ErrorPage error=AppError::Forbidden("Only the group's organizers can change its settings.".to_owned()) /> }.into_any(),
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn SettingsForms(group: GroupView, user: CurrentUser, invitations: Invitations) -> impl IntoView {
    let saved = use_query_map().with_untracked(|q| q.get("saved"));
    let is_owner = group.my_role == Some(Role::Owner);
    view! {
        <section class="container narrow">
            <p class="eyebrow"><a href=format!("/g/{}", group.slug)>{group.name.clone()}</a></p>
            <h1>"Group settings"</h1>
            {saved.map(|what| view! {
                <p class="notice" role="status">{match what.as_str() {
                    "organizers" => "Organizers updated.",
                    "invited" => "Invitation sent. It works for 14 days; you can follow it below.",
                    "resent" => "Invitation sent again with a new link; the old link no longer works.",
                    "revoked" => "Invitation withdrawn: its link no longer works.",
                    "joined" => "Welcome aboard: you now help organize this group.",
                    "owner" => "Ownership handed over.",
                    _ => "Changes saved.",
                }}</p>
            })}
            <DetailsCard group=group.clone() />
            <OrganizersCard group=group.clone() user=user />
            <InvitationsCard slug=group.slug.clone() invitations=invitations />
            {is_owner.then(|| view! { <OwnerCards group=group /> })}
        </section>
    }
}

#[component]
fn DetailsCard(group: GroupView) -> impl IntoView {
    let update = ServerAction::<UpdateGroup>::new();
    let form = use_form(update);
    let slug = group.slug.clone();
    view! {
        <div class="card">
            <h2>"Details"</h2>
            <Form action=update label="Group details">
                <input type="hidden" name="group" value=slug />
                <FormMessage form=form fields=&["name", "description", "city", "website", "time_zone"] />
                <GroupDetailsFields form=form group=group />
                <Submit form=form label="Save changes" class="button button-primary" />
            </Form>
        </div>
    }
}

#[component]
fn OrganizersCard(group: GroupView, user: CurrentUser) -> impl IntoView {
    let add = ServerAction::<InviteOrganizer>::new();
    let add_form = use_form(add);
    let remove = ServerAction::<RemoveOrganizer>::new();
    let remove_form = use_form(remove);
    let slug = group.slug.clone();
    let rows = group
        .organizers
        .into_iter()
        .map(|o| {
            let me = o.account_id == user.account_id;
            let removable = o.role == Role::Organizer;
            let slug = group.slug.clone();
            let label = format!("Remove {}", o.display_name);
            view! {
                <li>
                    <span>
                        <strong>{o.display_name}</strong>
                        " " <span class="meta">{o.email}</span>
                        " " <span class="badge">{o.role.label()}</span>
                    </span>
                    {removable.then(|| view! {
                        <Form action=remove class="inline-form">
                            <input type="hidden" name="group" value=slug />
                            <input type="hidden" name="account_id" value=o.account_id.to_string() />
                            <button type="submit" class="button button-small" aria-label=label>
                                {if me { "Step down" } else { "Remove" }}
                            </button>
                        </Form>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="card">
            <h2>"Organizers"</h2>
            <FormMessage form=remove_form />
            <ul class="people">{rows}</ul>
            <h3>"Invite a co-organizer"</h3>
            <Form action=add label="Invite a co-organizer">
                <input type="hidden" name="group" value=slug />
                <FormMessage form=add_form fields=&["email", "message"] />
                <Field form=add_form name="email" label="Their email" kind="email" autocomplete="off" required=true hint="They get a link that works for 14 days. No account yet? They create one on the way." />
                <TextArea form=add_form name="message" label="A personal message (optional)" rows=3 maxlength=1000 />
                <Submit form=add_form label="Send invitation" busy="Sending…" class="button" />
            </Form>
        </div>
    }
}

/// The group's invitations with where each stands and where its mail is.
#[component]
fn InvitationsCard(slug: String, invitations: Invitations) -> impl IntoView {
    let resend = ServerAction::<ResendInvitation>::new();
    let resend_form = use_form(resend);
    let revoke = ServerAction::<RevokeInvitation>::new();
    let revoke_form = use_form(revoke);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let slug = slug.clone();
                Suspend::new(async move {
                    let list = invitations.await.unwrap_or_default();
                    (!list.is_empty()).then(|| view! {
                        <div class="card">
                            <h2>"Invitations"</h2>
                            <FormMessage form=resend_form />
                            <FormMessage form=revoke_form />
                            <ul class="people invitations">
                                {list.into_iter().map(|i| view! {
                                    <SentInvitationRow invitation=i fields=vec![("group", slug.clone())] resend=resend revoke=revoke />
                                }).collect_view()}
                            </ul>
                        </div>
                    })
                })
            }}
        </Suspense>
    }
}

#[component]
fn OwnerCards(group: GroupView) -> impl IntoView {
    let transfer = ServerAction::<TransferOwnership>::new();
    let transfer_form = use_form(transfer);
    let delete = ServerAction::<DeleteGroup>::new();
    let delete_form = use_form(delete);
    let co_organizers: Vec<_> = group
        .organizers
        .into_iter()
        .filter(|o| o.role == Role::Organizer)
        .collect();
    let transfer_view = if co_organizers.is_empty() {
        view! { <p class="hint">"Invite a co-organizer first; once they join you can make them the owner."</p> }
            .into_any()
    } else {
        let slug = group.slug.clone();
        let options = co_organizers
            .into_iter()
            .map(|o| view! { <option value=o.account_id.to_string()>{o.display_name}</option> })
            .collect_view();
        view! {
            <Form action=transfer label="Hand the group on">
                <input type="hidden" name="group" value=slug />
                <FormMessage form=transfer_form fields=&["account_id"] />
                <div class="field">
                    <label for="field-new-owner">"New owner"</label>
                    <select id="field-new-owner" name="account_id">{options}</select>
                    <p class="hint">"You stay on as a co-organizer."</p>
                </div>
                <Submit form=transfer_form label="Make owner" class="button" />
            </Form>
        }
        .into_any()
    };
    let slug = group.slug;
    view! {
        <div class="card">
            <h2>"Hand the group on"</h2>
            {transfer_view}
        </div>
        <div class="card danger-zone">
            <h2>"Delete this group"</h2>
            <p>"This removes the group and its organizers for good."</p>
            <Form action=delete label="Delete group">
                <input type="hidden" name="group" value=slug />
                <FormMessage form=delete_form fields=&["confirm"] />
                <Field form=delete_form name="confirm" label="Web address of the group" hint="Type the group's web address to confirm." required=true />
                <Submit form=delete_form label="Delete group" busy="Deleting…" class="button button-danger" />
            </Form>
        </div>
    }
}
