//! Session tokens and cookies (server only). The cookie holds 256 random bits; the database
//! holds only their hash, so a copy of the table cannot be used to sign in.

/// The session cookie's name over plain http (local use).
pub const COOKIE: &str = "hallway_session";
/// Its name with Secure cookies: the `__Host-` prefix makes browsers refuse it unless it is
/// Secure, for the whole site and set by this host itself (no sibling subdomain can plant one).
pub const SECURE_COOKIE: &str = "__Host-hallway_session";

/// The session cookie's name, by whether cookies are Secure.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}
/// How long a session lasts after sign-in.
pub const LIFETIME_SECS: i64 = 30 * 24 * 60 * 60;

pub use crate::tokens::random_token;

/// The stored identifier of a session token (its hash).
pub fn session_id(token: &str) -> String {
    crate::tokens::hash(token)
}

/// The `Set-Cookie` value that stores `token`.
pub fn cookie(token: &str, secure: bool) -> String {
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={LIFETIME_SECS}{}",
        cookie_name(secure),
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> String {
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        cookie_name(secure),
        if secure { "; Secure" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_http_only_and_same_site_lax() {
        let value = cookie("abc", true);
        assert!(
            value.contains("HttpOnly")
                && value.contains("SameSite=Lax")
                && value.contains("Secure")
        );
        assert!(!cookie("abc", false).contains("Secure"));
    }

    #[test]
    fn secure_cookies_carry_the_host_prefix_with_its_rules() {
        let value = cookie("abc", true);
        assert!(value.starts_with("__Host-hallway_session=abc;"), "{value}");
        assert!(value.contains("Path=/") && value.contains("Secure") && !value.contains("Domain"));
        assert!(clear_cookie(true).starts_with("__Host-hallway_session=;"));
        assert!(cookie("abc", false).starts_with("hallway_session=abc;"));
    }
}
