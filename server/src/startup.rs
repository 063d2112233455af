//! Building and running the application: database, state, router, listener.

use crate::{
    config::{prepare_sqlite_url, Config},
    http::router,
};
use app::{
    db::Db,
    mail::worker::{self, MailSettings, Transport},
    state::{AppState, Settings},
};
use leptos::config::LeptosOptions;
use std::{net::SocketAddr, sync::Arc};
use tokio::net::TcpListener;

/// A bound, ready-to-serve Hallway.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    mail: MailSettings,
}

impl Application {
    /// Connects and migrates the database, then binds the listener (port 0 picks a free one).
    pub async fn build(config: Config) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let transport = match &config.mail.smtp_url {
            Some(url) => Transport::smtp(url)?,
            None => Transport::Files(config.mail.outbox_dir.clone()),
        };
        let mail = MailSettings {
            transport,
            from: config.mail.from.clone(),
            site: String::new(),
            retry_base_secs: config.mail.retry_base_secs,
            max_attempts: config.mail.max_attempts,
            poll: config.mail.poll,
            lease_secs: config.mail.lease_secs,
            retention_days: config.mail.retention_days,
        };
        drop_stale_copies(&std::path::Path::new(&config.site_root).join("pkg"));
        let url = prepare_sqlite_url(&config.database_url)?;
        let db = Db::connect(&url).await?;
        let listener = TcpListener::bind(config.addr).await?;
        let addr = listener.local_addr()?;
        let state = state(&config, db, addr);
        let mut mail = mail;
        mail.site = state.settings.public_url.clone();
        Ok(Self {
            listener,
            state,
            mail,
        })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The shared state (tests use its database handle).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// When the instance has no admin: a new single-use link (`/setup/{token}`, 24 hours)
    /// that makes the signed-in person who opens it the first admin, for the start-up log.
    pub async fn admin_setup_link(&self) -> Result<Option<String>, app::error::AppError> {
        Ok(
            app::instance::service::setup_token_if_no_admin(&self.state.db)
                .await?
                .map(|token| format!("{}/setup/{token}", self.state.settings.public_url)),
        )
    }

    /// How mail leaves this Hallway, in a sentence for the start-up log.
    pub fn mail_summary(&self) -> String {
        match &self.mail.transport {
            Transport::Smtp(_) => "Mail goes out through the SMTP server in HALLWAY_SMTP_URL.".to_owned(),
            Transport::Files(dir) => format!(
                "No SMTP server configured (HALLWAY_SMTP_URL): mails are kept as .eml files in {} and listed on each group's outbox page.",
                dir.display()
            ),
        }
    }

    /// Serves until the process is stopped (Ctrl-C or SIGTERM).
    pub async fn run(self) -> std::io::Result<()> {
        self.run_until(shutdown()).await
    }

    /// Serves, and delivers mail, until `stop` resolves; the mail worker finishes the mail
    /// in hand before the process ends.
    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let (stop_mail, mail_stopped) = tokio::sync::watch::channel(false);
        let mailer = tokio::spawn(worker::run(
            self.state.db.clone(),
            self.mail.clone(),
            mail_stopped,
        ));
        let app = router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, app)
            .with_graceful_shutdown(stop)
            .await;
        let _ = stop_mail.send(true);
        let _ = mailer.await;
        served
    }
}

/// What every request gets: the database, the settings and Leptos's options, for a Hallway
/// reached at `addr`.
pub fn state(config: &Config, db: Db, addr: SocketAddr) -> AppState {
    let public_url = config
        .allowed_origins
        .first()
        .cloned()
        .unwrap_or(format!("http://{addr}"));
    AppState {
        db,
        settings: Arc::new(Settings {
            secure_cookies: config.secure_cookies,
            allowed_origins: config.allowed_origins.clone(),
            public_url,
            metrics_token: config.metrics_token.clone(),
            trusted_proxies: config.trusted_proxies.clone(),
        }),
        leptos_options: LeptosOptions::builder()
            .output_name(crate::http::assets::site_bundle_name(&config.site_root))
            .site_root(config.site_root.clone())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .build(),
    }
}

/// Removes each gzip copy in `pkg` that is older than its file: the bundle was rebuilt without
/// `scripts/build.sh` (which writes the copies), and a browser that takes gzip would get the old
/// bundle. The file itself is then served, compressed on the fly.
fn drop_stale_copies(pkg: &std::path::Path) {
    let Ok(entries) = std::fs::read_dir(pkg) else {
        return;
    };
    let modified = |path: &std::path::Path| std::fs::metadata(path).and_then(|m| m.modified());
    for copy in entries.flatten().map(|e| e.path()) {
        if copy.extension().is_none_or(|ext| ext != "gz") {
            continue;
        }
        let file = copy.with_extension("");
        if let (Ok(copied), Ok(changed)) = (modified(&copy), modified(&file)) {
            if copied < changed {
                tracing::warn!(copy = %copy.display(), "removing a gzip copy older than its file");
                let _ = std::fs::remove_file(&copy);
            }
        }
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

#[cfg(test)]
mod tests {
    use super::drop_stale_copies;
    use std::time::{Duration, SystemTime};

    #[test]
    fn a_gzip_copy_older_than_its_file_is_removed_and_a_current_one_kept() {
        let dir = std::env::temp_dir().join(format!("hallway-pkg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let then = SystemTime::now() - Duration::from_secs(60);
        for (name, copy_time) in [("fresh.js", SystemTime::now()), ("stale.js", then)] {
            std::fs::write(dir.join(name), "x").unwrap();
            let copy = std::fs::File::create(dir.join(format!("{name}.gz"))).unwrap();
            copy.set_modified(copy_time).unwrap();
        }
        std::fs::File::options()
            .write(true)
            .open(dir.join("fresh.js"))
            .unwrap()
            .set_modified(then)
            .unwrap();
        drop_stale_copies(&dir);
        assert!(dir.join("fresh.js.gz").exists());
        assert!(!dir.join("stale.js.gz").exists());
        assert!(dir.join("stale.js").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
