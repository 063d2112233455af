//! What the sponsorship pages show, and the server functions behind their forms. Each one
//! checks who is asking in [`super::service`] and works without JavaScript (forms post and
//! redirect).

use super::domain::Stage;
use crate::{
    error::AppError,
    invites::{api::SentInvitation, domain::InviteState},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a form goes after success: `path?done=what` plus a fresh `at`, so a second save
/// that lands on the same page still reloads what it shows (pages reload when their query
/// changes), then `#anchor`.
#[cfg(feature = "ssr")]
fn go_done(path: &str, what: &str, anchor: &str) {
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    redirect(&format!("{path}?done={what}&at={at}{anchor}"));
}

#[cfg(feature = "ssr")]
use crate::{
    accounts::api::auth,
    state::app_state,
    web::{public_url, redirect},
};

/// A tier with what is left of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierView {
    pub tier_id: i64,
    pub name: String,
    pub rank: i64,
    /// "2,000.00 EUR"
    pub price: String,
    /// The price as typed into the form: "2000.00".
    pub price_input: String,
    pub currency: String,
    pub slots: i64,
    pub taken: i64,
    pub passes: i64,
    pub benefits: Vec<String>,
}

impl TierView {
    pub fn left(&self) -> i64 {
        (self.slots - self.taken).max(0)
    }
}

/// One partner in an event's pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineItem {
    pub sponsorship_id: i64,
    pub partner_id: i64,
    pub partner: String,
    pub website: Option<String>,
    pub stage: Stage,
    pub tier_id: Option<i64>,
    pub tier: Option<String>,
    pub amount: Option<String>,
    pub notes: String,
    pub next_step: String,
    pub next_step_on: Option<String>,
    pub benefits_done: i64,
    pub benefits_total: i64,
    pub passes: i64,
    pub passes_named: i64,
    pub logo_url: Option<String>,
    /// The partner has a working portal link.
    pub has_portal: bool,
}

/// Committed and paid money in one currency, against the goal when it is in that currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalView {
    pub currency: String,
    pub committed: String,
    pub paid: String,
    pub goal: Option<String>,
    /// Committed as a share of the goal, in percent.
    pub percent: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerOption {
    pub partner_id: i64,
    pub name: String,
}

/// A partner invitation on the organizers' list, with the partner it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerInvitationItem {
    pub partner: String,
    pub invitation: SentInvitation,
}

/// `/e/{slug}/sponsorship`: the organizers' view of an event's sponsorship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineView {
    pub event_slug: String,
    pub event_title: String,
    pub group_slug: String,
    pub tiers: Vec<TierView>,
    pub goal: Option<String>,
    /// The goal as typed into its form.
    pub goal_input: String,
    pub goal_currency: String,
    pub totals: Vec<TotalView>,
    pub pipeline: Vec<PipelineItem>,
    /// The group's partners not yet in this event's pipeline.
    pub partners: Vec<PartnerOption>,
    pub invitations: Vec<PartnerInvitationItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefitView {
    pub benefit_id: i64,
    pub label: String,
    pub done: bool,
    /// "Done by Ada, Tue 5 Mar 2026, 14:00 CET"
    pub done_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassView {
    pub pass_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    pub contact_id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
}

/// `/e/{slug}/sponsorship/{id}`: one partner's sponsorship, for the organizers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SponsorshipView {
    pub event_slug: String,
    pub event_title: String,
    pub group_slug: String,
    pub item: PipelineItem,
    /// The stages the organizers may move it to.
    pub moves: Vec<Stage>,
    pub tiers: Vec<TierView>,
    pub benefits: Vec<BenefitView>,
    pub passes: Vec<PassView>,
    pub contacts: Vec<ContactView>,
}

/// A partner of a group, for the organizers and the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerView {
    pub partner_id: i64,
    pub name: String,
    pub website: Option<String>,
    pub description: String,
    pub logo_url: Option<String>,
    pub contacts: Vec<ContactView>,
}

/// `/g/{slug}/partners`: the group's partners, for its organizers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerList {
    pub group_slug: String,
    pub group_name: String,
    pub partners: Vec<PartnerView>,
}

/// `/partner/{token}`: what a partner sees through the portal link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalView {
    pub event_slug: String,
    pub event_title: String,
    pub event_when: String,
    pub partner: PartnerView,
    pub stage: Stage,
    pub tier_id: Option<i64>,
    pub tiers: Vec<TierView>,
    pub passes: Vec<PassView>,
    /// How many passes the chosen tier includes (once agreed).
    pub passes_allowed: i64,
    pub attached: bool,
    pub signed_in_as: Option<String>,
}

/// What a partner invitation link shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerInvitationPage {
    pub event_slug: String,
    pub event_title: String,
    pub partner: String,
    pub invited_by: Option<String>,
    pub email: String,
    pub message: String,
    pub state: InviteState,
    pub expires: String,
    pub signed_in_as: Option<String>,
}

/// A sponsor as everyone sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSponsor {
    pub name: String,
    pub website: Option<String>,
    pub description: String,
    pub logo_url: Option<String>,
}

/// One tier's sponsors; `size` is the logo size (large, medium, small).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SponsorTier {
    pub name: String,
    pub size: String,
    pub sponsors: Vec<PublicSponsor>,
}

/// An event's sponsors, by tier in rank order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SponsorsView {
    pub event_slug: String,
    pub event_title: String,
    pub tiers: Vec<SponsorTier>,
}

// ---- organizers: tiers, goal, pipeline ----

#[server(endpoint = "sponsorship_admin")]
pub async fn sponsorship_admin(event: String) -> Result<PipelineView, AppError> {
    let user = auth::require().await?;
    super::service::admin(&app_state()?.db, &user, &event).await
}

/// Adds a tier, or changes tier `tier` (organizers).
#[server(endpoint = "save_sponsor_tier")]
#[allow(clippy::too_many_arguments)]
pub async fn save_sponsor_tier(
    event: String,
    #[server(default)] tier: Option<i64>,
    name: String,
    rank: String,
    price: String,
    currency: String,
    slots: String,
    #[server(default)] passes: String,
    #[server(default)] benefits: String,
) -> Result<(), AppError> {
    use super::domain::{TierForm, TierInput};
    let user = auth::require().await?;
    let input = TierInput::parse(&TierForm {
        name: &name,
        rank: &rank,
        price: &price,
        currency: &currency,
        slots: &slots,
        passes: &passes,
        benefits: &benefits,
    })?;
    super::service::save_tier(&app_state()?.db, &user, &event, tier, &input).await?;
    go_done(&format!("/e/{event}/sponsorship"), "tier", "#tiers");
    Ok(())
}

#[server(endpoint = "delete_sponsor_tier")]
pub async fn delete_sponsor_tier(event: String, tier: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::delete_tier(&app_state()?.db, &user, &event, tier).await?;
    go_done(&format!("/e/{event}/sponsorship"), "tier-deleted", "#tiers");
    Ok(())
}

/// Sets (or, with an empty amount, clears) the event's sponsorship goal.
#[server(endpoint = "save_sponsor_goal")]
pub async fn save_sponsor_goal(
    event: String,
    #[server(default)] goal: String,
    #[server(default)] currency: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::save_goal(&app_state()?.db, &user, &event, &goal, &currency).await?;
    go_done(&format!("/e/{event}/sponsorship"), "goal", "");
    Ok(())
}

/// Puts a partner in the event's pipeline: one of the group's (`partner`) or a new one.
#[server(endpoint = "add_event_partner")]
pub async fn add_event_partner(
    event: String,
    #[server(default)] partner: String,
    #[server(default)] name: String,
    #[server(default)] website: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let id =
        super::service::add_to_pipeline(&app_state()?.db, &user, &event, &partner, &name, &website)
            .await?;
    go_done(&format!("/e/{event}/sponsorship/{id}"), "added", "");
    Ok(())
}

#[server(endpoint = "sponsorship_detail")]
pub async fn sponsorship_detail(event: String, id: i64) -> Result<SponsorshipView, AppError> {
    let user = auth::require().await?;
    super::service::detail(&app_state()?.db, &user, &event, id).await
}

/// Moves a partner to another stage, with a tier (organizers). `back` = "board" returns to
/// the pipeline, else to the sponsorship's page.
#[server(endpoint = "move_sponsorship")]
pub async fn move_sponsorship(
    event: String,
    sponsorship: i64,
    stage: String,
    #[server(default)] tier: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let stage =
        Stage::parse(&stage).ok_or_else(|| AppError::invalid("stage", "Choose a stage."))?;
    super::service::move_stage(
        &app_state()?.db,
        &user,
        &event,
        sponsorship,
        stage,
        &tier,
        &public_url()?,
    )
    .await?;
    if back == "board" {
        go_done(&format!("/e/{event}/sponsorship"), "moved", "#pipeline");
    } else {
        go_done(
            &format!("/e/{event}/sponsorship/{sponsorship}"),
            "moved",
            "",
        );
    }
    Ok(())
}

#[server(endpoint = "save_sponsorship_notes")]
pub async fn save_sponsorship_notes(
    event: String,
    sponsorship: i64,
    #[server(default)] notes: String,
    #[server(default)] next_step: String,
    #[server(default)] next_step_on: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::save_notes(
        &app_state()?.db,
        &user,
        &event,
        sponsorship,
        &notes,
        &next_step,
        &next_step_on,
    )
    .await?;
    go_done(
        &format!("/e/{event}/sponsorship/{sponsorship}"),
        "notes",
        "",
    );
    Ok(())
}

/// Ticks a benefit off (`done` = "1") or back (organizers).
#[server(endpoint = "set_sponsor_benefit")]
pub async fn set_sponsor_benefit(
    event: String,
    sponsorship: i64,
    benefit: i64,
    #[server(default)] done: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::set_benefit(
        &app_state()?.db,
        &user,
        &event,
        sponsorship,
        benefit,
        done == "1",
    )
    .await?;
    go_done(
        &format!("/e/{event}/sponsorship/{sponsorship}"),
        "benefit",
        "#benefits",
    );
    Ok(())
}

/// Invites a partner's contact to the partner portal by mail (organizers).
#[server(endpoint = "invite_partner")]
pub async fn invite_partner(
    event: String,
    sponsorship: i64,
    email: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    use crate::{accounts::domain::Email, error::FieldChecks};
    let user = auth::require().await?;
    let mut checks = FieldChecks::default();
    let email = checks.check(Email::parse("email", &email));
    let message = checks.check(crate::invites::service::parse_message(&message));
    checks.finish()?;
    let (Some(email), Some(message)) = (email, message) else {
        return Err(AppError::BadRequest);
    };
    super::service::invite(
        &app_state()?.db,
        &user,
        &event,
        sponsorship,
        &email,
        &message,
        &public_url()?,
    )
    .await?;
    go_done(
        &format!("/e/{event}/sponsorship/{sponsorship}"),
        "invited",
        "",
    );
    Ok(())
}

#[server(endpoint = "resend_partner_invitation")]
pub async fn resend_partner_invitation(event: String, invitation: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::resend(&app_state()?.db, &user, &event, invitation, &public_url()?).await?;
    go_done(&format!("/e/{event}/sponsorship"), "resent", "#invitations");
    Ok(())
}

#[server(endpoint = "revoke_partner_invitation")]
pub async fn revoke_partner_invitation(event: String, invitation: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::revoke(&app_state()?.db, &user, &event, invitation).await?;
    go_done(
        &format!("/e/{event}/sponsorship"),
        "revoked",
        "#invitations",
    );
    Ok(())
}

/// Stops the partner's portal link from working (organizers).
#[server(endpoint = "revoke_portal_link")]
pub async fn revoke_portal_link(event: String, sponsorship: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::revoke_portal(&app_state()?.db, &user, &event, sponsorship).await?;
    go_done(
        &format!("/e/{event}/sponsorship/{sponsorship}"),
        "portal-revoked",
        "",
    );
    Ok(())
}

// ---- organizers: the group's partners ----

#[server(endpoint = "partners_admin")]
pub async fn partners_admin(group: String) -> Result<PartnerList, AppError> {
    let user = auth::require().await?;
    super::service::partners_admin(&app_state()?.db, &user, &group).await
}

/// Adds a partner to the group, or changes partner `partner` (organizers).
#[server(endpoint = "save_partner")]
pub async fn save_partner(
    group: String,
    #[server(default)] partner: Option<i64>,
    name: String,
    #[server(default)] website: String,
    #[server(default)] description: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let input = super::service::PartnerInput::parse(&name, &website, &description)?;
    super::service::save_partner(&app_state()?.db, &user, &group, partner, &input).await?;
    go_done(&format!("/g/{group}/partners"), "saved", "");
    Ok(())
}

#[server(endpoint = "add_partner_contact")]
pub async fn add_partner_contact(
    group: String,
    partner: i64,
    name: String,
    email: String,
    #[server(default)] role: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let contact = super::service::ContactInput::parse(&name, &email, &role)?;
    super::service::add_contact(&app_state()?.db, &user, &group, partner, &contact).await?;
    go_done(
        &format!("/g/{group}/partners"),
        "contact",
        "#partner-{partner}",
    );
    Ok(())
}

#[server(endpoint = "remove_partner_contact")]
pub async fn remove_partner_contact(
    group: String,
    partner: i64,
    contact: i64,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::remove_contact(&app_state()?.db, &user, &group, partner, contact).await?;
    go_done(
        &format!("/g/{group}/partners"),
        "contact-removed",
        "#partner-{partner}",
    );
    Ok(())
}

// ---- partners: the invitation link and the portal ----

#[server(endpoint = "open_partner_invitation")]
pub async fn open_partner_invitation(token: String) -> Result<PartnerInvitationPage, AppError> {
    let user = auth::current().await?.map(|(u, _)| u);
    super::service::open_invitation(&app_state()?.db, user.as_ref(), &token).await
}

/// Accepts a partner invitation (no account needed) and opens the portal.
#[server(endpoint = "accept_partner_invitation")]
pub async fn accept_partner_invitation(token: String) -> Result<(), AppError> {
    let user = auth::current().await?.map(|(u, _)| u);
    let portal = super::service::accept_invitation(&app_state()?.db, user.as_ref(), &token).await?;
    redirect(&format!("/partner/{portal}?welcome=1"));
    Ok(())
}

#[server(endpoint = "decline_partner_invitation")]
pub async fn decline_partner_invitation(token: String) -> Result<(), AppError> {
    super::service::decline_invitation(&app_state()?.db, &token).await?;
    redirect(&format!("/sponsor-invite/{token}?answered=declined"));
    Ok(())
}

#[server(endpoint = "partner_portal")]
pub async fn partner_portal(token: String) -> Result<PortalView, AppError> {
    let user = auth::current().await?.map(|(u, _)| u);
    super::service::portal(&app_state()?.db, user.as_ref(), &token).await
}

/// The partner chooses a tier: interested, for the organizers to confirm.
#[server(endpoint = "portal_choose_tier")]
pub async fn portal_choose_tier(token: String, tier: String) -> Result<(), AppError> {
    super::service::choose_tier(&app_state()?.db, &token, &tier).await?;
    go_done(&format!("/partner/{token}"), "chosen", "");
    Ok(())
}

#[server(endpoint = "portal_decline")]
pub async fn portal_decline(token: String) -> Result<(), AppError> {
    let event = super::service::portal_decline(&app_state()?.db, &token).await?;
    redirect(&format!("/e/{event}"));
    Ok(())
}

#[server(endpoint = "portal_save_profile")]
pub async fn portal_save_profile(
    token: String,
    name: String,
    #[server(default)] website: String,
    #[server(default)] description: String,
) -> Result<(), AppError> {
    let input = super::service::PartnerInput::parse(&name, &website, &description)?;
    super::service::portal_save_profile(&app_state()?.db, &token, &input).await?;
    go_done(&format!("/partner/{token}"), "profile", "#profile");
    Ok(())
}

#[server(endpoint = "portal_add_contact")]
pub async fn portal_add_contact(
    token: String,
    name: String,
    email: String,
    #[server(default)] role: String,
) -> Result<(), AppError> {
    let contact = super::service::ContactInput::parse(&name, &email, &role)?;
    super::service::portal_add_contact(&app_state()?.db, &token, &contact).await?;
    go_done(&format!("/partner/{token}"), "contact", "#contacts");
    Ok(())
}

#[server(endpoint = "portal_remove_contact")]
pub async fn portal_remove_contact(token: String, contact: i64) -> Result<(), AppError> {
    super::service::portal_remove_contact(&app_state()?.db, &token, contact).await?;
    go_done(&format!("/partner/{token}"), "contact-removed", "#contacts");
    Ok(())
}

#[server(endpoint = "portal_add_pass")]
pub async fn portal_add_pass(token: String, name: String) -> Result<(), AppError> {
    super::service::portal_add_pass(&app_state()?.db, &token, &name).await?;
    go_done(&format!("/partner/{token}"), "pass", "#passes");
    Ok(())
}

#[server(endpoint = "portal_remove_pass")]
pub async fn portal_remove_pass(token: String, pass: i64) -> Result<(), AppError> {
    super::service::portal_remove_pass(&app_state()?.db, &token, pass).await?;
    go_done(&format!("/partner/{token}"), "pass-removed", "#passes");
    Ok(())
}

/// A sponsorship whose portal the signed-in person attached to their account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachedSponsorship {
    pub sponsorship_id: i64,
    pub partner: String,
    pub event_title: String,
    pub event_slug: String,
}

#[server(endpoint = "my_sponsorships")]
pub async fn my_sponsorships() -> Result<Vec<AttachedSponsorship>, AppError> {
    let user = auth::require().await?;
    super::service::attached(&app_state()?.db, &user).await
}

/// Opens the portal of a sponsorship attached to the signed-in account with a new link (the
/// old link stops working).
#[server(endpoint = "reopen_portal")]
pub async fn reopen_portal(sponsorship: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    let portal = super::service::reopen_portal(&app_state()?.db, &user, sponsorship).await?;
    redirect(&format!("/partner/{portal}"));
    Ok(())
}

// ---- everyone ----

#[server(endpoint = "event_sponsors")]
pub async fn event_sponsors(event: String) -> Result<SponsorsView, AppError> {
    let user = auth::current().await?.map(|(u, _)| u);
    super::service::sponsors(&app_state()?.db, user.as_ref(), &event).await
}

#[server(endpoint = "group_partners")]
pub async fn group_partners(group: String) -> Result<Vec<PublicSponsor>, AppError> {
    super::service::group_partners(&app_state()?.db, &group).await
}
