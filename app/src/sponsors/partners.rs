//! A group's partners (server only): profiles, contacts and logos, as the organizers keep
//! them, and the logos served to everyone.

use super::{
    logo::check_logo,
    queries::{self as q},
    service::{
        contact_view, group_for_organizer, insert_partner, logo_url, read_group_for_organizer,
        update_partner, ContactInput, PartnerInput, MAX_CONTACTS,
    },
    views::{PartnerList, PartnerView},
};
use crate::{
    accounts::views::CurrentUser,
    db::{self, Db, Tx},
    error::{AppError, AppResult},
};

pub(super) fn partner_view(row: q::PartnerRow, contacts: Vec<q::ContactRow>) -> PartnerView {
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

pub(super) async fn add_contact_in(
    tx: &mut Tx,
    partner_id: i64,
    contact: &ContactInput,
) -> AppResult<()> {
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
pub(super) fn checked_logo(bytes: &[u8]) -> AppResult<super::logo::Logo> {
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
