//! The one error type of Hallway: returned by services and server functions, turned into an
//! HTTP status by the server, and shown to people as a plain message.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// A message tied to one form field (`field`), or to the whole form when `field` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Every failure a person can meet, with the status it is served with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("We could not find that page.")]
    NotFound,
    #[error("Please sign in to continue.")]
    Unauthorized,
    #[error("{0}")]
    Forbidden(String),
    /// The input clashes with what is stored (a taken email or slug).
    #[error("{}", first_message(.0))]
    Conflict(Vec<FieldError>),
    /// The input is not acceptable as typed.
    #[error("{}", first_message(.0))]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    TooManyRequests(String),
    /// The server is busy (hashing queue or database pool full): try again shortly. Served
    /// as 503 with `Retry-After`, never as a 500.
    #[error("Hallway is busy right now. Please try again in a few seconds.")]
    Unavailable,
    /// The request itself was malformed (missing fields, wrong types).
    #[error("The form was incomplete or malformed. Please try again.")]
    BadRequest,
    /// Something broke on our side; the cause is logged, never shown.
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
}

fn first_message(errors: &[FieldError]) -> String {
    errors
        .first()
        .map(|e| e.message.clone())
        .unwrap_or_else(|| "Please check the form.".to_owned())
}

impl AppError {
    /// A validation error on one field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// A conflict on one field.
    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        Self::Conflict(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// The HTTP status this error is served with.
    pub fn status(&self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::Unauthorized => 401,
            Self::Forbidden(_) => 403,
            Self::Conflict(_) => 409,
            Self::Validation(_) => 422,
            Self::TooManyRequests(_) => 429,
            Self::Unavailable => 503,
            Self::BadRequest => 400,
            Self::Internal => 500,
        }
    }

    /// The message for one field, if this error carries one.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            Self::Conflict(errors) | Self::Validation(errors) => errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The fields this error names, in order (none for errors of the whole form).
    pub fn fields(&self) -> Vec<String> {
        match self {
            Self::Conflict(errors) | Self::Validation(errors) => errors
                .iter()
                .filter(|e| !e.field.is_empty())
                .map(|e| e.field.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The message for the form as a whole: errors that belong to no listed field.
    pub fn form_message(&self, fields: &[&str]) -> Option<String> {
        match self {
            Self::Conflict(errors) | Self::Validation(errors) => {
                let loose: Vec<&str> = errors
                    .iter()
                    .filter(|e| !fields.contains(&e.field.as_str()))
                    .map(|e| e.message.as_str())
                    .collect();
                (!loose.is_empty()).then(|| loose.join(" "))
            }
            other => Some(other.to_string()),
        }
    }

    /// Merges field errors from several checks so a form shows them all at once.
    pub fn merge(errors: Vec<AppError>) -> Option<AppError> {
        let mut fields = Vec::new();
        for error in errors {
            match error {
                Self::Validation(mut more) => fields.append(&mut more),
                other => return Some(other),
            }
        }
        (!fields.is_empty()).then_some(Self::Validation(fields))
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => Self::BadRequest,
            ServerFnErrorErr::MissingArg(_) => Self::BadRequest,
            _ => Self::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        if matches!(error, sqlx::Error::PoolTimedOut) {
            tracing::warn!("no database connection free in time: answering 503");
            return Self::Unavailable;
        }
        tracing::error!(%error, "database error");
        Self::Internal
    }
}

/// Collects the errors of several field parses so a form reports every problem at once.
#[derive(Debug, Default)]
pub struct FieldChecks(Vec<AppError>);

impl FieldChecks {
    /// The parsed value, or `None` after noting its error.
    pub fn check<T>(&mut self, result: Result<T, AppError>) -> Option<T> {
        result.map_err(|error| self.0.push(error)).ok()
    }

    /// `Err` with all noted errors merged, if there were any.
    pub fn finish(self) -> Result<(), AppError> {
        AppError::merge(self.0).map_or(Ok(()), Err)
    }
}

/// Shorthand used across services.
pub type AppResult<T> = Result<T, AppError>;
