//! Instance use cases (server only): reading and saving the settings (admins), the rules
//! they set for signing up and creating groups, and making admins.

use super::{
    domain::{parse_quota, GroupCreation, Quotas, SignUp, DEFAULT_NAME},
    views::InstanceView,
};
use crate::{
    accounts::views::CurrentUser,
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

/// The names the daily limits are stored under, in the order of [`SettingsForm::quotas`].
const QUOTA_NAMES: [&str; 3] = [
    "invitations_per_account",
    "invitations_per_event",
    "announcements_per_account",
];

/// The daily mail limits in force (the defaults where an admin set none).
pub async fn quotas<'e>(db: impl AnyExecutor<'e>) -> AppResult<Quotas> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("select name, value from instance_setting where name in ($1, $2, $3)")
            .bind(QUOTA_NAMES[0])
            .bind(QUOTA_NAMES[1])
            .bind(QUOTA_NAMES[2])
            .fetch_all(db)
            .await?;
    let get = |name: &str, default: i64| {
        rows.iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| parse_quota(v))
            .unwrap_or(default)
    };
    let defaults = Quotas::default();
    Ok(Quotas {
        invitations_per_account: get(QUOTA_NAMES[0], defaults.invitations_per_account),
        invitations_per_event: get(QUOTA_NAMES[1], defaults.invitations_per_event),
        announcements_per_account: get(QUOTA_NAMES[2], defaults.announcements_per_account),
    })
}

/// Counts one use of a daily limit of `max` under `key`, in `tx`; refused with `message`
/// when `max` were used in the last 24 hours.
pub async fn charge_daily(tx: &mut Tx, key: &str, max: i64, message: String) -> AppResult<()> {
    use crate::accounts::queries::{count_attempts, record_attempt};
    let now = db::now();
    if count_attempts(&mut **tx, key, now - 24 * 3600).await? >= max {
        return Err(AppError::TooManyRequests(message));
    }
    record_attempt(&mut **tx, key, now).await?;
    Ok(())
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
        quotas: quotas(db.pool()).await?,
        public_url: public_url.to_owned(),
        admins,
    })
}

/// The settings as typed on `/admin`; an empty limit keeps the one in force.
pub struct SettingsForm {
    pub name: String,
    pub sign_up: String,
    pub group_creation: String,
    pub quotas: [String; 3],
}

/// Saves the settings (admins).
pub async fn save(db: &Db, user: &CurrentUser, form: &SettingsForm) -> AppResult<()> {
    let mut checks = crate::error::FieldChecks::default();
    let name = checks.check(text("name", &form.name, "instance name", 1, 60, false));
    let sign_up = checks.check(
        SignUp::parse(&form.sign_up)
            .ok_or_else(|| AppError::invalid("sign_up", "Choose who can sign up.")),
    );
    let groups = checks.check(
        GroupCreation::parse(&form.group_creation)
            .ok_or_else(|| AppError::invalid("group_creation", "Choose who can create groups.")),
    );
    let mut limits = Vec::new();
    for (field, raw) in QUOTA_NAMES.iter().zip(&form.quotas) {
        if raw.trim().is_empty() {
            continue;
        }
        if let Some(n) = checks.check(parse_quota(raw).ok_or_else(|| {
            AppError::invalid(
                field,
                format!(
                    "Enter a whole number from 1 to {}.",
                    super::domain::MAX_QUOTA
                ),
            )
        })) {
            limits.push((*field, n));
        }
    }
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
    for (field, n) in limits {
        set(&mut tx, field, &n.to_string(), user.account_id, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Whether `invitation` (a link's token) is a pending, unexpired invitation to `email`:
/// whoever has the token read the mail sent to that address.
pub async fn invitation_proves(tx: &mut Tx, email: &str, invitation: &str) -> AppResult<bool> {
    if invitation.is_empty() {
        return Ok(false);
    }
    let invited: i64 = sqlx::query_scalar(
        "select count(*) from invitation where token_hash = $1 and lower(email) = lower($2)
            and state = 'pending' and expires_at > $3",
    )
    .bind(crate::accounts::session::session_id(invitation))
    .bind(email)
    .bind(db::now())
    .fetch_one(&mut **tx)
    .await?;
    Ok(invited > 0)
}

/// Whether anyone may sign up (else only with an invitation's token).
pub async fn sign_up_is_open<'e>(db: impl AnyExecutor<'e>) -> AppResult<bool> {
    Ok(sign_up_policy(db).await? == SignUp::Open)
}

/// Before a new account for `email` is written, in its transaction: refused when sign-up is
/// by invitation and `invited` is false (the sign-up came without the token of a pending
/// invitation to this address; an address alone proves nothing).
pub async fn check_sign_up(tx: &mut Tx, invited: bool) -> AppResult<()> {
    if invited || sign_up_is_open(&mut **tx).await? {
        return Ok(());
    }
    Err(AppError::Forbidden(
        "This Hallway is open by invitation only. Sign up from the link in your invitation mail, or ask an organizer to invite you."
            .to_owned(),
    ))
}

/// How long a setup link printed at start works.
pub const SETUP_TTL_SECS: i64 = 24 * 3600;

async fn admin_count<'e>(db: impl AnyExecutor<'e>) -> AppResult<i64> {
    Ok(
        sqlx::query_scalar("select count(*) from account where is_admin = 1")
            .fetch_one(db)
            .await?,
    )
}

/// At start: when the instance has no admin, a new single-use setup link's token (returned
/// once to be printed, stored only as a hash); none when an admin exists. No account ever
/// becomes an admin by being first.
pub async fn setup_token_if_no_admin(db: &Db) -> AppResult<Option<String>> {
    let mut tx = db.begin_write().await?;
    if admin_count(&mut *tx).await? > 0 {
        return Ok(None);
    }
    let token = crate::accounts::session::random_token(32).map_err(|error| {
        tracing::error!(%error, "no randomness for a setup link");
        AppError::Internal
    })?;
    let now = db::now();
    sqlx::query("delete from admin_setup where expires_at <= $1")
        .bind(now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("insert into admin_setup (token_hash, created_at, expires_at) values ($1, $2, $3)")
        .bind(crate::accounts::session::session_id(&token))
        .bind(now)
        .bind(now + SETUP_TTL_SECS)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Some(token))
}

async fn setup_link_works<'e>(db: impl AnyExecutor<'e>, token: &str) -> AppResult<bool> {
    let live: i64 = sqlx::query_scalar(
        "select count(*) from admin_setup where token_hash = $1 and expires_at > $2
            and not exists (select 1 from account where is_admin = 1)",
    )
    .bind(crate::accounts::session::session_id(token))
    .bind(db::now())
    .fetch_one(db)
    .await?;
    Ok(live > 0)
}

/// Whether a setup link still makes an admin (unexpired, and the instance has none yet).
pub async fn setup_is_live(db: &Db, token: &str) -> AppResult<bool> {
    setup_link_works(db.pool(), token).await
}

/// Makes the signed-in person the first admin through a setup link; every setup link stops
/// working then.
pub async fn claim_setup(db: &Db, user: &CurrentUser, token: &str) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    if !setup_link_works(&mut *tx, token).await? {
        return Err(AppError::invalid(
            "",
            "This setup link no longer works: it expired, or this Hallway has an admin already. Restart the server for a new link, or run hallway create-admin.",
        ));
    }
    sqlx::query("update account set is_admin = 1 where account_id = $1")
        .bind(user.account_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from admin_setup")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
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
            let hash = crate::accounts::passwords::hash_password(password.clone()).await?;
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
