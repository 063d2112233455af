//! Events with a face: an organizer's cover image, checked by its content, stripped of what it
//! carries besides the picture, served with the right cache, and removable; without one, a
//! cover drawn in the group's colour (chosen in the group's settings, else one of its own).

use crate::helpers::{tiny_png, TestApp};
use crate::on_both_engines;
use crate::rsvps::{event_with, organizer, published};
use reqwest::header;

async fn an_event_cover_is_checked_stripped_served_and_removed(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "10").await;
    let cover = format!("/e/{slug}/cover");

    // Not an image, whatever its name: refused, field named, nothing stored.
    let res = ada
        .upload(&cover, "cover", "cover.png", b"GIF89a not allowed", true)
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("not a PNG, JPEG or WebP image"), "{body}");
    assert_eq!(app.count("event_cover").await, 0);
    // Without JavaScript the form comes back with the reason next to the field.
    let res = ada
        .upload(&cover, "cover", "cover.png", b"GIF89a not allowed", false)
        .await;
    let to = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert!(
        to.starts_with(&format!("/e/{slug}/edit?cover_error=")),
        "{to}"
    );
    let page = ada.get(&to).await.text().await.unwrap();
    assert!(
        page.contains("id=\"cover-error\""),
        "the reason is on the page"
    );

    // A PNG with a text chunk (a location): stored without it.
    let res = ada
        .upload(&cover, "cover", "cover.png", &tiny_png(true), true)
        .await;
    assert_eq!(res.status().as_u16(), 200, "{}", res.text().await.unwrap());
    let page = app
        .browser()
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    let at = page
        .find(&format!("/e/{slug}/cover?v="))
        .expect("the image on the event page");
    let src = &page[at..at + page[at..].find('"').unwrap()];
    assert!(
        !page.contains("cover-banner cover-drawn"),
        "no drawn cover beside the image"
    );
    let res = app.browser().get(src).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "image/png");
    assert_eq!(
        res.headers()[header::CACHE_CONTROL],
        "public, max-age=86400"
    );
    assert_eq!(res.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\x89PNG"));
    assert!(
        !bytes.windows(8).any(|w| w == b"Location"),
        "the text chunk is gone"
    );
    // The listing shows it as a tile.
    let home = app.browser().get("/").await.text().await.unwrap();
    assert!(
        home.contains("class=\"cover-tile\""),
        "the tile in the listing"
    );

    // A stranger cannot change or remove it.
    let eve = app.signed_up("Eve", "eve@example.org").await;
    let res = eve
        .upload(&cover, "cover", "cover.png", &tiny_png(false), true)
        .await;
    assert_eq!(res.status().as_u16(), 403);
    let res = eve.call("remove_event_cover", &[("event", &slug)]).await;
    assert_eq!(res.status().as_u16(), 403);
    assert_eq!(app.count("event_cover").await, 1);

    // Removed by the organizer: the drawn cover is back and the image is gone.
    let res = ada.call("remove_event_cover", &[("event", &slug)]).await;
    assert_eq!(
        res.headers()[header::LOCATION],
        format!("/e/{slug}/edit?saved=cover_removed#cover").as_str()
    );
    assert_eq!(app.count("event_cover").await, 0);
    let page = app
        .browser()
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("cover-banner cover-drawn"));
    assert_eq!(app.browser().get(src).await.status().as_u16(), 404);
}

async fn a_drafts_cover_is_for_its_organizers_only(app: TestApp) {
    let ada = organizer(&app).await;
    let draft = event_with(
        &ada,
        "Draft night",
        "",
        ("2030-04-05T19:00", "2030-04-05T21:00", ""),
        false,
    )
    .await;
    let cover = format!("/e/{draft}/cover");
    let res = ada
        .upload(&cover, "cover", "c.png", &tiny_png(false), true)
        .await;
    assert_eq!(res.status().as_u16(), 200);
    let res = ada.get(&cover).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()[header::CACHE_CONTROL], "private, no-store");
    assert_eq!(app.browser().get(&cover).await.status().as_u16(), 404);
}

async fn a_groups_colour_paints_the_covers_of_its_events(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "10").await;
    // Until chosen: a colour of its own, dark enough for white text.
    let own = app::colour::Colour::default_for("rust-berlin").hex();
    let page = ada.get(&format!("/e/{slug}")).await.text().await.unwrap();
    assert!(
        page.contains(&format!("--cover: {own}; --cover-ink: #ffffff")),
        "{own}"
    );
    let details = |colour: &'static str| {
        [
            ("group", "rust-berlin"),
            ("name", "Rust Berlin"),
            ("description", "We meet monthly."),
            ("website", ""),
            ("city", "Berlin"),
            ("time_zone", "Europe/Berlin"),
            ("colour", colour),
        ]
    };
    // A bad colour is refused by the field, and nothing changes.
    let res = ada.call("update_group", &details("red")).await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.unwrap().contains("#RRGGBB"));
    // A light colour gets dark text.
    let res = ada.call("update_group", &details("#FDE047")).await;
    assert_eq!(res.status().as_u16(), 200);
    let page = app
        .browser()
        .get(&format!("/e/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("--cover: #fde047; --cover-ink: #111111"));
    let settings = ada
        .get("/g/rust-berlin/settings")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        settings.contains("value=\"#fde047\""),
        "the settings show the colour"
    );
}

on_both_engines!(
    an_event_cover_is_checked_stripped_served_and_removed,
    a_drafts_cover_is_for_its_organizers_only,
    a_groups_colour_paints_the_covers_of_its_events,
);
