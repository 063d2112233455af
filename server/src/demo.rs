//! `hallway seed-demo`: a realistic demo, made through the same HTTP endpoints the pages use
//! (so every rule applies): two groups, a monthly meetup series with a waitlist, a one-day
//! mini-conference with a call for papers, reviewed and confirmed talks, a published two-room
//! schedule, sponsors in three tiers with logos, and attendees. Runs once: a second run finds
//! the demo group and changes nothing.

use crate::http::router;
use app::{db::Db, state::AppState};
use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{header, Request},
    Router,
};
use chrono::{Datelike, Duration, NaiveDate, Utc, Weekday};
use std::net::SocketAddr;
use tower::Service;

/// The demo organizer's sign-in.
pub const DEMO_EMAIL: &str = "olga@demo.hallway.example";
pub const DEMO_PASSWORD: &str = "hallway-demo";
/// The demo group's address.
pub const DEMO_GROUP: &str = "rust-berlin-demo";

/// What was made, for the person who ran it.
#[derive(Debug)]
pub struct Seeded {
    pub already: bool,
    pub meetup: String,
    pub conference: String,
}

struct Client {
    router: Router,
}

struct Answer {
    location: Option<String>,
}

impl Client {
    async fn post(
        &mut self,
        session: &str,
        function: &str,
        fields: &[(&str, &str)],
    ) -> Result<Answer, String> {
        let body = serde_urlencoded::to_string(fields).map_err(|e| e.to_string())?;
        let request = Request::builder()
            .method("POST")
            .uri(format!("/api/{function}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::COOKIE, format!("hallway_session={session}"))
            .body(Body::from(body))
            .map_err(|e| e.to_string())?;
        self.send(request, function).await
    }

    async fn multipart(
        &mut self,
        session: &str,
        path: &str,
        field: &str,
        name: &str,
        bytes: &[u8],
    ) -> Result<Answer, String> {
        let boundary = "hallwaydemoboundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::builder()
            .method("POST")
            .uri(path)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .header(header::ACCEPT, "application/json")
            .header(header::COOKIE, format!("hallway_session={session}"))
            .body(Body::from(body))
            .map_err(|e| e.to_string())?;
        self.send(request, path).await
    }

    async fn send(&mut self, mut request: Request<Body>, what: &str) -> Result<Answer, String> {
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 0))));
        // Signed-in changes must say where they come from, as a browser's do.
        let headers = request.headers_mut();
        headers.insert(
            header::HOST,
            header::HeaderValue::from_static("demo.invalid"),
        );
        headers.insert(
            header::ORIGIN,
            header::HeaderValue::from_static("http://demo.invalid"),
        );
        let response = self
            .router
            .call(request)
            .await
            .map_err(|e| format!("{what}: {e}"))?;
        let status = response.status();
        let location = response
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .map_err(|e| format!("{what}: {e}"))?;
        if !(status.is_success() || status.is_redirection()) {
            return Err(format!(
                "{what} answered {status}: {}",
                String::from_utf8_lossy(&bytes)
            ));
        }
        Ok(Answer { location })
    }
}

/// Accounts made straight in the database, each with a session to act through.
async fn account(db: &Db, email: &str, name: &str, hash: &str) -> Result<(i64, String), String> {
    let now = app::db::now();
    let account_id: i64 = sqlx::query_scalar(
        "insert into account (email, display_name, password_hash, email_confirmed_at, created_at, updated_at)
         values ($1, $2, $3, $4, $4, $4) returning account_id",
    )
    .bind(email)
    .bind(name)
    .bind(hash)
    .bind(now)
    .fetch_one(db.writer())
    .await
    .map_err(|e| format!("account {email}: {e}"))?;
    let token = app::accounts::session::random_token(32).map_err(|e| e.to_string())?;
    sqlx::query("insert into user_session (session_id, account_id, created_at, expires_at) values ($1, $2, $3, $4)")
        .bind(app::accounts::session::session_id(&token))
        .bind(account_id)
        .bind(now)
        .bind(now + 3600)
        .execute(db.writer())
        .await
        .map_err(|e| format!("session of {email}: {e}"))?;
    Ok((account_id, token))
}

async fn id_of(db: &Db, sql: &str, key: &str) -> Result<String, String> {
    let id: i64 = sqlx::query_scalar(sql)
        .bind(key)
        .fetch_one(db.pool())
        .await
        .map_err(|e| format!("{sql} ({key}): {e}"))?;
    Ok(id.to_string())
}

fn slug_of(answer: &Answer) -> Result<String, String> {
    answer
        .location
        .as_deref()
        .and_then(|l| l.strip_prefix("/e/"))
        .map(|s| s.split(['?', '#']).next().unwrap_or(s).to_owned())
        .ok_or_else(|| "create_event gave no address".to_owned())
}

/// The first `weekday` on or after `from`.
fn next(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Duration::days(i64::from(ahead))
}

fn logo(text: &str, colour: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 240 80\" width=\"240\" height=\"80\"><rect width=\"240\" height=\"80\" rx=\"12\" fill=\"{colour}\"/><text x=\"120\" y=\"50\" font-family=\"sans-serif\" font-size=\"28\" font-weight=\"700\" fill=\"#ffffff\" text-anchor=\"middle\">{text}</text></svg>"
    )
}

/// Seeds the demo into the database of `state` (already migrated).
pub async fn seed(state: AppState) -> Result<Seeded, String> {
    let db = state.db.clone();
    let exists: i64 = sqlx::query_scalar("select count(*) from meetup_group where slug = $1")
        .bind(DEMO_GROUP)
        .fetch_one(db.pool())
        .await
        .map_err(|e| e.to_string())?;
    let conference_slug: Option<String> =
        sqlx::query_scalar("select e.slug from event e join meetup_group g on g.group_id = e.group_id where g.slug = $1 and e.format = 'conference'")
            .bind(DEMO_GROUP)
            .fetch_optional(db.pool())
            .await
            .map_err(|e| e.to_string())?;
    if exists > 0 {
        let meetup: Option<String> = sqlx::query_scalar(
            "select e.slug from event e join meetup_group g on g.group_id = e.group_id where g.slug = $1 and e.format = 'meetup' order by e.starts_at limit 1",
        )
        .bind(DEMO_GROUP)
        .fetch_optional(db.pool())
        .await
        .map_err(|e| e.to_string())?;
        return Ok(Seeded {
            already: true,
            meetup: meetup.unwrap_or_default(),
            conference: conference_slug.unwrap_or_default(),
        });
    }
    let mut http = Client {
        router: router(state),
    };
    let hash = app::accounts::service::hash_password(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|e| e.to_string())?;
    let (olga_id, olga) = account(&db, DEMO_EMAIL, "Olga Organizer", &hash).await?;
    // The demo's organizer is its admin, so no stranger's sign-up can be made one.
    sqlx::query("update account set is_admin = 1 where account_id = $1")
        .bind(olga_id)
        .execute(db.writer())
        .await
        .map_err(|e| format!("making the demo organizer an admin: {e}"))?;
    let mut speakers = Vec::new();
    for (email, name) in [
        ("mara@demo.hallway.example", "Mara Speaker"),
        ("tomas@demo.hallway.example", "Tomás Speaker"),
        ("yuki@demo.hallway.example", "Yuki Speaker"),
    ] {
        speakers.push(account(&db, email, name, "!").await?.1);
    }
    let mut people = Vec::new();
    for i in 1..=30 {
        people.push(
            account(
                &db,
                &format!("guest{i}@demo.hallway.example"),
                &format!("Guest {i}"),
                "!",
            )
            .await?
            .1,
        );
    }

    for (name, slug, blurb) in [
        (
            "Rust Berlin (demo)",
            DEMO_GROUP,
            "We meet every month to talk Rust: talks, lightning talks and pizza.",
        ),
        (
            "Berlin.js (demo)",
            "berlin-js-demo",
            "JavaScript and the web, monthly in Kreuzberg.",
        ),
    ] {
        http.post(
            &olga,
            "create_group",
            &[
                ("name", name),
                ("slug", slug),
                ("description", blurb),
                ("website", ""),
                ("city", "Berlin"),
                ("time_zone", "Europe/Berlin"),
            ],
        )
        .await?;
    }

    // The monthly meetup: capacity 20, 24 people answering (4 wait).
    let today = Utc::now().date_naive();
    let meetup_day = next(today + Duration::days(10), Weekday::Tue);
    let start = format!("{meetup_day}T19:00");
    let end = format!("{meetup_day}T21:30");
    let answer = http
        .post(
            &olga,
            "create_event",
            &[
                ("group", DEMO_GROUP),
                ("title", "Rust Berlin Meetup"),
                ("format", "meetup"),
                ("time_zone", "Europe/Berlin"),
                ("start", &start),
                ("end", &end),
                ("venue_name", "c-base"),
                ("venue_address", "Rungestraße 20, 10179 Berlin"),
                ("capacity", "20"),
                (
                    "description",
                    "Two talks, lightning talks and pizza. Newcomers welcome!",
                ),
            ],
        )
        .await?;
    let meetup = slug_of(&answer)?;
    http.post(&olga, "publish_event", &[("event", &meetup)])
        .await?;
    http.post(
        &olga,
        "repeat_event",
        &[("event", &meetup), ("repeat", "monthly"), ("count", "2")],
    )
    .await?;
    let series: Vec<String> = sqlx::query_scalar(
        "select e.slug from event e join meetup_group g on g.group_id = e.group_id where g.slug = $1 and e.status = 'draft'",
    )
    .bind(DEMO_GROUP)
    .fetch_all(db.pool())
    .await
    .map_err(|e| e.to_string())?;
    for slug in &series {
        http.post(&olga, "publish_event", &[("event", slug)])
            .await?;
    }
    for person in people.iter().take(24) {
        http.post(
            person,
            "rsvp_going",
            &[("event", &meetup), ("plus_ones", "0")],
        )
        .await?;
    }

    // The mini-conference: one day, a call for papers, reviews, a schedule, sponsors.
    let conf_day = next(today + Duration::days(40), Weekday::Sat);
    let (start, end) = (format!("{conf_day}T09:00"), format!("{conf_day}T18:00"));
    let answer = http
        .post(
            &olga,
            "create_event",
            &[
                ("group", DEMO_GROUP),
                ("title", "RustFest Mini"),
                ("format", "conference"),
                ("time_zone", "Europe/Berlin"),
                ("start", &start),
                ("end", &end),
                ("venue_name", "Festsaal Kreuzberg"),
                ("venue_address", "Am Flutgraben 2, 12435 Berlin"),
                ("capacity", "120"),
                (
                    "description",
                    "A one-day, two-room Rust conference run by the community.",
                ),
            ],
        )
        .await?;
    let conference = slug_of(&answer)?;
    http.post(&olga, "publish_event", &[("event", &conference)])
        .await?;
    let closes = format!("{}T23:59", conf_day - Duration::days(14));
    http.post(
        &olga,
        "save_cfp",
        &[
            ("event", &conference),
            ("closes", &closes),
            ("is_public", "on"),
            ("max_per_speaker", "3"),
            ("formats", "Talk, 30\nLightning talk, 10"),
            ("tracks", "Web\nSystems"),
            (
                "guidelines",
                "Tell us what you learned. First-time speakers are very welcome.",
            ),
        ],
    )
    .await?;
    let format_id = id_of(&db, "select f.format_id from session_format f join event e on e.event_id = f.event_id where e.slug = $1 and f.minutes = 30", &conference).await?;
    let talks = [
        (
            0,
            "Async Rust in production",
            "What two years of *tokio* taught us about backpressure.",
        ),
        (
            1,
            "Embedded Rust on a budget",
            "Blinking LEDs to shipping firmware with **embassy**.",
        ),
        (
            2,
            "Traits, explained with cats",
            "A gentle tour of trait objects and generics.",
        ),
        (
            0,
            "Leptos from zero",
            "Server-side rendering and hydration in one crate.",
        ),
        (
            1,
            "Profiling without tears",
            "Flamegraphs, perf and criterion, step by step.",
        ),
    ];
    for (who, title, abstract_md) in talks {
        http.post(
            &speakers[who],
            "save_talk",
            &[
                ("event", &conference),
                ("title", title),
                ("abstract_md", abstract_md),
                ("level", "intermediate"),
                ("format", &format_id),
                ("submit", "yes"),
            ],
        )
        .await?;
    }
    http.post(
        &olga,
        "add_reviewer",
        &[
            ("event", &conference),
            ("email", "yuki@demo.hallway.example"),
        ],
    )
    .await?;
    let mut ids = Vec::new();
    for (_, title, _) in talks {
        ids.push(id_of(&db, "select talk_id from talk where title = $1", title).await?);
    }
    for (i, id) in ids.iter().enumerate() {
        let score = ["5", "4", "4", "5", "2"][i];
        if i != 2 {
            http.post(
                &speakers[2],
                "score_talk",
                &[
                    ("event", &conference),
                    ("talk", id),
                    ("score", score),
                    ("comment", "Clear abstract, good fit."),
                ],
            )
            .await?;
        }
    }
    for (i, id) in ids.iter().enumerate().take(4) {
        http.post(
            &olga,
            "decide_talk",
            &[("event", &conference), ("talk", id), ("decision", "accept")],
        )
        .await?;
        http.post(
            &speakers[talks[i].0],
            "answer_talk",
            &[("event", &conference), ("talk", id), ("answer", "confirm")],
        )
        .await?;
    }
    http.post(
        &olga,
        "decide_talk",
        &[
            ("event", &conference),
            ("talk", &ids[4]),
            ("decision", "reject"),
        ],
    )
    .await?;
    http.post(
        &olga,
        "save_rooms",
        &[
            ("event", &conference),
            ("rooms", "Main hall, 120\nWorkshop room, 30"),
        ],
    )
    .await?;
    let main = id_of(&db, "select room_id from room where name = $1", "Main hall").await?;
    let workshop = id_of(
        &db,
        "select room_id from room where name = $1",
        "Workshop room",
    )
    .await?;
    let day = conf_day.to_string();
    for (id, room, at) in [
        (&ids[0], &main, "10:00"),
        (&ids[1], &workshop, "10:00"),
        (&ids[2], &main, "11:00"),
        (&ids[3], &main, "14:00"),
    ] {
        http.post(
            &olga,
            "place_talk",
            &[
                ("event", &conference),
                ("talk", id),
                ("version", "0"),
                ("room", room),
                ("day", &day),
                ("start", at),
                ("minutes", "30"),
            ],
        )
        .await?;
    }
    http.post(
        &olga,
        "add_break",
        &[
            ("event", &conference),
            ("kind", "break"),
            ("title", "Lunch"),
            ("room", ""),
            ("day", &day),
            ("start", "12:30"),
            ("minutes", "60"),
        ],
    )
    .await?;
    http.post(&olga, "publish_schedule", &[("event", &conference)])
        .await?;
    // The call closed a day ago: the talks are in, reviewed and scheduled.
    sqlx::query(
        "update cfp set closes_at = $1 where event_id = (select event_id from event where slug = $2)",
    )
    .bind(app::db::now() - 24 * 3600)
    .bind(&conference)
    .execute(db.writer())
    .await
    .map_err(|e| e.to_string())?;

    // Sponsors in three tiers, with logos, and a prospect still in the pipeline.
    for (name, rank, price, slots, passes, benefits) in [
        (
            "Gold",
            "1",
            "3000",
            "1",
            "2",
            "Logo on the event page\nBooth\n5-minute slot",
        ),
        (
            "Silver",
            "2",
            "1000",
            "3",
            "1",
            "Logo on the event page\nBooth",
        ),
        ("Community", "3", "0", "10", "0", "Logo on the event page"),
    ] {
        http.post(
            &olga,
            "save_sponsor_tier",
            &[
                ("event", &conference),
                ("name", name),
                ("rank", rank),
                ("price", price),
                ("currency", "EUR"),
                ("slots", slots),
                ("passes", passes),
                ("benefits", benefits),
            ],
        )
        .await?;
    }
    http.post(
        &olga,
        "save_sponsor_goal",
        &[
            ("event", &conference),
            ("goal", "6000"),
            ("currency", "EUR"),
        ],
    )
    .await?;
    for (partner, website, tier, colour, stage) in [
        (
            "Ferris Foods",
            "https://ferris-foods.example",
            "Gold",
            "#d9480f",
            "paid",
        ),
        (
            "Crab Cloud",
            "https://crab-cloud.example",
            "Silver",
            "#1864ab",
            "agreed",
        ),
        (
            "Oxide Makers",
            "https://oxide-makers.example",
            "Community",
            "#2b8a3e",
            "agreed",
        ),
        (
            "Borrow Bank",
            "https://borrow-bank.example",
            "Silver",
            "#5f3dc4",
            "interested",
        ),
    ] {
        let answer = http
            .post(
                &olga,
                "add_event_partner",
                &[
                    ("event", &conference),
                    ("name", partner),
                    ("website", website),
                ],
            )
            .await?;
        let id = answer
            .location
            .as_deref()
            .and_then(|l| l.rsplit('/').next())
            .map(|l| l.split('?').next().unwrap_or(l).to_owned())
            .ok_or("add_event_partner gave no address")?;
        let tier_id = id_of(
            &db,
            "select tier_id from sponsor_tier where name = $1",
            tier,
        )
        .await?;
        let moves: &[&str] = match stage {
            "paid" => &["agreed", "invoiced", "paid"],
            "agreed" => &["agreed"],
            _ => &["interested"],
        };
        for to in moves {
            http.post(
                &olga,
                "move_sponsorship",
                &[
                    ("event", &conference),
                    ("sponsorship", &id),
                    ("stage", to),
                    ("tier", &tier_id),
                ],
            )
            .await?;
        }
        let partner_id = id_of(
            &db,
            "select partner_id from partner where name = $1",
            partner,
        )
        .await?;
        let short = partner.split(' ').next().unwrap_or(partner);
        http.multipart(
            &olga,
            &format!("/g/{DEMO_GROUP}/partners/{partner_id}/logo"),
            "logo",
            "logo.svg",
            logo(short, colour).as_bytes(),
        )
        .await?;
        http.post(
            &olga,
            "save_partner",
            &[
                ("group", DEMO_GROUP),
                ("partner", &partner_id),
                ("name", partner),
                ("website", website),
                (
                    "description",
                    &format!("{partner} supports the Rust community in Berlin."),
                ),
            ],
        )
        .await?;
    }
    for person in people.iter().skip(24) {
        http.post(
            person,
            "rsvp_going",
            &[("event", &conference), ("plus_ones", "0")],
        )
        .await?;
    }
    // The demo's people live at a made-up domain: their mails are not sent.
    for sql in [
        "delete from outbox where to_address like '%@demo.hallway.example'",
        "delete from mail_job where event_id in (select e.event_id from event e join meetup_group g on g.group_id = e.group_id where g.slug = 'rust-berlin-demo')",
    ] {
        sqlx::query(sql).execute(db.writer()).await.map_err(|e| e.to_string())?;
    }
    // The demo's sessions were for making it; only Olga signs in again, with her password.
    sqlx::query("delete from user_session where account_id in (select account_id from account where email like '%@demo.hallway.example')")
        .execute(db.writer())
        .await
        .map_err(|e| e.to_string())?;
    Ok(Seeded {
        already: false,
        meetup,
        conference,
    })
}
