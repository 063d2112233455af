//! The bundle's files under `/pkg`: which build's files the pages name, and how long browsers
//! may keep them. `scripts/build.sh` names each file by a hash of the bundle's content
//! (`hallway.<16 hex digits>.js`, `…_bg.wasm`, `….css`); such a file never changes, so it is
//! served as immutable for a year, and a page of another build names other files.

use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    middleware::Next,
    response::Response,
};
use std::path::Path;

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
/// `.css`, `_bg.wasm` or a `.gz` of them.
fn content_hash(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("hallway.")?;
    let hash = rest.get(..HASH_LEN)?;
    let tail = &rest[HASH_LEN..];
    let hex = hash
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    (hex && (tail.is_empty() || tail.starts_with('.') || tail.starts_with("_bg."))).then_some(hash)
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
}
