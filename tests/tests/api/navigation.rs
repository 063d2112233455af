//! Page changes without a reload (`app/src/navigation.js`): the script's requests get the same
//! answers as a browser without JavaScript, except that a redirect comes back as `204` naming
//! its target, fragment included, so the script can follow it itself.

use crate::helpers::{TestApp, PASSWORD};
use crate::on_both_engines;
use reqwest::header;

const NAVIGATION: &str = "hallway-navigation";
const TARGET: &str = "hallway-location";

async fn a_form_posted_by_the_navigation_script_names_where_the_redirect_goes(app: TestApp) {
    let browser = app.browser();
    let fields = [
        ("__action", "/api/sign_up"),
        ("display_name", "Grace"),
        ("email", "grace@example.org"),
        ("password", PASSWORD),
        ("next", ""),
    ];
    let res = browser
        .client
        .post(browser.url("/signup"))
        .header(header::ORIGIN, &browser.address)
        .header(NAVIGATION, "1")
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 204);
    assert_eq!(res.headers()[TARGET], "/?signed_up=1");
    assert!(
        !res.headers().contains_key(header::LOCATION),
        "fetch would follow it"
    );
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    // The change is made, and the session cookie comes with the answer.
    assert!(browser.session_cookie(&res).await.is_some());
    let home = browser.get("/?signed_up=1").await.text().await.unwrap();
    assert!(home.contains("Signed in as"), "not signed in");
}

async fn a_page_that_redirects_names_its_target_to_the_script_and_redirects_everyone_else(
    app: TestApp,
) {
    let browser = app.browser();
    let plain = browser.get("/account").await;
    assert!(plain.status().is_redirection());
    let location = plain.headers()[header::LOCATION].clone();
    assert!(location.to_str().unwrap().starts_with("/login"));
    let scripted = browser
        .client
        .get(browser.url("/account"))
        .header(NAVIGATION, "1")
        .send()
        .await
        .unwrap();
    assert_eq!(scripted.status().as_u16(), 204, "{:?}", scripted.headers());
    assert_eq!(scripted.headers()[TARGET], location);
}

async fn a_refused_form_posted_by_the_navigation_script_comes_back_as_the_page_with_its_error(
    app: TestApp,
) {
    let browser = app.browser();
    let res = browser
        .client
        .post(browser.url("/signup"))
        .header(header::ORIGIN, &browser.address)
        .header(NAVIGATION, "1")
        .form(&[
            ("__action", "/api/sign_up"),
            ("display_name", "Grace"),
            ("email", "grace@"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    assert!(!res.headers().contains_key(TARGET));
    let html = res.text().await.unwrap();
    assert!(html.contains("Enter an email address like name@example.org."));
    assert!(html.contains(r#"value="grace@""#), "typed email not kept");
    assert_eq!(app.count("account").await, 0);
}

async fn every_page_loads_the_navigation_script_named_by_its_content(app: TestApp) {
    let browser = app.browser();
    let html = browser.get("/").await.text().await.unwrap();
    let path = html
        .split("<script src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("no script loaded by address");
    assert!(
        path.starts_with("/pkg/hallway.") && path.ends_with("_nav.js"),
        "{path}"
    );
    let res = browser.get(path).await;
    assert_eq!(res.status().as_u16(), 200);
    assert!(res.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert!(res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let script = res.text().await.unwrap();
    assert!(script.contains("Hallway-Navigation"), "not the script");
    assert!(!script.contains("\n//"), "comments sent");
}

on_both_engines!(
    a_form_posted_by_the_navigation_script_names_where_the_redirect_goes,
    a_page_that_redirects_names_its_target_to_the_script_and_redirects_everyone_else,
    a_refused_form_posted_by_the_navigation_script_comes_back_as_the_page_with_its_error,
    every_page_loads_the_navigation_script_named_by_its_content,
);
