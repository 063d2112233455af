//! Account values, parsed once at the edge: after `parse` nothing re-validates them.

use crate::error::AppError;

/// A normalised (trimmed, lower-case) email address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    /// Accepts `local@domain.tld` with no spaces, and only what the mailer accepts too (the
    /// `email_address` rules lettre checks), so every account's mails can be sent; normalises
    /// case and whitespace.
    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let email = raw.trim().to_lowercase();
        if email.is_empty() {
            return Err(AppError::invalid(field, "Enter your email address."));
        }
        if email.chars().count() > Self::MAX_LEN {
            return Err(AppError::invalid(
                field,
                "That email address is too long (254 characters at most).",
            ));
        }
        let valid = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && local.len() <= 64
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
                    && !email.chars().any(|c| {
                        c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == ','
                    })
            }
            None => false,
        } && email_address::EmailAddress::is_valid(&email);
        if valid {
            Ok(Self(email))
        } else {
            Err(AppError::invalid(
                field,
                "Enter an email address like name@example.org.",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's name as shown to others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_LEN: usize = 80;

    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(AppError::invalid(
                field,
                "Enter the name other people will see.",
            ));
        }
        if name.chars().count() > Self::MAX_LEN {
            return Err(AppError::invalid(
                field,
                "Names can be 80 characters at most.",
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(AppError::invalid(
                field,
                "Names cannot contain control characters.",
            ));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password that meets the length rules. Never logged or echoed back.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    pub const MIN_LEN: usize = 10;
    /// Long enough for any passphrase, short enough that hashing cannot be used to burn CPU.
    pub const MAX_LEN: usize = 256;

    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let length = raw.chars().count();
        if length < Self::MIN_LEN {
            return Err(AppError::invalid(
                field,
                "Use at least 10 characters for your password.",
            ));
        }
        if length > Self::MAX_LEN {
            return Err(AppError::invalid(
                field,
                "Passwords can be 256 characters at most.",
            ));
        }
        if raw.trim().is_empty() {
            return Err(AppError::invalid(
                field,
                "A password cannot be only spaces.",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Collects the errors of several parses so a form shows every problem at once.
pub fn collect<A, B, C>(
    a: Result<A, AppError>,
    b: Result<B, AppError>,
    c: Result<C, AppError>,
) -> Result<(A, B, C), AppError> {
    match (a, b, c) {
        (Ok(a), Ok(b), Ok(c)) => Ok((a, b, c)),
        (a, b, c) => Err(AppError::merge(
            [a.err(), b.err(), c.err()].into_iter().flatten().collect(),
        )
        .unwrap_or(AppError::BadRequest)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        let email = Email::parse("email", "  Ada@Example.ORG ").unwrap();
        assert_eq!(email.as_str(), "ada@example.org");
    }

    #[test]
    fn emails_without_a_domain_dot_or_at_are_refused() {
        for bad in [
            "",
            "ada",
            "ada@",
            "@example.org",
            "ada@example",
            "ada@@example.org",
            "a da@example.org",
            "ada@example..org",
            "ada..b@example.org",
            ".ada@example.org",
            "ada@-example.org",
            "ada\"x@example.org",
        ] {
            let error = Email::parse("email", bad).unwrap_err();
            assert!(
                error.field_message("email").is_some(),
                "{bad:?} was accepted"
            );
        }
    }

    #[test]
    fn passwords_shorter_than_ten_characters_are_refused() {
        assert!(Password::parse("password", "123456789").is_err());
        assert!(Password::parse("password", "1234567890").is_ok());
        assert!(Password::parse("password", "          ").is_err());
    }

    #[test]
    fn display_names_are_trimmed_and_limited_to_eighty_characters() {
        assert_eq!(DisplayName::parse("n", "  Ada  ").unwrap().as_str(), "Ada");
        assert!(DisplayName::parse("n", "   ").is_err());
        assert!(DisplayName::parse("n", &"x".repeat(81)).is_err());
        assert!(DisplayName::parse("n", &"é".repeat(80)).is_ok());
    }

    #[test]
    fn collect_reports_every_failing_field() {
        let error = collect(
            DisplayName::parse("name", ""),
            Email::parse("email", "nope"),
            Password::parse("password", "short"),
        )
        .unwrap_err();
        for field in ["name", "email", "password"] {
            assert!(
                error.field_message(field).is_some(),
                "no message for {field}"
            );
        }
    }

    proptest! {
        #[test]
        fn any_accepted_email_is_normalised_and_has_one_at(raw in "\\PC{0,80}") {
            if let Ok(email) = Email::parse("email", &raw) {
                let s = email.as_str();
                #[cfg(feature = "ssr")]
                prop_assert!(s.parse::<lettre::Address>().is_ok(), "the mailer refuses {}", s);
                prop_assert_eq!(s.matches('@').count(), 1);
                prop_assert_eq!(s, s.trim());
                prop_assert_eq!(s.to_lowercase(), s);
            }
        }

        #[test]
        fn well_formed_emails_are_accepted(local in "[a-z0-9_+-]{1,15}(\\.[a-z0-9_+-]{1,14})?", domain in "[a-z0-9]([a-z0-9-]{0,18}[a-z0-9])?", tld in "[a-z]{2,6}") {
            let raw = format!("{local}@{domain}.{tld}");
            prop_assert!(Email::parse("email", &raw).is_ok());
        }

        #[test]
        fn accepted_display_names_are_never_blank_or_too_long(raw in "\\PC{0,120}") {
            if let Ok(name) = DisplayName::parse("name", &raw) {
                prop_assert!(!name.as_str().is_empty());
                prop_assert!(name.as_str().chars().count() <= DisplayName::MAX_LEN);
            }
        }
    }
}
