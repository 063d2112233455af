//! The schedule as plain values and functions: rooms and colours as typed, when a session
//! happens, the conflicts of a set of placements, and what a new version changes.

use crate::{error::AppError, groups::domain::text};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    crate::events::time,
    chrono::{NaiveDate, NaiveTime, TimeZone},
    chrono_tz::Tz,
};

/// The most rooms an event has.
pub const MAX_ROOMS: usize = 30;
/// The longest session (a whole day).
pub const MAX_MINUTES: i64 = 24 * 60;

/// What occupies a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SlotKind {
    Talk,
    /// Public: lunch, coffee, the keynote's set-up.
    Break,
    /// Internal only: a room that is not available.
    Blocker,
}

crate::stored_as_text!(SlotKind {
    Talk,
    Break,
    Blocker
});

impl SlotKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Talk => "talk",
            Self::Break => "break",
            Self::Blocker => "blocker",
        }
    }
}

/// A room as typed on a line of the rooms box: `Main hall, 300`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomLine {
    pub name: String,
    pub capacity: Option<i64>,
}

/// Rooms, one per line: a name and, after a comma, how many people it seats.
pub fn parse_rooms(field: &str, raw: &str) -> Result<Vec<RoomLine>, AppError> {
    let mut rooms: Vec<RoomLine> = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (name, capacity) = match line.rsplit_once(',') {
            Some((name, seats)) if seats.trim().chars().all(|c| c.is_ascii_digit()) => {
                (name, Some(seats.trim()))
            }
            Some((_, seats)) if seats.trim().starts_with('-') => {
                return Err(AppError::invalid(
                    field,
                    format!("\"{line}\": a room seats at least 1 person."),
                ))
            }
            _ => (line, None),
        };
        let name = text(field, name, "room name", 1, 60, false)?;
        let capacity = match capacity {
            None => None,
            Some(seats) => match seats.parse::<i64>() {
                Ok(n) if (1..=100_000).contains(&n) => Some(n),
                _ => {
                    return Err(AppError::invalid(
                        field,
                        format!("\"{line}\": a room seats from 1 to 100,000 people."),
                    ))
                }
            },
        };
        if rooms.iter().any(|r| r.name.eq_ignore_ascii_case(&name)) {
            return Err(AppError::invalid(
                field,
                format!("\"{name}\" is listed twice."),
            ));
        }
        rooms.push(RoomLine { name, capacity });
    }
    if rooms.len() > MAX_ROOMS {
        return Err(AppError::invalid(
            field,
            format!("Up to {MAX_ROOMS} rooms."),
        ));
    }
    Ok(rooms)
}

/// A colour as `<input type="color">` sends it: `#rrggbb`, kept in lower case.
pub fn parse_colour(field: &str, raw: &str) -> Result<String, AppError> {
    let value = raw.trim().to_ascii_lowercase();
    let hex = value.strip_prefix('#').unwrap_or_default();
    if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(value)
    } else {
        Err(AppError::invalid(
            field,
            "Choose a colour like #2563eb (a # and six hex digits).",
        ))
    }
}

/// Black or white, whichever reads better on `colour` (WCAG relative luminance).
pub fn text_on(colour: &str) -> &'static str {
    let channel = |i: usize| {
        let v = colour
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, |b| f64::from(b) / 255.0);
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    // Contrast with black (L + 0.05) / 0.05 against white 1.05 / (L + 0.05).
    if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) {
        "#000000"
    } else {
        "#ffffff"
    }
}

/// A duration in minutes as typed.
pub fn parse_minutes(field: &str, raw: &str) -> Result<i64, AppError> {
    match raw.trim().parse::<i64>() {
        Ok(n) if (1..=MAX_MINUTES).contains(&n) => Ok(n),
        Ok(n) if n < 1 => Err(AppError::invalid(
            field,
            "A session lasts at least 1 minute.",
        )),
        Ok(_) => Err(AppError::invalid(
            field,
            "A session lasts 24 hours at most.",
        )),
        Err(_) => Err(AppError::invalid(
            field,
            "Enter the length in whole minutes.",
        )),
    }
}

/// The days an event spans in its zone, first to last.
#[cfg(feature = "ssr")]
pub fn days(starts_at: i64, ends_at: i64, zone: Tz) -> Vec<NaiveDate> {
    let first = time::from_unix(starts_at).with_timezone(&zone).date_naive();
    // An event ending at midnight does not spill into the next day.
    let last = time::from_unix(ends_at - 1)
        .with_timezone(&zone)
        .date_naive()
        .max(first);
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .take(time::MAX_DAYS as usize + 1)
        .collect()
}

/// When a session happens, from a day, a start time and minutes as typed in the event's zone.
#[cfg(feature = "ssr")]
pub fn slot_times(day: &str, start: &str, minutes: &str, zone: Tz) -> Result<(i64, i64), AppError> {
    let date = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("day", "Choose one of the event's days."));
    let at = NaiveTime::parse_from_str(start.trim(), "%H:%M")
        .map_err(|_| AppError::invalid("start", "Enter a start time like 09:30."));
    let minutes = parse_minutes("minutes", minutes);
    let (date, at, minutes) = match (date, at, minutes) {
        (Ok(d), Ok(t), Ok(m)) => (d, t, m),
        (d, t, m) => {
            return Err(AppError::merge(
                [d.err(), t.err(), m.err()].into_iter().flatten().collect(),
            )
            .unwrap_or(AppError::BadRequest))
        }
    };
    let local = date.and_time(at);
    let starts = match zone.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t,
        chrono::LocalResult::Ambiguous(first, _) => first,
        chrono::LocalResult::None => {
            return Err(AppError::invalid(
                "start",
                "That time does not exist on that day (the clocks change). Choose another.",
            ))
        }
    };
    let starts_at = starts.timestamp();
    Ok((starts_at, starts_at + minutes * 60))
}

/// One placed session, as conflict detection sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub slot_id: i64,
    pub kind: SlotKind,
    /// `None`: every room.
    pub room_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    /// Accounts giving the talk (empty for breaks and blockers).
    pub speakers: Vec<i64>,
    /// Talks only: whether its speakers confirmed it.
    pub confirmed: bool,
}

/// Something wrong with a set of placements. Slot pairs are ordered (lower id first).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Conflict {
    /// Two sessions overlap in one room (a session in every room overlaps them all).
    RoomOverlap { first: i64, second: i64 },
    /// A speaker is in two sessions at once.
    SpeakerTwice {
        first: i64,
        second: i64,
        speaker: i64,
    },
    /// The session is not (wholly) within the event's start and end.
    OutsideEvent { slot: i64 },
    /// A warning: the talk is accepted but its speakers have not confirmed it.
    NotConfirmed { slot: i64 },
}

impl Conflict {
    /// Hard conflicts block publishing; the rest are warnings.
    pub fn is_hard(&self) -> bool {
        matches!(self, Self::RoomOverlap { .. } | Self::SpeakerTwice { .. })
    }

    /// The slots it concerns.
    pub fn slots(&self) -> Vec<i64> {
        match *self {
            Self::RoomOverlap { first, second } | Self::SpeakerTwice { first, second, .. } => {
                vec![first, second]
            }
            Self::OutsideEvent { slot } | Self::NotConfirmed { slot } => vec![slot],
        }
    }
}

fn overlap(a: &Placed, b: &Placed) -> bool {
    a.starts_at < b.ends_at && b.starts_at < a.ends_at
}

fn same_room(a: &Placed, b: &Placed) -> bool {
    match (a.room_id, b.room_id) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

fn pair(a: &Placed, b: &Placed) -> (i64, i64) {
    (a.slot_id.min(b.slot_id), a.slot_id.max(b.slot_id))
}

/// Every conflict among `slots` within an event from `starts_at` to `ends_at`, sorted.
/// A sweep over the sessions by start: each is compared only with those still running.
pub fn conflicts(slots: &[Placed], starts_at: i64, ends_at: i64) -> Vec<Conflict> {
    let mut found = Vec::new();
    let mut order: Vec<&Placed> = slots.iter().collect();
    order.sort_by_key(|s| (s.starts_at, s.slot_id));
    let mut running: Vec<&Placed> = Vec::new();
    for slot in order {
        if slot.starts_at < starts_at || slot.ends_at > ends_at {
            found.push(Conflict::OutsideEvent { slot: slot.slot_id });
        }
        if slot.kind == SlotKind::Talk && !slot.confirmed {
            found.push(Conflict::NotConfirmed { slot: slot.slot_id });
        }
        running.retain(|r| r.ends_at > slot.starts_at);
        for other in &running {
            if !overlap(other, slot) {
                continue;
            }
            let (first, second) = pair(other, slot);
            if same_room(other, slot) {
                found.push(Conflict::RoomOverlap { first, second });
            }
            let mut shared: Vec<i64> = other
                .speakers
                .iter()
                .filter(|s| slot.speakers.contains(s))
                .copied()
                .collect();
            shared.sort_unstable();
            shared.dedup();
            for speaker in shared {
                found.push(Conflict::SpeakerTwice {
                    first,
                    second,
                    speaker,
                });
            }
        }
        if slot.ends_at > slot.starts_at {
            running.push(slot);
        }
    }
    found.sort();
    found
}

/// A session as published, or as it would be published now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionState {
    /// `talk-{id}` or `slot-{id}`: what stays the same when the session moves.
    pub key: String,
    pub title: String,
    pub room: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// What a new version does to one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    Added,
    Moved,
    Removed,
}

crate::stored_as_text!(ChangeKind {
    Added,
    Moved,
    Removed
});

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Moved => "moved",
            Self::Removed => "removed",
        }
    }
}

/// One line of a version's change list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub key: String,
    pub title: String,
    pub before: Option<(Option<String>, i64)>,
    pub after: Option<(Option<String>, i64)>,
}

/// What publishing `next` after `current` (the live, not cancelled sessions) changes: added,
/// moved (another room, start or length) and removed sessions, in time order.
pub fn changes(current: &[SessionState], next: &[SessionState]) -> Vec<Change> {
    let mut out = Vec::new();
    for new in next {
        match current.iter().find(|c| c.key == new.key) {
            None => out.push(Change {
                kind: ChangeKind::Added,
                key: new.key.clone(),
                title: new.title.clone(),
                before: None,
                after: Some((new.room.clone(), new.starts_at)),
            }),
            Some(old)
                if old.room != new.room
                    || old.starts_at != new.starts_at
                    || old.ends_at != new.ends_at =>
            {
                out.push(Change {
                    kind: ChangeKind::Moved,
                    key: new.key.clone(),
                    title: new.title.clone(),
                    before: Some((old.room.clone(), old.starts_at)),
                    after: Some((new.room.clone(), new.starts_at)),
                })
            }
            Some(_) => {}
        }
    }
    for old in current {
        if !next.iter().any(|n| n.key == old.key) {
            out.push(Change {
                kind: ChangeKind::Removed,
                key: old.key.clone(),
                title: old.title.clone(),
                before: Some((old.room.clone(), old.starts_at)),
                after: None,
            });
        }
    }
    let at = |c: &Change| {
        c.after
            .as_ref()
            .or(c.before.as_ref())
            .map_or(0, |(_, t)| *t)
    };
    out.sort_by(|a, b| at(a).cmp(&at(b)).then_with(|| a.title.cmp(&b.title)));
    out
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rooms_are_read_one_per_line_with_an_optional_capacity() {
        let rooms = parse_rooms("rooms", "Main hall, 300\n\n  Workshop room \nA, B, 20").unwrap();
        assert_eq!(
            rooms,
            vec![
                RoomLine {
                    name: "Main hall".into(),
                    capacity: Some(300)
                },
                RoomLine {
                    name: "Workshop room".into(),
                    capacity: None
                },
                RoomLine {
                    name: "A, B".into(),
                    capacity: Some(20)
                },
            ]
        );
        assert!(parse_rooms("rooms", "Hall, -5").is_err());
        assert!(parse_rooms("rooms", "Hall, 0").is_err());
        assert!(parse_rooms("rooms", "Hall\nhall").is_err());
        let many: String = (0..31).map(|i| format!("Room {i}\n")).collect();
        assert!(parse_rooms("rooms", &many).is_err());
    }

    #[test]
    fn colours_are_six_hex_digits() {
        assert_eq!(parse_colour("c", " #AABBCC ").unwrap(), "#aabbcc");
        assert!(parse_colour("c", "red").is_err());
        assert!(parse_colour("c", "#abc").is_err());
        assert!(parse_colour("c", "#ggg000").is_err());
        assert_eq!(text_on("#ffffff"), "#000000");
        assert_eq!(text_on("#1e3a8a"), "#ffffff");
        assert_eq!(text_on("#fde047"), "#000000");
    }

    #[test]
    fn a_session_lasts_from_one_minute_to_a_day() {
        assert_eq!(parse_minutes("m", "30").unwrap(), 30);
        assert!(parse_minutes("m", "0").is_err());
        assert!(parse_minutes("m", "-5").is_err());
        assert!(parse_minutes("m", "1441").is_err());
        assert!(parse_minutes("m", "half an hour").is_err());
    }

    #[test]
    fn slot_times_are_read_in_the_event_zone() {
        let zone: Tz = "Europe/Berlin".parse().unwrap();
        // 2030-03-05 10:00 CET = 09:00 UTC
        let (start, end) = slot_times("2030-03-05", "10:00", "45", zone).unwrap();
        assert_eq!(start, 1_898_931_600);
        assert_eq!(end - start, 45 * 60);
        let error = slot_times("5 March", "ten", "0", zone).unwrap_err();
        for field in ["day", "start", "minutes"] {
            assert!(error.field_message(field).is_some(), "{field}");
        }
        // 2030-03-31 02:30 does not exist in Berlin.
        assert!(slot_times("2030-03-31", "02:30", "30", zone).is_err());
    }

    #[test]
    fn an_event_ending_at_midnight_has_no_extra_day() {
        let zone: Tz = "UTC".parse().unwrap();
        let start = 1_898_899_200; // 2030-03-05 00:00 UTC
        let three = days(start, start + 3 * 86_400, zone);
        assert_eq!(three.len(), 3);
        assert_eq!(three[0].to_string(), "2030-03-05");
        assert_eq!(days(start + 9 * 3600, start + 12 * 3600, zone).len(), 1);
    }

    fn talk(id: i64, room: i64, start: i64, end: i64, speakers: &[i64]) -> Placed {
        Placed {
            slot_id: id,
            kind: SlotKind::Talk,
            room_id: Some(room),
            starts_at: start,
            ends_at: end,
            speakers: speakers.to_vec(),
            confirmed: true,
        }
    }

    #[test]
    fn overlaps_in_a_room_and_double_booked_speakers_are_hard_conflicts() {
        let slots = [
            talk(1, 10, 0, 60, &[7]),
            talk(2, 10, 30, 90, &[8]),
            talk(3, 11, 30, 90, &[7]),
            // Back to back is fine.
            talk(4, 11, 90, 120, &[7]),
        ];
        let found = conflicts(&slots, 0, 1000);
        assert_eq!(
            found,
            vec![
                Conflict::RoomOverlap {
                    first: 1,
                    second: 2
                },
                Conflict::SpeakerTwice {
                    first: 1,
                    second: 3,
                    speaker: 7
                },
            ]
        );
        assert!(found.iter().all(Conflict::is_hard));
    }

    #[test]
    fn a_break_in_every_room_overlaps_everything_and_unconfirmed_talks_are_warnings() {
        let mut lunch = talk(5, 0, 50, 70, &[]);
        lunch.kind = SlotKind::Break;
        lunch.room_id = None;
        let mut unconfirmed = talk(6, 12, 100, 130, &[]);
        unconfirmed.confirmed = false;
        let found = conflicts(&[talk(1, 10, 0, 60, &[]), lunch, unconfirmed], 0, 120);
        assert_eq!(
            found,
            vec![
                Conflict::RoomOverlap {
                    first: 1,
                    second: 5
                },
                Conflict::OutsideEvent { slot: 6 },
                Conflict::NotConfirmed { slot: 6 },
            ]
        );
        assert!(!Conflict::NotConfirmed { slot: 6 }.is_hard());
        assert!(!Conflict::OutsideEvent { slot: 6 }.is_hard());
    }

    /// The definition, pair by pair: what the sweep must agree with.
    fn by_definition(slots: &[Placed], starts_at: i64, ends_at: i64) -> Vec<Conflict> {
        let mut found = Vec::new();
        for (i, a) in slots.iter().enumerate() {
            if a.starts_at < starts_at || a.ends_at > ends_at {
                found.push(Conflict::OutsideEvent { slot: a.slot_id });
            }
            if a.kind == SlotKind::Talk && !a.confirmed {
                found.push(Conflict::NotConfirmed { slot: a.slot_id });
            }
            for b in &slots[i + 1..] {
                if !overlap(a, b) {
                    continue;
                }
                let (first, second) = pair(a, b);
                if same_room(a, b) {
                    found.push(Conflict::RoomOverlap { first, second });
                }
                let mut shared: Vec<i64> = a
                    .speakers
                    .iter()
                    .filter(|s| b.speakers.contains(s))
                    .copied()
                    .collect();
                shared.sort_unstable();
                shared.dedup();
                for speaker in shared {
                    found.push(Conflict::SpeakerTwice {
                        first,
                        second,
                        speaker,
                    });
                }
            }
        }
        found.sort();
        found
    }

    fn placement() -> impl Strategy<Value = (Option<i64>, i64, i64, Vec<i64>, bool, u8)> {
        (
            prop::option::weighted(0.9, 0_i64..4),
            0_i64..40,
            1_i64..12,
            prop::collection::vec(0_i64..6, 0..3),
            any::<bool>(),
            0_u8..3,
        )
    }

    proptest! {
        #[test]
        fn every_reported_conflict_is_real_and_every_real_one_is_reported(
            placements in prop::collection::vec(placement(), 0..40),
            window in (0_i64..10, 30_i64..50),
        ) {
            let slots: Vec<Placed> = placements
                .into_iter()
                .enumerate()
                .map(|(i, (room, start, length, speakers, confirmed, kind))| Placed {
                    slot_id: i as i64 + 1,
                    kind: match kind { 0 => SlotKind::Break, 1 => SlotKind::Blocker, _ => SlotKind::Talk },
                    room_id: room,
                    starts_at: start,
                    ends_at: start + length,
                    speakers: if kind == 2 { speakers } else { Vec::new() },
                    confirmed,
                })
                .collect();
            prop_assert_eq!(
                conflicts(&slots, window.0, window.1),
                by_definition(&slots, window.0, window.1)
            );
        }
    }

    fn state(key: &str, room: &str, start: i64) -> SessionState {
        SessionState {
            key: key.into(),
            title: key.to_uppercase(),
            room: Some(room.into()),
            starts_at: start,
            ends_at: start + 30,
        }
    }

    #[test]
    fn a_new_version_lists_added_moved_and_removed_sessions_in_time_order() {
        let current = [
            state("a", "Hall", 100),
            state("b", "Hall", 200),
            state("c", "Lab", 300),
        ];
        let mut longer = state("c", "Lab", 300);
        longer.ends_at += 15;
        let next = [state("b", "Lab", 200), longer, state("d", "Hall", 50)];
        let list = changes(&current, &next);
        let kinds: Vec<(ChangeKind, &str)> =
            list.iter().map(|c| (c.kind, c.key.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (ChangeKind::Added, "d"),
                (ChangeKind::Removed, "a"),
                (ChangeKind::Moved, "b"),
                (ChangeKind::Moved, "c"),
            ]
        );
        assert_eq!(list[2].before, Some((Some("Hall".into()), 200)));
        assert_eq!(list[2].after, Some((Some("Lab".into()), 200)));
        assert!(changes(&next, &next).is_empty());
    }
}
