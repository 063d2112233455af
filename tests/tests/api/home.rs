//! The organizer's home: their groups, the next events they run with seat counts, and what
//! needs their attention; nothing of it (and no error) for anyone else.

use crate::helpers::TestApp;
use crate::on_both_engines;
use crate::rsvps::{event_with, going, organizer, published};
use crate::talks::{first_format, open_cfp, save};

async fn an_organizers_home_shows_their_groups_next_events_and_what_needs_attention(app: TestApp) {
    let ada = organizer(&app).await;
    let slug = published(&ada, "10").await;
    event_with(
        &ada,
        "Draft night",
        "",
        ("2030-04-05T19:00", "2030-04-05T21:00", ""),
        false,
    )
    .await;
    let bob = app.signed_up("Bob", "bob@example.org").await;
    assert_eq!(going(&bob, &slug, "1").await.status().as_u16(), 200);
    assert_eq!(open_cfp(&ada, &slug, &[]).await.status().as_u16(), 200);
    let bea = app.signed_up("Bea", "bea@example.org").await;
    let format = first_format(&bea, &slug).await;
    let res = save(&bea, &slug, &format, "Async Rust", None, true).await;
    assert_eq!(res.status().as_u16(), 200);

    let home = ada.get("/").await.text().await.unwrap();
    let start = home.find("Your groups").expect("the organizer home");
    let section = &home[start..start + home[start..].find("</section>").unwrap()];
    assert!(section.contains("href=\"/g/rust-berlin\""), "{section}");
    assert!(section.contains("owner"), "{section}");
    assert!(section.contains("2 of 10 seats taken"), "{section}");
    assert!(section.contains("Draft night"), "{section}");
    assert!(section.contains("“Draft night” is a draft"), "{section}");
    assert!(
        section.contains("1 talk for “Rust Meetup” waits for your decision."),
        "{section}"
    );
    assert!(section.contains(&format!("href=\"/e/{slug}/submissions\"")));
    // "My events" shows it too: an organizer's events are not "nothing planned".
    let mine = ada.get("/me/events").await.text().await.unwrap();
    assert!(mine.contains("Next events you run"), "{mine}");

    // People who organize nothing, and visitors, see none of it and cause no error.
    for who in [&bob, &app.browser()] {
        let page = who.get("/").await.text().await.unwrap();
        assert!(!page.contains("Your groups"));
        let res = who.call("organizer_home", &[]).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.text().await.unwrap().trim(), "null");
    }
}

on_both_engines!(an_organizers_home_shows_their_groups_next_events_and_what_needs_attention,);
