//! Request ids, a log line per request, and Prometheus metrics (`GET /metrics`, off unless
//! `HALLWAY_METRICS_TOKEN` is set, then only with `Authorization: Bearer <token>`).
//!
//! Counters live in this process: each instance is scraped on its own, as Prometheus expects.
//! The outbox and pool figures are read at scrape time.

use app::state::AppState;
use axum::{
    body::Body,
    extract::{MatchedPath, Request, State},
    http::{header, HeaderName, HeaderValue, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{
    collections::BTreeMap,
    fmt::Write,
    sync::{Mutex, OnceLock},
    time::{Duration, Instant},
};
use tracing::Instrument;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Default)]
struct Histogram {
    /// Observations at or under each bucket's bound (not yet cumulative).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Metrics {
    /// (route, method, status) → requests
    requests: BTreeMap<(String, String, u16), u64>,
    /// route → latency
    latency: BTreeMap<String, Histogram>,
}

fn metrics() -> &'static Mutex<Metrics> {
    static METRICS: OnceLock<Mutex<Metrics>> = OnceLock::new();
    METRICS.get_or_init(|| Mutex::new(Metrics::default()))
}

fn observe(route: &str, method: &str, status: u16, elapsed: Duration) {
    let Ok(mut m) = metrics().lock() else { return };
    *m.requests
        .entry((route.to_owned(), method.to_owned(), status))
        .or_default() += 1;
    let h = m.latency.entry(route.to_owned()).or_default();
    let secs = elapsed.as_secs_f64();
    if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
        h.buckets[i] += 1;
    }
    h.count += 1;
    h.sum += secs;
}

/// An id a client or proxy sent that is safe to log and echo, else a new random one.
fn request_id(req: &Request) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            (1..=64).contains(&v.len())
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
        .map(str::to_owned)
        .unwrap_or_else(|| app::accounts::session::random_token(16).unwrap_or_default())
}

/// Gives every request an id (in every log line written while it runs, and in the answer's
/// `X-Request-Id`), logs its answer, and counts it.
pub async fn trace_requests(req: Request<Body>, next: Next) -> Response {
    let id = request_id(&req);
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| {
            // Static files and unknown addresses: one label each, not one per address.
            if req.uri().path().starts_with("/pkg/") {
                "/pkg/{file}".to_owned()
            } else {
                "unmatched".to_owned()
            }
        });
    let method = req.method().as_str().to_owned();
    let span = tracing::info_span!("request", id = %id, method = %method, route = %route);
    let started = Instant::now();
    let mut res = next.run(req).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let status = res.status().as_u16();
    observe(&route, &method, status, elapsed);
    span.in_scope(|| {
        let ms = elapsed.as_secs_f64() * 1000.0;
        if status >= 500 {
            tracing::warn!(status, ms, "answered");
        } else {
            tracing::info!(status, ms, "answered");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    res
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `GET /metrics` in Prometheus's text format.
pub async fn endpoint(State(state): State<AppState>, req: Request<Body>) -> Response {
    let Some(token) = state.settings.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !same(given.as_bytes(), token.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "Send the metrics token as Authorization: Bearer <token>.",
        )
            .into_response();
    }
    let mut out = render();
    let outbox: Vec<(String, i64)> =
        sqlx::query_as("select status, count(*) from outbox group by status order by status")
            .fetch_all(state.db.pool())
            .await
            .unwrap_or_default();
    let _ = writeln!(
        out,
        "# HELP hallway_outbox_mails Mails in the outbox by status.\n# TYPE hallway_outbox_mails gauge"
    );
    for status in ["queued", "sending", "sent", "failed"] {
        let n = outbox
            .iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n);
        let _ = writeln!(out, "hallway_outbox_mails{{status=\"{status}\"}} {n}");
    }
    let pool = state.db.pool();
    let (size, idle) = (pool.size(), pool.num_idle());
    let _ = writeln!(
        out,
        "# HELP hallway_db_connections Database pool connections.\n# TYPE hallway_db_connections gauge\nhallway_db_connections{{state=\"idle\"}} {idle}\nhallway_db_connections{{state=\"in_use\"}} {}",
        (size as usize).saturating_sub(idle)
    );
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn render() -> String {
    let mut out = String::new();
    let Ok(m) = metrics().lock() else { return out };
    let _ = writeln!(
        out,
        "# HELP http_requests_total Requests answered, by route, method and status.\n# TYPE http_requests_total counter"
    );
    for ((route, method, status), n) in &m.requests {
        let _ = writeln!(
            out,
            "http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
            label(route)
        );
    }
    let _ = writeln!(
        out,
        "# HELP http_request_duration_seconds Time to answer, by route.\n# TYPE http_request_duration_seconds histogram"
    );
    for (route, h) in &m.latency {
        let route = label(route);
        let mut cumulative = 0;
        for (bound, n) in BUCKETS.iter().zip(h.buckets) {
            cumulative += n;
            let _ = writeln!(
                out,
                "http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
            );
        }
        let _ = writeln!(
            out,
            "http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\nhttp_request_duration_seconds_sum{{route=\"{route}\"}} {}\nhttp_request_duration_seconds_count{{route=\"{route}\"}} {}",
            h.count, h.sum, h.count
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_compared_whole() {
        assert!(same(b"secret", b"secret"));
        assert!(!same(b"secret", b"secreT"));
        assert!(!same(b"secret", b"secret2"));
        assert!(!same(b"", b"x"));
    }

    #[test]
    fn latency_lands_in_cumulative_buckets() {
        observe("/unit-test", "GET", 200, Duration::from_millis(3));
        observe("/unit-test", "GET", 200, Duration::from_millis(30));
        observe("/unit-test", "GET", 500, Duration::from_secs(9));
        let text = render();
        assert!(
            text.contains(
                "http_requests_total{route=\"/unit-test\",method=\"GET\",status=\"200\"} 2"
            ),
            "{text}"
        );
        assert!(text
            .contains("http_requests_total{route=\"/unit-test\",method=\"GET\",status=\"500\"} 1"));
        assert!(text
            .contains("http_request_duration_seconds_bucket{route=\"/unit-test\",le=\"0.005\"} 1"));
        assert!(text
            .contains("http_request_duration_seconds_bucket{route=\"/unit-test\",le=\"0.05\"} 2"));
        assert!(
            text.contains("http_request_duration_seconds_bucket{route=\"/unit-test\",le=\"5\"} 2")
        );
        assert!(text
            .contains("http_request_duration_seconds_bucket{route=\"/unit-test\",le=\"+Inf\"} 3"));
        assert!(text.contains("http_request_duration_seconds_count{route=\"/unit-test\"} 3"));
    }
}
