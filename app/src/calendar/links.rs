//! "Add to calendar" links (server only): Google Calendar and Outlook templates, the event's
//! `.ics`, and the group feed as `https://` and `webcal://`.

use super::CalendarLinks;
use crate::events::time::from_unix;

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// What an event page needs to offer.
pub struct LinkInput<'a> {
    pub origin: &'a str,
    pub slug: &'a str,
    pub group_slug: &'a str,
    pub title: &'a str,
    pub details: &'a str,
    pub location: Option<&'a str>,
    pub starts_at: i64,
    pub ends_at: i64,
}

pub fn calendar_links(input: &LinkInput<'_>) -> CalendarLinks {
    let page = format!("{}/e/{}", input.origin, input.slug);
    let details = if input.details.is_empty() {
        page.clone()
    } else {
        format!("{}\n\n{page}", input.details)
    };
    let compact = |t: i64| from_unix(t).format("%Y%m%dT%H%M%SZ").to_string();
    let iso = |t: i64| from_unix(t).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let location = input.location.unwrap_or_default();
    let group_https = format!("{}/g/{}/calendar.ics", input.origin, input.group_slug);
    let group_webcal = match group_https.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => group_https.clone(),
    };
    CalendarLinks {
        ics: format!("/e/{}/calendar.ics", input.slug),
        google: format!(
            "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}&details={}&location={}",
            encode(input.title),
            compact(input.starts_at),
            compact(input.ends_at),
            encode(&details),
            encode(location),
        ),
        outlook: format!(
            "https://outlook.live.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&subject={}&startdt={}&enddt={}&body={}&location={}",
            encode(input.title),
            encode(&iso(input.starts_at)),
            encode(&iso(input.ends_at)),
            encode(&details),
            encode(location),
        ),
        group_https,
        group_webcal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_utc_times_and_encoded_text() {
        let links = calendar_links(&LinkInput {
            origin: "https://hallway.example",
            slug: "rust-2030-03-05",
            group_slug: "rust-berlin",
            title: "Rust & Pizza",
            details: "Talks",
            location: Some("c-base, Berlin"),
            starts_at: 1_898_964_000,
            ends_at: 1_898_973_000,
        });
        assert_eq!(links.ics, "/e/rust-2030-03-05/calendar.ics");
        assert!(links.google.contains("text=Rust%20%26%20Pizza"));
        assert!(links
            .google
            .contains("dates=20300305T180000Z/20300305T203000Z"));
        assert!(links.google.contains("location=c-base%2C%20Berlin"));
        assert!(links
            .outlook
            .contains("startdt=2030-03-05T18%3A00%3A00Z&enddt=2030-03-05T20%3A30%3A00Z"));
        assert_eq!(
            links.group_webcal,
            "webcal://hallway.example/g/rust-berlin/calendar.ics"
        );
        assert_eq!(
            links.group_https,
            "https://hallway.example/g/rust-berlin/calendar.ics"
        );
    }
}
