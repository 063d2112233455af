//! Sponsorship use cases (server only): tiers and goal, adding partners to an event's
//! pipeline, the pipeline with its benefits checklist, and its CSV; the access checks the
//! other sponsorship modules share. Partners and their logos are in `partners`, invitations
//! and the portal in `portal`, what everyone sees in `public`. Who may do what is checked
//! here; which moves are allowed is [`Stage::may_move`]; tier caps hold under concurrent
//! agreements (see [`move_stage`]).

use super::{
    domain::{money, money_input, parse_date, totals, Actor, Currency, Stage, TierInput},
    queries::{self as q, EventRow, SponsorshipRow, TierRow, TierValues},
    views::{
        BenefitView, ContactView, PartnerInvitationItem, PartnerOption, PassView, PipelineItem,
        PipelineView, SponsorshipView, TierView, TotalView,
    },
};
use crate::{
    accounts::{domain::Email, views::CurrentUser},
    db::{self, Db, Tx},
    error::{AppError, AppResult, FieldChecks},
    groups::access::{self, organizers_only},
    groups::{
        domain::{text, Website},
        queries as groups,
    },
    invites::{
        queries::{Kind, Scope},
        service::{self as invites, when},
    },
    rsvp::service::csv_row,
};

pub(super) fn zone(event: &EventRow) -> chrono_tz::Tz {
    event.time_zone
}

/// The event, for its organizers.
pub(super) async fn event_for_organizer(
    tx: &mut Tx,
    slug: &str,
    user: &CurrentUser,
) -> AppResult<EventRow> {
    let event = q::event(&mut **tx, slug).await?;
    access::for_organizer(&mut **tx, event, user, organizers_only).await
}

async fn read_event_for_organizer(db: &Db, slug: &str, user: &CurrentUser) -> AppResult<EventRow> {
    let event = q::event(db.pool(), slug).await?;
    access::for_organizer(db.pool(), event, user, organizers_only).await
}

fn group_organizers_only() -> AppError {
    AppError::Forbidden("Only the group's organizers can do that.".to_owned())
}

/// The group, for a change by its organizers: (group id, name).
pub(super) async fn group_for_organizer(
    tx: &mut Tx,
    slug: &str,
    user: &CurrentUser,
) -> AppResult<(i64, String)> {
    let group = groups::group_by_slug(&mut **tx, slug).await?;
    let group = access::for_organizer(&mut **tx, group, user, group_organizers_only).await?;
    Ok((group.group_id, group.name))
}

/// The group, for reading by its organizers.
pub(super) async fn read_group_for_organizer(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
) -> AppResult<(i64, String)> {
    let group = groups::group_by_slug(db.pool(), slug).await?;
    let group = access::for_organizer(db.pool(), group, user, group_organizers_only).await?;
    Ok((group.group_id, group.name))
}

pub(super) fn scope(event: &EventRow) -> Scope {
    Scope {
        kind: Kind::Partner,
        group_id: event.group_id,
        event_id: Some(event.event_id),
        talk_id: None,
    }
}

pub(super) fn logo_url(partner_id: i64, logo_type: Option<&str>, version: i64) -> Option<String> {
    logo_type.map(|_| format!("/logos/{partner_id}/{version}"))
}

pub(super) fn tier_view(row: TierRow) -> TierView {
    TierView {
        tier_id: row.tier_id,
        price: money(row.price_minor, &row.currency),
        price_input: money_input(row.price_minor, &row.currency),
        name: row.name,
        rank: row.rank,
        currency: row.currency,
        slots: row.slots,
        taken: row.taken,
        passes: row.passes,
        benefits: row
            .benefits
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
    }
}

fn item_view(row: SponsorshipRow) -> PipelineItem {
    let stage = row.stage;
    PipelineItem {
        sponsorship_id: row.sponsorship_id,
        partner_id: row.partner_id,
        logo_url: logo_url(row.partner_id, row.logo_type.as_deref(), row.logo_version),
        partner: row.partner_name,
        website: row.website,
        stage,
        tier_id: row.tier_id,
        tier: row.tier_name,
        amount: row
            .price_minor
            .zip(row.currency.as_deref())
            .map(|(minor, code)| money(minor, code)),
        notes: row.notes,
        next_step: row.next_step,
        next_step_on: row.next_step_on,
        benefits_done: row.benefits_done,
        benefits_total: row.benefits_total,
        passes: row.tier_passes.unwrap_or(0),
        passes_named: row.passes_named,
        has_portal: row.has_portal == 1,
    }
}

pub(super) fn contact_view(row: q::ContactRow) -> ContactView {
    ContactView {
        contact_id: row.contact_id,
        name: row.name,
        email: row.email,
        role: row.role,
    }
}

/// What the organizers' sponsorship page shows.
pub async fn admin(db: &Db, user: &CurrentUser, slug: &str) -> AppResult<PipelineView> {
    let event = read_event_for_organizer(db, slug, user).await?;
    let tiers = q::tiers(db.pool(), event.event_id).await?;
    let rows = q::pipeline(db.pool(), event.event_id).await?;
    let sums = totals(
        rows.iter()
            .filter_map(|r| Some((r.stage, r.currency.as_deref()?, r.price_minor?))),
    );
    let goal_currency = event.sponsor_goal_currency.clone().unwrap_or_default();
    let mut totals_view: Vec<TotalView> = sums
        .into_iter()
        .map(|t| {
            let goal = event
                .sponsor_goal_minor
                .filter(|_| t.currency == goal_currency);
            TotalView {
                committed: money(t.committed_minor, &t.currency),
                paid: money(t.paid_minor, &t.currency),
                goal: goal.map(|g| money(g, &t.currency)),
                percent: goal
                    .filter(|g| *g > 0)
                    .map(|g| (i128::from(t.committed_minor) * 100 / i128::from(g)) as i64),
                currency: t.currency,
            }
        })
        .collect();
    if let (Some(goal), false) = (
        event.sponsor_goal_minor,
        totals_view.iter().any(|t| t.currency == goal_currency),
    ) {
        totals_view.push(TotalView {
            currency: goal_currency.clone(),
            committed: money(0, &goal_currency),
            paid: money(0, &goal_currency),
            goal: Some(money(goal, &goal_currency)),
            percent: Some(0),
        });
    }
    let in_pipeline: Vec<i64> = rows.iter().map(|r| r.partner_id).collect();
    let partners = q::partners(db.pool(), event.group_id)
        .await?
        .into_iter()
        .filter(|p| !in_pipeline.contains(&p.partner_id))
        .map(|p| PartnerOption {
            partner_id: p.partner_id,
            name: p.name,
        })
        .collect();
    let partner_of = q::invitation_partners(db.pool(), event.event_id).await?;
    let invitations = invites::list(db, scope(&event))
        .await?
        .into_iter()
        .map(|invitation| PartnerInvitationItem {
            partner: partner_of
                .iter()
                .find(|(id, _)| *id == invitation.invitation_id)
                .map(|(_, name)| name.clone())
                .unwrap_or_default(),
            invitation,
        })
        .collect();
    Ok(PipelineView {
        goal: event.sponsor_goal_minor.map(|g| money(g, &goal_currency)),
        goal_input: event
            .sponsor_goal_minor
            .map(|g| money_input(g, &goal_currency))
            .unwrap_or_default(),
        goal_currency,
        event_slug: event.event.slug,
        event_title: event.event.title,
        group_slug: event.group_slug,
        tiers: tiers.into_iter().map(tier_view).collect(),
        totals: totals_view,
        pipeline: rows.into_iter().map(item_view).collect(),
        partners,
        invitations,
    })
}

/// Adds a tier or changes one (organizers). Fewer slots than partners holding it are
/// refused.
pub async fn save_tier(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    tier_id: Option<i64>,
    input: &TierInput,
) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    let benefits = input.benefits.join("\n");
    let values = TierValues {
        name: &input.name,
        rank: input.rank,
        price_minor: input.price_minor,
        currency: input.currency.code,
        slots: input.slots,
        passes: input.passes,
        benefits: &benefits,
    };
    let result = match tier_id {
        None => q::insert_tier(&mut tx, event.event_id, &values, now).await,
        Some(id) => {
            if !q::lock_tier(&mut tx, event.event_id, id).await? {
                return Err(AppError::NotFound);
            }
            let taken = q::committed_in_tier(&mut tx, id, 0).await?;
            if input.slots < taken {
                return Err(AppError::conflict(
                    "slots",
                    format!("{taken} partners have agreed to this tier; it needs at least {taken} slots."),
                ));
            }
            q::update_tier(&mut tx, id, &values).await
        }
    };
    result.map_err(crate::db::unique_as("sponsor_tier", || {
        AppError::conflict("name", "This event has a tier with that name already.")
    }))?;
    tx.commit().await?;
    Ok(())
}

/// Deletes a tier no partner has chosen (organizers).
pub async fn delete_tier(db: &Db, user: &CurrentUser, slug: &str, tier_id: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    if !q::lock_tier(&mut tx, event.event_id, tier_id).await? {
        return Err(AppError::NotFound);
    }
    let uses = q::uses_of_tier(&mut tx, tier_id).await?;
    if uses > 0 {
        return Err(AppError::conflict(
            "",
            format!(
                "{uses} partners chose this tier; move them to another tier before deleting it."
            ),
        ));
    }
    q::delete_tier(&mut tx, tier_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Sets the sponsorship goal, or clears it when the amount is empty (organizers).
pub async fn save_goal(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    goal: &str,
    currency: &str,
) -> AppResult<()> {
    let (minor, code) = if goal.trim().is_empty() {
        (None, None)
    } else {
        let currency = Currency::parse("currency", currency)?;
        (
            Some(currency.parse_amount("goal", goal)?),
            Some(currency.code),
        )
    };
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    q::set_goal(&mut tx, event.event_id, minor, code).await?;
    tx.commit().await?;
    Ok(())
}

/// A partner's name, website and description, parsed.
pub struct PartnerInput {
    pub name: String,
    pub website: Website,
    pub description: String,
}

impl PartnerInput {
    pub fn parse(name: &str, website: &str, description: &str) -> AppResult<Self> {
        let mut checks = FieldChecks::default();
        let name = checks.check(text("name", name, "name", 1, 80, false));
        let website = checks.check(Website::parse("website", website));
        let description = checks.check(text(
            "description",
            description,
            "description",
            0,
            1000,
            true,
        ));
        checks.finish()?;
        match (name, website, description) {
            (Some(name), Some(website), Some(description)) => Ok(Self {
                name,
                website,
                description,
            }),
            _ => Err(AppError::BadRequest),
        }
    }
}

/// A partner's contact, parsed.
pub struct ContactInput {
    pub name: String,
    pub email: Email,
    pub role: String,
}

impl ContactInput {
    pub fn parse(name: &str, email: &str, role: &str) -> AppResult<Self> {
        let mut checks = FieldChecks::default();
        let name = checks.check(text("name", name, "name", 1, 80, false));
        let email = checks.check(Email::parse("email", email));
        let role = checks.check(text("role", role, "role", 0, 80, false));
        checks.finish()?;
        match (name, email, role) {
            (Some(name), Some(email), Some(role)) => Ok(Self { name, email, role }),
            _ => Err(AppError::BadRequest),
        }
    }
}

/// The most contacts one partner keeps.
pub(super) const MAX_CONTACTS: i64 = 10;

fn name_taken() -> AppError {
    AppError::conflict("name", "The group has a partner with that name already.")
}

pub(super) async fn insert_partner(
    tx: &mut Tx,
    group_id: i64,
    input: &PartnerInput,
    now: i64,
) -> AppResult<i64> {
    if q::partner_named(tx, group_id, &input.name).await?.is_some() {
        return Err(name_taken());
    }
    q::insert_partner(
        tx,
        group_id,
        &input.name,
        input.website.as_deref(),
        &input.description,
        now,
    )
    .await
    .map_err(crate::db::unique_as("partner", name_taken))
}

pub(super) async fn update_partner(
    tx: &mut Tx,
    group_id: i64,
    partner_id: i64,
    input: &PartnerInput,
    now: i64,
) -> AppResult<()> {
    if q::partner_named(tx, group_id, &input.name)
        .await?
        .is_some_and(|other| other != partner_id)
    {
        return Err(name_taken());
    }
    q::update_partner(
        tx,
        partner_id,
        &input.name,
        input.website.as_deref(),
        &input.description,
        now,
    )
    .await
    .map_err(crate::db::unique_as("partner", name_taken))
}

/// Puts a partner in the event's pipeline as a prospect: one of the group's (`partner`), or
/// a new one named `name`. Returns the sponsorship's id.
pub async fn add_to_pipeline(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    partner: &str,
    name: &str,
    website: &str,
) -> AppResult<i64> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    let partner_id = match partner.trim() {
        "" => {
            let input = PartnerInput::parse(name, website, "")?;
            insert_partner(&mut tx, event.group_id, &input, now).await?
        }
        raw => {
            let id: i64 = raw
                .parse()
                .map_err(|_| AppError::invalid("partner", "Choose one of the group's partners."))?;
            q::partner(&mut *tx, event.group_id, id)
                .await?
                .ok_or_else(|| AppError::invalid("partner", "Choose one of the group's partners."))?
                .partner_id
        }
    };
    let id = q::insert_sponsorship(&mut tx, event.event_id, partner_id, now)
        .await
        .map_err(crate::db::unique_as("sponsorship", || {
            AppError::conflict(
                "partner",
                "This partner is in the event's pipeline already.",
            )
        }))?;
    tx.commit().await?;
    Ok(id)
}

pub(super) async fn sponsorship_in(
    tx: &mut Tx,
    event: &EventRow,
    id: i64,
) -> AppResult<SponsorshipRow> {
    q::sponsorship(&mut **tx, event.event_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// One partner's sponsorship, for the organizers.
pub async fn detail(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    id: i64,
) -> AppResult<SponsorshipView> {
    let event = read_event_for_organizer(db, slug, user).await?;
    let row = q::sponsorship(db.pool(), event.event_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let zone = zone(&event);
    let item = item_view(row);
    let moves = Stage::ALL
        .into_iter()
        .filter(|to| item.stage.may_move(*to, Actor::Organizer).is_ok())
        .collect();
    let benefits = q::benefits(db.pool(), id)
        .await?
        .into_iter()
        .map(|b| BenefitView {
            benefit_id: b.benefit_id,
            label: b.label,
            done: b.done_at.is_some(),
            done_note: b.done_at.map(|at| {
                format!(
                    "Done by {}, {}",
                    b.done_by.unwrap_or_else(|| "a former organizer".to_owned()),
                    when(zone, at)
                )
            }),
        })
        .collect();
    let passes = q::passes(db.pool(), id)
        .await?
        .into_iter()
        .map(|p| PassView {
            pass_id: p.pass_id,
            name: p.name,
        })
        .collect();
    let contacts = q::contacts(db.pool(), item.partner_id)
        .await?
        .into_iter()
        .map(contact_view)
        .collect();
    let tiers = q::tiers(db.pool(), event.event_id)
        .await?
        .into_iter()
        .map(tier_view)
        .collect();
    Ok(SponsorshipView {
        event_slug: event.event.slug,
        event_title: event.event.title,
        group_slug: event.group_slug,
        item,
        moves,
        tiers,
        benefits,
        passes,
        contacts,
    })
}

/// Checks that `tier_id` has a slot left for sponsorship `id`, holding the tier's lock until
/// `tx` ends. Two agreements to the last slot at once: the second waits for the first's
/// commit and then sees the tier full.
async fn claim_slot(tx: &mut Tx, event: &EventRow, tier_id: i64, id: i64) -> AppResult<TierRow> {
    if !q::lock_tier(tx, event.event_id, tier_id).await? {
        return Err(AppError::invalid(
            "tier",
            "Choose one of the event's tiers.",
        ));
    }
    let tier = q::tier(&mut **tx, event.event_id, tier_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let taken = q::committed_in_tier(tx, tier_id, id).await?;
    if taken >= tier.slots {
        return Err(AppError::conflict(
            "tier",
            format!(
                "The {} tier is full: its {} slots are taken. Choose another tier, or give it more slots.",
                tier.name, tier.slots
            ),
        ));
    }
    Ok(tier)
}

pub(super) fn parse_tier(raw: &str) -> AppResult<Option<i64>> {
    match raw.trim() {
        "" => Ok(None),
        raw => raw
            .parse()
            .map(Some)
            .map_err(|_| AppError::invalid("tier", "Choose one of the event's tiers.")),
    }
}

/// Moves a partner to `to` with tier `tier` (empty: keep its tier), for the organizers.
/// Agreeing (or changing the tier of an agreed partner) needs a tier with a slot left; the
/// benefits checklist is written from the tier at the agreement.
pub async fn move_stage(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    id: i64,
    to: Stage,
    tier: &str,
    site: &str,
) -> AppResult<()> {
    let now = db::now();
    let chosen = parse_tier(tier)?;
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    let row = sponsorship_in(&mut tx, &event, id).await?;
    let from = row.stage;
    let tier_id = chosen.or(row.tier_id);
    let tier_changes = chosen.is_some() && chosen != row.tier_id;
    if from == to && !tier_changes {
        return Err(AppError::conflict(
            "stage",
            "The partner is already at that stage.",
        ));
    }
    if from != to {
        from.may_move(to, Actor::Organizer)
            .map_err(|m| AppError::conflict("stage", m))?;
    }
    if let Some(tier_id) = chosen {
        if q::tier(&mut *tx, event.event_id, tier_id).await?.is_none() {
            return Err(AppError::invalid(
                "tier",
                "Choose one of the event's tiers.",
            ));
        }
    }
    if to.is_committed() {
        let Some(tier_id) = tier_id else {
            return Err(AppError::invalid(
                "tier",
                "Choose the tier the partner agreed to.",
            ));
        };
        if !from.is_committed() || tier_changes {
            let tier = claim_slot(&mut tx, &event, tier_id, id).await?;
            let benefits: Vec<String> = tier
                .benefits
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect();
            q::ensure_benefits(&mut tx, id, &benefits).await?;
        }
    }
    if !q::set_stage(&mut tx, id, from.as_str(), to.as_str(), tier_id, now).await? {
        return Err(AppError::conflict(
            "stage",
            "Someone else moved this partner meanwhile; look again.",
        ));
    }
    // The passes of a tier hold seats: when they come or go, the waitlist moves (under the
    // event's lock, taken after the tier's; RSVP writes never take a tier's, so no cycle).
    if from.is_committed() != to.is_committed() || tier_changes {
        crate::rsvp::ledger::seats_changed(&mut tx, event.event_id, site).await?;
    }
    // A declined or withdrawn partner keeps no way in, even if the sponsorship comes back.
    if matches!(to, Stage::Declined | Stage::Withdrawn) {
        q::close_portal(&mut tx, id).await?;
        q::revoke_open_invitations(&mut tx, id, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub async fn save_notes(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    id: i64,
    notes: &str,
    next_step: &str,
    next_step_on: &str,
) -> AppResult<()> {
    let mut checks = FieldChecks::default();
    let notes = checks.check(text("notes", notes, "notes", 0, 4000, true));
    let next_step = checks.check(text("next_step", next_step, "next step", 0, 200, false));
    let on = checks.check(parse_date("next_step_on", next_step_on));
    checks.finish()?;
    let (Some(notes), Some(next_step), Some(on)) = (notes, next_step, on) else {
        return Err(AppError::BadRequest);
    };
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    sponsorship_in(&mut tx, &event, id).await?;
    q::set_notes(&mut tx, id, &notes, &next_step, on.as_deref(), db::now()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_benefit(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    id: i64,
    benefit_id: i64,
    done: bool,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    sponsorship_in(&mut tx, &event, id).await?;
    let done = done.then_some((db::now(), user.account_id));
    if !q::set_benefit(&mut tx, id, benefit_id, done).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// The pipeline as CSV for the organizers: the file name and its text (amounts in minor
/// units with their currency, so no spreadsheet rounds them).
pub async fn pipeline_csv(db: &Db, user: &CurrentUser, slug: &str) -> AppResult<(String, String)> {
    let event = read_event_for_organizer(db, slug, user).await?;
    let mut rows = vec![[
        "Partner",
        "Website",
        "Stage",
        "Tier",
        "Amount (minor units)",
        "Currency",
        "Next step",
        "Next step on",
        "Benefits done",
        "Benefits",
        "Passes named",
        "Passes",
        "Notes",
    ]
    .map(str::to_owned)
    .to_vec()];
    for row in q::pipeline(db.pool(), event.event_id).await? {
        let stage = row.stage;
        rows.push(vec![
            row.partner_name,
            row.website.unwrap_or_default(),
            stage.label().to_owned(),
            row.tier_name.unwrap_or_default(),
            row.price_minor.map(|m| m.to_string()).unwrap_or_default(),
            row.currency.unwrap_or_default(),
            row.next_step,
            row.next_step_on.unwrap_or_default(),
            row.benefits_done.to_string(),
            row.benefits_total.to_string(),
            row.passes_named.to_string(),
            row.tier_passes.unwrap_or(0).to_string(),
            row.notes,
        ]);
    }
    Ok((
        format!("{}-sponsorship.csv", event.slug),
        rows.iter().map(|r| csv_row(r)).collect(),
    ))
}
