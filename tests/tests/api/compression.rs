//! Answers are compressed for clients that ask: pages on the fly (brotli, else gzip),
//! the bundle as the gzip copy the build wrote beside it; decoded, the bytes are the same.

use crate::helpers::TestApp;
use crate::on_both_engines;
use reqwest::{header, Response};
use std::io::Read;

async fn get(app: &TestApp, path: &str, encoding: Option<&str>) -> Response {
    let mut request = reqwest::Client::new().get(format!("{}{path}", app.address));
    if let Some(encoding) = encoding {
        request = request.header(header::ACCEPT_ENCODING, encoding);
    }
    request.send().await.expect("GET")
}

fn encoding_of(res: &Response) -> Option<String> {
    res.headers()
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap().to_owned())
}

fn decode(encoding: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        "gzip" => flate2::read::GzDecoder::new(bytes).read_to_end(&mut out),
        "br" => brotli_decompressor::Decompressor::new(bytes, 4096).read_to_end(&mut out),
        other => panic!("unexpected encoding {other}"),
    }
    .unwrap();
    out
}

/// A page's body with its per-answer script nonce (from its Content-Security-Policy) blanked.
async fn page_without_nonce(res: Response, encoding: Option<&str>) -> String {
    let policy = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a script nonce")
        .to_owned();
    let bytes = res.bytes().await.unwrap();
    let body = match encoding {
        Some(encoding) => decode(encoding, &bytes),
        None => bytes.to_vec(),
    };
    String::from_utf8(body).unwrap().replace(&nonce, "NONCE")
}

async fn pages_and_the_bundle_are_compressed_for_clients_that_ask_and_decode_unchanged(
    app: TestApp,
) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Rust Berlin", "rust-berlin").await;
    let page = "/g/rust-berlin";

    // Without Accept-Encoding, nothing is compressed.
    let plain = get(&app, page, None).await;
    assert_eq!(plain.status().as_u16(), 200);
    assert_eq!(encoding_of(&plain), None);
    let plain = page_without_nonce(plain, None).await;
    assert!(plain.contains("Rust Berlin"));

    // What a browser sends gets brotli; a client that takes only gzip gets gzip. Decoded, the
    // page is the same, and caches are told the answer depends on Accept-Encoding.
    for (asks, gets) in [("gzip, deflate, br, zstd", "br"), ("gzip", "gzip")] {
        let res = get(&app, page, Some(asks)).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(encoding_of(&res).as_deref(), Some(gets), "{asks}");
        let vary: Vec<_> = res.headers().get_all(header::VARY).iter().collect();
        assert!(
            vary.iter().any(|v| v
                .to_str()
                .unwrap()
                .to_ascii_lowercase()
                .contains("accept-encoding")),
            "{vary:?}"
        );
        assert_eq!(page_without_nonce(res, Some(gets)).await, plain, "{asks}");
    }

    // The bundle: the gzip copy the build wrote is served as it is and decodes to the file.
    let page = get(&app, "/", None).await.text().await.unwrap();
    let stylesheet = crate::helpers::stylesheet_path(&page);
    let css = std::fs::read(format!("../target/site{stylesheet}")).unwrap();
    let res = get(&app, &stylesheet, Some("gzip, br")).await;
    assert_eq!(encoding_of(&res).as_deref(), Some("gzip"));
    assert_eq!(decode("gzip", &res.bytes().await.unwrap()), css);
    let res = get(&app, &stylesheet, None).await;
    assert_eq!(encoding_of(&res), None);
    assert_eq!(res.bytes().await.unwrap().to_vec(), css);
}

on_both_engines!(pages_and_the_bundle_are_compressed_for_clients_that_ask_and_decode_unchanged);
