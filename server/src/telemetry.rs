//! Logging: `RUST_LOG` sets the level (default `info`); `HALLWAY_LOG_FORMAT=json` writes one
//! JSON object per line (for log collectors), with the request's id and route in each line
//! written while a request runs.
//!
//! Lines go to standard output through a buffer that a thread of its own writes out, so a
//! request never waits for a slow terminal, pipe or journal: when the buffer is full (the
//! output cannot keep up), lines are dropped rather than requests slowed. Colours only on a
//! terminal.

use std::io::IsTerminal;
use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;

/// Keeps the log writer running; dropping it writes out what is buffered.
#[must_use = "logs stop when this is dropped"]
pub struct Logs(#[allow(dead_code)] Option<WorkerGuard>);

pub fn init() -> Logs {
    init_with("info,sqlx=warn")
}

/// [`init`] with another level when `RUST_LOG` is not set (commands that make many requests
/// of their own, like `seed-demo`, keep quiet).
pub fn init_with(default: &str) -> Logs {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let json = std::env::var("HALLWAY_LOG_FORMAT").is_ok_and(|f| f.trim() == "json");
    let colours = std::io::stdout().is_terminal();
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(true)
        .thread_name("hallway-logs")
        .finish(std::io::stdout());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(colours && !json);
    let installed = if json {
        builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        builder.try_init()
    };
    Logs(installed.is_ok().then_some(guard))
}
