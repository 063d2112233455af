//! Account use cases (server only): sign-up, sign-in with throttling, sessions, profile and
//! password changes. Each use case owns its transaction.

pub use super::passwords::hash_password;
use super::passwords::{decoy_hash, verify_password};
use super::undo::moved_notice;
pub use super::undo::{undo_address, undo_email_change, UNDO_TTL_SECS};
use super::{
    domain::{DisplayName, Email, Password},
    queries, session,
    views::CurrentUser,
};
use crate::{
    db::{self, is_unique_violation, Db},
    error::{AppError, AppResult},
    links::{self, LinkKind},
    mail::{compose::Body, queries::NewMail, service::enqueue},
};

/// Failed sign-ins for one account from one address within [`THROTTLE_WINDOW_SECS`] before
/// that address must wait before each further try for that account (a wait that doubles with
/// every failure, from [`FIRST_DELAY_SECS`] up to the window). Other addresses are not held
/// up: a stranger's failures never keep the owner out.
pub const FREE_FAILURES_PER_ACCOUNT: i64 = 5;
/// The first wait after [`FREE_FAILURES_PER_ACCOUNT`] failures.
pub const FIRST_DELAY_SECS: i64 = 30;
/// Failed sign-ins per client address within the window (any accounts) before sign-in from
/// that address is refused.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;
/// New accounts per client address per hour.
pub const MAX_SIGN_UPS_PER_ADDRESS: i64 = 20;
/// Password reset requests per client address per hour (any addresses asked for).
pub const MAX_RESET_REQUESTS_PER_ADDRESS: i64 = 10;

/// How long an address must wait before its next try for an account it failed on
/// `failures` times within the window: nothing for the first few, then doubling.
pub fn sign_in_delay(failures: i64) -> i64 {
    if failures < FREE_FAILURES_PER_ACCOUNT {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES_PER_ACCOUNT).min(10) as u32;
    (FIRST_DELAY_SECS << doublings).min(THROTTLE_WINDOW_SECS)
}

const BAD_CREDENTIALS: &str = "That email and password do not match an account.";

/// A new session: the token goes into the cookie, never into the database.
pub struct SignedIn {
    pub user: CurrentUser,
    pub token: String,
}

pub struct NewAccount {
    pub name: DisplayName,
    pub email: Email,
    pub password: Password,
    /// The token of the invitation link the person came from, if any: it proves the address
    /// (and opens sign-up on an instance that is open by invitation only).
    pub invitation: String,
}

/// The password hash of an account that has no password (made by a guest RSVP): nothing
/// signs in with it; "Forgot your password?" gives it one where sign-up is open.
pub const NO_PASSWORD: &str = "!";

pub(super) async fn start_session(tx: &mut db::Tx, account_id: i64) -> AppResult<String> {
    let token = session::random_token(32).map_err(|error| {
        tracing::error!(%error, "no randomness for a session token");
        AppError::Internal
    })?;
    let now = db::now();
    queries::insert_session(
        tx,
        &session::session_id(&token),
        account_id,
        now,
        now + session::LIFETIME_SECS,
    )
    .await?;
    Ok(token)
}

fn email_taken(error: &sqlx::Error) -> Option<AppError> {
    is_unique_violation(error, "email").then(|| {
        AppError::conflict(
            "email",
            "An account with this email already exists. Sign in instead, or use another address. (RSVPed without an account before? Choose a password through \"Forgot your password?\".)",
        )
    })
}

/// How long a confirmation link works.
pub const CONFIRM_TTL_SECS: i64 = 7 * 24 * 3600;

/// Why an address gets a confirmation link.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Confirming {
    /// The address an account signed up with.
    SignUp,
    /// A new address for an existing account: the account moves to it when confirmed.
    NewAddress,
}

/// Writes a link confirming `email` and its mail, in `tx` (replacing earlier unused links).
async fn confirmation_mail(
    tx: &mut db::Tx,
    account_id: i64,
    name: &str,
    email: &str,
    why: Confirming,
    site: &str,
) -> AppResult<()> {
    let token = session::random_token(32).map_err(|error| {
        tracing::error!(%error, "no randomness for a confirmation link");
        AppError::Internal
    })?;
    let now = db::now();
    queries::replace_confirmation(
        tx,
        account_id,
        email,
        &session::session_id(&token),
        now + CONFIRM_TTL_SECS,
        now,
    )
    .await?;
    let link = format!("{site}/confirm-email?token={token}");
    let mut body = Body::new(&format!("Hi {name},"));
    let (subject, footer) = match why {
        Confirming::SignUp => {
            body.paragraph("Welcome to Hallway. Please confirm that this is your address, so organizers' mails and your tickets reach you.")
                .action("Confirm my address", &link)
                .paragraph("The link works for 7 days. If you did not sign up, ignore this mail.");
            (
                "Confirm your email address for Hallway",
                "You get this because this address was used to sign up on Hallway.",
            )
        }
        Confirming::NewAddress => {
            body.paragraph("You asked to use this address for your Hallway account. Your account moves to it when you confirm; until then mails go to your old address.")
                .action("Use this address", &link)
                .paragraph("The link works for 7 days. If you did not ask for this, ignore this mail: nothing changes.");
            (
                "Confirm your new email address for Hallway",
                "You get this because someone asked to move a Hallway account to this address.",
            )
        }
    };
    let (body_text, body_html) = body.finish(footer);
    let mail = NewMail {
        kind: "email_confirm",
        to_address: email.to_owned(),
        to_name: name.to_owned(),
        subject: subject.to_owned(),
        body_text,
        body_html,
        ..NewMail::default()
    };
    enqueue(tx, &mail, site).await
}

/// Tells an address that it already has an account, instead of a link to move another
/// account onto it (so the form answers the same whether or not the address is taken).
async fn address_taken_mail(tx: &mut db::Tx, email: &str, site: &str) -> AppResult<()> {
    let mut body = Body::new("Hello,");
    body.paragraph("Someone asked to move a Hallway account to this address, but another Hallway account already uses it, so nothing changed.")
        .paragraph("If that was you, sign in with this address instead, or choose a new password if you forgot it.")
        .action("Choose a new password", &format!("{site}/forgot-password"));
    let (body_text, body_html) =
        body.finish("You get this because someone typed this address into their Hallway account.");
    let mail = NewMail {
        kind: "email_confirm",
        to_address: email.to_owned(),
        subject: "This address already has a Hallway account".to_owned(),
        body_text,
        body_html,
        ..NewMail::default()
    };
    enqueue(tx, &mail, site).await
}

/// Tells the old address that a move to `new` was asked for.
async fn address_change_notice(
    tx: &mut db::Tx,
    name: &str,
    old: &str,
    new: &str,
    site: &str,
) -> AppResult<()> {
    let mut body = Body::new(&format!("Hi {name},"));
    body.paragraph(&format!("Someone, hopefully you, asked to move your Hallway account to {new}. Nothing changes until a link we mailed to that address is opened."))
        .paragraph("If it wasn't you, change your password now: that signs out every other device and the move can be undone on your account page.")
        .action("Your account", &format!("{site}/account"));
    let (body_text, body_html) =
        body.finish("You get this because this address belongs to a Hallway account.");
    let mail = NewMail {
        kind: "email_confirm",
        to_address: old.to_owned(),
        to_name: name.to_owned(),
        subject: "Your Hallway address is about to change".to_owned(),
        body_text,
        body_html,
        ..NewMail::default()
    };
    enqueue(tx, &mail, site).await
}

/// Address changes an account may ask for per hour; later requests are refused.
pub const MAX_ADDRESS_CHANGES_PER_HOUR: i64 = 5;

/// Creates an account, signs it in, and mails a link to confirm its address. A client
/// address makes a limited number of accounts an hour.
pub async fn sign_up(db: &Db, new: NewAccount, client: &str, site: &str) -> AppResult<SignedIn> {
    hourly_limit(
        db,
        &format!("signup:{client}"),
        MAX_SIGN_UPS_PER_ADDRESS,
        "Too many new accounts from your network in the last hour. Please try again later.",
    )
    .await?;
    let hash = hash_password(new.password.expose().to_owned()).await?;
    let mut tx = db.begin_write().await?;
    let invited =
        crate::instance::service::invitation_proves(&mut tx, new.email.as_str(), &new.invitation)
            .await?;
    crate::instance::service::check_sign_up(&mut tx, invited).await?;
    let now = db::now();
    let account_id =
        queries::insert_account(&mut tx, new.email.as_str(), new.name.as_str(), &hash, now)
            .await
            .map_err(|e| email_taken(&e).unwrap_or_else(|| e.into()))?;
    let token = start_session(&mut tx, account_id).await?;
    if invited {
        // The invitation's link was mailed to this address: it is proven.
        queries::mark_confirmed(&mut tx, account_id, now).await?;
    } else {
        confirmation_mail(
            &mut tx,
            account_id,
            new.name.as_str(),
            new.email.as_str(),
            Confirming::SignUp,
            site,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(SignedIn {
        user: CurrentUser {
            account_id,
            email: new.email.as_str().to_owned(),
            display_name: new.name.as_str().to_owned(),
        },
        token,
    })
}

/// The account for an address that was just proven by a mailed link (a guest RSVP): the
/// existing one, or a new one without a password, its address confirmed. A guest who later
/// wants to sign in chooses a password through "Forgot your password?" (where sign-up is
/// open). An existing account that never confirmed this address belongs to whoever proved
/// it: its sessions end and its password stops working, so someone who signed up with
/// another person's address cannot take their RSVPs over.
pub(crate) async fn account_for_guest(tx: &mut db::Tx, email: &str, name: &str) -> AppResult<i64> {
    let now = db::now();
    if let Some(account) = queries::account_by_email(&mut **tx, email).await? {
        let (_, confirmed) = queries::email_status(&mut **tx, account.account_id).await?;
        if confirmed.is_none() {
            queries::update_password(tx, account.account_id, NO_PASSWORD, now).await?;
            queries::delete_sessions(tx, account.account_id).await?;
            queries::mark_confirmed(tx, account.account_id, now).await?;
        }
        return Ok(account.account_id);
    }
    let account_id = queries::insert_account(tx, email, name, NO_PASSWORD, now).await?;
    queries::mark_confirmed(tx, account_id, now).await?;
    Ok(account_id)
}

/// Counts a request against `key` and refuses when `max` were made in the last hour.
pub(crate) async fn hourly_limit(db: &Db, key: &str, max: i64, message: &str) -> AppResult<()> {
    let now = db::now();
    if queries::count_attempts(db.pool(), key, now - 3600).await? >= max {
        return Err(AppError::TooManyRequests(message.to_owned()));
    }
    queries::record_attempt(db.writer(), key, now).await?;
    Ok(())
}

/// Checks the password and starts a new session, ending `previous_token`'s session if any
/// (the session id always changes at sign-in), with the same message whether or not the
/// account exists. Each try is recorded before the password is checked, so parallel tries
/// cannot all slip past the limits: an address that failed on an account waits longer before
/// each further try for it ([`sign_in_delay`]), and an address with too many failures on any
/// accounts is refused. Tries from other addresses are not held up.
pub async fn sign_in(
    db: &Db,
    email: &str,
    password: &str,
    client: &str,
    previous_token: Option<&str>,
) -> AppResult<SignedIn> {
    let now = db::now();
    let since = now - THROTTLE_WINDOW_SECS;
    let email = email.trim().to_lowercase();
    let pair_key = format!("signin:{client}:{email}");
    let address_key = format!("ip:{client}");
    let pair_try = queries::record_attempt_id(db.writer(), &pair_key, now).await?;
    let address_try = queries::record_attempt_id(db.writer(), &address_key, now).await?;
    let forget_tries = || async {
        queries::delete_attempt(db.writer(), pair_try).await?;
        queries::delete_attempt(db.writer(), address_try).await
    };
    let (earlier, last) = queries::attempts_before(db.pool(), &pair_key, since, pair_try).await?;
    let wait = last.map_or(0, |last| last + sign_in_delay(earlier) - now);
    if wait > 0 {
        forget_tries().await?;
        return Err(AppError::TooManyRequests(format!(
            "Too many failed sign-ins for this account from your network. Please wait {} and try again, or choose a new password through \"Forgot your password?\".",
            in_words(wait)
        )));
    }
    if queries::count_attempts(db.pool(), &address_key, since).await? > MAX_FAILURES_PER_ADDRESS {
        forget_tries().await?;
        return Err(AppError::TooManyRequests(
            "Too many failed sign-in attempts from your network. Please wait 15 minutes and try again.".to_owned(),
        ));
    }
    let account = queries::account_by_email(db.pool(), &email).await?;
    let hash = account
        .as_ref()
        .map(|a| a.password_hash.clone())
        .unwrap_or_else(|| decoy_hash().to_owned());
    let matches = match verify_password(password.to_owned(), hash).await {
        Ok(matches) => matches,
        Err(error) => {
            forget_tries().await?;
            return Err(error);
        }
    };
    let account = match account {
        Some(account) if matches => account,
        // The recorded tries stay: they were failures.
        _ => return Err(AppError::invalid("", BAD_CREDENTIALS)),
    };
    let mut tx = db.begin_write().await?;
    if let Some(previous) = previous_token {
        queries::delete_session(&mut *tx, &session::session_id(previous)).await?;
    }
    let token = start_session(&mut tx, account.account_id).await?;
    // Forget this address's failures for the account, and anything older than the longest
    // window any limit looks at (a day).
    queries::clear_attempts(&mut *tx, &pair_key, now - 24 * 3600).await?;
    queries::delete_attempt(&mut *tx, address_try).await?;
    tx.commit().await?;
    Ok(SignedIn {
        user: account.into(),
        token,
    })
}

/// A wait in words: "30 seconds", "4 minutes".
fn in_words(secs: i64) -> String {
    if secs < 90 {
        format!("{secs} seconds")
    } else {
        format!("{} minutes", (secs + 59) / 60)
    }
}

/// The signed-in account for a session token, if the session is live.
pub async fn session_user(db: &Db, token: &str) -> AppResult<Option<CurrentUser>> {
    Ok(
        queries::account_by_session(db.pool(), &session::session_id(token), db::now())
            .await?
            .map(Into::into),
    )
}

/// Ends a session.
pub async fn sign_out(db: &Db, token: &str) -> AppResult<()> {
    queries::delete_session(db.writer(), &session::session_id(token)).await?;
    Ok(())
}

/// Renames an account and, when `email` is a new address, mails it a link that moves the
/// account there (and a notice to the old address). A move asks for the current password, so
/// a stolen session cannot take the account over. The answer is the same whether or not
/// another account has the new address: that address gets a mail saying so instead.
/// Returns whether a move waits for confirmation.
pub async fn update_profile(
    db: &Db,
    user: &CurrentUser,
    name: DisplayName,
    email: Email,
    current_password: &str,
    site: &str,
) -> AppResult<bool> {
    let now = db::now();
    let moving = email.as_str() != user.email;
    if moving {
        check_current_password(db, user.account_id, current_password).await?;
        let key = format!("change:{}", user.account_id);
        if queries::count_attempts(db.pool(), &key, now - 3600).await?
            >= MAX_ADDRESS_CHANGES_PER_HOUR
        {
            return Err(AppError::TooManyRequests(
                "You asked for five address changes in the last hour. Please try again later."
                    .to_owned(),
            ));
        }
        queries::record_attempt(db.writer(), &key, now).await?;
    }
    let mut tx = db.begin_write().await?;
    queries::rename(&mut tx, user.account_id, name.as_str(), now).await?;
    if moving {
        match queries::account_by_email(&mut *tx, email.as_str()).await? {
            Some(_) => address_taken_mail(&mut tx, email.as_str(), site).await?,
            None => {
                confirmation_mail(
                    &mut tx,
                    user.account_id,
                    name.as_str(),
                    email.as_str(),
                    Confirming::NewAddress,
                    site,
                )
                .await?;
                address_change_notice(&mut tx, name.as_str(), &user.email, email.as_str(), site)
                    .await?;
            }
        }
    } else {
        queries::drop_pending_changes(&mut tx, user.account_id, &user.email).await?;
    }
    tx.commit().await?;
    Ok(moving)
}

/// Wrong current passwords an account may type per hour (for a move or a new password)
/// before further tries are refused.
pub const MAX_WRONG_CURRENT_PASSWORDS: i64 = 5;

/// Refuses unless `current` is the account's password (a few wrong tries an hour at most);
/// returns the account, read once for the caller too.
pub(super) async fn check_current_password(
    db: &Db,
    account_id: i64,
    current: &str,
) -> AppResult<queries::AccountRow> {
    let key = format!("current:{account_id}");
    let now = db::now();
    if queries::count_attempts(db.pool(), &key, now - 3600).await? >= MAX_WRONG_CURRENT_PASSWORDS {
        return Err(AppError::TooManyRequests(
            "Too many wrong passwords. Please wait an hour, or sign out and use \"Forgot your password?\"."
                .to_owned(),
        ));
    }
    let account = queries::account_by_id(db.pool(), account_id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if current.is_empty()
        || !verify_password(current.to_owned(), account.password_hash.clone()).await?
    {
        queries::record_attempt(db.writer(), &key, now).await?;
        return Err(AppError::invalid(
            "current_password",
            if current.is_empty() {
                "Type your current password to change your address."
            } else {
                "That is not your current password."
            },
        ));
    }
    Ok(account)
}

/// Which bulk mail a person gets: (reminders, announcements).
pub async fn mail_preferences(db: &Db, account_id: i64) -> AppResult<(bool, bool)> {
    let (reminders, announcements) = queries::mail_preferences(db.pool(), account_id).await?;
    Ok((reminders != 0, announcements != 0))
}

pub async fn set_mail_preferences(
    db: &Db,
    account_id: i64,
    reminders: bool,
    announcements: bool,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    queries::set_mail_preferences(&mut tx, account_id, reminders, announcements).await?;
    tx.commit().await?;
    Ok(())
}

/// What an unsubscribe link's account gets now: (reminders, announcements); unknown tokens
/// are not found.
pub async fn unsubscribe_state(db: &Db, token: &str) -> AppResult<(bool, bool)> {
    let account_id = links::owner(db.pool(), LinkKind::Unsubscribe, token)
        .await?
        .ok_or(AppError::NotFound)?;
    let (reminders, announcements) = queries::mail_preferences(db.pool(), account_id).await?;
    Ok((reminders != 0, announcements != 0))
}

/// Turns reminders (or announcements) off from a link in a mail; no sign-in needed, the
/// token is the permission.
pub async fn unsubscribe(db: &Db, token: &str, announcements: bool) -> AppResult<()> {
    let account_id = links::owner(db.pool(), LinkKind::Unsubscribe, token)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = db.begin_write().await?;
    if !queries::unsubscribe(&mut tx, account_id, announcements).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// The account's address, whether it is confirmed, and a new address waiting for its link.
pub async fn email_status(db: &Db, account_id: i64) -> AppResult<(String, bool, Option<String>)> {
    let (email, confirmed) = queries::email_status(db.pool(), account_id).await?;
    let pending = queries::pending_email(db.pool(), account_id, db::now()).await?;
    Ok((email, confirmed.is_some(), pending))
}

/// Mails a new confirmation link (at most 3 an hour): for a new address waiting to be
/// confirmed, else for the account's unconfirmed address.
pub async fn resend_confirmation(db: &Db, user: &CurrentUser, site: &str) -> AppResult<()> {
    let now = db::now();
    let (email, confirmed) = queries::email_status(db.pool(), user.account_id).await?;
    let pending = queries::pending_email(db.pool(), user.account_id, now).await?;
    let (address, why) = match pending {
        Some(new) => (new, Confirming::NewAddress),
        None if confirmed.is_some() => {
            return Err(AppError::conflict("", "Your address is already confirmed."))
        }
        None => (email, Confirming::SignUp),
    };
    let key = format!("confirm:{}", user.account_id);
    if queries::count_attempts(db.pool(), &key, now - 3600).await? >= 3 {
        return Err(AppError::TooManyRequests(
            "We sent three links in the last hour. Please check your inbox and spam folder, or try again later.".to_owned(),
        ));
    }
    queries::record_attempt(db.writer(), &key, now).await?;
    let mut tx = db.begin_write().await?;
    confirmation_mail(
        &mut tx,
        user.account_id,
        &user.display_name,
        &address,
        why,
        site,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Keeps the current address: forgets a move that waits for its link.
pub async fn cancel_email_change(db: &Db, user: &CurrentUser) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    queries::drop_pending_changes(&mut tx, user.account_id, &user.email).await?;
    tx.commit().await?;
    Ok(())
}

/// The address a confirmation link would confirm, if it still works.
pub async fn confirmation_address(db: &Db, token: &str) -> AppResult<Option<String>> {
    Ok(
        queries::live_confirmation(db.pool(), &session::session_id(token), db::now())
            .await?
            .map(|(_, email)| email),
    )
}

/// Confirms the address of a confirmation link (single use). When the account moves to a
/// new address, the old one gets a link to undo the move.
pub async fn confirm_email(db: &Db, token: &str, site: &str) -> AppResult<()> {
    let token_hash = session::session_id(token);
    let gone = || {
        AppError::invalid(
            "",
            "This link has expired or was already used. Sign in and ask for a new one on your account page.",
        )
    };
    let now = db::now();
    let (account_id, email) = queries::live_confirmation(db.pool(), &token_hash, now)
        .await?
        .ok_or_else(gone)?;
    let mut tx = db.begin_write().await?;
    let before = queries::account_by_id(&mut *tx, account_id)
        .await?
        .ok_or_else(gone)?;
    let used = queries::use_confirmation(&mut tx, &token_hash, account_id, &email, now)
        .await
        .map_err(crate::db::unique_as("email", || {
            AppError::conflict(
                "",
                "Another account uses this address now, so your account keeps its old one.",
            )
        }))?;
    if !used {
        return Err(gone());
    }
    if before.email != email {
        moved_notice(
            &mut tx,
            account_id,
            &before.display_name,
            &before.email,
            &email,
            site,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_waits_only_after_five_failures_then_twice_as_long_each_time() {
        assert_eq!(sign_in_delay(0), 0);
        assert_eq!(sign_in_delay(4), 0);
        assert_eq!(sign_in_delay(5), 30);
        assert_eq!(sign_in_delay(6), 60);
        assert_eq!(sign_in_delay(7), 120);
        assert_eq!(sign_in_delay(9), 480);
        assert_eq!(
            sign_in_delay(10),
            THROTTLE_WINDOW_SECS,
            "at most the window"
        );
        assert_eq!(sign_in_delay(500), THROTTLE_WINDOW_SECS);
    }

    #[test]
    fn waits_read_as_words() {
        assert_eq!(in_words(30), "30 seconds");
        assert_eq!(in_words(240), "4 minutes");
    }
}
