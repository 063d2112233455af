//! Sponsorship use cases (server only): tiers and goal, the group's partners, the pipeline
//! with its benefits checklist, partner invitations, the partner portal and the public
//! sponsor lists. Who may do what is checked here; which moves are allowed is
//! [`Stage::may_move`]; tier caps hold under concurrent agreements (see [`move_stage`]).

use super::{
    api::{
        AttachedSponsorship, BenefitView, ContactView, PartnerInvitationItem,
        PartnerInvitationPage, PartnerList, PartnerOption, PartnerView, PassView, PipelineItem,
        PipelineView, PortalView, PublicSponsor, SponsorTier, SponsorsView, SponsorshipView,
        TierView, TotalView,
    },
    domain::{
        logo_size, money, money_input, parse_date, totals, Actor, Currency, Stage, TierInput,
    },
    logo::check_logo,
    queries::{self as q, EventRow, SponsorshipRow, TierRow, TierValues},
};
use crate::{
    accounts::{api::CurrentUser, domain::Email, session},
    db::{self, Db, Tx},
    error::{AppError, AppResult, FieldChecks},
    groups::{
        domain::{text, Website},
        queries as groups,
    },
    invites::{
        domain::{InviteStep, TTL_SECS},
        queries::{Kind, NewInvitation, Scope},
        service::{self as invites, new_link, state_of, when},
    },
    mail::{compose::Body, queries::NewMail, service::enqueue_tracked},
    rsvp::service::csv_row,
    talks::service::organizes,
};

fn organizers_only() -> AppError {
    AppError::Forbidden("Only the event's organizers can do that.".to_owned())
}

fn zone(event: &EventRow) -> chrono_tz::Tz {
    event.time_zone.parse().unwrap_or(chrono_tz::UTC)
}

/// The event, for its organizers.
async fn event_for_organizer(tx: &mut Tx, slug: &str, user: &CurrentUser) -> AppResult<EventRow> {
    let event = q::event(&mut **tx, slug).await?.ok_or(AppError::NotFound)?;
    if !organizes(&mut **tx, event.group_id, Some(user)).await? {
        return Err(organizers_only());
    }
    Ok(event)
}

async fn read_event_for_organizer(db: &Db, slug: &str, user: &CurrentUser) -> AppResult<EventRow> {
    let event = q::event(db.pool(), slug).await?.ok_or(AppError::NotFound)?;
    if !organizes(db.pool(), event.group_id, Some(user)).await? {
        return Err(organizers_only());
    }
    Ok(event)
}

fn group_organizers_only() -> AppError {
    AppError::Forbidden("Only the group's organizers can do that.".to_owned())
}

/// The group, for a change by its organizers: (group id, name).
async fn group_for_organizer(
    tx: &mut Tx,
    slug: &str,
    user: &CurrentUser,
) -> AppResult<(i64, String)> {
    let group = groups::group_by_slug(&mut **tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !organizes(&mut **tx, group.group_id, Some(user)).await? {
        return Err(group_organizers_only());
    }
    Ok((group.group_id, group.name))
}

/// The group, for reading by its organizers.
async fn read_group_for_organizer(
    db: &Db,
    slug: &str,
    user: &CurrentUser,
) -> AppResult<(i64, String)> {
    let group = groups::group_by_slug(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !organizes(db.pool(), group.group_id, Some(user)).await? {
        return Err(group_organizers_only());
    }
    Ok((group.group_id, group.name))
}

fn scope(event: &EventRow) -> Scope {
    Scope {
        kind: Kind::Partner,
        group_id: event.group_id,
        event_id: Some(event.event_id),
        talk_id: None,
    }
}

fn logo_url(partner_id: i64, logo_type: Option<&str>, version: i64) -> Option<String> {
    logo_type.map(|_| format!("/logos/{partner_id}/{version}"))
}

fn tier_view(row: TierRow) -> TierView {
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
    let stage = Stage::parse(&row.stage).unwrap_or(Stage::Prospect);
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

fn contact_view(row: q::ContactRow) -> ContactView {
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
    let sums = totals(rows.iter().filter_map(|r| {
        let stage = Stage::parse(&r.stage)?;
        Some((stage, r.currency.as_deref()?, r.price_minor?))
    }));
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
        event_slug: event.slug,
        event_title: event.title,
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
    result.map_err(|e| {
        if db::is_unique_violation(&e, "sponsor_tier") {
            AppError::conflict("name", "This event has a tier with that name already.")
        } else {
            e.into()
        }
    })?;
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
const MAX_CONTACTS: i64 = 10;

fn name_taken() -> AppError {
    AppError::conflict("name", "The group has a partner with that name already.")
}

async fn insert_partner(
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
    .map_err(|e| {
        if db::is_unique_violation(&e, "partner") {
            name_taken()
        } else {
            e.into()
        }
    })
}

async fn update_partner(
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
    .map_err(|e| {
        if db::is_unique_violation(&e, "partner") {
            name_taken()
        } else {
            e.into()
        }
    })
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
        .map_err(|e| {
            if db::is_unique_violation(&e, "sponsorship") {
                AppError::conflict(
                    "partner",
                    "This partner is in the event's pipeline already.",
                )
            } else {
                e.into()
            }
        })?;
    tx.commit().await?;
    Ok(id)
}

async fn sponsorship_in(tx: &mut Tx, event: &EventRow, id: i64) -> AppResult<SponsorshipRow> {
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
        event_slug: event.slug,
        event_title: event.title,
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

fn parse_tier(raw: &str) -> AppResult<Option<i64>> {
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
    let from = Stage::parse(&row.stage).unwrap_or(Stage::Prospect);
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
        crate::rsvp::service::seats_changed(&mut tx, event.event_id, site).await?;
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

struct Letter<'a> {
    event: &'a EventRow,
    partner: &'a str,
    inviter: &'a str,
    email: &'a str,
    message: &'a str,
    token: &'a str,
    expires_at: i64,
}

async fn write_mail(tx: &mut Tx, letter: &Letter<'_>, site: &str) -> AppResult<String> {
    let event = letter.event;
    let zone = zone(event);
    let link = format!("{site}/sponsor-invite/{}", letter.token);
    let mut body = Body::new("Hello,");
    body.paragraph(&format!(
        "{} invited {} to sponsor {} ({}).",
        letter.inviter,
        letter.partner,
        event.title,
        when(zone, event.starts_at)
    ));
    if !letter.message.is_empty() {
        body.paragraph(&format!("{} wrote:\n{}", letter.inviter, letter.message));
    }
    body.action("See the sponsorship tiers", &link).paragraph(&format!(
        "The link works once, until {}. It opens the partner portal, where you choose a tier, upload your logo, add contacts and name your guests. No account is needed.",
        when(zone, letter.expires_at)
    ));
    let (body_text, body_html) = body.finish(&format!(
        "You get this because an organizer of {} typed this address.",
        event.title
    ));
    let mail = NewMail {
        kind: "partner_invite",
        to_address: letter.email.to_owned(),
        subject: format!(
            "{} invited {} to sponsor {}",
            letter.inviter, letter.partner, event.title
        ),
        body_text,
        body_html,
        group_id: Some(event.group_id),
        event_id: Some(event.event_id),
        ..NewMail::default()
    };
    enqueue_tracked(tx, &mail, site).await
}

/// Invites a partner's contact to the portal (organizers). A prospect becomes invited.
pub async fn invite(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    id: i64,
    email: &Email,
    message: &str,
    site: &str,
) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    let row = sponsorship_in(&mut tx, &event, id).await?;
    let stage = Stage::parse(&row.stage).unwrap_or(Stage::Prospect);
    if matches!(stage, Stage::Withdrawn) {
        return Err(AppError::conflict(
            "email",
            "This sponsorship was withdrawn; move the partner back to prospect first.",
        ));
    }
    let existing = invites::existing(&mut tx, scope(&event), email.as_str()).await?;
    let (token, hash) = new_link()?;
    let expires_at = now + TTL_SECS;
    let message_id = write_mail(
        &mut tx,
        &Letter {
            event: &event,
            partner: &row.partner_name,
            inviter: &user.display_name,
            email: email.as_str(),
            message,
            token: &token,
            expires_at,
        },
        site,
    )
    .await?;
    invites::store(
        &mut tx,
        existing,
        &NewInvitation {
            scope: scope(&event),
            email: email.as_str(),
            message,
            topic: "",
            format_id: None,
            token_hash: &hash,
            invited_by: user.account_id,
            message_id: &message_id,
            expires_at,
            now,
        },
    )
    .await?;
    q::tie_invitation(&mut tx, &hash, id).await?;
    if stage == Stage::Prospect {
        q::set_stage(&mut tx, id, "prospect", "invited", row.tier_id, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sends a partner invitation again with a new link (organizers).
pub async fn resend(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    invitation_id: i64,
    site: &str,
) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    let row = invites::resendable(&mut tx, scope(&event), invitation_id, user.account_id).await?;
    let sponsorship = q::sponsorship_of_invitation(&mut *tx, invitation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let partner = sponsorship_in(&mut tx, &event, sponsorship).await?;
    let (token, hash) = new_link()?;
    let expires_at = now + TTL_SECS;
    let message_id = write_mail(
        &mut tx,
        &Letter {
            event: &event,
            partner: &partner.partner_name,
            inviter: &user.display_name,
            email: &row.email,
            message: &row.message,
            token: &token,
            expires_at,
        },
        site,
    )
    .await?;
    crate::invites::queries::renew(&mut tx, invitation_id, &hash, &message_id, expires_at, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws a partner invitation (organizers).
pub async fn revoke(db: &Db, user: &CurrentUser, slug: &str, invitation_id: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    invites::revoke(&mut tx, scope(&event), invitation_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends every way into a partner's portal (organizers): its link, the account it was
/// attached to (which can no longer reopen it), and invitations not yet answered. A new
/// invitation makes a new way in.
pub async fn revoke_portal(db: &Db, user: &CurrentUser, slug: &str, id: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let event = event_for_organizer(&mut tx, slug, user).await?;
    sponsorship_in(&mut tx, &event, id).await?;
    q::close_portal(&mut tx, id).await?;
    q::revoke_open_invitations(&mut tx, id, db::now()).await?;
    tx.commit().await?;
    Ok(())
}

fn partner_view(row: q::PartnerRow, contacts: Vec<q::ContactRow>) -> PartnerView {
    PartnerView {
        logo_url: logo_url(row.partner_id, row.logo_type.as_deref(), row.logo_version),
        partner_id: row.partner_id,
        name: row.name,
        website: row.website,
        description: row.description,
        contacts: contacts.into_iter().map(contact_view).collect(),
    }
}

/// The group's partners with their contacts (organizers).
pub async fn partners_admin(db: &Db, user: &CurrentUser, slug: &str) -> AppResult<PartnerList> {
    let (group_id, group_name) = read_group_for_organizer(db, slug, user).await?;
    let mut partners = Vec::new();
    for row in q::partners(db.pool(), group_id).await? {
        let contacts = q::contacts(db.pool(), row.partner_id).await?;
        partners.push(partner_view(row, contacts));
    }
    Ok(PartnerList {
        group_slug: slug.to_owned(),
        group_name,
        partners,
    })
}

pub async fn save_partner(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    partner_id: Option<i64>,
    input: &PartnerInput,
) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let (group_id, _) = group_for_organizer(&mut tx, slug, user).await?;
    match partner_id {
        None => {
            insert_partner(&mut tx, group_id, input, now).await?;
        }
        Some(id) => {
            q::partner(&mut *tx, group_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            update_partner(&mut tx, group_id, id, input, now).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

async fn add_contact_in(tx: &mut Tx, partner_id: i64, contact: &ContactInput) -> AppResult<()> {
    if q::count_contacts(tx, partner_id).await? >= MAX_CONTACTS {
        return Err(AppError::conflict(
            "name",
            format!("A partner keeps {MAX_CONTACTS} contacts at most; remove one first."),
        ));
    }
    q::insert_contact(
        tx,
        partner_id,
        &contact.name,
        contact.email.as_str(),
        &contact.role,
        db::now(),
    )
    .await?;
    Ok(())
}

pub async fn add_contact(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    partner_id: i64,
    contact: &ContactInput,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let (group_id, _) = group_for_organizer(&mut tx, slug, user).await?;
    q::partner(&mut *tx, group_id, partner_id)
        .await?
        .ok_or(AppError::NotFound)?;
    add_contact_in(&mut tx, partner_id, contact).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_contact(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    partner_id: i64,
    contact_id: i64,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let (group_id, _) = group_for_organizer(&mut tx, slug, user).await?;
    q::partner(&mut *tx, group_id, partner_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !q::delete_contact(&mut tx, partner_id, contact_id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Stores a partner's logo uploaded by the group's organizers.
pub async fn save_logo_as_organizer(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    partner_id: i64,
    bytes: &[u8],
) -> AppResult<()> {
    let logo = checked_logo(bytes)?;
    let mut tx = db.begin_write().await?;
    let (group_id, _) = group_for_organizer(&mut tx, slug, user).await?;
    q::partner(&mut *tx, group_id, partner_id)
        .await?
        .ok_or(AppError::NotFound)?;
    q::set_logo(&mut tx, partner_id, &logo.bytes, logo.media_type, db::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// A logo checked by its content, without metadata (camera data, comments) in raster ones.
fn checked_logo(bytes: &[u8]) -> AppResult<super::logo::Logo> {
    let mut logo = check_logo(bytes).map_err(|e| AppError::invalid("logo", e.message()))?;
    logo.bytes = crate::media::without_metadata(&logo.bytes, logo.media_type).map_err(|_| {
        AppError::invalid(
            "logo",
            "That image could not be read. Please save it again as PNG, JPEG, WebP or SVG.",
        )
    })?;
    Ok(logo)
}

/// A logo as served: its media type, bytes, and whether everyone may see (and cache) it.
pub struct ServedLogo {
    pub media_type: String,
    pub bytes: Vec<u8>,
    pub public: bool,
}

/// A logo by its versioned address: public once the partner sponsors a published event
/// (agreed or later); before that only the group's organizers see it. Never one a partner
/// has not agreed to show.
pub async fn logo(
    db: &Db,
    viewer: Option<&CurrentUser>,
    partner_id: i64,
    version: i64,
) -> AppResult<ServedLogo> {
    let Some((media_type, bytes, current)) = q::logo(db.pool(), partner_id).await? else {
        return Err(AppError::NotFound);
    };
    if current != version {
        return Err(AppError::NotFound);
    }
    let public = q::logo_is_public(db.pool(), partner_id).await?;
    let allowed = public
        || match viewer {
            Some(user) => q::organizes_partner(db.pool(), partner_id, user.account_id).await?,
            None => false,
        };
    if !allowed {
        return Err(AppError::NotFound);
    }
    Ok(ServedLogo {
        media_type,
        bytes,
        public,
    })
}

/// The logo of a portal's partner, for the portal holder (`/partner/{token}/logo`).
pub async fn portal_logo(db: &Db, token: &str) -> AppResult<ServedLogo> {
    let (row, _) = by_portal(&mut *db.pool().acquire().await?, token).await?;
    let (media_type, bytes, _) = q::logo(db.pool(), row.partner_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ServedLogo {
        media_type,
        bytes,
        public: false,
    })
}

// ---- the invitation link ----

pub async fn open_invitation(
    db: &Db,
    user: Option<&CurrentUser>,
    token: &str,
) -> AppResult<PartnerInvitationPage> {
    let row = invites::open(db, Kind::Partner, token).await?;
    let partner = match q::sponsorship_of_invitation(db.pool(), row.invitation_id).await? {
        Some(id) => match row.event_id {
            Some(event_id) => q::sponsorship(db.pool(), event_id, id)
                .await?
                .map(|s| s.partner_name)
                .unwrap_or_default(),
            None => String::new(),
        },
        None => String::new(),
    };
    let zone = row.zone();
    Ok(PartnerInvitationPage {
        state: state_of(&row, db::now()),
        expires: when(zone, row.expires_at),
        event_slug: row.event_slug.unwrap_or_default(),
        event_title: row.event_title.unwrap_or_default(),
        partner,
        invited_by: row.inviter,
        email: row.email,
        message: row.message,
        signed_in_as: user.map(|u| u.email.clone()),
    })
}

/// Accepts a partner invitation (once): a new portal link for the sponsorship (older links
/// stop working), attached to `user`'s account when signed in. Returns the portal token.
pub async fn accept_invitation(
    db: &Db,
    user: Option<&CurrentUser>,
    token: &str,
) -> AppResult<String> {
    let mut tx = db.begin_write().await?;
    let row = invites::answer(
        &mut tx,
        Kind::Partner,
        token,
        InviteStep::Accept,
        user.map(|u| u.account_id),
    )
    .await?;
    let id = q::sponsorship_of_invitation(&mut *tx, row.invitation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (portal, hash) = new_link()?;
    q::set_portal(&mut tx, id, Some(&hash)).await?;
    if let Some(user) = user {
        q::set_account(&mut tx, id, user.account_id).await?;
    }
    tx.commit().await?;
    Ok(portal)
}

pub async fn decline_invitation(db: &Db, token: &str) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let row = invites::answer(&mut tx, Kind::Partner, token, InviteStep::Decline, None).await?;
    if let (Some(id), Some(event_id)) = (
        q::sponsorship_of_invitation(&mut *tx, row.invitation_id).await?,
        row.event_id,
    ) {
        if let Some(s) = q::sponsorship(&mut *tx, event_id, id).await? {
            let stage = Stage::parse(&s.stage).unwrap_or(Stage::Prospect);
            if stage.may_move(Stage::Declined, Actor::Partner).is_ok() {
                q::set_stage(&mut tx, id, stage.as_str(), "declined", s.tier_id, now).await?;
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

// ---- the portal ----

fn portal_gone() -> AppError {
    AppError::Forbidden(
        "This partner portal link does not work (any more). Ask the organizers for a new invitation."
            .to_owned(),
    )
}

/// The sponsorship behind a portal link, and its event, read on `conn` (a pool connection,
/// or the use case's transaction).
async fn by_portal(
    conn: &mut sqlx::AnyConnection,
    token: &str,
) -> AppResult<(SponsorshipRow, EventRow)> {
    if token.len() < 32 {
        return Err(portal_gone());
    }
    let row = q::sponsorship_by_portal(&mut *conn, &session::session_id(token))
        .await?
        .ok_or_else(portal_gone)?;
    // A declined or withdrawn sponsorship has no portal any more.
    if matches!(
        Stage::parse(&row.stage),
        Some(Stage::Declined | Stage::Withdrawn)
    ) {
        return Err(portal_gone());
    }
    let event = q::event_by_id(&mut *conn, row.event_id).await?;
    Ok((row, event))
}

pub async fn portal(db: &Db, user: Option<&CurrentUser>, token: &str) -> AppResult<PortalView> {
    let (row, event) = by_portal(&mut *db.pool().acquire().await?, token).await?;
    let partner = q::partner(db.pool(), event.group_id, row.partner_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let contacts = q::contacts(db.pool(), row.partner_id).await?;
    let version = partner.logo_version;
    let mut partner = partner_view(partner, contacts);
    // The portal shows the logo through its own link: it is not public before an agreement.
    partner.logo_url = partner
        .logo_url
        .map(|_| format!("/partner/{token}/logo?v={version}"));
    let stage = Stage::parse(&row.stage).unwrap_or(Stage::Prospect);
    let passes = q::passes(db.pool(), row.sponsorship_id)
        .await?
        .into_iter()
        .map(|p| PassView {
            pass_id: p.pass_id,
            name: p.name,
        })
        .collect();
    Ok(PortalView {
        event_when: when(zone(&event), event.starts_at),
        event_slug: event.slug.clone(),
        event_title: event.title.clone(),
        partner,
        stage,
        tier_id: row.tier_id,
        tiers: q::tiers(db.pool(), event.event_id)
            .await?
            .into_iter()
            .map(tier_view)
            .collect(),
        passes,
        passes_allowed: if stage.is_committed() {
            row.tier_passes.unwrap_or(0)
        } else {
            0
        },
        attached: user.is_some_and(|u| row.account_id == Some(u.account_id)),
        signed_in_as: user.map(|u| u.email.clone()),
    })
}

/// The partner chooses a tier with a slot left: interested, for the organizers to confirm.
pub async fn choose_tier(db: &Db, token: &str, tier: &str) -> AppResult<()> {
    let now = db::now();
    let tier_id = parse_tier(tier)?.ok_or_else(|| AppError::invalid("tier", "Choose a tier."))?;
    let mut tx = db.begin_write().await?;
    let (row, event) = by_portal(&mut tx, token).await?;
    let stage = Stage::parse(&row.stage).unwrap_or(Stage::Prospect);
    if stage != Stage::Interested {
        stage
            .may_move(Stage::Interested, Actor::Partner)
            .map_err(|m| AppError::conflict("tier", m))?;
    }
    let tier = q::tier(&mut *tx, event.event_id, tier_id)
        .await?
        .ok_or_else(|| AppError::invalid("tier", "Choose one of the tiers."))?;
    if tier.taken >= tier.slots {
        return Err(AppError::conflict(
            "tier",
            format!("The {} tier is full. Choose another tier.", tier.name),
        ));
    }
    if !q::set_stage(
        &mut tx,
        row.sponsorship_id,
        stage.as_str(),
        "interested",
        Some(tier_id),
        now,
    )
    .await?
    {
        return Err(AppError::conflict(
            "tier",
            "The organizers changed your sponsorship meanwhile; look again.",
        ));
    }
    tx.commit().await?;
    Ok(())
}

/// The partner declines through the portal; the portal closes with it. Returns the event's
/// address, where the partner goes next.
pub async fn portal_decline(db: &Db, token: &str) -> AppResult<String> {
    let mut tx = db.begin_write().await?;
    let (row, event) = by_portal(&mut tx, token).await?;
    let stage = Stage::parse(&row.stage).unwrap_or(Stage::Prospect);
    stage
        .may_move(Stage::Declined, Actor::Partner)
        .map_err(|m| AppError::conflict("", m))?;
    q::set_stage(
        &mut tx,
        row.sponsorship_id,
        stage.as_str(),
        "declined",
        row.tier_id,
        db::now(),
    )
    .await?;
    q::close_portal(&mut tx, row.sponsorship_id).await?;
    tx.commit().await?;
    Ok(event.slug)
}

pub async fn portal_save_profile(db: &Db, token: &str, input: &PartnerInput) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let (row, event) = by_portal(&mut tx, token).await?;
    update_partner(&mut tx, event.group_id, row.partner_id, input, db::now()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn portal_add_contact(db: &Db, token: &str, contact: &ContactInput) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let (row, _) = by_portal(&mut tx, token).await?;
    add_contact_in(&mut tx, row.partner_id, contact).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn portal_remove_contact(db: &Db, token: &str, contact_id: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let (row, _) = by_portal(&mut tx, token).await?;
    if !q::delete_contact(&mut tx, row.partner_id, contact_id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Names a guest on one of the tier's passes (once agreed).
pub async fn portal_add_pass(db: &Db, token: &str, name: &str) -> AppResult<()> {
    let name = text("name", name, "guest's name", 1, 80, false)?;
    let mut tx = db.begin_write().await?;
    let (row, event) = by_portal(&mut tx, token).await?;
    let stage = Stage::parse(&row.stage).unwrap_or(Stage::Prospect);
    let allowed = if stage.is_committed() {
        row.tier_passes.unwrap_or(0)
    } else {
        0
    };
    if allowed == 0 {
        return Err(AppError::conflict(
            "name",
            "Passes come with an agreed tier that includes them.",
        ));
    }
    if row.passes_named >= allowed {
        return Err(AppError::conflict(
            "name",
            format!("Your tier includes {allowed} passes and all are named; remove a name to change it."),
        ));
    }
    q::insert_pass(
        &mut tx,
        row.sponsorship_id,
        event.event_id,
        &name,
        db::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn portal_remove_pass(db: &Db, token: &str, pass_id: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let (row, _) = by_portal(&mut tx, token).await?;
    if !q::delete_pass(&mut tx, row.sponsorship_id, pass_id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Stores the logo uploaded through the portal.
pub async fn portal_save_logo(db: &Db, token: &str, bytes: &[u8]) -> AppResult<()> {
    let logo = checked_logo(bytes)?;
    let mut tx = db.begin_write().await?;
    let (row, _) = by_portal(&mut tx, token).await?;
    q::set_logo(
        &mut tx,
        row.partner_id,
        &logo.bytes,
        logo.media_type,
        db::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The sponsorships whose portal `user` attached.
pub async fn attached(db: &Db, user: &CurrentUser) -> AppResult<Vec<AttachedSponsorship>> {
    Ok(q::sponsorships_of_account(db.pool(), user.account_id)
        .await?
        .into_iter()
        .map(
            |(sponsorship_id, partner, event_title, event_slug)| AttachedSponsorship {
                sponsorship_id,
                partner,
                event_title,
                event_slug,
            },
        )
        .collect())
}

/// A new portal link for a sponsorship attached to `user`'s account; returns its token.
pub async fn reopen_portal(db: &Db, user: &CurrentUser, id: i64) -> AppResult<String> {
    let mut tx = db.begin_write().await?;
    let mine = q::sponsorships_of_account(&mut *tx, user.account_id)
        .await?
        .iter()
        .any(|(s, ..)| *s == id);
    if !mine {
        return Err(AppError::NotFound);
    }
    let (portal, hash) = new_link()?;
    q::set_portal(&mut tx, id, Some(&hash)).await?;
    tx.commit().await?;
    Ok(portal)
}

// ---- everyone ----

fn public_sponsor(row: SponsorshipRow) -> PublicSponsor {
    PublicSponsor {
        logo_url: logo_url(row.partner_id, row.logo_type.as_deref(), row.logo_version),
        name: row.partner_name,
        website: row.website,
        description: row.description,
    }
}

/// An event's sponsors by tier in rank order (public once the event is; drafts for organizers).
pub async fn sponsors(db: &Db, user: Option<&CurrentUser>, slug: &str) -> AppResult<SponsorsView> {
    let event = q::event(db.pool(), slug).await?.ok_or(AppError::NotFound)?;
    if event.status == "draft" && !organizes(db.pool(), event.group_id, user).await? {
        return Err(AppError::NotFound);
    }
    let mut tiers: Vec<SponsorTier> = Vec::new();
    let mut last_tier = None;
    for row in q::sponsors(db.pool(), event.event_id).await? {
        if last_tier != row.tier_id || tiers.is_empty() {
            last_tier = row.tier_id;
            tiers.push(SponsorTier {
                name: row.tier_name.clone().unwrap_or_default(),
                size: logo_size(tiers.len()).to_owned(),
                sponsors: Vec::new(),
            });
        }
        if let Some(tier) = tiers.last_mut() {
            tier.sponsors.push(public_sponsor(row));
        }
    }
    Ok(SponsorsView {
        event_slug: event.slug,
        event_title: event.title,
        tiers,
    })
}

/// The group's partners that sponsored one of its events.
pub async fn group_partners(db: &Db, slug: &str) -> AppResult<Vec<PublicSponsor>> {
    let group = groups::group_by_slug(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(q::public_partners(db.pool(), group.group_id)
        .await?
        .into_iter()
        .map(|p| PublicSponsor {
            logo_url: logo_url(p.partner_id, p.logo_type.as_deref(), p.logo_version),
            name: p.name,
            website: p.website,
            description: p.description,
        })
        .collect())
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
        let stage = Stage::parse(&row.stage).unwrap_or(Stage::Prospect);
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

/// Sponsor guests of an event for its attendee list: (name, partner).
pub async fn sponsor_guests(db: &Db, event_id: i64) -> AppResult<Vec<(String, String)>> {
    Ok(q::sponsor_guests(db.pool(), event_id).await?)
}
