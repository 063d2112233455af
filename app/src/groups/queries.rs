//! Group and organizer storage (server only).

use super::domain::Role;
use crate::db::Tx;
use sqlx::{AnyExecutor, FromRow};

#[derive(FromRow)]
pub struct GroupRow {
    pub group_id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub website: Option<String>,
    pub city: Option<String>,
    #[sqlx(try_from = "crate::stored::ZoneName")]
    pub time_zone: chrono_tz::Tz,
    pub colour: Option<String>,
}

#[derive(FromRow)]
pub struct MemberRow {
    pub account_id: i64,
    pub display_name: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: crate::groups::domain::Role,
}

impl MemberRow {
    pub fn role(&self) -> Role {
        self.role
    }
}

pub struct GroupFields<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub website: Option<&'a str>,
    pub city: Option<&'a str>,
    pub time_zone: &'a str,
    pub colour: Option<&'a str>,
}

pub async fn insert_group(
    tx: &mut Tx,
    slug: &str,
    fields: &GroupFields<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into meetup_group (slug, name, description, website, city, time_zone, colour, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $8) returning group_id",
    )
    .bind(slug)
    .bind(fields.name)
    .bind(fields.description)
    .bind(fields.website)
    .bind(fields.city)
    .bind(fields.time_zone)
    .bind(fields.colour)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn update_group(
    tx: &mut Tx,
    group_id: i64,
    fields: &GroupFields<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update meetup_group set name = $1, description = $2, website = $3, city = $4, time_zone = $5, updated_at = $6,
         colour = $8 where group_id = $7",
    )
        .bind(fields.name)
        .bind(fields.description)
        .bind(fields.website)
        .bind(fields.city)
        .bind(fields.time_zone)
        .bind(now)
        .bind(group_id)
        .bind(fields.colour)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn delete_group(tx: &mut Tx, group_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("delete from group_member where group_id = $1")
        .bind(group_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("delete from meetup_group where group_id = $1")
        .bind(group_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn group_by_slug<'e>(
    db: impl AnyExecutor<'e>,
    slug: &str,
) -> Result<Option<GroupRow>, sqlx::Error> {
    sqlx::query_as(
        "select group_id, slug, name, description, website, city, time_zone, colour from meetup_group where slug = $1",
    )
    .bind(slug)
    .fetch_optional(db)
    .await
}

/// Groups by name, `limit` from `offset`.
pub async fn list_groups<'e>(
    db: impl AnyExecutor<'e>,
    limit: i64,
    offset: i64,
) -> Result<Vec<GroupRow>, sqlx::Error> {
    sqlx::query_as(
        "select group_id, slug, name, description, website, city, time_zone, colour from meetup_group
         order by lower(name), group_id limit $1 offset $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(db)
    .await
}

pub async fn members<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
) -> Result<Vec<MemberRow>, sqlx::Error> {
    sqlx::query_as(
        "select a.account_id, a.display_name, a.email, m.role
         from group_member m join account a on a.account_id = m.account_id
         where m.group_id = $1 order by case when m.role = 'owner' then 0 else 1 end, m.added_at, a.account_id",
    )
    .bind(group_id)
    .fetch_all(db)
    .await
}

pub async fn role_of<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
    account_id: i64,
) -> Result<Option<Role>, sqlx::Error> {
    let role: Option<String> =
        sqlx::query_scalar("select role from group_member where group_id = $1 and account_id = $2")
            .bind(group_id)
            .bind(account_id)
            .fetch_optional(db)
            .await?;
    Ok(role.map(Role::try_from).transpose()?)
}

pub async fn insert_member(
    tx: &mut Tx,
    group_id: i64,
    account_id: i64,
    role: Role,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into group_member (group_id, account_id, role, added_at) values ($1, $2, $3, $4)",
    )
    .bind(group_id)
    .bind(account_id)
    .bind(role.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn delete_member(
    tx: &mut Tx,
    group_id: i64,
    account_id: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("delete from group_member where group_id = $1 and account_id = $2")
            .bind(group_id)
            .bind(account_id)
            .execute(&mut **tx)
            .await?
            .rows_affected(),
    )
}

pub async fn set_role(
    tx: &mut Tx,
    group_id: i64,
    account_id: i64,
    role: Role,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("update group_member set role = $1 where group_id = $2 and account_id = $3")
            .bind(role.as_str())
            .bind(group_id)
            .bind(account_id)
            .execute(&mut **tx)
            .await?
            .rows_affected(),
    )
}

pub async fn account_id_by_email(tx: &mut Tx, email: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("select account_id from account where email = $1")
        .bind(email)
        .fetch_optional(&mut **tx)
        .await
}
