//! `hallway`: serves the app, and the commands an operator needs (`hallway --help`).

use server::{
    cli::{self, Command},
    config::Config,
    startup::Application,
    telemetry,
};

#[tokio::main]
async fn main() {
    let command = match cli::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("hallway: {message}");
            std::process::exit(2);
        }
    };
    match &command {
        Command::Help(text) => {
            print!("{text}");
            return;
        }
        Command::Version => {
            println!("{}", cli::version());
            return;
        }
        _ => {}
    }
    // Settings from `.env` in the working directory; the environment takes precedence.
    match dotenvy::from_path(".env") {
        Err(dotenvy::Error::Io(error)) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => {
            eprintln!("hallway: .env: {error}");
            std::process::exit(2);
        }
        Ok(()) => {}
    }
    let logs = match command {
        Command::SeedDemo => telemetry::init_with("warn"),
        _ => telemetry::init(),
    };
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("hallway: {message}");
            std::process::exit(2);
        }
    };
    let done = match command {
        Command::Serve | Command::Help(_) | Command::Version => {
            serve(config).await.map(|()| String::new())
        }
        Command::Migrate => cli::migrate(&config).await,
        Command::CheckConfig => cli::check_config(&config).await,
        Command::SeedDemo => cli::seed_demo(&config).await,
        Command::Backup { to } => cli::backup(&config, &to).await,
        Command::CreateAdmin { email, name } => cli::create_admin(&config, &email, &name).await,
    };
    // What is still buffered is written before the answer, and before an exit skips drops.
    drop(logs);
    match done {
        Ok(report) if report.is_empty() => {}
        Ok(report) => println!("{report}"),
        Err(message) => {
            eprintln!("hallway: {message}");
            std::process::exit(1);
        }
    }
}

async fn serve(config: Config) -> Result<(), String> {
    let database = if config.database_url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let app = Application::build(config)
        .await
        .map_err(|error| format!("could not start: {error}"))?;
    match app.local_addr() {
        Ok(addr) => tracing::info!("Hallway is serving on http://{addr} ({database})"),
        Err(error) => tracing::warn!(%error, "listening on an unknown address"),
    }
    tracing::info!("{}", app.mail_summary());
    match app.admin_setup_link().await {
        Ok(Some(link)) => tracing::warn!(
            "This Hallway has no admin yet. Sign in or sign up, then open {link} within 24 hours to become its admin (or run: hallway create-admin --email ADDRESS)."
        ),
        Ok(None) => {}
        Err(error) => tracing::warn!(%error, "could not make an admin setup link"),
    }
    app.run()
        .await
        .map_err(|error| format!("server stopped: {error}"))
}
