//! What everyone sees of sponsorships (server only): an event's sponsors by tier and a
//! group's partners.

use super::{
    domain::logo_size,
    queries::{self as q, SponsorshipRow},
    service::logo_url,
    views::{PublicSponsor, SponsorTier, SponsorsView},
};
use crate::{
    accounts::views::CurrentUser,
    db::Db,
    error::{AppError, AppResult},
    groups::access::organizes,
    groups::queries as groups,
};

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
    if event.status == crate::events::domain::EventStatus::Draft
        && !organizes(db.pool(), event.group_id, user).await?
    {
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
        event_slug: event.event.slug,
        event_title: event.event.title,
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
