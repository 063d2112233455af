//! Time rules for events (server only).
//!
//! Organizers type local date-times in an IANA zone. We store the zone name and the UTC
//! instants, and render in the event's zone.
//! - A local time that does not exist (the clocks jump forward) is refused, naming the gap.
//! - An ambiguous local time (the clocks fall back, so it happens twice) means the first of
//!   the two, the one still on summer time; pages show the UTC offset so nobody is misled.
//! - The end must be after the start; events may span several days.
//! - Changing the zone keeps the local times as typed and moves the instants.

use crate::error::AppError;
use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

/// Parses an IANA zone name such as `Europe/Berlin`.
pub fn parse_zone(field: &str, raw: &str) -> Result<Tz, AppError> {
    raw.trim().parse::<Tz>().map_err(|_| {
        AppError::invalid(
            field,
            "Choose a time zone from the list, like Europe/Berlin or America/New_York.",
        )
    })
}

/// Parses what a `datetime-local` input sends: `2026-12-01T18:30` (seconds optional).
pub fn parse_local(field: &str, raw: &str) -> Result<NaiveDateTime, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid(field, "Enter a date and time."));
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .filter(|t| (2000..=2200).contains(&t.year()))
        .ok_or_else(|| AppError::invalid(field, "Enter a date and time like 2026-12-01 18:30."))
}

/// A local time resolved in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    pub instant: DateTime<Utc>,
    /// True when the local time happened twice and the first one was taken.
    pub was_ambiguous: bool,
}

/// Turns a local time into an instant by the rules above.
pub fn resolve(field: &str, local: NaiveDateTime, zone: Tz) -> Result<Resolved, AppError> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(Resolved {
            instant: t.with_timezone(&Utc),
            was_ambiguous: false,
        }),
        LocalResult::Ambiguous(first, second) => {
            let first = first.with_timezone(&Utc).min(second.with_timezone(&Utc));
            Ok(Resolved {
                instant: first,
                was_ambiguous: true,
            })
        }
        LocalResult::None => {
            let (from, to) = gap_around(local, zone);
            Err(AppError::invalid(
                field,
                format!(
                    "{} does not exist in {}: the clocks jump from {} to {} that night. Choose a time outside the gap.",
                    local.format("%H:%M on %-d %B %Y"),
                    zone.name(),
                    from.format("%H:%M"),
                    to.format("%H:%M"),
                ),
            ))
        }
    }
}

/// The local times where a gap containing `local` starts and ends.
fn gap_around(local: NaiveDateTime, zone: Tz) -> (NaiveDateTime, NaiveDateTime) {
    let exists = |t: NaiveDateTime| !matches!(zone.from_local_datetime(&t), LocalResult::None);
    let minute = Duration::minutes(1);
    let mut start = local;
    for _ in 0..(24 * 60) {
        if exists(start - minute) {
            break;
        }
        start -= minute;
    }
    let mut end = local;
    for _ in 0..(24 * 60) {
        end += minute;
        if exists(end) {
            break;
        }
    }
    (start, end)
}

/// The longest event, in days. Listings rely on it: an event still running started at most
/// this long ago, which keeps "upcoming" an index range instead of a scan.
pub const MAX_DAYS: i64 = 31;

/// An event's start and end, checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventTimes {
    pub zone: Tz,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

impl EventTimes {
    /// Parses start and end as typed in `zone`; errors are reported on their fields.
    pub fn parse(start: &str, end: &str, zone: &str) -> Result<Self, AppError> {
        let zone = parse_zone("time_zone", zone)?;
        let start = parse_local("start", start).and_then(|t| resolve("start", t, zone));
        let end = parse_local("end", end).and_then(|t| resolve("end", t, zone));
        let (start, end) = match (start, end) {
            (Ok(s), Ok(e)) => (s, e),
            (s, e) => {
                return Err(
                    AppError::merge([s.err(), e.err()].into_iter().flatten().collect())
                        .unwrap_or(AppError::BadRequest),
                )
            }
        };
        if end.instant <= start.instant {
            return Err(AppError::invalid("end", "The end must be after the start."));
        }
        if end.instant - start.instant > Duration::days(MAX_DAYS) {
            return Err(AppError::invalid("end", "Events can last 31 days at most."));
        }
        Ok(Self {
            zone,
            starts_at: start.instant,
            ends_at: end.instant,
        })
    }
}

/// An instant as the `datetime-local` input shows it in `zone`.
pub fn to_local_input(instant: i64, zone: Tz) -> String {
    from_unix(instant)
        .with_timezone(&zone)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

pub fn from_unix(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// [`describe_range`] in the zone named `zone`, followed by that name, as mails write times:
/// "Tue 1 Dec 2026, 18:30 – 21:00 CET (UTC+01:00) (Europe/Berlin)".
pub fn describe_in(starts_at: i64, ends_at: i64, zone: Tz) -> String {
    format!(
        "{} ({})",
        describe_range(starts_at, ends_at, zone),
        zone.name()
    )
}

/// "Tue 1 Dec 2026, 18:30 – 21:00 CET (UTC+01:00)", or with both dates for multi-day events.
pub fn describe_range(starts_at: i64, ends_at: i64, zone: Tz) -> String {
    let start = from_unix(starts_at).with_timezone(&zone);
    let end = from_unix(ends_at).with_timezone(&zone);
    let same_day = start.date_naive() == end.date_naive();
    let end_text = if same_day {
        end.format("%H:%M %Z").to_string()
    } else {
        end.format("%a %-d %b %Y, %H:%M %Z").to_string()
    };
    let offset = if start.offset().to_string() == end.offset().to_string() {
        format!("UTC{}", start.format("%:z"))
    } else {
        format!("UTC{} → UTC{}", start.format("%:z"), end.format("%:z"))
    };
    format!(
        "{} – {} ({offset})",
        start.format("%a %-d %b %Y, %H:%M"),
        end_text
    )
}

/// How a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    Weekly,
    EveryTwoWeeks,
    /// The same weekday in the same week of the month (2nd Tuesday); a date in the fifth week
    /// means the last such weekday of each month.
    MonthlyByWeekday,
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    (1..=5)
        .rev()
        .find_map(|n| nth_weekday(year, month, weekday, n))
}

/// The `count` dates after `first` in a series.
pub fn next_dates(first: NaiveDate, repeat: Repeat, count: usize) -> Vec<NaiveDate> {
    match repeat {
        Repeat::Weekly | Repeat::EveryTwoWeeks => {
            let step = if repeat == Repeat::Weekly { 7 } else { 14 };
            (1..=count as i64)
                .filter_map(|i| first.checked_add_signed(Duration::days(step * i)))
                .collect()
        }
        Repeat::MonthlyByWeekday => {
            let weekday = first.weekday();
            let week = ((first.day() - 1) / 7 + 1) as u8;
            let mut dates = Vec::with_capacity(count);
            let (mut year, mut month) = (first.year(), first.month());
            while dates.len() < count {
                (year, month) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                let date = if week >= 5 {
                    last_weekday(year, month, weekday)
                } else {
                    nth_weekday(year, month, weekday, week)
                };
                if let Some(date) = date {
                    dates.push(date);
                }
                if year > first.year() + 50 {
                    break;
                }
            }
            dates
        }
    }
}

/// Moves an event's local start (and its end, keeping the duration) to another date.
pub fn shift_to(
    starts_at: i64,
    ends_at: i64,
    zone: Tz,
    date: NaiveDate,
) -> Result<(i64, i64), AppError> {
    let local_start = from_unix(starts_at).with_timezone(&zone).naive_local();
    let duration = ends_at - starts_at;
    let moved = date.and_time(local_start.time());
    let start = resolve("start", moved, zone)?;
    Ok((
        start.instant.timestamp(),
        start.instant.timestamp() + duration,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn local(s: &str) -> NaiveDateTime {
        parse_local("t", s).unwrap()
    }

    #[test]
    fn a_time_in_the_spring_forward_gap_is_refused_naming_the_gap() {
        let error = resolve(
            "start",
            local("2026-03-29T02:30"),
            chrono_tz::Europe::Berlin,
        )
        .unwrap_err();
        let message = error.field_message("start").unwrap();
        assert!(
            message.contains("02:00")
                && message.contains("03:00")
                && message.contains("Europe/Berlin"),
            "{message}"
        );
    }

    #[test]
    fn lord_howe_has_a_half_hour_gap() {
        let error = resolve(
            "start",
            local("2026-10-04T02:15"),
            chrono_tz::Australia::Lord_Howe,
        )
        .unwrap_err();
        let message = error.field_message("start").unwrap();
        assert!(
            message.contains("02:00") && message.contains("02:30"),
            "{message}"
        );
    }

    #[test]
    fn an_ambiguous_time_at_fall_back_takes_the_first_occurrence() {
        let resolved = resolve(
            "start",
            local("2026-10-25T02:30"),
            chrono_tz::Europe::Berlin,
        )
        .unwrap();
        assert!(resolved.was_ambiguous);
        assert_eq!(resolved.instant.to_rfc3339(), "2026-10-25T00:30:00+00:00");
        let ny = resolve(
            "start",
            local("2026-11-01T01:30"),
            chrono_tz::America::New_York,
        )
        .unwrap();
        assert_eq!(ny.instant.to_rfc3339(), "2026-11-01T05:30:00+00:00");
    }

    #[test]
    fn kathmandu_keeps_its_quarter_hour_offset() {
        let resolved = resolve(
            "start",
            local("2026-12-01T18:00"),
            chrono_tz::Asia::Kathmandu,
        )
        .unwrap();
        assert_eq!(resolved.instant.to_rfc3339(), "2026-12-01T12:15:00+00:00");
        assert!(describe_range(
            resolved.instant.timestamp(),
            resolved.instant.timestamp() + 3600,
            chrono_tz::Asia::Kathmandu
        )
        .contains("UTC+05:45"));
    }

    #[test]
    fn the_end_must_be_after_the_start() {
        let error =
            EventTimes::parse("2026-12-01T18:00", "2026-12-01T18:00", "Europe/Berlin").unwrap_err();
        assert!(error.field_message("end").is_some());
        assert!(
            EventTimes::parse("2026-12-01T18:00", "2026-12-03T17:00", "Europe/Berlin").is_ok(),
            "multi-day"
        );
    }

    #[test]
    fn unknown_zones_and_garbled_times_are_refused_on_their_fields() {
        let error = EventTimes::parse("tomorrow", "2026-12-01T18:00", "Mars/Olympus").unwrap_err();
        assert!(error.field_message("time_zone").is_some());
        let error = EventTimes::parse("tomorrow", "2026-12-01T18:00", "UTC").unwrap_err();
        assert!(error.field_message("start").is_some());
    }

    #[test]
    fn changing_the_zone_keeps_the_local_times_and_moves_the_instant() {
        let berlin =
            EventTimes::parse("2026-12-01T18:00", "2026-12-01T20:00", "Europe/Berlin").unwrap();
        let new_york =
            EventTimes::parse("2026-12-01T18:00", "2026-12-01T20:00", "America/New_York").unwrap();
        assert_eq!(
            to_local_input(new_york.starts_at.timestamp(), chrono_tz::America::New_York),
            "2026-12-01T18:00"
        );
        assert_eq!((new_york.starts_at - berlin.starts_at).num_hours(), 6);
    }

    #[test]
    fn multi_day_ranges_show_both_dates() {
        let t = EventTimes::parse("2026-12-01T09:00", "2026-12-02T17:00", "Europe/Berlin").unwrap();
        let text = describe_range(t.starts_at.timestamp(), t.ends_at.timestamp(), t.zone);
        assert_eq!(
            text,
            "Tue 1 Dec 2026, 09:00 – Wed 2 Dec 2026, 17:00 CET (UTC+01:00)"
        );
    }

    #[test]
    fn second_tuesdays_repeat_across_months() {
        let first = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(); // 2nd Tuesday of December
        let dates: Vec<String> = next_dates(first, Repeat::MonthlyByWeekday, 3)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(dates, ["2027-01-12", "2027-02-09", "2027-03-09"]);
    }

    #[test]
    fn a_fifth_weekday_repeats_on_the_last_one_of_each_month() {
        let first = NaiveDate::from_ymd_opt(2026, 12, 29).unwrap(); // 5th Tuesday
        let dates: Vec<String> = next_dates(first, Repeat::MonthlyByWeekday, 2)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(dates, ["2027-01-26", "2027-02-23"]);
    }

    #[test]
    fn weekly_and_fortnightly_series_step_by_seven_and_fourteen_days() {
        let first = NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
        assert_eq!(
            next_dates(first, Repeat::Weekly, 2)[1].to_string(),
            "2027-01-11"
        );
        assert_eq!(
            next_dates(first, Repeat::EveryTwoWeeks, 1)[0].to_string(),
            "2027-01-11"
        );
    }

    #[test]
    fn shifting_across_a_dst_change_keeps_the_local_start_time() {
        let t = EventTimes::parse("2026-03-24T19:00", "2026-03-24T21:00", "Europe/Berlin").unwrap();
        let (start, end) = shift_to(
            t.starts_at.timestamp(),
            t.ends_at.timestamp(),
            t.zone,
            NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
        )
        .unwrap();
        assert_eq!(to_local_input(start, t.zone), "2026-03-31T19:00");
        assert_eq!(end - start, 2 * 3600);
    }

    proptest! {
        #[test]
        fn monthly_series_keep_the_weekday_and_step_one_month(y in 2026i32..2040, m in 1u32..=12, d in 1u32..=28, n in 1usize..24) {
            let first = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let dates = next_dates(first, Repeat::MonthlyByWeekday, n);
            prop_assert_eq!(dates.len(), n);
            let mut previous = first;
            for date in dates {
                prop_assert_eq!(date.weekday(), first.weekday());
                let months = (date.year() - previous.year()) * 12 + date.month() as i32 - previous.month() as i32;
                prop_assert_eq!(months, 1);
                previous = date;
            }
        }

        #[test]
        fn every_resolved_local_time_round_trips(secs in 1_767_225_600i64..2_000_000_000, zone in prop::sample::select(vec!["Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"])) {
            let tz: Tz = zone.parse().unwrap();
            let secs = secs - secs % 60;
            let shown = to_local_input(secs, tz);
            let resolved = resolve("t", parse_local("t", &shown).unwrap(), tz).unwrap();
            let local_again = to_local_input(resolved.instant.timestamp(), tz);
            prop_assert_eq!(local_again, shown);
        }
    }
}
