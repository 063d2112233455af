//! `hallway`: serves the app (see the README for configuration).

use server::{config::Config, startup::Application, telemetry};

#[tokio::main]
async fn main() {
    telemetry::init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("hallway: {message}");
            std::process::exit(2);
        }
    };
    let database = if config.database_url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let app = match Application::build(config).await {
        Ok(app) => app,
        Err(error) => {
            eprintln!("hallway: could not start: {error}");
            std::process::exit(1);
        }
    };
    match app.local_addr() {
        Ok(addr) => tracing::info!("Hallway is serving on http://{addr} ({database})"),
        Err(error) => tracing::warn!(%error, "listening on an unknown address"),
    }
    tracing::info!("{}", app.mail_summary());
    if let Err(error) = app.run().await {
        eprintln!("hallway: server stopped: {error}");
        std::process::exit(1);
    }
}
