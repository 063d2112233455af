//! The data the sponsors pages show (shared by the server and the browser): what the server
//! functions return and the use cases build.

use super::domain::Stage;
use crate::invites::api::SentInvitation;
use serde::{Deserialize, Serialize};

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
    pub invitation: crate::invites::api::OpenedInvitation,
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

/// A sponsorship whose portal the signed-in person attached to their account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachedSponsorship {
    pub sponsorship_id: i64,
    pub partner: String,
    pub event_title: String,
    pub event_slug: String,
}
