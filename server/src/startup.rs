//! Building and running the application: database, state, router, listener.

use crate::{
    config::{prepare_sqlite_url, Config},
    http::router,
};
use app::{
    db::Db,
    state::{AppState, Settings},
};
use leptos::config::LeptosOptions;
use std::{net::SocketAddr, sync::Arc};
use tokio::net::TcpListener;

/// A bound, ready-to-serve Hallway.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Connects and migrates the database, then binds the listener (port 0 picks a free one).
    pub async fn build(config: Config) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let url = prepare_sqlite_url(&config.database_url)?;
        let db = Db::connect(&url).await?;
        let listener = TcpListener::bind(config.addr).await?;
        let leptos_options = LeptosOptions::builder()
            .output_name("hallway")
            .site_root(config.site_root.clone())
            .site_pkg_dir("pkg")
            .site_addr(listener.local_addr()?)
            .build();
        let state = AppState {
            db,
            settings: Arc::new(Settings {
                secure_cookies: config.secure_cookies,
                allowed_origins: config.allowed_origins.clone(),
            }),
            leptos_options,
        };
        Ok(Self { listener, state })
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The shared state (tests use its database handle).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until the process is stopped (Ctrl-C or SIGTERM).
    pub async fn run(self) -> std::io::Result<()> {
        let app = router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown())
            .await
    }

    /// Serves until `stop` resolves (tests).
    pub async fn run_until(
        self,
        stop: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let app = router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, app)
            .with_graceful_shutdown(stop)
            .await
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
