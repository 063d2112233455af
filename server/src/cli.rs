//! The command line: one binary, a subcommand per task, `--help` on each.

use crate::config::{prepare_sqlite_url, Config};
use app::db::Db;
use std::path::{Path, PathBuf};

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Serve Hallway (the default).
    Serve,
    /// Create or update the database schema, then exit.
    Migrate,
    /// Read the configuration and reach the database, then print what was found.
    CheckConfig,
    /// Copy the SQLite database to a file while Hallway may be running.
    Backup { to: PathBuf },
    /// Fill the database with a realistic demo (once).
    SeedDemo,
    /// Make an account an instance admin (creating it when needed).
    CreateAdmin { email: String, name: String },
    /// Print this text and exit.
    Help(String),
    /// Print the version and the commit it was built from.
    Version,
}

/// `hallway 0.1.0 (commit 1a2b3c4d5e6f)`: the crate's version and the commit `build.rs` found.
pub fn version() -> String {
    format!(
        "hallway {} (commit {})",
        env!("CARGO_PKG_VERSION"),
        env!("HALLWAY_COMMIT")
    )
}

const USAGE: &str = "Hallway: plan meetups and mini-conferences.

Usage: hallway [COMMAND] [OPTIONS]

Commands:
  serve           Serve Hallway (the default when no command is given)
  migrate         Create or update the database schema, then exit
  check-config    Check the configuration and the database connection, then exit
  backup --to F   Copy the database to the file F (SQLite; prints advice for PostgreSQL)
  seed-demo       Fill the database with a realistic demo (runs once)
  create-admin    Make an account an instance admin (--email ADDRESS [--name NAME])
  help            Print this text
  --version       Print the version and the commit it was built from

Run `hallway COMMAND --help` for one command. Configuration comes from environment
variables (DATABASE_URL, HALLWAY_ADDR, HALLWAY_PUBLIC_URL, HALLWAY_SMTP_URL, ...), or from a
.env file in the working directory for those not set; see docs/configuration.md.
";

fn help_of(command: &str) -> Option<&'static str> {
    Some(match command {
        "serve" => {
            "Usage: hallway serve

Serves Hallway on HALLWAY_ADDR (default 127.0.0.1:3000) with the database in DATABASE_URL
(default: SQLite in data/hallway.db, created and migrated on first start). Stops cleanly on
Ctrl-C or SIGTERM, finishing the mail in hand.
"
        }
        "migrate" => {
            "Usage: hallway migrate

Creates the database if needed (SQLite) and applies every migration not yet applied, then
exits. Safe to run while other instances are serving or starting: on PostgreSQL the
migrations run under a lock, one instance at a time.
"
        }
        "check-config" => {
            "Usage: hallway check-config

Reads the configuration from the environment, connects to the database and prints what it
found (address, database engine, public address, mail delivery). Exits with 2 when a setting
is wrong and 1 when the database cannot be reached.
"
        }
        "backup" => {
            "Usage: hallway backup --to FILE

SQLite: writes a consistent copy of the database to FILE (which must not exist yet) while
Hallway keeps serving (VACUUM INTO). Restore by stopping Hallway and putting the copy in
place of data/hallway.db.
PostgreSQL: prints how to back up with pg_dump, which is the right tool there.
"
        }
        "seed-demo" => {
            "Usage: hallway seed-demo

Fills the database with a demo made through Hallway's own forms: two groups, a monthly meetup
series with a waitlist, a one-day mini-conference with a call for papers, reviewed talks, a
published two-room schedule, sponsors in three tiers, and attendees. Running it again
changes nothing. Sign in as the demo organizer it prints. The demo's mails are not sent.
"
        }
        "create-admin" => {
            "Usage: hallway create-admin --email ADDRESS [--name NAME]

Makes the account of ADDRESS an admin of this Hallway (admins change the instance settings
on /admin). When there is no such account it is created, named NAME (default \"Admin\"), with
a random password that is printed once: sign in with it and change it on the account page.
"
        }
        _ => return None,
    })
}

/// Reads the arguments after the program's name.
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let args: Vec<String> = args.into_iter().collect();
    let wants_help = args.iter().any(|a| a == "--help" || a == "-h");
    let Some(first) = args.first().map(String::as_str) else {
        return Ok(Command::Serve);
    };
    if matches!(first, "--version" | "-V" | "version") {
        return Ok(Command::Version);
    }
    if matches!(first, "help" | "--help" | "-h") {
        return Ok(Command::Help(match args.get(1).and_then(|c| help_of(c)) {
            Some(text) => text.to_owned(),
            None => USAGE.to_owned(),
        }));
    }
    let Some(help) = help_of(first) else {
        return Err(format!("unknown command {first:?}\n\n{USAGE}"));
    };
    if wants_help {
        return Ok(Command::Help(help.to_owned()));
    }
    let rest = &args[1..];
    match first {
        "serve" | "migrate" | "check-config" | "seed-demo" if !rest.is_empty() => Err(format!(
            "{first} takes no options, not {:?}\n\n{help}",
            rest.join(" ")
        )),
        "serve" => Ok(Command::Serve),
        "migrate" => Ok(Command::Migrate),
        "check-config" => Ok(Command::CheckConfig),
        "seed-demo" => Ok(Command::SeedDemo),
        "create-admin" => {
            let mut email = None;
            let mut name = "Admin".to_owned();
            let mut options = rest.iter();
            while let Some(option) = options.next() {
                match (option.as_str(), options.next()) {
                    ("--email", Some(value)) => email = Some(value.clone()),
                    ("--name", Some(value)) => name = value.clone(),
                    _ => {
                        return Err(format!(
                            "create-admin takes --email ADDRESS [--name NAME]\n\n{help}"
                        ))
                    }
                }
            }
            match email {
                Some(email) => Ok(Command::CreateAdmin { email, name }),
                None => Err(format!("create-admin needs --email ADDRESS\n\n{help}")),
            }
        }
        _ => match rest {
            [flag, file] if flag == "--to" && !file.is_empty() => Ok(Command::Backup {
                to: PathBuf::from(file),
            }),
            _ => Err(format!("backup needs --to FILE\n\n{help}")),
        },
    }
}

/// Applies the migrations (connecting migrates) and closes the pool.
pub async fn migrate(config: &Config) -> Result<String, String> {
    let db = connect(config).await?;
    db.close().await;
    Ok(format!(
        "The {} database is up to date.",
        engine_name(&config.database_url)
    ))
}

/// What the configuration says, after reaching the database.
pub async fn check_config(config: &Config) -> Result<String, String> {
    let db = connect(config).await?;
    db.ping()
        .await
        .map_err(|e| format!("the database does not answer: {e}"))?;
    db.close().await;
    let mail = match &config.mail.smtp_url {
        Some(url) => format!("through SMTP at {}", without_password(url)),
        None => format!(
            "written as .eml files into {} (no HALLWAY_SMTP_URL)",
            config.mail.outbox_dir.display()
        ),
    };
    Ok(format!(
        "Configuration is fine.\n  address: http://{}\n  database: {} ({})\n  public address: {}\n  secure cookies: {}\n  mail: {mail}",
        config.addr,
        engine_name(&config.database_url),
        without_password(&config.database_url),
        config
            .allowed_origins
            .first()
            .cloned()
            .unwrap_or_else(|| "not set (HALLWAY_PUBLIC_URL); links use the address".to_owned()),
        config.secure_cookies,
    ))
}

/// Copies the SQLite database to `to` (VACUUM INTO: a consistent snapshot, taken while
/// others read and write); on PostgreSQL, the advice to use pg_dump.
pub async fn backup(config: &Config, to: &Path) -> Result<String, String> {
    if !is_sqlite(&config.database_url) {
        return Ok(format!(
            "Hallway is on PostgreSQL: back it up with PostgreSQL's own tools, for example\n  pg_dump --format=custom --file={} \"{}\"\nand restore with pg_restore --clean --dbname=... {}.",
            to.display(),
            without_password(&config.database_url),
            to.display()
        ));
    }
    if to.exists() {
        return Err(format!(
            "{} exists already; choose a new file",
            to.display()
        ));
    }
    if let Some(parent) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let target = to
        .to_str()
        .ok_or_else(|| "the backup file's name must be valid UTF-8".to_owned())?;
    let db = connect(config).await?;
    let copied = sqlx::query(&format!("vacuum into '{}'", target.replace('\'', "''")))
        .execute(db.writer())
        .await
        .map_err(|e| format!("the copy failed: {e}"));
    db.close().await;
    copied?;
    let bytes = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
    Ok(format!(
        "Copied the database to {} ({} KB).",
        to.display(),
        bytes.div_ceil(1024)
    ))
}

/// Seeds the demo; tells where to look and how to sign in.
pub async fn seed_demo(config: &Config) -> Result<String, String> {
    let db = connect(config).await?;
    let state = crate::startup::state(config, db.clone(), config.addr);
    let seeded = crate::demo::seed(state).await;
    db.close().await;
    let seeded = seeded?;
    let base = config
        .allowed_origins
        .first()
        .cloned()
        .unwrap_or_else(|| format!("http://{}", config.addr));
    Ok(format!(
        "{}\n  meetup: {base}/e/{}\n  conference: {base}/e/{} (schedule: {base}/e/{}/schedule)\n  sign in as {} with the password {}",
        if seeded.already {
            "The demo is there already; nothing changed."
        } else {
            "The demo is ready."
        },
        seeded.meetup,
        seeded.conference,
        seeded.conference,
        crate::demo::DEMO_EMAIL,
        crate::demo::DEMO_PASSWORD,
    ))
}

/// Makes `email` an admin; creates the account (and tells its password once) when needed.
pub async fn create_admin(config: &Config, email: &str, name: &str) -> Result<String, String> {
    let db = connect(config).await?;
    let made = app::instance::service::create_admin(&db, email, name).await;
    db.close().await;
    match made {
        Ok(None) => Ok(format!("{email} is an admin now.")),
        Ok(Some(password)) => Ok(format!(
            "Created the account {email} as an admin.\nIts password (shown once): {password}\nSign in at /login and change it on the account page."
        )),
        Err(error) => Err(format!("could not make {email} an admin: {error}")),
    }
}

async fn connect(config: &Config) -> Result<Db, String> {
    let url = prepare_sqlite_url(&config.database_url)
        .map_err(|e| format!("cannot prepare the database folder: {e}"))?;
    Db::connect(&url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))
}

fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

fn engine_name(url: &str) -> &'static str {
    if is_sqlite(url) {
        "SQLite"
    } else {
        "PostgreSQL"
    }
}

/// A URL with any password replaced by `***`.
fn without_password(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.split_once('@') {
            Some((userinfo, host)) => match userinfo.split_once(':') {
                Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
                None => url.to_owned(),
            },
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn no_command_serves() {
        assert_eq!(parse(args("")), Ok(Command::Serve));
        assert_eq!(parse(args("serve")), Ok(Command::Serve));
    }

    #[test]
    fn every_command_has_its_own_help() {
        for command in [
            "serve",
            "migrate",
            "check-config",
            "backup",
            "create-admin",
            "seed-demo",
        ] {
            let Ok(Command::Help(text)) = parse(args(&format!("{command} --help"))) else {
                panic!("{command} --help")
            };
            assert!(
                text.starts_with(&format!("Usage: hallway {command}")),
                "{text}"
            );
            assert_eq!(
                parse(args(&format!("help {command}"))),
                Ok(Command::Help(text))
            );
        }
        let Ok(Command::Help(text)) = parse(args("--help")) else {
            panic!("--help")
        };
        assert!(text.contains("Commands:"));
    }

    #[test]
    fn backup_needs_a_file_and_unknown_commands_are_refused() {
        assert_eq!(
            parse(args("backup --to copy.db")),
            Ok(Command::Backup {
                to: PathBuf::from("copy.db")
            })
        );
        assert!(parse(args("backup")).is_err());
        assert_eq!(
            parse(args("create-admin --email ada@example.org --name Ada")),
            Ok(Command::CreateAdmin {
                email: "ada@example.org".into(),
                name: "Ada".into()
            })
        );
        assert!(parse(args("create-admin --name Ada")).is_err());
        assert!(parse(args("create-admin --email")).is_err());
        assert!(parse(args("backup --into x")).is_err());
        assert!(parse(args("migrate now")).is_err());
        assert!(matches!(parse(args("frobnicate")), Err(e) if e.contains("unknown command")));
    }

    #[test]
    fn passwords_never_reach_the_output() {
        assert_eq!(
            without_password("postgres://hallway:s3cret@db:5432/hallway"),
            "postgres://hallway:***@db:5432/hallway"
        );
        assert_eq!(
            without_password("sqlite://data/hallway.db"),
            "sqlite://data/hallway.db"
        );
    }
}
