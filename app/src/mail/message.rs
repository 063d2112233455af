//! Turning a stored mail into the bytes of an RFC 5322 message (server only, pure).
//!
//! Built with lettre's builder: a `multipart/alternative` plain-text and HTML body, a
//! `text/calendar` part (and `.ics` attachment) when the mail carries an event, Message-ID,
//! Date, and `List-Unsubscribe` for bulk mails. Header values never hold line breaks: every
//! name and subject goes through [`header_text`] before it is stored.

use lettre::message::{
    header::{ContentType, HeaderName, HeaderValue},
    Attachment, Mailbox, MessageBuilder, MultiPart, SinglePart,
};
use std::time::{Duration, UNIX_EPOCH};

/// A mail as stored in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMail {
    pub message_id: String,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub ics: Option<String>,
    pub ics_method: Option<String>,
    pub unsubscribe_url: Option<String>,
    pub created_at: i64,
}

/// Text fit for a header: control characters (CR and LF above all) become spaces, runs of
/// spaces one space. Header injection is impossible by construction.
pub fn header_text(value: &str) -> String {
    value
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why a stored mail could not be turned into a message (it is then marked failed).
#[derive(Debug)]
pub struct Unbuildable(pub String);

/// `List-Unsubscribe: <https://…>` (RFC 2369) with its one-click companion (RFC 8058).
#[derive(Clone)]
struct ListUnsubscribe(String);

impl lettre::message::header::Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.trim_matches(['<', '>']).to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

#[derive(Clone)]
struct ListUnsubscribePost;

impl lettre::message::header::Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// The message for `mail`, from `from` (`Hallway <hallway@example.org>`).
pub fn build(mail: &StoredMail, from: &str) -> Result<lettre::Message, Unbuildable> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| Unbuildable(format!("the From address {from:?} is not valid: {e}")))?;
    let address = mail.to_address.parse().map_err(|e| {
        Unbuildable(format!(
            "{:?} is not an email address: {e}",
            mail.to_address
        ))
    })?;
    let to = Mailbox::new(
        Some(header_text(&mail.to_name)).filter(|n| !n.is_empty()),
        address,
    );
    let mut builder: MessageBuilder = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(header_text(&mail.subject))
        .message_id(Some(mail.message_id.clone()))
        .date(UNIX_EPOCH + Duration::from_secs(mail.created_at.max(0) as u64));
    if let Some(url) = &mail.unsubscribe_url {
        builder = builder
            .header(ListUnsubscribe(url.clone()))
            .header(ListUnsubscribePost);
    }
    let text = SinglePart::plain(mail.body_text.clone());
    let html = SinglePart::html(mail.body_html.clone());
    let body = match (&mail.ics, &mail.ics_method) {
        (Some(ics), method) => {
            let method = method.as_deref().unwrap_or("PUBLISH");
            let calendar_type = |with_method: bool| {
                let text = if with_method {
                    format!("text/calendar; charset=utf-8; method={method}")
                } else {
                    format!("text/calendar; charset=utf-8; method={method}; name=\"event.ics\"")
                };
                ContentType::parse(&text).map_err(|e| Unbuildable(e.to_string()))
            };
            // Invitations and cancellations put the calendar into the alternative too,
            // where Gmail, Outlook and Apple Mail look for an update to apply.
            let mut alternative = MultiPart::alternative().singlepart(text).singlepart(html);
            if method != "PUBLISH" {
                alternative = alternative.singlepart(
                    SinglePart::builder()
                        .header(calendar_type(true)?)
                        .body(ics.clone()),
                );
            }
            MultiPart::mixed().multipart(alternative).singlepart(
                Attachment::new("event.ics".to_owned()).body(ics.clone(), calendar_type(false)?),
            )
        }
        (None, _) => MultiPart::alternative().singlepart(text).singlepart(html),
    };
    builder
        .multipart(body)
        .map_err(|e| Unbuildable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail() -> StoredMail {
        StoredMail {
            message_id: "<abc123@hallway.example>".to_owned(),
            to_address: "ann@example.org".to_owned(),
            to_name: "Ann\r\nBcc: evil@example.org".to_owned(),
            subject: "You're going: Rust Meetup\r\nBcc: evil@example.org".to_owned(),
            body_text: "Hello Ann,\n\nsee you there.".to_owned(),
            body_html: "<p>Hello Ann,</p>".to_owned(),
            ics: None,
            ics_method: None,
            unsubscribe_url: None,
            created_at: 1_900_000_000,
        }
    }

    fn formatted(mail: &StoredMail) -> String {
        String::from_utf8(
            build(mail, "Hallway <hallway@hallway.example>")
                .unwrap()
                .formatted(),
        )
        .unwrap()
    }

    fn headers(message: &str) -> Vec<&str> {
        message
            .split("\r\n\r\n")
            .next()
            .unwrap()
            .split("\r\n")
            .collect()
    }

    #[test]
    fn line_breaks_in_names_and_subjects_cannot_add_headers() {
        let message = formatted(&mail());
        for line in headers(&message) {
            assert!(!line.starts_with("Bcc"), "injected header: {line}");
        }
        assert!(message.contains("Subject: You're going: Rust Meetup Bcc: evil@example.org"));
    }

    #[test]
    fn a_message_has_its_id_date_and_both_bodies() {
        let message = formatted(&mail());
        assert!(message.contains("Message-ID: <abc123@hallway.example>\r\n"));
        assert!(message.contains("Date: Sun, 17 Mar 2030 17:46:40 +0000\r\n"));
        assert!(message.contains("Content-Type: multipart/alternative"));
        assert!(message.contains("Content-Type: text/plain; charset=utf-8"));
        assert!(message.contains("Content-Type: text/html; charset=utf-8"));
        assert!(!message.contains("List-Unsubscribe"));
    }

    #[test]
    fn bulk_mails_offer_one_click_unsubscribe() {
        let mut bulk = mail();
        bulk.unsubscribe_url = Some("https://hallway.example/unsubscribe/t0k3n".to_owned());
        let message = formatted(&bulk);
        assert!(
            message.contains("List-Unsubscribe: <https://hallway.example/unsubscribe/t0k3n>\r\n")
        );
        assert!(message.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
    }

    #[test]
    fn invitations_carry_the_calendar_inline_and_attached() {
        let mut invite = mail();
        invite.ics = Some("BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n".to_owned());
        invite.ics_method = Some("CANCEL".to_owned());
        let message = formatted(&invite);
        assert!(message.contains("Content-Type: multipart/mixed"));
        assert!(message.contains("text/calendar; charset=utf-8; method=CANCEL"));
        assert!(message.contains("filename=\"event.ics\""));
        let mut publish = invite.clone();
        publish.ics_method = Some("PUBLISH".to_owned());
        let message = formatted(&publish);
        assert_eq!(
            message.matches("Content-Type: text/calendar").count(),
            1,
            "the attachment only: {message}"
        );
        assert!(message.contains("text/calendar; charset=utf-8; method=PUBLISH"));
        assert!(message.contains("filename=\"event.ics\""));
    }

    #[test]
    fn a_bad_address_is_reported_not_panicked_on() {
        let mut bad = mail();
        bad.to_address = "not an address".to_owned();
        assert!(build(&bad, "Hallway <hallway@hallway.example>").is_err());
        assert!(build(&mail(), "nonsense").is_err());
    }
}
