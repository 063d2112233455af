//! Who may act for a group and its events, asked in one place (server only). Every domain's
//! "the event, for its organizers" is [`for_organizer`] over the row it just read; the role
//! rules themselves are [`super::domain::may`].

use super::{
    domain::{may, GroupAction},
    queries,
};
use crate::{
    accounts::views::CurrentUser,
    error::{AppError, AppResult},
};

/// A row that belongs to one group: an event, a group.
pub trait OfGroup {
    fn group_id(&self) -> i64;
}

impl OfGroup for queries::GroupRow {
    fn group_id(&self) -> i64 {
        self.group_id
    }
}

/// Whether `user` organizes group `group_id` (nobody signed in organizes nothing).
pub async fn organizes<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    group_id: i64,
    user: Option<&CurrentUser>,
) -> AppResult<bool> {
    let Some(user) = user else { return Ok(false) };
    let role = queries::role_of(db, group_id, user.account_id).await?;
    Ok(may(role, GroupAction::ManageEvents))
}

/// The refusal for a person who does not organize the event's group.
pub fn organizers_only() -> AppError {
    AppError::Forbidden("Only the event's organizers can do that.".to_owned())
}

/// Refuses `user` unless they organize group `group_id` (for acts on the group itself).
pub async fn require_group_organizer<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    group_id: i64,
    user: &CurrentUser,
) -> AppResult<()> {
    if organizes(db, group_id, Some(user)).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Only the group's organizers can do that.".to_owned(),
        ))
    }
}

/// `row`, just read (`None`: there is no such thing), if `user` organizes its group; else the
/// domain's own `refusal`.
pub async fn for_organizer<'e, T: OfGroup>(
    db: impl sqlx::AnyExecutor<'e>,
    row: Option<T>,
    user: &CurrentUser,
    refusal: fn() -> AppError,
) -> AppResult<T> {
    let row = row.ok_or(AppError::NotFound)?;
    if organizes(db, row.group_id(), Some(user)).await? {
        Ok(row)
    } else {
        Err(refusal())
    }
}
