//! The database handle: one pool for SQLite or PostgreSQL, chosen at run time by URL.
//!
//! Queries use `$1` placeholders and plain column types (BIGINT ids and Unix-second
//! instants, TEXT, INTEGER flags) so the same SQL runs on both engines through `sqlx::Any`.

use crate::error::AppResult;
use sqlx::{
    any::AnyPoolOptions,
    migrate::{MigrateDatabase, Migrator},
    Any, AnyPool, Executor,
};
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

/// Which engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The shared connection pool.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    /// SQLite only: the one connection write transactions use. SQLite has one writer at a
    /// time anyway; queueing writers in the pool (first come, first served) instead of in
    /// SQLite's busy handler (which sleeps up to 100 ms per retry and lets newcomers jump the
    /// queue) keeps the slowest writes fast. See docs/benchmarks.md.
    writer: Option<AnyPool>,
    engine: Engine,
}

/// A transaction owned by a use case.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`), creating the SQLite file or the
    /// PostgreSQL database if needed, and runs the engine's migrations.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let engine = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Engine::Postgres
        } else {
            Engine::Sqlite
        };
        if engine == Engine::Postgres && !Any::database_exists(url).await? {
            Any::create_database(url).await?;
        }
        let writer = match engine {
            Engine::Sqlite => Some(Self::pool_options(engine, 1, false).connect(url).await?),
            Engine::Postgres => None,
        };
        let connections = if engine == Engine::Sqlite { 8 } else { 16 };
        let pool = Self::pool_options(engine, connections, true)
            .connect(url)
            .await?;
        let db = Self {
            pool,
            writer,
            engine,
        };
        db.migrate().await?;
        Ok(db)
    }

    /// On SQLite the reading pool is `query_only`: a write sent to it outside
    /// [`Db::begin_write`] or [`Db::writer`] fails at once instead of fighting the writer for
    /// the lock in SQLite's busy handler (where it made every queued write wait; see
    /// docs/benchmarks.md).
    fn pool_options(engine: Engine, connections: u32, reads_only: bool) -> AnyPoolOptions {
        let options = AnyPoolOptions::new()
            .max_connections(connections)
            .acquire_timeout(Duration::from_secs(10));
        match engine {
            // WAL lets readers run beside the one writer; the busy timeout makes writers queue
            // instead of failing; `synchronous = full` syncs the WAL at every commit, so a
            // change that was answered with success survives a crash or power loss (`normal`
            // could lose the last commits on power loss). sqlx turns foreign keys on by default.
            Engine::Sqlite => options.after_connect(move |conn, _meta| {
                Box::pin(async move {
                    conn.execute("pragma journal_mode = wal; pragma busy_timeout = 5000; pragma synchronous = full;")
                        .await?;
                    if reads_only {
                        conn.execute("pragma query_only = 1;").await?;
                    }
                    Ok(())
                })
            }),
            Engine::Postgres => options,
        }
    }

    async fn migrate(&self) -> Result<(), sqlx::Error> {
        let migrator = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(self.writer()).await?;
        self.hash_old_links().await
    }

    /// Moves personal-link tokens stored in plain text by versions before migration 0018 into
    /// the hashed link tables, and empties the old places; links already mailed keep working.
    /// Does nothing once they are empty.
    async fn hash_old_links(&self) -> Result<(), sqlx::Error> {
        use crate::tokens::hash;
        let manage: Vec<(i64, String, i64)> = sqlx::query_as(
            "select rsvp_id, manage_token, created_at from rsvp where manage_token is not null",
        )
        .fetch_all(&self.pool)
        .await?;
        let unsubscribe: Vec<(i64, String, i64)> = sqlx::query_as(
            "select account_id, unsubscribe_token, created_at from account
             where unsubscribe_token is not null",
        )
        .fetch_all(&self.pool)
        .await?;
        let feeds: Vec<(i64, String, i64)> =
            sqlx::query_as("select account_id, token, created_at from feed_token")
                .fetch_all(&self.pool)
                .await?;
        if manage.is_empty() && unsubscribe.is_empty() && feeds.is_empty() {
            return Ok(());
        }
        // Several instances may start at once: whoever comes second inserts nothing new.
        let mut tx = match &self.writer {
            Some(writer) => writer.begin_with("begin immediate").await?,
            None => self.pool.begin().await?,
        };
        for (table, owner, rows) in [
            ("rsvp_link", "rsvp_id", &manage),
            ("unsubscribe_link", "account_id", &unsubscribe),
            ("feed_link", "account_id", &feeds),
        ] {
            for (id, token, created_at) in rows {
                sqlx::query(&format!(
                    "insert into {table} (token_hash, {owner}, created_at) values ($1, $2, $3)
                     on conflict do nothing"
                ))
                .bind(hash(token))
                .bind(id)
                .bind(created_at)
                .execute(&mut *tx)
                .await?;
            }
        }
        sqlx::query("update rsvp set manage_token = null where manage_token is not null")
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "update account set unsubscribe_token = null where unsubscribe_token is not null",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query("delete from feed_token")
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    /// The pool, for reads outside a transaction.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Where a single write outside a transaction goes (mail the worker marks sent, a sign-in
    /// attempt counted): on SQLite the writer, so it queues with the write transactions.
    pub fn writer(&self) -> &AnyPool {
        self.writer.as_ref().unwrap_or(&self.pool)
    }

    /// Closes every connection (the writer's too).
    pub async fn close(&self) {
        self.pool.close().await;
        if let Some(writer) = &self.writer {
            writer.close().await;
        }
    }

    /// The engine behind this pool.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a read-then-write cannot fail halfway on a lock upgrade.
    pub async fn begin_write(&self) -> AppResult<Tx> {
        let tx = match (&self.writer, self.engine) {
            (Some(writer), _) => writer.begin_with("begin immediate").await?,
            (None, Engine::Sqlite) => self.pool.begin_with("begin immediate").await?,
            (None, Engine::Postgres) => self.pool.begin().await?,
        };
        Ok(tx)
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> AppResult<()> {
        sqlx::query("select 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// Seconds since the Unix epoch, the way instants are stored.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// True when `error` is a unique-constraint violation on `constraint` (index or column
/// name as each engine reports it).
/// For `map_err`: a unique-constraint violation on `needle` becomes `conflict()` (the
/// sentence the person sees next to the field), any other error stays what it is.
pub fn unique_as(
    needle: &'static str,
    conflict: impl FnOnce() -> crate::error::AppError,
) -> impl FnOnce(sqlx::Error) -> crate::error::AppError {
    move |error| {
        if is_unique_violation(&error, needle) {
            conflict()
        } else {
            error.into()
        }
    }
}

pub fn is_unique_violation(error: &sqlx::Error, needle: &str) -> bool {
    match error {
        sqlx::Error::Database(db) => {
            db.is_unique_violation()
                && (db.constraint().is_some_and(|c| c.contains(needle))
                    || db.message().contains(needle))
        }
        _ => false,
    }
}
