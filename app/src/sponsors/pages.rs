//! Sponsorship pages: the organizers' pipeline (a board with JavaScript, a sortable list
//! without), one sponsorship, the group's partners, the invitation link, the partner portal,
//! and the sponsors everyone sees.

use super::{
    api::{
        partners_admin, sponsorship_admin, sponsorship_detail, AddEventPartner, AddPartnerContact,
        DeleteSponsorTier, InvitePartner, MoveSponsorship, RemovePartnerContact,
        ResendPartnerInvitation, RevokePartnerInvitation, RevokePortalLink, SavePartner,
        SaveSponsorGoal, SaveSponsorTier, SaveSponsorshipNotes, SetSponsorBenefit,
    },
    domain::{Actor, Stage},
    views::{PartnerList, PartnerView, PipelineItem, PipelineView, SponsorshipView, TierView},
};
use crate::invites::pages::SentInvitationRow;
use crate::{
    accounts::views::CurrentUser,
    components::{set_page_status, ErrorPage, RequireUser},
    forms::{use_form, Field, Form, FormMessage, Submit, TextArea},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub(super) fn param(name: &'static str) -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name).unwrap_or_default()))
}

pub(super) fn done_notice() -> Option<&'static str> {
    let done = use_query_map().with_untracked(|q| q.get("done"))?;
    Some(match done.as_str() {
        "tier" => "Tier saved.",
        "tier-deleted" => "Tier deleted.",
        "goal" => "Goal saved.",
        "added" => "Partner added to the pipeline as a prospect.",
        "moved" => "Partner moved.",
        "notes" => "Notes saved.",
        "benefit" => "Checklist updated.",
        "invited" => "Invitation sent. Its link works once, for 14 days.",
        "resent" => "Invitation sent again with a new link; the old link no longer works.",
        "revoked" => "Invitation withdrawn: its link no longer works.",
        "portal-revoked" => "The partner's portal link no longer works.",
        "saved" => "Partner saved.",
        "contact" => "Contact added.",
        "contact-removed" => "Contact removed.",
        "chosen" => "Thanks! The organizers will confirm your tier.",
        "declined" => "You declined. Thanks for letting the organizers know.",
        "profile" => "Your profile is saved.",
        "pass" => "Guest named.",
        "pass-removed" => "Guest removed.",
        "logo" => "Logo uploaded.",
        _ => "Saved.",
    })
}

/// "1 slot", "3 slots", "1 pass", "2 passes".
pub(super) fn plural(n: i64, word: &str) -> String {
    match (n, word.ends_with('s')) {
        (1, _) => format!("1 {word}"),
        (_, true) => format!("{n} {word}es"),
        _ => format!("{n} {word}s"),
    }
}

pub(super) fn stage_class(stage: Stage) -> String {
    format!("stage stage-{}", stage.as_str())
}

// ---- organizers: the event's sponsorship ----

/// `/e/:slug/sponsorship`: goal and totals, the pipeline, tiers and invitations.
#[component]
pub fn SponsorshipPage() -> impl IntoView {
    let slug = param("slug");
    let changes = crate::forms::page_changes();
    let view_data = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| sponsorship_admin(slug),
    );
    view! {
        <Title text="Sponsorship" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match view_data.await {
                        Ok(data) => view! {
                            <Title text=format!("Sponsorship · {}", data.event_title) />
                            <Pipeline data=data />
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn Pipeline(data: PipelineView) -> impl IntoView {
    let slug = data.event_slug.clone();
    let goal = ServerAction::<SaveSponsorGoal>::new();
    let goal_form = use_form(goal);
    let add = ServerAction::<AddEventPartner>::new();
    let add_form = use_form(add);
    let moving = ServerAction::<MoveSponsorship>::new();
    let move_form = use_form(moving);
    let location = leptos_router::hooks::use_location();
    let here = format!("{}#pipeline", location.pathname.get_untracked());
    let sort = use_query_map()
        .with_untracked(|q| q.get("sort"))
        .unwrap_or_default();
    let mut rows = data.pipeline.clone();
    match sort.as_str() {
        "stage" => rows.sort_by_key(|r| Stage::ALL.iter().position(|s| *s == r.stage)),
        "tier" => rows.sort_by(|a, b| a.tier.cmp(&b.tier)),
        "next" => rows.sort_by(|a, b| {
            (a.next_step_on.is_none(), &a.next_step_on)
                .cmp(&(b.next_step_on.is_none(), &b.next_step_on))
        }),
        _ => {}
    }
    let (s1, s2, s3, s4, s5) = (
        slug.clone(),
        slug.clone(),
        slug.clone(),
        slug.clone(),
        slug.clone(),
    );
    let s6 = slug.clone();
    let csv = format!("/e/{slug}/sponsorship.csv");
    let pipeline_for_board = data.pipeline.clone();
    let has_partners = !data.partners.is_empty();
    let partners = data.partners.clone();
    let tiers = data.tiers.clone();
    let invitations = data.invitations.clone();
    let empty = data.pipeline.is_empty();
    view! {
        <section class="container">
            <p class="eyebrow"><a href=format!("/e/{slug}")>{data.event_title.clone()}</a></p>
            <h1>"Sponsorship"</h1>
            {done_notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <div class="card">
                <h2>"Money"</h2>
                {if data.totals.is_empty() {
                    view! { <p class="empty">"Nothing committed yet."</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap" tabindex="0" role="region" aria-label="Totals per currency"><table class="people-table" aria-label="Totals per currency">
                            <thead><tr><th scope="col">"Currency"</th><th scope="col">"Committed"</th><th scope="col">"Paid"</th><th scope="col">"Goal"</th></tr></thead>
                            <tbody>{data.totals.iter().map(|t| view! {
                                <tr>
                                    <td>{t.currency.clone()}</td>
                                    <td>{t.committed.clone()}</td>
                                    <td>{t.paid.clone()}</td>
                                    <td>{t.goal.clone().map(|g| format!("{g} ({}% committed)", t.percent.unwrap_or(0))).unwrap_or_else(|| "—".to_owned())}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table></div>
                    }.into_any()
                }}
                {data.totals.iter().filter_map(|t| t.percent.map(|p| (t.currency.clone(), p))).map(|(c, p)| view! {
                    <progress class="goal" max="100" value=p.min(100).to_string() aria-label=format!("Goal in {c}: {p}% committed")></progress>
                }).collect_view()}
                <Form action=goal class="inline-fields" label="Sponsorship goal">
                    <input type="hidden" name="event" value=s1 />
                    <FormMessage form=goal_form fields=&["goal", "currency"] />
                    <Field form=goal_form prefix="goal" name="goal" label="Goal (empty: none)" value=data.goal_input.clone() />
                    <Field form=goal_form prefix="goal" name="currency" label="Currency (ISO code)" value=if data.goal_currency.is_empty() { "EUR".to_owned() } else { data.goal_currency.clone() } maxlength=3usize />
                    <Submit form=goal_form label="Save goal" class="button" />
                </Form>
            </div>
            <div class="card" id="pipeline">
                <h2>"Pipeline"</h2>
                <FormMessage form=move_form />
                <p class="button-row">
                    <a class="button" href=csv download="">"Download CSV"</a>
                    <a class="button" href=format!("/g/{}/partners", data.group_slug)>"The group's partners"</a>
                </p>
                {empty.then(|| view! { <p class="empty">"No partners in the pipeline yet. Add one below."</p> })}
                <PipelineViews>
                    <div class="pipeline-list"><PipelineTable items=rows.clone() slug=s2.clone() /></div>
                    <div class="pipeline-board" hidden><Board items=pipeline_for_board.clone() slug=s6.clone() here=here.clone() /></div>
                </PipelineViews>
            </div>
            <div class="card">
                <h2>"Add a partner"</h2>
                <Form action=add label="Add a partner">
                    <input type="hidden" name="event" value=s3 />
                    <FormMessage form=add_form fields=&["partner", "name", "website"] />
                    {has_partners.then(|| view! {
                        <div class="field">
                            <label for="field-partner">"One of the group's partners"</label>
                            <select id="field-partner" name="partner">
                                <option value="">"A new partner (type below)"</option>
                                {partners.iter().map(|p| view! { <option value=p.partner_id.to_string()>{p.name.clone()}</option> }).collect_view()}
                            </select>
                        </div>
                    })}
                    <Field form=add_form prefix="partner" name="name" label="New partner's name" maxlength=80usize />
                    <Field form=add_form prefix="partner" name="website" label="Website (optional)" kind="url" />
                    <Submit form=add_form label="Add to the pipeline" class="button button-primary" />
                </Form>
            </div>
            <Tiers slug=s4 tiers=tiers />
            <Invitations slug=s5 items=invitations />
        </section>
    }
}

#[component]
fn PipelineTable(items: Vec<PipelineItem>, slug: String) -> impl IntoView {
    let sort_link = |key: &str| format!("/e/{slug}/sponsorship?sort={key}#pipeline");
    if items.is_empty() {
        return ().into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Pipeline"><table class="people-table" aria-label="Pipeline">
            <thead><tr>
                <th scope="col"><a href=sort_link("partner")>"Partner"</a></th>
                <th scope="col"><a href=sort_link("stage")>"Stage"</a></th>
                <th scope="col"><a href=sort_link("tier")>"Tier"</a></th>
                <th scope="col"><a href=sort_link("next")>"Next step"</a></th>
                <th scope="col">"Benefits"</th>
            </tr></thead>
            <tbody>{items.into_iter().map(|i| {
                let href = format!("/e/{slug}/sponsorship/{}", i.sponsorship_id);
                view! {
                    <tr>
                        <td data-label="Partner"><a href=href>{i.partner.clone()}</a></td>
                        <td data-label="Stage"><span class=stage_class(i.stage)>{i.stage.label()}</span></td>
                        <td data-label="Tier">{i.tier.clone().map(|t| format!("{t} · {}", i.amount.clone().unwrap_or_default())).unwrap_or_else(|| "—".to_owned())}</td>
                        <td data-label="Next step">{format!("{}{}", i.next_step_on.clone().map(|d| format!("{d}: ")).unwrap_or_default(), i.next_step)}</td>
                        <td data-label="Benefits">{if i.benefits_total > 0 { format!("{}/{}", i.benefits_done, i.benefits_total) } else { "—".to_owned() }}</td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table></div>
    }
    .into_any()
}

/// The pipeline as a board once the page runs in the browser (an island), with a button back
/// to the list. Both are rendered on the server (`children`: `.pipeline-list`, and
/// `.pipeline-board`, hidden); the island shows one of them.
#[island]
fn PipelineViews(children: Children) -> impl IntoView {
    let hydrated = RwSignal::new(false);
    let list_view = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        hydrated.set(true);
        show_board(root, !list_view.get());
    });
    view! {
        <div node_ref=root>
            {move || hydrated.get().then(|| view! {
                <p class="button-row">
                    <button type="button" class="button" aria-pressed=move || list_view.get().to_string() on:click=move |_| list_view.update(|v| *v = !*v)>
                        {move || if list_view.get() { "Show as board" } else { "Show as list" }}
                    </button>
                </p>
            })}
            {children()}
        </div>
    }
}

/// Shows the board (else the list) inside `root`.
#[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
fn show_board(root: NodeRef<leptos::html::Div>, board: bool) {
    #[cfg(feature = "hydrate")]
    if let Some(root) = root.get_untracked() {
        for (selector, hidden) in [(".pipeline-list", board), (".pipeline-board", !board)] {
            if let Ok(Some(part)) = root.query_selector(selector) {
                let _ = if hidden {
                    part.set_attribute("hidden", "")
                } else {
                    part.remove_attribute("hidden")
                };
            }
        }
    }
}

/// Columns per stage; each card moves with a choice of the stages it may go to.
#[component]
fn Board(items: Vec<PipelineItem>, slug: String, here: String) -> impl IntoView {
    view! {
        <div class="board" role="list" aria-label="Pipeline board">
            {Stage::ALL.into_iter().map(|stage| {
                let cards: Vec<PipelineItem> = items.iter().filter(|i| i.stage == stage).cloned().collect();
                let slug = slug.clone();
                view! {
                    <section class="board-column" role="listitem" aria-label=stage.label()>
                        <h3><span class=stage_class(stage)>{stage.label()}</span> " " <span class="meta">{cards.len()}</span></h3>
                        {cards.into_iter().map(|card| view! { <BoardCard card=card slug=slug.clone() post_to=here.clone() /> }).collect_view()}
                    </section>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
fn BoardCard(card: PipelineItem, slug: String, post_to: String) -> impl IntoView {
    let moves: Vec<Stage> = Stage::ALL
        .into_iter()
        .filter(|to| card.stage.may_move(*to, Actor::Organizer).is_ok())
        .collect();
    // Preselect the next step forward, so "Move" without a choice never goes backwards.
    let here = Stage::ALL
        .iter()
        .position(|s| *s == card.stage)
        .unwrap_or(0);
    let forward = moves.iter().copied().find(|s| {
        Stage::ALL.iter().position(|x| x == s).unwrap_or(0) > here
            && !matches!(s, Stage::Declined | Stage::Withdrawn)
    });
    let select_id = format!("move-{}", card.sponsorship_id);
    let label = format!("Move {} to", card.partner);
    let href = format!("/e/{slug}/sponsorship/{}", card.sponsorship_id);
    let move_url = <MoveSponsorship as leptos::server_fn::ServerFn>::url();
    view! {
        <article class="board-card">
            <a href=href><strong>{card.partner.clone()}</strong></a>
            {card.tier.clone().map(|t| view! { <p class="meta">{format!("{t} · {}", card.amount.clone().unwrap_or_default())}</p> })}
            {card.next_step_on.clone().map(|d| view! { <p class="meta">{format!("Next: {d} {}", card.next_step)}</p> })}
            {(!moves.is_empty()).then(|| view! {
                // A plain form (the island has no router): it posts like the forms outside.
                <form method="post" action=post_to class="inline-form">
                    <input type="hidden" name=crate::forms::ACTION_FIELD value=move_url />
                    <input type="hidden" name="event" value=slug.clone() />
                    <input type="hidden" name="sponsorship" value=card.sponsorship_id.to_string() />
                    <input type="hidden" name="back" value="board" />
                    <label class="visually-hidden" for=select_id.clone()>{label.clone()}</label>
                    <select id=select_id.clone() name="stage" aria-label=label.clone()>
                        {moves.iter().map(|s| view! { <option value=s.as_str() selected=Some(*s) == forward>{s.label()}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button button-small">"Move"</button>
                </form>
            })}
        </article>
    }
}

#[component]
pub(super) fn Tiers(slug: String, tiers: Vec<TierView>) -> impl IntoView {
    let save = ServerAction::<SaveSponsorTier>::new();
    let form = use_form(save);
    let delete = ServerAction::<DeleteSponsorTier>::new();
    let delete_form = use_form(delete);
    let next_rank = tiers.iter().map(|t| t.rank).max().unwrap_or(0) + 1;
    let s1 = slug.clone();
    view! {
        <div class="card" id="tiers">
            <h2>"Tiers"</h2>
            <FormMessage form=delete_form />
            {tiers.into_iter().map(|t| {
                let slug = slug.clone();
                let id = t.tier_id.to_string();
                let delete_label = format!("Delete the {} tier", t.name);
                view! {
                    <details class="tier">
                        <summary>
                            <strong>{t.name.clone()}</strong>
                            {format!(" · {} · {} of {} taken · {}", t.price, t.taken, plural(t.slots, "slot"), plural(t.passes, "pass"))}
                        </summary>
                        <ul>{t.benefits.iter().map(|b| view! { <li>{b.clone()}</li> }).collect_view()}</ul>
                        <TierForm action=save slug=slug.clone() tier=Some(t.clone()) rank=t.rank />
                        <Form action=delete class="inline-form">
                            <input type="hidden" name="event" value=slug />
                            <input type="hidden" name="tier" value=id />
                            <button type="submit" class="button button-small" aria-label=delete_label>"Delete tier"</button>
                        </Form>
                    </details>
                }
            }).collect_view()}
            <h3>"New tier"</h3>
            <FormMessage form=form fields=&["name", "rank", "price", "currency", "slots", "passes", "benefits"] />
            <TierForm action=save slug=s1 tier=None rank=next_rank />
        </div>
    }
}

#[component]
fn TierForm(
    action: ServerAction<SaveSponsorTier>,
    slug: String,
    tier: Option<TierView>,
    rank: i64,
) -> impl IntoView {
    let form = use_form(action);
    let editing = tier.is_some();
    let t = tier.clone();
    let value = move |f: fn(&TierView) -> String, default: &str| {
        t.as_ref().map(f).unwrap_or_else(|| default.to_owned())
    };
    let label = tier
        .as_ref()
        .map(|t| format!("Edit the {} tier", t.name))
        .unwrap_or_else(|| "New tier".to_owned());
    // Only the new-tier form shows field errors and typed values (several forms share the action).
    let field = move |name: &'static str, text: &'static str, v: String, kind: &'static str| {
        if editing {
            let id = format!(
                "tier-{}-{name}",
                tier.as_ref().map(|t| t.tier_id).unwrap_or(0)
            );
            view! {
                <div class="field">
                    <label for=id.clone()>{text}</label>
                    <input id=id name=name type=kind value=v />
                </div>
            }
            .into_any()
        } else {
            view! { <Field form=form prefix="tier" name=name label=text value=v kind=kind /> }
                .into_any()
        }
    };
    let benefits = value(|t| t.benefits.join("\n"), "");
    let benefits_id = if editing {
        format!("tier-{}-benefits", rank)
    } else {
        "field-benefits".to_owned()
    };
    view! {
        <Form action=action class="tier-form" label=label>
            <input type="hidden" name="event" value=slug />
            {editing.then(|| view! { <input type="hidden" name="tier" value=value(|t| t.tier_id.to_string(), "") /> })}
            <div class="field-row">
                {field("name", "Tier name", value(|t| t.name.clone(), ""), "text")}
                {field("rank", "Rank (1 first)", value(|t| t.rank.to_string(), &rank.to_string()), "number")}
            </div>
            <div class="field-row">
                {field("price", "Price", value(|t| t.price_input.clone(), ""), "text")}
                {field("currency", "Currency", value(|t| t.currency.clone(), "EUR"), "text")}
                {field("slots", "Slots", value(|t| t.slots.to_string(), "1"), "number")}
                {field("passes", "Passes", value(|t| t.passes.to_string(), "0"), "number")}
            </div>
            {if editing {
                view! {
                    <div class="field">
                        <label for=benefits_id.clone()>"Benefits (one per line)"</label>
                        <textarea id=benefits_id name="benefits" rows="3">{benefits}</textarea>
                    </div>
                }.into_any()
            } else {
                view! { <TextArea form=form prefix="tier" name="benefits" label="Benefits (one per line)" rows=3 /> }.into_any()
            }}
            <Submit form=form label=if editing { "Save tier" } else { "Add tier" } class="button button-primary" />
        </Form>
    }
}

#[component]
fn Invitations(slug: String, items: Vec<super::views::PartnerInvitationItem>) -> impl IntoView {
    let resend = ServerAction::<ResendPartnerInvitation>::new();
    let resend_form = use_form(resend);
    let revoke = ServerAction::<RevokePartnerInvitation>::new();
    let revoke_form = use_form(revoke);
    (!items.is_empty()).then(move || {
        view! {
            <div class="card" id="invitations">
                <h2>"Partner invitations"</h2>
                <FormMessage form=resend_form />
                <FormMessage form=revoke_form />
                <ul class="people invitations">
                    {items.into_iter().map(|item| view! {
                        <SentInvitationRow
                            invitation=item.invitation
                            fields=vec![("event", slug.clone())]
                            note=item.partner
                            resend=resend
                            revoke=revoke
                        />
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// `/e/:slug/sponsorship/:id`: one partner's sponsorship.
#[component]
pub fn SponsorshipDetailPage() -> impl IntoView {
    let slug = param("slug");
    let id = param("id");
    let changes = crate::forms::page_changes();
    let data = Resource::new(
        move || (slug.get(), id.get(), changes.get()),
        |(slug, id, _)| async move {
            let id = id
                .parse::<i64>()
                .map_err(|_| crate::error::AppError::NotFound)?;
            sponsorship_detail(slug, id).await
        },
    );
    view! {
        <Title text="Sponsorship" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! {
                            <Title text=format!("Sponsorship · {}", data.event_title) />
                            <Detail data=data />
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn Detail(data: SponsorshipView) -> impl IntoView {
    let moving = ServerAction::<MoveSponsorship>::new();
    let move_form = use_form(moving);
    let notes = ServerAction::<SaveSponsorshipNotes>::new();
    let notes_form = use_form(notes);
    let benefit = ServerAction::<SetSponsorBenefit>::new();
    let benefit_form = use_form(benefit);
    let invite = ServerAction::<InvitePartner>::new();
    let invite_form = use_form(invite);
    let portal = ServerAction::<RevokePortalLink>::new();
    let portal_form = use_form(portal);
    let item = data.item.clone();
    let slug = data.event_slug.clone();
    let id = item.sponsorship_id.to_string();
    let tier_error = move_form.field_error("tier");
    let stage_error = move_form.field_error("stage");
    let (s1, s3, s4, s5) = (slug.clone(), slug.clone(), slug.clone(), slug.clone());
    let s2 = StoredValue::new(slug.clone());
    let i2 = StoredValue::new(id.clone());
    let (i1, i3, i4, i5) = (id.clone(), id.clone(), id.clone(), id.clone());
    let current_tier = item.tier_id;
    let first_contact = data
        .contacts
        .first()
        .map(|c| c.email.clone())
        .unwrap_or_default();
    view! {
        <section class="container narrow">
            <p class="eyebrow"><a href=format!("/e/{slug}/sponsorship")>{format!("{} · Sponsorship", data.event_title)}</a></p>
            <h1>{item.partner.clone()}</h1>
            <p><span class=stage_class(item.stage)>{item.stage.label()}</span>
                {item.tier.clone().map(|t| format!(" · {t} · {}", item.amount.clone().unwrap_or_default()))}
            </p>
            {done_notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <div class="card">
                <h2>"Stage"</h2>
                <Form action=moving label="Move the partner">
                    <input type="hidden" name="event" value=s1 />
                    <input type="hidden" name="sponsorship" value=i1 />
                    <FormMessage form=move_form fields=&["stage", "tier"] />
                    <div class="field" class:invalid=move || stage_error.get().is_some()>
                        <label for="field-stage">"Move to"</label>
                        <select id="field-stage" name="stage" aria-describedby="field-stage-error">
                            {data.moves.clone().into_iter().map(|s| view! { <option value=s.as_str() selected=s == Stage::Agreed>{s.label()}</option> }).collect_view()}
                        </select>
                        {move || stage_error.get().map(|m| view! { <p class="field-error" id="field-stage-error">{m}</p> })}
                    </div>
                    <div class="field" class:invalid=move || tier_error.get().is_some()>
                        <label for="field-tier">"Tier"</label>
                        <select id="field-tier" name="tier" aria-describedby="field-tier-error">
                            <option value="">"Keep as is"</option>
                            {data.tiers.clone().into_iter().map(|t| view! {
                                <option value=t.tier_id.to_string() selected=current_tier == Some(t.tier_id)>
                                    {format!("{} · {} · {} of {} left", t.name, t.price, t.left(), plural(t.slots, "slot"))}
                                </option>
                            }).collect_view()}
                        </select>
                        {move || tier_error.get().map(|m| view! { <p class="field-error" id="field-tier-error" role="alert">{m}</p> })}
                    </div>
                    <Submit form=move_form label="Move" class="button button-primary" />
                </Form>
            </div>
            <div class="card" id="benefits">
                <h2>"Benefits"</h2>
                <FormMessage form=benefit_form />
                {if data.benefits.is_empty() {
                    view! { <p class="empty">"The checklist is made from the tier's benefits when the partner agrees."</p> }.into_any()
                } else {
                    view! { <ul class="checklist">{data.benefits.clone().into_iter().map(|b| {
                        let label = if b.done { format!("Mark \"{}\" as not done", b.label) } else { format!("Mark \"{}\" as done", b.label) };
                        view! {
                            <li class:done=b.done>
                                <span>{if b.done { "✓ " } else { "○ " }}{b.label.clone()}
                                    {b.done_note.clone().map(|n| view! { <br /><span class="hint">{n}</span> })}
                                </span>
                                <Form action=benefit class="inline-form">
                                    <input type="hidden" name="event" value=s2.get_value() />
                                    <input type="hidden" name="sponsorship" value=i2.get_value() />
                                    <input type="hidden" name="benefit" value=b.benefit_id.to_string() />
                                    <input type="hidden" name="done" value=if b.done { "" } else { "1" } />
                                    <button type="submit" class="button button-small" aria-label=label>{if b.done { "Undo" } else { "Done" }}</button>
                                </Form>
                            </li>
                        }
                    }).collect_view()}</ul> }.into_any()
                }}
                {(item.passes > 0).then(|| view! {
                    <h3>{format!("Passes: {} of {} named", item.passes_named, item.passes)}</h3>
                    <ul class="people">{data.passes.clone().into_iter().map(|p| view! { <li>{p.name}</li> }).collect_view()}</ul>
                })}
            </div>
            <div class="card">
                <h2>"Notes and next step"</h2>
                <Form action=notes label="Notes and next step">
                    <input type="hidden" name="event" value=s3 />
                    <input type="hidden" name="sponsorship" value=i3 />
                    <FormMessage form=notes_form fields=&["notes", "next_step", "next_step_on"] />
                    <Field form=notes_form name="next_step" label="Next step" value=item.next_step.clone() maxlength=200usize />
                    <Field form=notes_form name="next_step_on" label="By (date)" kind="date" value=item.next_step_on.clone().unwrap_or_default() />
                    <TextArea form=notes_form name="notes" label="Notes (organizers only)" value=item.notes.clone() rows=4 />
                    <Submit form=notes_form label="Save notes" class="button" />
                </Form>
            </div>
            <div class="card">
                <h2>"Invite to the partner portal"</h2>
                <p class="hint">"The partner sees the tiers and slots left, chooses one, uploads a logo, adds contacts and names guests. No account needed."</p>
                <Form action=invite label="Invite the partner">
                    <input type="hidden" name="event" value=s4 />
                    <input type="hidden" name="sponsorship" value=i4 />
                    <FormMessage form=invite_form fields=&["email", "message"] />
                    <Field form=invite_form name="email" label="Contact's email" kind="email" value=first_contact autocomplete="off" required=true />
                    <TextArea form=invite_form name="message" label="A personal message (optional)" rows=3 maxlength=1000 />
                    <Submit form=invite_form label="Send invitation" busy="Sending…" class="button button-primary" />
                </Form>
                {item.has_portal.then(|| view! {
                    <Form action=portal class="inline-form" label="Revoke the portal link">
                        <input type="hidden" name="event" value=s5 />
                        <input type="hidden" name="sponsorship" value=i5 />
                        <FormMessage form=portal_form />
                        <p class="hint">"The partner has a working portal link."</p>
                        <button type="submit" class="button button-small">"Revoke the portal link"</button>
                    </Form>
                })}
            </div>
            <div class="card">
                <h2>"Contacts"</h2>
                {if data.contacts.is_empty() {
                    view! { <p class="empty">"No contacts yet."</p> }.into_any()
                } else {
                    view! { <ul class="people">{data.contacts.clone().into_iter().map(|c| view! {
                        <li>{format!("{} <{}>{}", c.name, c.email, if c.role.is_empty() { String::new() } else { format!(" · {}", c.role) })}</li>
                    }).collect_view()}</ul> }.into_any()
                }}
                <p><a href=format!("/g/{}/partners#partner-{}", data.group_slug, item.partner_id)>"Edit the partner"</a></p>
            </div>
        </section>
    }
}

// ---- organizers: the group's partners ----

/// `/g/:slug/partners`: the group's partners with logos and contacts.
#[component]
pub fn PartnersPage() -> impl IntoView {
    let slug = param("slug");
    let changes = crate::forms::page_changes();
    let data = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| partners_admin(slug),
    );
    view! {
        <Title text="Partners" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <Partners data=data /> }.into_any(),
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
pub(super) fn Partners(data: PartnerList) -> impl IntoView {
    let save = ServerAction::<SavePartner>::new();
    let save_form = use_form(save);
    let contact = ServerAction::<AddPartnerContact>::new();
    let contact_form = use_form(contact);
    let remove = ServerAction::<RemovePartnerContact>::new();
    let remove_form = use_form(remove);
    let slug = data.group_slug.clone();
    let logo_error = use_query_map().with_untracked(|q| q.get("logo_error"));
    if logo_error.is_some() {
        set_page_status(422);
    }
    let s1 = slug.clone();
    view! {
        <section class="container narrow">
            <p class="eyebrow"><a href=format!("/g/{slug}")>{data.group_name.clone()}</a></p>
            <h1>"Partners"</h1>
            {done_notice().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {logo_error.map(|m| view! { <p class="notice error" role="alert">{m}</p> })}
            <FormMessage form=save_form fields=&["name", "website", "description"] />
            <FormMessage form=contact_form fields=&["name", "email", "role"] />
            <FormMessage form=remove_form />
            {data.partners.into_iter().map(|p| view! { <PartnerCard partner=p slug=slug.clone() save=save contact=contact remove=remove /> }).collect_view()}
            <div class="card">
                <h2>"New partner"</h2>
                <Form action=save label="New partner">
                    <input type="hidden" name="group" value=s1 />
                    <Field form=save_form name="name" label="Name" maxlength=80usize required=true />
                    <Field form=save_form name="website" label="Website" kind="url" />
                    <TextArea form=save_form name="description" label="Short description" rows=3 maxlength=1000 />
                    <Submit form=save_form label="Add partner" class="button button-primary" />
                </Form>
            </div>
        </section>
    }
}

#[component]
fn PartnerCard(
    partner: PartnerView,
    slug: String,
    save: ServerAction<SavePartner>,
    contact: ServerAction<AddPartnerContact>,
    remove: ServerAction<RemovePartnerContact>,
) -> impl IntoView {
    let pid = partner.partner_id;
    let key = move |name: &str| format!("partner-{pid}-{name}");
    let logo_action = format!("/g/{slug}/partners/{pid}/logo");
    let group = StoredValue::new(slug);
    let name = partner.name.clone();
    let contacts = partner.contacts.clone();
    view! {
        <div class="card partner" id=format!("partner-{pid}")>
            <h2>{partner.name.clone()}</h2>
            {partner.logo_url.clone().map(|url| view! { <img class="partner-logo" src=url alt=format!("{name} logo") /> })}
            <Form action=save label=format!("Edit {}", name)>
                <input type="hidden" name="group" value=group.get_value() />
                <input type="hidden" name="partner" value=pid.to_string() />
                <div class="field"><label for=key("name")>"Name"</label><input id=key("name") name="name" value=partner.name.clone() /></div>
                <div class="field"><label for=key("website")>"Website"</label><input id=key("website") name="website" type="url" value=partner.website.clone().unwrap_or_default() /></div>
                <div class="field"><label for=key("description")>"Short description"</label><textarea id=key("description") name="description" rows="3">{partner.description.clone()}</textarea></div>
                <button type="submit" class="button">"Save partner"</button>
            </Form>
            <form method="post" action=logo_action enctype="multipart/form-data" aria-label=format!("Logo of {}", name)>
                <div class="field">
                    <label for=key("logo")>"Logo"</label>
                    <input type="file" id=key("logo") name="logo" accept="image/png,image/jpeg,image/webp,image/svg+xml" required />
                    <p class="hint">"PNG, JPEG, WebP or SVG, up to 1 MB."</p>
                </div>
                <button type="submit" class="button">"Upload logo"</button>
            </form>
            <h3>"Contacts"</h3>
            <ul class="people">{contacts.into_iter().map(|c| {
                let label = format!("Remove {}", c.name);
                view! {
                    <li>
                        <span>{format!("{} <{}>{}", c.name, c.email, if c.role.is_empty() { String::new() } else { format!(" · {}", c.role) })}</span>
                        <Form action=remove class="inline-form">
                            <input type="hidden" name="group" value=group.get_value() />
                            <input type="hidden" name="partner" value=pid.to_string() />
                            <input type="hidden" name="contact" value=c.contact_id.to_string() />
                            <button type="submit" class="button button-small" aria-label=label>"Remove"</button>
                        </Form>
                    </li>
                }
            }).collect_view()}</ul>
            <Form action=contact class="inline-fields" label=format!("Add a contact to {}", name)>
                <input type="hidden" name="group" value=group.get_value() />
                <input type="hidden" name="partner" value=pid.to_string() />
                <div class="field"><label for=key("cname")>"Contact name"</label><input id=key("cname") name="name" /></div>
                <div class="field"><label for=key("cemail")>"Contact email"</label><input id=key("cemail") name="email" type="email" /></div>
                <div class="field"><label for=key("crole")>"Role"</label><input id=key("crole") name="role" /></div>
                <button type="submit" class="button">"Add contact"</button>
            </Form>
        </div>
    }
}
