//! Values as the database keeps them, read back strictly: a state kept as text becomes its enum
//! and a time zone's name becomes a [`chrono_tz::Tz`] once, where a row is read. Text the
//! database should never hold is an error naming it, never a quiet default (a row whose status
//! was lost must not read as "not going", nor an unknown zone as UTC).
//!
//! Rows say it with sqlx's `try_from`: `#[sqlx(try_from = "String")] status: RsvpStatus`, or
//! `#[sqlx(try_from = "ZoneName")] time_zone: Tz`.

#[cfg(feature = "ssr")]
use chrono_tz::Tz;
use std::fmt;

/// Text in a column that names none of the values it may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// What the column holds (the Rust type's name).
    pub kind: &'static str,
    pub value: String,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the database holds {:?}, which is no {}",
            self.value, self.kind
        )
    }
}

impl std::error::Error for UnknownValue {}

impl From<UnknownValue> for crate::error::AppError {
    fn from(error: UnknownValue) -> Self {
        #[cfg(feature = "ssr")]
        tracing::error!(%error, "unreadable stored value");
        let _ = error;
        Self::Internal
    }
}

/// Read inside a query function, it fails as a column would.
#[cfg(feature = "ssr")]
impl From<UnknownValue> for sqlx::Error {
    fn from(error: UnknownValue) -> Self {
        Self::Decode(Box::new(error))
    }
}

/// `impl TryFrom<String>` for an enum kept as the text its `as_str` writes. Every variant must
/// be listed (a missing one does not compile), so a new state cannot be forgotten here.
#[macro_export]
macro_rules! stored_as_text {
    ($ty:ident { $($variant:ident),+ $(,)? }) => {
        impl TryFrom<String> for $ty {
            type Error = $crate::stored::UnknownValue;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                // Exhaustive on purpose: adding a variant without listing it fails to compile.
                let _every_variant_listed = |v: $ty| match v {
                    $($ty::$variant)|+ => (),
                };
                [$($ty::$variant),+]
                    .into_iter()
                    .find(|v| v.as_str() == value)
                    .ok_or($crate::stored::UnknownValue {
                        kind: stringify!($ty),
                        value,
                    })
            }
        }
    };
}

/// A time zone's IANA name as a column keeps it; rows read it straight into a [`Tz`].
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq, Eq, sqlx::Type)]
#[sqlx(transparent)]
pub struct ZoneName(pub String);

#[cfg(feature = "ssr")]
impl TryFrom<ZoneName> for Tz {
    type Error = UnknownValue;

    fn try_from(name: ZoneName) -> Result<Self, Self::Error> {
        name.0.parse().map_err(|_| UnknownValue {
            kind: "time zone",
            value: name.0,
        })
    }
}

/// A yes/no column as both engines keep it (INTEGER 0 or 1); rows read it as a `bool`.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(transparent)]
pub struct Flag(pub i64);

#[cfg(feature = "ssr")]
impl TryFrom<Flag> for bool {
    type Error = UnknownValue;

    fn try_from(flag: Flag) -> Result<Self, Self::Error> {
        match flag.0 {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(UnknownValue {
                kind: "flag (0 or 1)",
                value: other.to_string(),
            }),
        }
    }
}

/// A zone name read outside a row (a single column, a tuple).
#[cfg(feature = "ssr")]
pub fn zone(name: &str) -> Result<Tz, UnknownValue> {
    Tz::try_from(ZoneName(name.to_owned()))
}

#[cfg(test)]
mod tests {

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Light {
        On,
        Off,
    }

    impl Light {
        fn as_str(self) -> &'static str {
            match self {
                Self::On => "on",
                Self::Off => "off",
            }
        }
    }

    stored_as_text!(Light { On, Off });

    #[test]
    fn stored_text_reads_back_as_its_value_and_anything_else_is_an_error() {
        for light in [Light::On, Light::Off] {
            assert_eq!(Light::try_from(light.as_str().to_owned()), Ok(light));
        }
        let error = Light::try_from("dim".to_owned()).unwrap_err();
        assert_eq!(error.value, "dim");
        assert_eq!(
            error.to_string(),
            "the database holds \"dim\", which is no Light"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_zone_name_reads_as_its_zone_and_an_unknown_one_is_an_error_not_utc() {
        use super::zone;
        assert_eq!(zone("Europe/Berlin"), Ok(chrono_tz::Europe::Berlin));
        assert_eq!(zone("Mars/Olympus").unwrap_err().kind, "time zone");
        assert!(zone("").is_err());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_flag_is_zero_or_one_and_nothing_else() {
        use super::Flag;
        assert_eq!(bool::try_from(Flag(0)), Ok(false));
        assert_eq!(bool::try_from(Flag(1)), Ok(true));
        assert_eq!(bool::try_from(Flag(2)).unwrap_err().value, "2");
    }
}
