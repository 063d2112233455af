//! Session tokens and cookies (server only). The cookie holds 256 random bits; the database
//! holds only their hash, so a copy of the table cannot be used to sign in.

use blake2::{Blake2b, Digest};

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

/// Random bytes as lower-case hex: `bytes` × 8 bits of entropy.
pub fn random_token(bytes: usize) -> Result<String, getrandom::Error> {
    let mut buf = vec![0u8; bytes];
    getrandom::getrandom(&mut buf)?;
    Ok(hex(&buf))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The stored identifier of a session token.
pub fn session_id(token: &str) -> String {
    let mut hasher = Blake2b::<blake2::digest::consts::U32>::new();
    hasher.update(token.as_bytes());
    hex(&hasher.finalize())
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
    fn tokens_carry_256_bits_and_differ_each_time() {
        let a = random_token(32).unwrap();
        let b = random_token(32).unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }

    #[test]
    fn the_stored_id_is_not_the_token() {
        let token = random_token(32).unwrap();
        assert_ne!(session_id(&token), token);
        assert_eq!(session_id(&token), session_id(&token));
    }

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
