//! The bundle's files are named by their content: a page names its own build's files, which
//! browsers keep for a year without asking; any other name answers 404.

use crate::helpers::{bundle_paths, TestApp};
use crate::on_both_engines;
use reqwest::header;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `/pkg/hallway.<16 lowercase hex digits>` followed by `tail`.
fn is_hashed(path: &str, tail: &str) -> bool {
    path.strip_prefix("/pkg/hallway.")
        .and_then(|rest| rest.strip_suffix(tail))
        .is_some_and(|hash| {
            hash.len() == 16
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

async fn a_page_names_its_builds_hashed_files_and_browsers_keep_them_a_year(app: TestApp) {
    let html = app.browser().get("/").await.text().await.unwrap();
    let paths = bundle_paths(&html);
    for tail in [".css", ".js", "_bg.wasm"] {
        assert!(
            paths.iter().any(|p| is_hashed(p, tail)),
            "no hashed {tail} in {paths:?}"
        );
    }
    for path in &paths {
        let res = app.browser().get(path).await;
        assert_eq!(res.status().as_u16(), 200, "{path}");
        assert_eq!(res.headers()[header::CACHE_CONTROL], IMMUTABLE, "{path}");
        if path.ends_with(".css") {
            let stylesheet = std::fs::read_to_string("../style/main.css").unwrap();
            assert_eq!(res.text().await.unwrap(), stylesheet, "{path}");
        }
    }
}

async fn names_that_are_not_this_builds_answer_404(app: TestApp) {
    let html = app.browser().get("/").await.text().await.unwrap();
    let script = bundle_paths(&html)
        .into_iter()
        .find(|p| is_hashed(p, ".js"))
        .expect("a hashed script");
    // The same name with every digit of the hash one higher: another build's script.
    let hash = &script["/pkg/hallway.".len()..script.len() - ".js".len()];
    let shifted: String = hash
        .chars()
        .map(|c| std::char::from_digit((c.to_digit(16).unwrap() + 1) % 16, 16).unwrap())
        .collect();
    let other_build = format!("/pkg/hallway.{shifted}.js");
    for path in [
        "/pkg/hallway.css",
        "/pkg/hallway.js",
        "/pkg/hallway_bg.wasm",
        "/pkg/hallway.0000000000000000.js",
        other_build.as_str(),
    ] {
        let res = app.browser().get(path).await;
        assert_eq!(res.status().as_u16(), 404, "{path}");
        assert_ne!(
            res.headers()
                .get(header::CACHE_CONTROL)
                .map(|v| v.to_str().unwrap()),
            Some(IMMUTABLE),
            "{path}"
        );
    }
}

on_both_engines!(
    a_page_names_its_builds_hashed_files_and_browsers_keep_them_a_year,
    names_that_are_not_this_builds_answer_404,
);
