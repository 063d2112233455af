//! Logging: `RUST_LOG` sets the level (default `info`); `HALLWAY_LOG_FORMAT=json` writes one
//! JSON object per line (for log collectors), with the request's id and route in each line
//! written while a request runs.

use tracing_subscriber::EnvFilter;

pub fn init() {
    init_with("info,sqlx=warn");
}

/// [`init`] with another level when `RUST_LOG` is not set (commands that make many requests
/// of their own, like `seed-demo`, keep quiet).
pub fn init_with(default: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let json = std::env::var("HALLWAY_LOG_FORMAT").is_ok_and(|f| f.trim() == "json");
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = if json {
        builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        builder.try_init()
    };
}
