//! RSVP values and the seat rules, as pure functions.
//!
//! The rule, in one sentence (also on every event page): when seats free up, the first party
//! in line that fits is let in, a party too large for the free seats keeps its place, and the
//! next one that fits moves up. The service loads an event's parties under a lock, asks these
//! functions, and stores the answer.

use crate::{error::AppError, groups::domain::text};
use serde::{Deserialize, Serialize};

/// The waitlist rule as shown to people.
pub const WAITLIST_RULE: &str = "When seats free up, the first party in line that fits is let in automatically; a party too large for the free seats keeps its place and the next one that fits moves up.";

/// The most plus-ones an organizer can allow.
pub const PLUS_ONES_CEILING: i64 = 10;
/// The most questions an event asks.
pub const MAX_QUESTIONS: usize = 5;
pub const MAX_QUESTION_CHARS: usize = 200;
pub const MAX_ANSWER_CHARS: usize = 500;

/// Where a person stands for an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RsvpStatus {
    Going,
    Waitlisted,
    NotGoing,
    /// Taken off the list by an organizer; cannot RSVP again.
    Removed,
}

crate::stored_as_text!(RsvpStatus {
    Going,
    Waitlisted,
    NotGoing,
    Removed
});

impl RsvpStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Going => "going",
            Self::Waitlisted => "waitlisted",
            Self::NotGoing => "not_going",
            Self::Removed => "removed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Going => "Going",
            Self::Waitlisted => "Waitlisted",
            Self::NotGoing => "Not going",
            Self::Removed => "Removed by the organizers",
        }
    }
}

/// Seats of an event: `capacity` `None` is unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seats {
    pub capacity: Option<i64>,
    pub taken: i64,
}

impl Seats {
    /// Seats still free (`None`: unlimited).
    pub fn free(self) -> Option<i64> {
        self.capacity.map(|c| (c - self.taken).max(0))
    }

    pub fn fits(self, size: i64) -> bool {
        self.free().is_none_or(|free| size <= free)
    }
}

/// A party on the waitlist, in line order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    pub id: i64,
    pub size: i64,
}

/// Where a party that answers "going" lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub status: RsvpStatus,
    /// Joins the end of the line (a new arrival on the waitlist).
    pub to_back_of_line: bool,
}

/// A party of `size` answers "going"; `current` is its status now and `others` the seats
/// without its own.
///
/// Someone going keeps their seats when the new size fits and otherwise goes to the back of
/// the line; someone waitlisted keeps their place (promotion decides); anyone else goes if the
/// party fits and joins the back of the line if not.
pub fn place(current: Option<RsvpStatus>, others: Seats, size: i64) -> Placement {
    match current {
        Some(RsvpStatus::Waitlisted) => Placement {
            status: RsvpStatus::Waitlisted,
            to_back_of_line: false,
        },
        _ if others.fits(size) => Placement {
            status: RsvpStatus::Going,
            to_back_of_line: false,
        },
        _ => Placement {
            status: RsvpStatus::Waitlisted,
            to_back_of_line: true,
        },
    }
}

/// The parties to let in, in line order: each that fits the seats still free; a party too
/// large keeps its place and the next one that fits moves up.
pub fn promotions(seats: Seats, line: &[Waiting]) -> Vec<i64> {
    let mut free = seats.free();
    let mut promoted = Vec::new();
    for party in line {
        match free {
            None => promoted.push(party.id),
            Some(left) if party.size <= left => {
                promoted.push(party.id);
                free = Some(left - party.size);
            }
            Some(_) => {}
        }
    }
    promoted
}

/// Whether capacity may become `capacity` with `taken` seats taken.
pub fn check_capacity(field: &str, capacity: Option<i64>, taken: i64) -> Result<(), AppError> {
    match capacity {
        Some(c) if c < taken => Err(AppError::invalid(
            field,
            format!(
                "{taken} seats are taken (people going and their plus-ones), so capacity cannot go below {taken}; you asked for {c}. Remove attendees first."
            ),
        )),
        _ => Ok(()),
    }
}

/// "1st", "2nd", "3rd", "4th", "11th", "22nd"…
/// The `?done=` a "not going" answer redirects with: whether its seats went to people waiting.
pub fn not_going_done(passed_on: bool) -> &'static str {
    if passed_on {
        "not_going_passed_on"
    } else {
        "not_going"
    }
}

/// What the page says after a "not going" answer (`done` from [`not_going_done`]).
pub fn not_going_message(done: &str) -> Option<&'static str> {
    match done {
        "not_going" => Some("Got it: you're not going. Thank you for telling the organizers."),
        "not_going_passed_on" => {
            Some("Got it: you're not going. Your seats went to the next people in line.")
        }
        _ => None,
    }
}

pub fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Plus-ones a person asks for, within the event's limit.
pub fn parse_plus_ones(field: &str, raw: &str, limit: i64) -> Result<i64, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(0);
    }
    match raw.parse::<i64>() {
        Ok(n) if n < 0 => Err(AppError::invalid(field, "Plus-ones cannot be negative.")),
        Ok(n) if n > limit => Err(AppError::invalid(
            field,
            match limit {
                0 => "This event does not allow plus-ones.".to_owned(),
                1 => "You can bring 1 guest at most.".to_owned(),
                _ => format!("You can bring {limit} guests at most."),
            },
        )),
        Ok(n) => Ok(n),
        Err(_) => Err(AppError::invalid(
            field,
            "Enter how many guests you bring, as a number.",
        )),
    }
}

/// The plus-ones limit an organizer sets (0..=10).
pub fn parse_plus_ones_limit(field: &str, raw: &str) -> Result<i64, AppError> {
    match raw.trim().parse::<i64>() {
        Ok(n) if (0..=PLUS_ONES_CEILING).contains(&n) => Ok(n),
        _ => Err(AppError::invalid(
            field,
            "Allow from 0 to 10 plus-ones per person.",
        )),
    }
}

/// An answer to one of the event's questions (may be empty).
pub fn parse_answer(field: &str, raw: &str) -> Result<String, AppError> {
    text(field, raw, "answer", 0, MAX_ANSWER_CHARS, true)
}

/// A question an organizer asks (empty: no question at this place).
pub fn parse_question(field: &str, raw: &str) -> Result<String, AppError> {
    text(field, raw, "question", 0, MAX_QUESTION_CHARS, false)
}

/// Letters of ticket codes: no 0/O, 1/I/L or U, so codes survive being read aloud.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTVWXYZ23456789";
pub const CODE_LEN: usize = 10;

/// A typed or scanned ticket code, normalised (`abcde-fghjk` → `ABCDEFGHJK`), if it can be one.
pub fn normalise_code(raw: &str) -> Option<String> {
    // A ticket's QR code holds its check-in address; a camera or a handheld scanner gives
    // the whole address, whose `code` parameter is the code.
    let raw = match raw.split_once("code=") {
        Some((_, rest)) => rest.split(['&', '#']).next().unwrap_or_default(),
        None => raw,
    };
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

/// `ABCDEFGHJK` → `ABCDE-FGHJK`, for reading.
pub fn show_code(code: &str) -> String {
    if code.len() == CODE_LEN && code.is_ascii() {
        format!("{}-{}", &code[..5], &code[5..])
    } else {
        code.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn seats(capacity: i64, taken: i64) -> Seats {
        Seats {
            capacity: Some(capacity),
            taken,
        }
    }

    #[test]
    fn a_party_that_does_not_fit_joins_the_back_of_the_line() {
        let p = place(None, seats(10, 9), 2);
        assert_eq!(p.status, RsvpStatus::Waitlisted);
        assert!(p.to_back_of_line);
        assert_eq!(place(None, seats(10, 8), 2).status, RsvpStatus::Going);
        let unlimited = Seats {
            capacity: None,
            taken: 1_000,
        };
        assert_eq!(place(None, unlimited, 11).status, RsvpStatus::Going);
    }

    #[test]
    fn someone_going_who_asks_for_more_seats_than_are_left_moves_to_the_waitlist() {
        let p = place(Some(RsvpStatus::Going), seats(10, 9), 3);
        assert_eq!(p.status, RsvpStatus::Waitlisted);
        assert!(p.to_back_of_line);
        assert_eq!(
            place(Some(RsvpStatus::Going), seats(10, 8), 2).status,
            RsvpStatus::Going
        );
    }

    #[test]
    fn a_waitlisted_party_keeps_its_place_when_it_changes_size() {
        let p = place(Some(RsvpStatus::Waitlisted), seats(10, 0), 1);
        assert_eq!(p.status, RsvpStatus::Waitlisted);
        assert!(!p.to_back_of_line);
    }

    #[test]
    fn a_party_too_large_keeps_its_place_and_the_next_that_fits_moves_up() {
        let line = [
            Waiting { id: 1, size: 3 },
            Waiting { id: 2, size: 1 },
            Waiting { id: 3, size: 2 },
            Waiting { id: 4, size: 1 },
        ];
        assert_eq!(promotions(seats(10, 8), &line), vec![2, 4]);
        assert_eq!(promotions(seats(10, 7), &line), vec![1]);
        assert_eq!(promotions(seats(10, 10), &line), Vec::<i64>::new());
        let unlimited = Seats {
            capacity: None,
            taken: 10,
        };
        assert_eq!(promotions(unlimited, &line), vec![1, 2, 3, 4]);
    }

    #[test]
    fn capacity_cannot_drop_below_the_seats_taken() {
        let error = check_capacity("capacity", Some(5), 8).unwrap_err();
        let message = error.field_message("capacity").unwrap();
        assert!(message.contains('8') && message.contains('5'), "{message}");
        assert!(check_capacity("capacity", Some(8), 8).is_ok());
        assert!(check_capacity("capacity", None, 8).is_ok());
    }

    #[test]
    fn ordinals_read_naturally() {
        let cases = [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (4, "4th"),
            (11, "11th"),
            (12, "12th"),
            (13, "13th"),
            (21, "21st"),
            (22, "22nd"),
            (103, "103rd"),
            (111, "111th"),
        ];
        for (n, text) in cases {
            assert_eq!(ordinal(n), text);
        }
    }

    #[test]
    fn plus_ones_are_whole_numbers_within_the_limit() {
        assert_eq!(parse_plus_ones("p", "", 2).unwrap(), 0);
        assert_eq!(parse_plus_ones("p", " 2 ", 2).unwrap(), 2);
        for bad in ["3", "-1", "two", "1.5"] {
            assert!(parse_plus_ones("p", bad, 2).is_err(), "{bad}");
        }
        assert!(parse_plus_ones("p", "1", 0)
            .unwrap_err()
            .field_message("p")
            .unwrap()
            .contains("does not allow"));
        assert_eq!(parse_plus_ones_limit("l", "10").unwrap(), 10);
        assert!(parse_plus_ones_limit("l", "11").is_err());
        assert!(parse_plus_ones_limit("l", "-1").is_err());
    }

    #[test]
    fn answers_and_questions_have_length_limits() {
        assert!(parse_answer("a", &"x".repeat(MAX_ANSWER_CHARS)).is_ok());
        assert!(parse_answer("a", &"x".repeat(MAX_ANSWER_CHARS + 1)).is_err());
        assert!(parse_question("q", &"x".repeat(MAX_QUESTION_CHARS + 1)).is_err());
        assert_eq!(parse_answer("a", "  vegan \n").unwrap(), "vegan");
    }

    #[test]
    fn ticket_codes_are_read_forgivingly() {
        assert_eq!(normalise_code("abcde-fghjk").unwrap(), "ABCDEFGHJK");
        assert_eq!(normalise_code(" ABCDE FGHJK ").unwrap(), "ABCDEFGHJK");
        assert_eq!(
            normalise_code("https://hallway.example/e/rust-x/check-in?code=ABCDEFGHJK").unwrap(),
            "ABCDEFGHJK",
            "a scanned ticket address"
        );
        assert_eq!(
            normalise_code("/check-in?code=abcde-fghjk&q=x#top").unwrap(),
            "ABCDEFGHJK"
        );
        assert_eq!(normalise_code("https://x.example/e/y/check-in?code="), None);
        assert_eq!(normalise_code("ABCDEFGHJ"), None);
        assert_eq!(normalise_code("ABCDEFGHJI"), None);
        assert_eq!(show_code("ABCDEFGHJK"), "ABCDE-FGHJK");
    }

    /// An event's parties in memory, changed exactly the way the service changes the database.
    #[derive(Debug, Default)]
    struct Model {
        capacity: Option<i64>,
        seq: i64,
        /// id → (status, size, queue number)
        parties: BTreeMap<i64, (RsvpStatus, i64, i64)>,
    }

    #[derive(Debug, Clone)]
    enum Op {
        Go(i64, i64),
        Leave(i64),
        Capacity(Option<i64>),
    }

    impl Model {
        fn taken(&self) -> i64 {
            self.parties
                .values()
                .filter(|p| p.0 == RsvpStatus::Going)
                .map(|p| p.1)
                .sum()
        }

        fn line(&self) -> Vec<Waiting> {
            let mut line: Vec<(i64, i64, i64)> = self
                .parties
                .iter()
                .filter(|(_, p)| p.0 == RsvpStatus::Waitlisted)
                .map(|(id, p)| (p.2, *id, p.1))
                .collect();
            line.sort();
            line.into_iter()
                .map(|(_, id, size)| Waiting { id, size })
                .collect()
        }

        /// Lets in whoever fits; returns who was let in.
        fn promote(&mut self) -> Vec<i64> {
            let seats = Seats {
                capacity: self.capacity,
                taken: self.taken(),
            };
            let promoted = promotions(seats, &self.line());
            for id in &promoted {
                if let Some(p) = self.parties.get_mut(id) {
                    p.0 = RsvpStatus::Going;
                }
            }
            promoted
        }

        fn apply(&mut self, op: &Op) -> Vec<i64> {
            self.seq += 1;
            match *op {
                Op::Go(id, size) => {
                    let current = self.parties.get(&id).copied();
                    let own = match current {
                        Some((RsvpStatus::Going, s, _)) => s,
                        _ => 0,
                    };
                    let others = Seats {
                        capacity: self.capacity,
                        taken: self.taken() - own,
                    };
                    let placed = place(current.map(|p| p.0), others, size);
                    let queue = if placed.to_back_of_line {
                        self.seq
                    } else {
                        current.map(|p| p.2).unwrap_or(self.seq)
                    };
                    self.parties.insert(id, (placed.status, size, queue));
                }
                Op::Leave(id) => {
                    if let Some(p) = self.parties.get_mut(&id) {
                        p.0 = RsvpStatus::NotGoing;
                    }
                }
                Op::Capacity(c) => {
                    if check_capacity("c", c, self.taken()).is_ok() {
                        self.capacity = c;
                    }
                }
            }
            self.promote()
        }
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            6 => (0i64..30, 1i64..5).prop_map(|(id, size)| Op::Go(id, size)),
            3 => (0i64..30).prop_map(Op::Leave),
            1 => proptest::option::weighted(0.8, 1i64..25).prop_map(Op::Capacity),
        ]
    }

    proptest! {
        #[test]
        fn any_sequence_of_rsvps_keeps_seats_within_capacity_and_promotes_fairly(
            capacity in proptest::option::weighted(0.9, 1i64..20),
            ops in proptest::collection::vec(op(), 1..80),
        ) {
            let mut model = Model { capacity, ..Model::default() };
            for op in &ops {
                let line_before = model.line();
                let promoted = model.apply(op);
                let seats = Seats { capacity: model.capacity, taken: model.taken() };
                // Never more seats taken than there are.
                if let Some(c) = model.capacity {
                    prop_assert!(model.taken() <= c, "taken {} > capacity {c}", model.taken());
                }
                // Nobody waits who would fit: promotion is complete.
                for w in model.line() {
                    prop_assert!(!seats.fits(w.size), "party {} of {} waits with {:?} free", w.id, w.size, seats.free());
                }
                // Those let in come in line order.
                let order: Vec<i64> = line_before.iter().map(|w| w.id).filter(|id| promoted.contains(id)).collect();
                let promoted_from_line: Vec<i64> = promoted.iter().copied().filter(|id| line_before.iter().any(|w| w.id == *id)).collect();
                prop_assert_eq!(order, promoted_from_line);
                // Queue numbers are distinct, so line order is total.
                let mut queue: Vec<i64> = model.parties.values().filter(|p| p.0 == RsvpStatus::Waitlisted).map(|p| p.2).collect();
                let n = queue.len();
                queue.sort_unstable();
                queue.dedup();
                prop_assert_eq!(queue.len(), n);
            }
        }
    }
}
