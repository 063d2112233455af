//! Storage of a group's partners, their logos and contacts (server only).

use crate::db::Tx;
use sqlx::{AnyExecutor, FromRow};

/// A partner without its logo's bytes.
#[derive(FromRow, Clone)]
pub struct PartnerRow {
    pub partner_id: i64,
    pub group_id: i64,
    pub name: String,
    pub website: Option<String>,
    pub description: String,
    pub logo_type: Option<String>,
    pub logo_version: i64,
}

const PARTNER: &str = "select partner_id, group_id, name, website, description, logo_type,
    logo_version from partner";

pub async fn partners<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
) -> Result<Vec<PartnerRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{PARTNER} where group_id = $1 order by lower(name), partner_id"
    ))
    .bind(group_id)
    .fetch_all(db)
    .await
}

/// The group's partners that sponsored (agreed or later) one of its events.
pub async fn public_partners<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
) -> Result<Vec<PartnerRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{PARTNER} where group_id = $1 and exists (select 1 from sponsorship s
            where s.partner_id = partner.partner_id and s.stage in ('agreed', 'invoiced', 'paid'))
         order by lower(name), partner_id"
    ))
    .bind(group_id)
    .fetch_all(db)
    .await
}

pub async fn partner<'e>(
    db: impl AnyExecutor<'e>,
    group_id: i64,
    partner_id: i64,
) -> Result<Option<PartnerRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{PARTNER} where group_id = $1 and partner_id = $2"
    ))
    .bind(group_id)
    .bind(partner_id)
    .fetch_optional(db)
    .await
}

/// The partner of the group named `name` (any case).
pub async fn partner_named(
    tx: &mut Tx,
    group_id: i64,
    name: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "select partner_id from partner where group_id = $1 and lower(name) = lower($2)",
    )
    .bind(group_id)
    .bind(name)
    .fetch_optional(&mut **tx)
    .await
}

pub async fn insert_partner(
    tx: &mut Tx,
    group_id: i64,
    name: &str,
    website: Option<&str>,
    description: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into partner (group_id, name, website, description, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $5) returning partner_id",
    )
    .bind(group_id)
    .bind(name)
    .bind(website)
    .bind(description)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

pub async fn update_partner(
    tx: &mut Tx,
    partner_id: i64,
    name: &str,
    website: Option<&str>,
    description: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update partner set name = $1, website = $2, description = $3, updated_at = $4
         where partner_id = $5",
    )
    .bind(name)
    .bind(website)
    .bind(description)
    .bind(now)
    .bind(partner_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_logo(
    tx: &mut Tx,
    partner_id: i64,
    bytes: &[u8],
    media_type: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update partner set logo = $1, logo_type = $2, logo_version = logo_version + 1,
            updated_at = $3 where partner_id = $4",
    )
    .bind(bytes.to_vec())
    .bind(media_type)
    .bind(now)
    .bind(partner_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// (media type, bytes, version) of a partner's logo.
pub async fn logo<'e>(
    db: impl AnyExecutor<'e>,
    partner_id: i64,
) -> Result<Option<(String, Vec<u8>, i64)>, sqlx::Error> {
    sqlx::query_as(
        "select logo_type, logo, logo_version from partner
         where partner_id = $1 and logo is not null and logo_type is not null",
    )
    .bind(partner_id)
    .fetch_optional(db)
    .await
}

/// Whether a partner's logo is public: it sponsors (agreed, invoiced or paid) an event that
/// is not a draft.
pub async fn logo_is_public<'e>(
    db: impl AnyExecutor<'e>,
    partner_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "select count(*) from sponsorship s join event e on e.event_id = s.event_id
         where s.partner_id = $1 and s.stage in ('agreed', 'invoiced', 'paid')
           and e.status <> 'draft'",
    )
    .bind(partner_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// Whether `account_id` organizes the group a partner belongs to.
pub async fn organizes_partner<'e>(
    db: impl AnyExecutor<'e>,
    partner_id: i64,
    account_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "select count(*) from partner p join group_member m on m.group_id = p.group_id
         where p.partner_id = $1 and m.account_id = $2",
    )
    .bind(partner_id)
    .bind(account_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

#[derive(FromRow, Clone)]
pub struct ContactRow {
    pub contact_id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
}

pub async fn contacts<'e>(
    db: impl AnyExecutor<'e>,
    partner_id: i64,
) -> Result<Vec<ContactRow>, sqlx::Error> {
    sqlx::query_as(
        "select contact_id, name, email, role from partner_contact where partner_id = $1
         order by contact_id",
    )
    .bind(partner_id)
    .fetch_all(db)
    .await
}

pub async fn insert_contact(
    tx: &mut Tx,
    partner_id: i64,
    name: &str,
    email: &str,
    role: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into partner_contact (partner_id, name, email, role, created_at)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(partner_id)
    .bind(name)
    .bind(email)
    .bind(role)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn count_contacts(tx: &mut Tx, partner_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("select count(*) from partner_contact where partner_id = $1")
        .bind(partner_id)
        .fetch_one(&mut **tx)
        .await
}

/// Deletes a contact of `partner_id`; false when it is not that partner's.
pub async fn delete_contact(
    tx: &mut Tx,
    partner_id: i64,
    contact_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("delete from partner_contact where contact_id = $1 and partner_id = $2")
            .bind(contact_id)
            .bind(partner_id)
            .execute(&mut **tx)
            .await?
            .rows_affected()
            == 1,
    )
}
