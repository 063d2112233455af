//! Instance use cases (server only): reading and saving the settings (admins), the rules
//! they set for signing up and creating groups, and making admins.

use super::{
    api::InstanceView,
    domain::{GroupCreation, SignUp, DEFAULT_NAME},
};
use crate::{
    accounts::api::CurrentUser,
    db::{self, Db, Tx},
    error::{AppError, AppResult},
    groups::domain::text,
};
use sqlx::AnyExecutor;

async fn setting<'e>(db: impl AnyExecutor<'e>, name: &str) -> AppResult<Option<String>> {
    Ok(
        sqlx::query_scalar("select value from instance_setting where name = $1")
            .bind(name)
            .fetch_optional(db)
            .await?,
    )
}

async fn set(tx: &mut Tx, name: &str, value: &str, by: i64, now: i64) -> AppResult<()> {
    let updated = sqlx::query(
        "update instance_setting set value = $1, updated_by = $2, updated_at = $3 where name = $4",
    )
    .bind(value)
    .bind(by)
    .bind(now)
    .bind(name)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() == 0 {
        sqlx::query(
            "insert into instance_setting (name, value, updated_by, updated_at) values ($1, $2, $3, $4)",
        )
        .bind(name)
        .bind(value)
        .bind(by)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Whether `account_id` is an instance admin.
pub async fn is_admin<'e>(db: impl AnyExecutor<'e>, account_id: i64) -> AppResult<bool> {
    let flag: Option<i64> =
        sqlx::query_scalar("select is_admin from account where account_id = $1")
            .bind(account_id)
            .fetch_optional(db)
            .await?;
    Ok(flag == Some(1))
}

fn admins_only() -> AppError {
    AppError::Forbidden("Only the instance's admins can do that.".to_owned())
}

/// The instance's name (for every visitor).
pub async fn name(db: &Db) -> AppResult<String> {
    Ok(setting(db.pool(), "name")
        .await?
        .unwrap_or_else(|| DEFAULT_NAME.to_owned()))
}

async fn sign_up_policy<'e>(db: impl AnyExecutor<'e>) -> AppResult<SignUp> {
    Ok(setting(db, "sign_up")
        .await?
        .and_then(|v| SignUp::parse(&v))
        .unwrap_or(SignUp::Open))
}

async fn group_policy<'e>(db: impl AnyExecutor<'e>) -> AppResult<GroupCreation> {
    Ok(setting(db, "group_creation")
        .await?
        .and_then(|v| GroupCreation::parse(&v))
        .unwrap_or(GroupCreation::Anyone))
}

/// The settings, for the admins.
pub async fn view(db: &Db, user: &CurrentUser, public_url: &str) -> AppResult<InstanceView> {
    if !is_admin(db.pool(), user.account_id).await? {
        return Err(admins_only());
    }
    let admins: Vec<String> =
        sqlx::query_scalar("select email from account where is_admin = 1 order by account_id")
            .fetch_all(db.pool())
            .await?;
    Ok(InstanceView {
        name: name(db).await?,
        sign_up: sign_up_policy(db.pool()).await?,
        group_creation: group_policy(db.pool()).await?,
        public_url: public_url.to_owned(),
        admins,
    })
}

/// Saves the settings (admins).
pub async fn save(
    db: &Db,
    user: &CurrentUser,
    name: &str,
    sign_up: &str,
    group_creation: &str,
) -> AppResult<()> {
    let mut checks = crate::error::FieldChecks::default();
    let name = checks.check(text("name", name, "instance name", 1, 60, false));
    let sign_up = checks.check(
        SignUp::parse(sign_up)
            .ok_or_else(|| AppError::invalid("sign_up", "Choose who can sign up.")),
    );
    let groups = checks.check(
        GroupCreation::parse(group_creation)
            .ok_or_else(|| AppError::invalid("group_creation", "Choose who can create groups.")),
    );
    checks.finish()?;
    let (Some(name), Some(sign_up), Some(groups)) = (name, sign_up, groups) else {
        return Err(AppError::BadRequest);
    };
    let now = db::now();
    let mut tx = db.begin_write().await?;
    if !is_admin(&mut *tx, user.account_id).await? {
        return Err(admins_only());
    }
    set(&mut tx, "name", &name, user.account_id, now).await?;
    set(&mut tx, "sign_up", sign_up.as_str(), user.account_id, now).await?;
    set(
        &mut tx,
        "group_creation",
        groups.as_str(),
        user.account_id,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Before a new account for `email` is written, in its transaction: refused when sign-up is
/// by invitation and the address holds no pending invitation (the instance's very first
/// account is always welcome: it becomes the admin).
pub async fn check_sign_up(tx: &mut Tx, email: &str) -> AppResult<()> {
    if sign_up_policy(&mut **tx).await? == SignUp::Open {
        return Ok(());
    }
    let invited: i64 = sqlx::query_scalar(
        "select count(*) from invitation where lower(email) = lower($1) and state = 'pending'
            and expires_at > $2",
    )
    .bind(email)
    .bind(db::now())
    .fetch_one(&mut **tx)
    .await?;
    if invited == 0 {
        return Err(AppError::Forbidden(
            "This Hallway is open by invitation only. Ask an organizer to invite this address."
                .to_owned(),
        ));
    }
    Ok(())
}

/// After a new account was written: the instance's first account becomes its admin.
pub async fn first_account_is_admin(tx: &mut Tx, account_id: i64) -> AppResult<()> {
    let admins: i64 = sqlx::query_scalar("select count(*) from account where is_admin = 1")
        .fetch_one(&mut **tx)
        .await?;
    if admins == 0 {
        sqlx::query("update account set is_admin = 1 where account_id = $1")
            .bind(account_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Before a group is created: refused when only admins may create groups.
pub async fn check_group_creation(tx: &mut Tx, user: &CurrentUser) -> AppResult<()> {
    if group_policy(&mut **tx).await? == GroupCreation::AdminsOnly
        && !is_admin(&mut **tx, user.account_id).await?
    {
        return Err(AppError::Forbidden(
            "On this Hallway only the admins create groups. Ask one of them.".to_owned(),
        ));
    }
    Ok(())
}

/// `hallway create-admin`: makes the account of `email` an admin, creating it (named
/// `name`, with a random password that is returned to be shown once) when there is none.
pub async fn create_admin(db: &Db, email: &str, name: &str) -> AppResult<Option<String>> {
    let email = crate::accounts::domain::Email::parse("email", email)?;
    let existing: Option<i64> =
        sqlx::query_scalar("select account_id from account where email = $1")
            .bind(email.as_str())
            .fetch_optional(db.pool())
            .await?;
    let mut tx = db.begin_write().await?;
    let (account_id, password) = match existing {
        Some(id) => (id, None),
        None => {
            let name = text("name", name, "name", 1, 80, false)?;
            let password = crate::accounts::session::random_token(12).map_err(|error| {
                tracing::error!(%error, "no randomness for a password");
                AppError::Internal
            })?;
            let hash = crate::accounts::service::hash_password(password.clone()).await?;
            let id = crate::accounts::queries::insert_account(
                &mut tx,
                email.as_str(),
                &name,
                &hash,
                db::now(),
            )
            .await?;
            (id, Some(password))
        }
    };
    sqlx::query("update account set is_admin = 1 where account_id = $1")
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(password)
}
