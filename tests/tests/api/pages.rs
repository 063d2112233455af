//! Pages, health, the Origin check and headers.

use crate::helpers::TestApp;
use crate::on_both_engines;

async fn health_reports_the_database(app: TestApp) {
    let res = app.browser().get("/healthz").await;
    assert_eq!(res.status().as_u16(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert!(body["database"] == "sqlite" || body["database"] == "postgres");
}

async fn unknown_pages_get_a_404_page(app: TestApp) {
    let res = app.browser().get("/no/such/page").await;
    assert_eq!(res.status().as_u16(), 404);
    assert!(res.text().await.unwrap().contains("Page not found"));
    let res = app.browser().get("/g/no-such-group").await;
    assert_eq!(res.status().as_u16(), 404);
}

async fn public_pages_render_with_security_headers(app: TestApp) {
    for path in ["/", "/signup", "/login"] {
        let res = app.browser().get(path).await;
        assert_eq!(res.status().as_u16(), 200, "{path}");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert_eq!(res.headers()["x-frame-options"], "DENY");
        let html = res.text().await.unwrap();
        assert!(html.contains("<html lang=\"en\""), "{path}");
        assert!(
            crate::helpers::bundle_paths(&html)
                .iter()
                .any(|p| p.starts_with("/pkg/hallway.") && p.ends_with(".js")),
            "{path} does not load the app script"
        );
    }
}

async fn state_changing_requests_from_another_site_are_refused(app: TestApp) {
    let browser = app.browser();
    let res = browser
        .client
        .post(browser.url("/api/sign_up"))
        .header("origin", "http://evil.example")
        .form(&[
            ("display_name", "Eve"),
            ("email", "eve@example.org"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let res = browser
        .client
        .post(browser.url("/signup"))
        .header("referer", "http://evil.example/page")
        .form(&[
            ("__action", "/api/sign_up"),
            ("display_name", "Eve"),
            ("email", "eve@example.org"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    assert_eq!(app.count("account").await, 0);
}

async fn a_form_post_without_an_action_is_a_400(app: TestApp) {
    let browser = app.browser();
    let res = browser
        .client
        .post(browser.url("/signup"))
        .header("origin", &browser.address)
        .form(&[("email", "x@example.org")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let res = browser.call("sign_up", &[("email", "x@example.org")]).await;
    assert_eq!(res.status().as_u16(), 400, "missing fields");
}

on_both_engines!(
    health_reports_the_database,
    unknown_pages_get_a_404_page,
    public_pages_render_with_security_headers,
    state_changing_requests_from_another_site_are_refused,
    a_form_post_without_an_action_is_a_400,
);
