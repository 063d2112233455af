//! The bundle's files under `/pkg`: which build's files the pages name, and how long browsers
//! may keep them. `scripts/build.sh` names each file by a hash of the bundle's content
//! (`hallway.<16 hex digits>.js`, `…_bg.wasm`, `….css`); such a file never changes, so it is
//! served as immutable for a year, and a page of another build names other files. The files
//! come from the binary itself when the build embedded them (`server/build.rs`), so one file
//! serves the whole site.

use axum::{
    body::{Body, Bytes},
    extract::Request,
    http::{header, HeaderMap, HeaderValue, StatusCode, Uri},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// The length of the content hash in a bundle file's name.
const HASH_LEN: usize = 16;

/// The bundle's name in `pkg`, hash included (`hallway.0123456789abcdef`), for Leptos's
/// `output_name`: the newest build's if several are there. Plain `hallway` when no file is
/// named by its content (a bundle built another way, say by `cargo leptos`).
pub fn bundle_name(pkg: &Path) -> String {
    let newest = std::fs::read_dir(pkg)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".js")?;
            content_hash(stem)?;
            let modified = entry.metadata().and_then(|m| m.modified()).ok()?;
            Some((modified, stem.to_owned()))
        })
        .max();
    newest.map_or_else(|| "hallway".to_owned(), |(_, stem)| stem)
}

/// The content hash in a bundle file's name, if it has one: `hallway.<hash>`, then `.js`,
/// `.css`, `_bg.wasm`, `_nav.js` (the page-change script) or a `.gz` of them.
fn content_hash(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("hallway.")?;
    let hash = rest.get(..HASH_LEN)?;
    let tail = &rest[HASH_LEN..];
    let hex = hash
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let known = tail.is_empty()
        || tail.starts_with('.')
        || tail.starts_with("_bg.")
        || tail.starts_with("_nav.");
    (hex && known).then_some(hash)
}

/// Files named by their content are kept a year without asking again; anything else under
/// `/pkg` is checked with the server each time.
pub async fn caching(req: Request, next: Next) -> Response {
    let file = req.uri().path().rsplit('/').next().unwrap_or_default();
    let immutable = content_hash(file).is_some();
    let mut res = next.run(req).await;
    if res.status() == StatusCode::OK || res.status() == StatusCode::NOT_MODIFIED {
        let rule = if immutable {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(rule));
    }
    res
}

/// The site's files as the build embedded them (`server/build.rs`), sorted by path.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/site.rs"));
}

/// Whether the site is served from the binary's own copy: when the build embedded one and
/// `HALLWAY_SITE_ROOT` does not name a folder to serve instead.
pub fn embedded_site() -> bool {
    !embedded::FILES.is_empty() && std::env::var_os("HALLWAY_SITE_ROOT").is_none()
}

/// The bundle's name (see [`bundle_name`]) from the embedded files or from `site_root`.
pub fn site_bundle_name(site_root: &str) -> String {
    if embedded_site() {
        let embedded = embedded::FILES.iter().find_map(|(path, _)| {
            let stem = path.strip_prefix("/pkg/")?.strip_suffix(".js")?;
            content_hash(stem).map(|_| stem.to_owned())
        });
        if let Some(name) = embedded {
            return name;
        }
    }
    bundle_name(&Path::new(site_root).join("pkg"))
}

/// `/pkg/…` and `/favicon.svg`: from the binary's own copy, or from `site_root` on disk. A
/// gzip copy goes to browsers that take gzip, as it is.
pub fn routes<S: Clone + Send + Sync + 'static>(site_root: &str) -> Router<S> {
    if embedded_site() {
        return Router::new()
            .route(
                "/pkg/{file}",
                get(embedded_file).layer(middleware::from_fn(caching)),
            )
            .route("/favicon.svg", get(embedded_file));
    }
    Router::new()
        .nest_service(
            "/pkg",
            tower::ServiceBuilder::new()
                .layer(middleware::from_fn(caching))
                .service(ServeDir::new(format!("{site_root}/pkg")).precompressed_gzip()),
        )
        .route_service(
            "/favicon.svg",
            ServeFile::new(format!("{site_root}/favicon.svg")),
        )
}

fn find(path: &str) -> Option<&'static [u8]> {
    let files = embedded::FILES;
    files
        .binary_search_by(|(name, _)| (*name).cmp(path))
        .ok()
        .map(|i| files[i].1)
}

async fn embedded_file(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    let Some(plain) = find(path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let gzip = find(&format!("{path}.gz"));
    let sent_gzip = gzip.filter(|_| super::negotiate::accepts_gzip(&headers));
    let mut response = Response::new(Body::from(Bytes::from_static(sent_gzip.unwrap_or(plain))));
    let out = response.headers_mut();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media_type(path)),
    );
    if gzip.is_some() {
        out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if sent_gzip.is_some() {
        out.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    response
}

fn media_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_that_carry_a_content_hash_count_as_hashed() {
        assert_eq!(
            content_hash("hallway.0123456789abcdef.js"),
            Some("0123456789abcdef")
        );
        assert!(content_hash("hallway.0123456789abcdef_bg.wasm.gz").is_some());
        assert!(content_hash("hallway.0123456789abcdef.css").is_some());
        assert!(content_hash("hallway.0123456789abcdef_nav.js").is_some());
        assert!(content_hash("hallway.0123456789abcdef_nav").is_none());
        assert!(content_hash("hallway.js").is_none());
        assert!(content_hash("hallway_bg.wasm").is_none());
        assert!(content_hash("hallway.0123456789ABCDEF.js").is_none());
        assert!(content_hash("hallway.0123456789abcdeg.js").is_none());
        assert!(content_hash("hallway.0123456789abcdef0.js").is_none());
        assert!(content_hash("other.0123456789abcdef.js").is_none());
    }

    #[test]
    fn the_newest_hashed_bundle_names_the_files_and_a_plain_build_keeps_its_name() {
        let dir = std::env::temp_dir().join(format!("hallway-bundle-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(bundle_name(&dir), "hallway");
        std::fs::write(dir.join("hallway.js"), "plain").unwrap();
        assert_eq!(bundle_name(&dir), "hallway");
        std::fs::write(dir.join("hallway.00000000000000aa.js"), "old").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.join("hallway.00000000000000bb.js"), "new").unwrap();
        std::fs::write(dir.join("hallway.00000000000000bb.js.gz"), "new").unwrap();
        assert_eq!(bundle_name(&dir), "hallway.00000000000000bb");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn embedded_files_are_served_by_what_they_are() {
        assert_eq!(
            media_type("/pkg/hallway.0123456789abcdef_bg.wasm"),
            "application/wasm"
        );
        assert_eq!(
            media_type("/pkg/hallway.0123456789abcdef.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(media_type("/favicon.svg"), "image/svg+xml");
        let mut paths: Vec<&str> = embedded::FILES.iter().map(|(path, _)| *path).collect();
        let listed = paths.clone();
        paths.sort_unstable();
        assert_eq!(paths, listed, "sorted, for the binary search");
        for (path, body) in embedded::FILES {
            assert_eq!(find(path), Some(*body), "{path}");
        }
    }
}
