//! Group use cases (server only). Authorization is decided here, next to the data.

use super::{
    domain::{may, City, Description, GroupAction, GroupName, Role, Slug, Website},
    queries::{self, GroupFields, GroupRow},
    views::{GroupSummary, GroupView, Organizer},
};
use crate::{
    accounts::views::CurrentUser,
    db::{self, Db, Tx},
    error::{AppError, AppResult},
    markdown::to_safe_html,
};

/// A group's editable details, parsed.
pub struct GroupDetails {
    pub name: GroupName,
    pub description: Description,
    pub website: Website,
    pub city: City,
    pub time_zone: chrono_tz::Tz,
    /// `#rrggbb` chosen by the organizers; else one of its own (`Colour::default_for`).
    pub colour: Option<String>,
}

impl GroupDetails {
    fn fields(&self) -> GroupFields<'_> {
        GroupFields {
            name: self.name.as_str(),
            description: self.description.as_str(),
            website: self.website.as_deref(),
            city: self.city.as_deref(),
            time_zone: self.time_zone.name(),
            colour: self.colour.as_deref(),
        }
    }
}

/// The first paragraph of a Markdown description as plain words, for listings and previews.
fn blurb(description: &str) -> String {
    crate::markdown::summary(description, 160)
}

fn summary(row: GroupRow) -> GroupSummary {
    GroupSummary {
        blurb: blurb(&row.description),
        slug: row.slug,
        name: row.name,
        city: row.city,
    }
}

/// Loads a group and checks that `user` may take `action` on it, inside the transaction.
pub(crate) async fn authorize(
    tx: &mut Tx,
    slug: &str,
    user: &CurrentUser,
    action: GroupAction,
) -> AppResult<GroupRow> {
    let group = queries::group_by_slug(&mut **tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let role = queries::role_of(&mut **tx, group.group_id, user.account_id).await?;
    if may(role, action) {
        Ok(group)
    } else {
        Err(AppError::Forbidden(match action {
            GroupAction::Delete | GroupAction::TransferOwnership => {
                "Only the group's owner can do that.".to_owned()
            }
            _ => "Only the group's organizers can do that.".to_owned(),
        }))
    }
}

/// Creates a group owned by `user`.
pub async fn create_group(
    db: &Db,
    user: &CurrentUser,
    slug: Slug,
    details: GroupDetails,
) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    crate::instance::service::check_group_creation(&mut tx, user).await?;
    let group_id = queries::insert_group(&mut tx, slug.as_str(), &details.fields(), now)
        .await
        .map_err(crate::db::unique_as("slug", || {
            AppError::conflict(
                "slug",
                "Another group already uses this web address. Try another.",
            )
        }))?;
    queries::insert_member(&mut tx, group_id, user.account_id, Role::Owner, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether a group already uses `slug`.
pub async fn slug_taken(db: &Db, slug: &Slug) -> AppResult<bool> {
    Ok(queries::group_by_slug(db.pool(), slug.as_str())
        .await?
        .is_some())
}

/// Groups for the home page.
pub async fn list_groups(db: &Db, page: u32, per_page: u32) -> AppResult<Vec<GroupSummary>> {
    let rows = queries::list_groups(
        db.pool(),
        i64::from(per_page),
        i64::from(page) * i64::from(per_page),
    )
    .await?;
    Ok(rows.into_iter().map(summary).collect())
}

/// A group's public page; organizers also see the organizers' emails.
pub async fn group_view(db: &Db, slug: &str, viewer: Option<&CurrentUser>) -> AppResult<GroupView> {
    let group = queries::group_by_slug(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = queries::members(db.pool(), group.group_id).await?;
    let my_role = viewer.and_then(|v| {
        members
            .iter()
            .find(|m| m.account_id == v.account_id)
            .map(|m| m.role())
    });
    let organizers = members
        .iter()
        .map(|m| Organizer {
            account_id: m.account_id,
            display_name: m.display_name.clone(),
            email: my_role.is_some().then(|| m.email.clone()),
            role: m.role(),
        })
        .collect();
    let colour = group
        .colour
        .as_deref()
        .and_then(|c| crate::colour::Colour::parse("colour", c).ok().flatten())
        .unwrap_or_else(|| crate::colour::Colour::default_for(&group.slug))
        .hex();
    Ok(GroupView {
        colour,
        description_html: to_safe_html(&group.description),
        blurb: blurb(&group.description),
        slug: group.slug,
        name: group.name,
        description: my_role.is_some().then_some(group.description),
        website: group.website,
        city: group.city,
        time_zone: group.time_zone.name().to_owned(),
        organizers,
        my_role,
        feed_url: String::new(),
    })
}

/// Edits a group's details (organizers).
pub async fn update_group(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    details: GroupDetails,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let group = authorize(&mut tx, slug, user, GroupAction::Edit).await?;
    queries::update_group(&mut tx, group.group_id, &details.fields(), db::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a co-organizer (organizers; anyone may step down). The owner cannot be removed.
pub async fn remove_organizer(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    account_id: i64,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let group = if account_id == user.account_id {
        queries::group_by_slug(&mut *tx, slug)
            .await?
            .ok_or(AppError::NotFound)?
    } else {
        authorize(&mut tx, slug, user, GroupAction::ManageOrganizers).await?
    };
    match queries::role_of(&mut *tx, group.group_id, account_id).await? {
        None => return Err(AppError::NotFound),
        Some(Role::Owner) => {
            return Err(AppError::Forbidden(
                "The owner cannot be removed. Hand the group to someone else first.".to_owned(),
            ))
        }
        Some(Role::Organizer) => {}
    }
    queries::delete_member(&mut tx, group.group_id, account_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Hands the group to a co-organizer; the old owner stays as a co-organizer (owner only).
pub async fn transfer_ownership(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    account_id: i64,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let group = authorize(&mut tx, slug, user, GroupAction::TransferOwnership).await?;
    if queries::role_of(&mut *tx, group.group_id, account_id).await? != Some(Role::Organizer) {
        return Err(AppError::invalid(
            "account_id",
            "Choose one of the group's co-organizers.",
        ));
    }
    queries::set_role(&mut tx, group.group_id, user.account_id, Role::Organizer).await?;
    queries::set_role(&mut tx, group.group_id, account_id, Role::Owner).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes the group after the owner typed its web address to confirm (owner only).
pub async fn delete_group(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    confirmation: &str,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let group = authorize(&mut tx, slug, user, GroupAction::Delete).await?;
    if confirmation.trim() != group.slug {
        return Err(AppError::invalid(
            "confirm",
            format!("Type “{}” to confirm.", group.slug),
        ));
    }
    queries::delete_group(&mut tx, group.group_id).await?;
    tx.commit().await?;
    Ok(())
}
