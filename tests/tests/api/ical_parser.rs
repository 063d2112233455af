//! Feeds read by an independent parser: Python's `icalendar` (installed by the test command
//! into `tests/python/.venv`). Hostile text round-trips unchanged, and every instant in a feed
//! is what the event page shows, in zones with DST, odd offsets and half-hour DST.

use crate::helpers::{Browser, TestApp};
use crate::on_both_engines;
use app::calendar::feed::{event_uid, render, FeedEvent, FeedInfo, FeedStatus};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `tests/python/{script}` with `args` on `inputs` (a JSON list on stdin) and returns
/// its JSON answer.
pub fn python(script: &str, args: &[&str], inputs: &[String]) -> Vec<Value> {
    let dir = env!("CARGO_MANIFEST_DIR");
    let python = format!("{dir}/python/.venv/bin/python");
    let mut command = Command::new(&python);
    command.arg(format!("{dir}/python/{script}")).args(args);
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{python} is missing ({e}); `scripts/setup.sh --test` installs it")
        });
    let input = serde_json::to_vec(inputs).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the parser refused its input: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Parses calendars with `tests/python/ics_read.py`; `zone` adds local clocks there.
pub(crate) fn parse(calendars: &[String], zone: Option<&str>) -> Vec<Value> {
    let args: Vec<&str> = zone.map(|z| vec!["--zone", z]).unwrap_or_default();
    let parsed = python("ics_read.py", &args, calendars);
    for calendar in &parsed {
        assert_eq!(calendar["errors"], serde_json::json!([]), "parse errors");
    }
    parsed
}

/// What a TEXT value means after Hallway's documented normalisation: any line break is a
/// newline, other control characters are dropped.
fn meant(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// What a parameter value (`CN=`) means: no line breaks or double quotes can be in one, and
/// readers differ on backslashes, so `"` is `'`, `\` is `/`, and runs of spaces and control
/// characters are one space, none at the ends.
fn meant_param(value: &str) -> String {
    value
        .replace('"', "'")
        .replace('\\', "/")
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text that has broken calendar exports: line ends, the TEXT specials, emoji, combining
/// marks, 4-byte characters, and words far longer than a line.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-zA-Z ]{1,12}",
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("\n".to_owned()),
        Just(",".to_owned()),
        Just(";".to_owned()),
        Just(":".to_owned()),
        Just("\\".to_owned()),
        Just("\\n".to_owned()),
        Just("\"".to_owned()),
        Just("😀".to_owned()),
        Just("👩🏽‍💻".to_owned()),
        Just("𝄞".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("ß水".to_owned()),
        "[a-zé😀𝄞]{80,160}",
    ];
    proptest::collection::vec(piece, 1..12).prop_map(|pieces| pieces.concat())
}

fn hostile_event() -> impl Strategy<Value = (String, String, String, i64, i64)> {
    (
        hostile(),
        hostile(),
        hostile(),
        0i64..4_000_000_000,
        60i64..(5 * 24 * 3600),
    )
}

#[test]
fn hostile_text_round_trips_through_an_independent_parser_unchanged() {
    let mut runner = TestRunner::new(Config {
        cases: 24,
        ..Config::default()
    });
    let batch = proptest::collection::vec(hostile_event(), 1..24);
    runner
        .run(&batch, |events| {
            let feed_events: Vec<FeedEvent> = events
                .iter()
                .enumerate()
                .map(
                    |(i, (title, description, venue, start, length))| FeedEvent {
                        uid: event_uid(i as i64 + 1, 1_900_000_000),
                        title: title.clone(),
                        description: description.clone(),
                        url: format!("https://hallway.example/e/event-{i}"),
                        location: Some(venue.clone()),
                        organizer_name: title.clone(),
                        organizer_url: "https://hallway.example/g/group".to_owned(),
                        starts_at: *start,
                        ends_at: start + length,
                        created_at: 1_900_000_000,
                        updated_at: 1_900_000_600,
                        sequence: 3,
                        status: FeedStatus::Confirmed,
                    },
                )
                .collect();
            let info = FeedInfo {
                name: events[0].0.clone(),
                description: events[0].1.clone(),
            };
            let feed = render(&info, &feed_events);
            for line in feed.split_terminator("\r\n") {
                prop_assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
            }
            let parsed = parse(&[feed], None).remove(0);
            prop_assert_eq!(
                &parsed["properties"]["DESCRIPTION"],
                &Value::from(meant(&info.description))
            );
            let got = parsed["events"].as_array().unwrap();
            prop_assert_eq!(got.len(), events.len());
            for ((title, description, venue, start, length), read) in events.iter().zip(got) {
                prop_assert_eq!(&read["SUMMARY"], &Value::from(meant(title)));
                prop_assert_eq!(&read["DESCRIPTION"], &Value::from(meant(description)));
                prop_assert_eq!(&read["LOCATION"], &Value::from(meant(venue)));
                prop_assert_eq!(read["start"].as_i64(), Some(*start));
                prop_assert_eq!(read["end"].as_i64(), Some(start + length));
                prop_assert_eq!(read["SEQUENCE"].as_i64(), Some(3));
                prop_assert_eq!(&read["ORGANIZER_CN"], &Value::from(meant_param(title)));
            }
            Ok(())
        })
        .unwrap();
}

/// Local times an organizer types, chosen where clocks change: (zone, start, end).
const TRICKY_TIMES: &[(&str, &str, &str)] = &[
    // Berlin springs forward at 02:00 on 28 March 2027: the event lasts one real hour.
    ("Europe/Berlin", "2027-03-28T01:30", "2027-03-28T03:30"),
    // Berlin falls back at 03:00 on 31 October 2027: 02:30 happens twice; the first counts.
    ("Europe/Berlin", "2027-10-31T02:30", "2027-10-31T03:30"),
    // A two-day event across the autumn switch is one event.
    ("Europe/Berlin", "2027-10-30T09:00", "2027-10-31T17:00"),
    ("America/New_York", "2027-03-14T01:00", "2027-03-14T04:00"),
    ("America/New_York", "2027-11-07T01:30", "2027-11-07T02:30"),
    ("Asia/Kathmandu", "2027-06-01T18:00", "2027-06-01T21:00"),
    // Lord Howe moves its clocks by half an hour: 02:00 → 02:30 on 3 October 2027, and
    // 02:00 → 01:30 on 4 April 2027 (01:45 happens twice; the first counts).
    (
        "Australia/Lord_Howe",
        "2027-10-03T01:00",
        "2027-10-03T03:00",
    ),
    (
        "Australia/Lord_Howe",
        "2027-04-04T01:45",
        "2027-04-04T02:15",
    ),
];

async fn create(ada: &Browser, n: usize, zone: &str, start: &str, end: &str) -> String {
    let res = ada
        .call(
            "create_event",
            &[
                ("group", "clocks"),
                ("title", &format!("Clock test {n}")),
                ("description", ""),
                ("format", "meetup"),
                ("time_zone", zone),
                ("start", start),
                ("end", end),
                ("venue_name", "Somewhere"),
                ("venue_address", ""),
                ("online_url", ""),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 200, "{zone} {start}");
    let slug = res.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/e/")
        .to_owned();
    let res = ada.call("publish_event", &[("event", &slug)]).await;
    assert_eq!(res.status().as_u16(), 200);
    slug
}

/// "Sun 28 Mar 2027, 01:30" for "2027-03-28T01:30", as pages and the parser write clocks.
fn clock(typed: &str) -> String {
    let (date, time) = typed.split_once('T').unwrap();
    let parts: Vec<u32> = date.split('-').map(|p| p.parse().unwrap()).collect();
    let (y, m, d) = (parts[0] as i64, parts[1], parts[2]);
    // Sakamoto's weekday of a Gregorian date (0 = Sunday).
    let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let year = if m < 3 { y - 1 } else { y };
    let weekday =
        (year + year / 4 - year / 100 + year / 400 + offsets[m as usize - 1] + d as i64) % 7;
    let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {d} {} {y}, {time}",
        days[weekday as usize],
        months[m as usize - 1]
    )
}

async fn every_instant_in_a_feed_is_what_the_event_page_shows_in_tricky_zones(app: TestApp) {
    let ada = app.signed_up("Ada", "ada@example.org").await;
    ada.create_group("Clocks", "clocks").await;
    for (n, (zone, start, end)) in TRICKY_TIMES.iter().enumerate() {
        let slug = create(&ada, n, zone, start, end).await;
        let feed = app
            .browser()
            .get(&format!("/e/{slug}/calendar.ics"))
            .await
            .text()
            .await
            .unwrap();
        let parsed = parse(&[feed], Some(zone)).remove(0);
        let event = &parsed["events"][0];
        let local_start = &event["local_start"];
        let local_end = &event["local_end"];
        // The parser, with its own time-zone rules, reads the times the organizer typed.
        assert_eq!(local_start["clock"].as_str(), Some(clock(start).as_str()));
        assert_eq!(local_end["clock"].as_str(), Some(clock(end).as_str()));
        // And the page shows those same instants, with the same offsets.
        let page = app
            .browser()
            .get(&format!("/e/{slug}"))
            .await
            .text()
            .await
            .unwrap();
        let (start_offset, end_offset) = (
            local_start["offset"].as_str().unwrap(),
            local_end["offset"].as_str().unwrap(),
        );
        let offsets = if start_offset == end_offset {
            start_offset.to_owned()
        } else {
            format!("{start_offset} → {end_offset}")
        };
        let same_day = start[..10] == end[..10];
        let end_text = if same_day {
            end[11..].to_owned()
        } else {
            clock(end)
        };
        let shown = format!(
            "{} – {end_text} {} ({offsets})",
            clock(start),
            local_end["abbreviation"].as_str().unwrap()
        );
        assert!(
            page.contains(&shown),
            "{zone}: the page does not show {shown:?}"
        );
    }
}

on_both_engines!(every_instant_in_a_feed_is_what_the_event_page_shows_in_tricky_zones);
