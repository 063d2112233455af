//! What a request says about the answer it can use: whether it takes gzip, and whether the
//! copy it holds is still current. Shared by the feeds, the bundle's files and the kept
//! public pages.

use axum::http::{header, HeaderMap};

/// Whether `Accept-Encoding` allows gzip (RFC 9110 §12.5.3: `gzip`, `x-gzip` or `*`, not
/// with `q=0`).
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or_default().to_ascii_lowercase();
            let refused = parts.any(|param| {
                param
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            matches!(coding.as_str(), "gzip" | "x-gzip" | "*") && !refused
        })
}

/// What `If-None-Match` says, when the request has one: whether it names one of `current`
/// (entity tags without quotes or `W/`), compared weakly as RFC 9110 §13.1.2 asks, or is `*`.
pub fn none_match(headers: &HeaderMap, current: &[&str]) -> Option<bool> {
    let value = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())?;
    Some(value.split(',').map(str::trim).any(|held| {
        let held = held.trim_start_matches("W/").trim_matches('"');
        held == "*" || current.contains(&held)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn gzip_is_chosen_unless_refused() {
        let taking = |value: &str| accepts_gzip(&with(header::ACCEPT_ENCODING, value));
        assert!(taking("gzip, deflate, br"));
        assert!(taking("gzip, deflate, br, zstd"));
        assert!(taking("br;q=1.0, GZIP;q=0.5"));
        assert!(taking("*"));
        assert!(!taking("gzip;q=0"));
        assert!(!taking("gzip;q=0, br"));
        assert!(!taking("br, deflate"));
        assert!(!taking("br, zstd"));
        assert!(!taking("identity"));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn a_held_tag_matches_weakly_in_a_list_or_as_a_star() {
        let matching = |value: &str| none_match(&with(header::IF_NONE_MATCH, value), &["abc"]);
        assert_eq!(matching("W/\"abc\""), Some(true));
        assert_eq!(matching("\"abc\""), Some(true));
        assert_eq!(matching("\"other\", W/\"abc\""), Some(true));
        assert_eq!(matching("*"), Some(true));
        assert_eq!(matching("W/\"abd\""), Some(false));
        assert_eq!(none_match(&HeaderMap::new(), &["abc"]), None);
    }
}
