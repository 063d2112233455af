//! Event covers (server only): the organizers' image (PNG, JPEG or WebP, its metadata removed,
//! kept in the database so every instance serves it), else a cover drawn in the group's colour.

use super::{domain::EventStatus, queries, views::Cover};
use crate::{
    accounts::views::CurrentUser,
    colour::Colour,
    db::{self, Db},
    error::{AppError, AppResult},
    groups::{
        domain::{may, GroupAction},
        queries as groups,
    },
};
use chrono_tz::Tz;

/// The face of an event of the group `group_slug` whose colour is `colour` (if chosen);
/// `image_at` is when its image was last changed, if it has one.
pub fn cover(
    slug: &str,
    group_slug: &str,
    colour: Option<&str>,
    image_at: Option<i64>,
    starts_at: i64,
    zone: Tz,
) -> Cover {
    let colour = colour
        .and_then(|c| Colour::parse("colour", c).ok().flatten())
        .unwrap_or_else(|| Colour::default_for(group_slug));
    let local = super::time::from_unix(starts_at).with_timezone(&zone);
    Cover {
        image_url: image_at.map(|at| format!("/e/{slug}/cover?v={at}")),
        colour: colour.hex(),
        ink: colour.ink().to_owned(),
        month: local.format("%b").to_string(),
        day: local.format("%-d").to_string(),
    }
}

/// The event `slug` after checking that `user` may change its face.
async fn organized(tx: &mut db::Tx, slug: &str, user: &CurrentUser) -> AppResult<i64> {
    let event = queries::event_by_slug(&mut **tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::groups::access::require_group_organizer(&mut **tx, event.group_id, user).await?;
    Ok(event.event_id)
}

/// Stores `bytes` as the cover of the event `slug` (organizers).
pub async fn save(db: &Db, user: &CurrentUser, slug: &str, bytes: &[u8]) -> AppResult<()> {
    let (bytes, media_type) = crate::media::accept_image(bytes, "cover", "cover image")?;
    let mut tx = db.begin_write().await?;
    let event_id = organized(&mut tx, slug, user).await?;
    queries::save_cover(&mut tx, event_id, &bytes, media_type, db::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes the event's own cover; the generated one shows again (organizers).
pub async fn remove(db: &Db, user: &CurrentUser, slug: &str) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let event_id = organized(&mut tx, slug, user).await?;
    queries::remove_cover(&mut tx, event_id).await?;
    tx.commit().await?;
    Ok(())
}

/// An event's image: (media type, bytes, public). Drafts' covers are for organizers only.
pub async fn image(
    db: &Db,
    viewer: Option<&CurrentUser>,
    slug: &str,
) -> AppResult<(String, Vec<u8>, bool)> {
    let event = queries::event_by_slug(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let public = event.status != EventStatus::Draft;
    if !public {
        let role = match viewer {
            Some(v) => groups::role_of(db.pool(), event.group_id, v.account_id).await?,
            None => None,
        };
        if !may(role, GroupAction::ManageEvents) {
            return Err(AppError::NotFound);
        }
    }
    let (media_type, bytes) = queries::cover_image(db.pool(), event.event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((media_type, bytes, public))
}
