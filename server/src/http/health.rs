//! `GET /healthz`: 200 when the database answers, 503 when it does not.

use app::{db::Engine, state::AppState};
use axum::{extract::State, http::StatusCode, response::IntoResponse, Json};

pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let database = match state.db.engine() {
        Engine::Sqlite => "sqlite",
        Engine::Postgres => "postgres",
    };
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(serde_json::json!({ "status": "ok", "database": database })),
        ),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable", "database": database })),
        ),
    }
}
