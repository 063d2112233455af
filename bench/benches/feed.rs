//! Rendering a calendar feed of 1,000 events (a big group's 90 days of history and upcoming
//! events is far fewer), plain and gzipped as the server sends it.
//!
//! `cargo bench -p bench --bench feed`

use app::calendar::feed::{event_uid, render, FeedEvent, FeedInfo, FeedStatus};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flate2::{write::GzEncoder, Compression};
use std::hint::black_box;
use std::io::Write;

fn events(n: i64) -> Vec<FeedEvent> {
    (0..n)
        .map(|i| FeedEvent {
            uid: event_uid(i, 1_900_000_000 + i),
            title: format!("Rust Meetup #{i}: async traits, embedded; and pizza"),
            description: format!(
                "Two talks and time to talk.\n\nFirst: “Async traits in practice”, about what \
                 changed since 1.75; second: embedded Rust on a €4 board. Doors open 18:30, \
                 talks at 19:00. Step-free entrance; ask for the quiet room.\n\n\
                 https://hallway.example/e/rust-meetup-{i}"
            ),
            url: format!("https://hallway.example/e/rust-meetup-{i}"),
            location: Some("c-base, Rungestraße 20, 10179 Berlin".to_owned()),
            organizer_name: "Rust Berlin".to_owned(),
            organizer_url: "https://hallway.example/g/rust-berlin".to_owned(),
            starts_at: 1_898_964_000 + i * 7 * 24 * 3600,
            ends_at: 1_898_973_000 + i * 7 * 24 * 3600,
            created_at: 1_900_000_000 + i,
            updated_at: 1_900_000_600 + i,
            sequence: i % 4,
            status: if i % 50 == 0 {
                FeedStatus::Cancelled
            } else {
                FeedStatus::Confirmed
            },
        })
        .collect()
}

fn feed(c: &mut Criterion) {
    let info = FeedInfo {
        name: "Rust Berlin".to_owned(),
        description: "Events of Rust Berlin on Hallway".to_owned(),
    };
    let events = events(1_000);
    let body = render(&info, &events);
    println!(
        "a 1,000-event feed is {} bytes ({} lines)",
        body.len(),
        body.matches("\r\n").count()
    );
    let mut group = c.benchmark_group("calendar feed");
    group.throughput(Throughput::Elements(1_000));
    group.bench_function("render 1,000 events", |b| {
        b.iter(|| render(black_box(&info), black_box(&events)))
    });
    group.bench_function("render and gzip 1,000 events", |b| {
        b.iter(|| {
            let body = render(black_box(&info), black_box(&events));
            let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
            encoder.write_all(body.as_bytes()).ok();
            encoder
                .finish()
                .map(|bytes| bytes.len())
                .unwrap_or_default()
        })
    });
    group.finish();
}

criterion_group!(benches, feed);
criterion_main!(benches);
