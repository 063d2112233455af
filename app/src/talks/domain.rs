//! Talks and calls for papers as plain values and functions: the talk life cycle, the CfP
//! window, and the parsing of every field a speaker or organizer types.

use crate::{error::AppError, groups::domain::text};
use serde::{Deserialize, Serialize};

/// Where a talk stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TalkState {
    Draft,
    Submitted,
    Accepted,
    Rejected,
    Confirmed,
    Declined,
    Withdrawn,
}

crate::stored_as_text!(TalkState {
    Draft,
    Submitted,
    Accepted,
    Rejected,
    Confirmed,
    Declined,
    Withdrawn
});

/// What can happen to a talk (who may do it is decided by the service).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TalkStep {
    /// The speaker changes title, abstract, format…
    Edit,
    Submit,
    Accept,
    Reject,
    /// The speaker confirms an accepted talk.
    Confirm,
    /// The speaker declines an accepted talk.
    Decline,
    Withdraw,
}

impl TalkState {
    pub const ALL: [TalkState; 7] = [
        Self::Draft,
        Self::Submitted,
        Self::Accepted,
        Self::Rejected,
        Self::Confirmed,
        Self::Declined,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Confirmed => "confirmed",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Submitted => "Submitted",
            Self::Accepted => "Accepted",
            Self::Rejected => "Not accepted",
            Self::Confirmed => "Confirmed",
            Self::Declined => "Declined",
            Self::Withdrawn => "Withdrawn",
        }
    }

    /// The one place that says which steps are allowed: the state after `step`, or why not.
    pub fn after(self, step: TalkStep) -> Result<Self, &'static str> {
        use TalkState::*;
        use TalkStep::*;
        match (self, step) {
            (Draft | Submitted, Edit) => Ok(self),
            (Draft, Submit) => Ok(Submitted),
            (Submitted, Accept) => Ok(Accepted),
            (Submitted, Reject) => Ok(Rejected),
            (Accepted, Confirm) => Ok(Confirmed),
            (Accepted, Decline) => Ok(Declined),
            (Draft | Submitted | Accepted | Confirmed, Withdraw) => Ok(Withdrawn),
            (Submitted, Submit) => Err("This talk is already submitted."),
            (Accepted | Rejected | Confirmed | Declined, Edit | Submit) => {
                Err("The organizers decided on this talk, so it can no longer be edited. Write to them if something changed.")
            }
            (Draft, Accept | Reject) => Err("A draft is not submitted yet."),
            (Accepted | Rejected | Confirmed | Declined, Accept | Reject) => {
                Err("This talk was already decided on.")
            }
            (Confirmed, Confirm) => Err("This talk is already confirmed."),
            (_, Confirm | Decline) => Err("Only an accepted talk can be confirmed or declined."),
            (Withdrawn, _) => Err("This talk was withdrawn."),
            (Rejected | Declined, Withdraw) => Err("This talk is no longer in the running."),
        }
    }

    /// Counts against the per-speaker submission limit.
    pub fn counts_toward_limit(self) -> bool {
        !matches!(self, Self::Withdrawn | Self::Declined)
    }
}

/// How far along a talk's audience should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    Beginner,
    Intermediate,
    Advanced,
}

crate::stored_as_text!(Level {
    Beginner,
    Intermediate,
    Advanced
});

impl Level {
    pub const ALL: [Level; 3] = [Self::Beginner, Self::Intermediate, Self::Advanced];

    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        match raw.trim() {
            "beginner" | "" => Ok(Self::Beginner),
            "intermediate" => Ok(Self::Intermediate),
            "advanced" => Ok(Self::Advanced),
            _ => Err(AppError::invalid(
                field,
                "Choose beginner, intermediate or advanced.",
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Beginner => "beginner",
            Self::Intermediate => "intermediate",
            Self::Advanced => "advanced",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Beginner => "Beginner",
            Self::Intermediate => "Intermediate",
            Self::Advanced => "Advanced",
        }
    }
}

/// Whether a call for papers takes submissions at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CfpWindow {
    /// No call for papers on this event.
    None,
    /// Opens later.
    NotYet,
    Open,
    Closed,
}

/// The window of a call for papers open from `opens_at` (or always) until `closes_at`.
pub fn cfp_window(opens_at: Option<i64>, closes_at: i64, now: i64) -> CfpWindow {
    if opens_at.is_some_and(|opens| now < opens) {
        CfpWindow::NotYet
    } else if now < closes_at {
        CfpWindow::Open
    } else {
        CfpWindow::Closed
    }
}

pub const MAX_TITLE: usize = 150;
pub const MAX_ABSTRACT: usize = 5000;
pub const MAX_NOTES: usize = 2000;
pub const MAX_GUIDELINES: usize = 10_000;
pub const MAX_FORMATS: usize = 10;

/// The fields of a talk, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalkText {
    pub title: String,
    pub abstract_md: String,
    pub notes: String,
    pub level: Level,
}

impl TalkText {
    /// Checks every field, reporting all problems at once.
    pub fn parse(
        title: &str,
        abstract_md: &str,
        notes: &str,
        level: &str,
    ) -> Result<Self, AppError> {
        let mut checks = crate::error::FieldChecks::default();
        let title = checks.check(text("title", title, "title", 1, MAX_TITLE, false));
        let abstract_md = checks.check(text(
            "abstract_md",
            abstract_md,
            "abstract",
            1,
            MAX_ABSTRACT,
            true,
        ));
        let notes = checks.check(text("notes", notes, "note", 0, MAX_NOTES, true));
        let level = checks.check(Level::parse("level", level));
        checks.finish()?;
        match (title, abstract_md, notes, level) {
            (Some(title), Some(abstract_md), Some(notes), Some(level)) => Ok(Self {
                title,
                abstract_md,
                notes,
                level,
            }),
            _ => Err(AppError::BadRequest),
        }
    }
}

/// A session format: a name, a length and what it is, like "Talk, 30, with questions".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionFormat {
    pub name: String,
    pub minutes: i64,
    pub description: String,
}

/// Parses the formats field: one format per line, `name, minutes` or
/// `name, minutes, description`.
pub fn parse_formats(field: &str, raw: &str) -> Result<Vec<SessionFormat>, AppError> {
    let mut formats = Vec::new();
    for (n, line) in raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let bad = || {
            AppError::invalid(
                field,
                format!(
                    "Line {} should look like \"Talk, 30\": a name, a comma, the minutes.",
                    n + 1
                ),
            )
        };
        let mut parts = line.splitn(3, ',');
        let name = parts.next().unwrap_or_default();
        let minutes = parts.next().ok_or_else(bad)?;
        let description = text(
            field,
            parts.next().unwrap_or_default(),
            "format description",
            0,
            200,
            false,
        )?;
        let minutes: i64 = minutes
            .trim()
            .trim_end_matches("min")
            .trim()
            .parse()
            .map_err(|_| bad())?;
        if !(1..=1440).contains(&minutes) {
            return Err(AppError::invalid(
                field,
                format!("Line {}: a session lasts 1 to 1440 minutes.", n + 1),
            ));
        }
        let name = text(field, name, "format name", 1, 60, false)?;
        if formats
            .iter()
            .any(|f: &SessionFormat| f.name.eq_ignore_ascii_case(&name))
        {
            return Err(AppError::invalid(
                field,
                format!("\"{name}\" is listed twice."),
            ));
        }
        formats.push(SessionFormat {
            name,
            minutes,
            description,
        });
    }
    if formats.is_empty() {
        return Err(AppError::invalid(
            field,
            "Add at least one format, like \"Talk, 30\".",
        ));
    }
    if formats.len() > MAX_FORMATS {
        return Err(AppError::invalid(
            field,
            format!("Up to {MAX_FORMATS} formats."),
        ));
    }
    Ok(formats)
}

/// Parses the tracks field: one name per line (may be empty: no tracks).
pub fn parse_tracks(field: &str, raw: &str) -> Result<Vec<String>, AppError> {
    let mut tracks: Vec<String> = Vec::new();
    for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let name = text(field, line, "track name", 1, 60, false)?;
        if tracks.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
            return Err(AppError::invalid(
                field,
                format!("\"{name}\" is listed twice."),
            ));
        }
        tracks.push(name);
    }
    if tracks.len() > MAX_FORMATS {
        return Err(AppError::invalid(
            field,
            format!("Up to {MAX_FORMATS} tracks."),
        ));
    }
    Ok(tracks)
}

/// A decision mail's words, with placeholders: `{speaker}`, `{title}`, `{event}`,
/// `{confirm_by}` and `{link}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionTemplate {
    pub subject: String,
    pub body: String,
}

/// The placeholders a decision template may use.
pub const PLACEHOLDERS: [&str; 5] = ["{speaker}", "{title}", "{event}", "{confirm_by}", "{link}"];

impl DecisionTemplate {
    /// Hallway's words for an acceptance or a rejection.
    pub fn default_for(accept: bool) -> Self {
        if accept {
            Self {
                subject: "Action needed: confirm your talk for {event}".to_owned(),
                body: "Hi {speaker},\n\nGood news: \"{title}\" is accepted for {event}.\n\nPlease confirm that you'll give it by {confirm_by}. Until you confirm, it is not in the program.\n\nConfirm it here: {link}".to_owned(),
            }
        } else {
            Self {
                subject: "About your proposal for {event}".to_owned(),
                body: "Hi {speaker},\n\nThank you for proposing \"{title}\" for {event}. We could not fit it into the program this time.\n\nWe hope to see you there anyway, and to read your next proposal.".to_owned(),
            }
        }
    }

    /// Checks a template typed by organizers: a subject line of up to 150 characters and a
    /// body of up to 5,000; an empty field means Hallway's default.
    pub fn parse(accept: bool, subject: &str, body: &str) -> Result<Self, AppError> {
        let prefix = if accept { "accept" } else { "reject" };
        let default = Self::default_for(accept);
        let mut checks = crate::error::FieldChecks::default();
        let subject = checks.check(text(
            &format!("{prefix}_subject"),
            subject,
            "subject",
            0,
            150,
            false,
        ));
        let body = checks.check(text(
            &format!("{prefix}_body"),
            body,
            "mail text",
            0,
            5000,
            true,
        ));
        checks.finish()?;
        let (Some(subject), Some(body)) = (subject, body) else {
            return Err(AppError::BadRequest);
        };
        Ok(Self {
            subject: if subject.is_empty() {
                default.subject
            } else {
                subject
            },
            body: if body.is_empty() { default.body } else { body },
        })
    }

    /// The mail for one speaker: (subject, body), placeholders filled in. A placeholder's value
    /// is never read as a placeholder itself.
    pub fn render(&self, values: &[(&str, &str)]) -> (String, String) {
        let fill = |template: &str| {
            let mut out = String::with_capacity(template.len());
            let mut rest = template;
            'outer: while let Some(start) = rest.find('{') {
                out.push_str(&rest[..start]);
                for (name, value) in values {
                    let key = format!("{{{name}}}");
                    if rest[start..].starts_with(&key) {
                        out.push_str(value);
                        rest = &rest[start + key.len()..];
                        continue 'outer;
                    }
                }
                out.push('{');
                rest = &rest[start + 1..];
            }
            out.push_str(rest);
            out
        };
        (
            fill(&self.subject).replace(['\r', '\n'], " "),
            fill(&self.body),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{TalkState::*, TalkStep::*, *};

    const STEPS: [TalkStep; 7] = [Edit, Submit, Accept, Reject, Confirm, Decline, Withdraw];

    #[test]
    fn a_talk_goes_from_draft_to_confirmed() {
        let mut state = Draft;
        for step in [Edit, Submit, Edit, Accept, Confirm] {
            state = state.after(step).unwrap();
        }
        assert_eq!(state, Confirmed);
    }

    #[test]
    fn after_a_decision_the_speaker_cannot_edit() {
        for state in [Accepted, Rejected, Confirmed, Declined, Withdrawn] {
            assert!(state.after(Edit).is_err(), "{state:?}");
            assert!(state.after(Submit).is_err(), "{state:?}");
        }
    }

    #[test]
    fn only_submitted_talks_are_decided_and_only_accepted_ones_answered() {
        for state in TalkState::ALL {
            for step in [Accept, Reject] {
                assert_eq!(
                    state.after(step).is_ok(),
                    state == Submitted,
                    "{state:?} {step:?}"
                );
            }
            for step in [Confirm, Decline] {
                assert_eq!(
                    state.after(step).is_ok(),
                    state == Accepted,
                    "{state:?} {step:?}"
                );
            }
        }
    }

    #[test]
    fn withdrawn_is_final_and_every_state_is_reachable() {
        for step in STEPS {
            assert!(Withdrawn.after(step).is_err());
        }
        let mut seen = std::collections::HashSet::from([Draft]);
        let mut frontier = vec![Draft];
        while let Some(state) = frontier.pop() {
            for step in STEPS {
                if let Ok(next) = state.after(step) {
                    if seen.insert(next) {
                        frontier.push(next);
                    }
                }
            }
        }
        assert_eq!(seen.len(), TalkState::ALL.len());
    }

    #[test]
    fn states_round_trip_through_the_database_names() {
        for state in TalkState::ALL {
            assert_eq!(TalkState::try_from(state.as_str().to_owned()), Ok(state));
        }
    }

    #[test]
    fn the_cfp_window_opens_and_closes() {
        assert_eq!(cfp_window(Some(10), 20, 5), CfpWindow::NotYet);
        assert_eq!(cfp_window(Some(10), 20, 10), CfpWindow::Open);
        assert_eq!(cfp_window(None, 20, 19), CfpWindow::Open);
        assert_eq!(cfp_window(None, 20, 20), CfpWindow::Closed);
    }

    #[test]
    fn formats_are_a_name_and_minutes_per_line() {
        let formats = parse_formats(
            "f",
            "Talk, 30\n\nLightning talk, 5 min\nWorkshop,90, Bring a laptop, and questions",
        )
        .unwrap();
        assert_eq!(
            formats,
            vec![
                SessionFormat {
                    name: "Talk".into(),
                    minutes: 30,
                    description: String::new(),
                },
                SessionFormat {
                    name: "Lightning talk".into(),
                    minutes: 5,
                    description: String::new(),
                },
                SessionFormat {
                    name: "Workshop".into(),
                    minutes: 90,
                    description: "Bring a laptop, and questions".into(),
                },
            ]
        );
        assert!(parse_formats("f", "Talk").is_err());
        assert!(parse_formats("f", "Talk, 0").is_err());
        assert!(parse_formats("f", "Talk, 30\ntalk, 20").is_err());
        assert!(parse_formats("f", "").is_err());
    }

    #[test]
    fn templates_fill_placeholders_once_and_keep_subjects_on_one_line() {
        let template = DecisionTemplate {
            subject: "{title} at {event}".into(),
            body: "Hi {speaker}, see {link}. {unknown} stays.".into(),
        };
        let (subject, body) = template.render(&[
            ("title", "Evil {speaker}\r\nBcc: x"),
            ("event", "RustConf"),
            ("speaker", "Ann"),
            ("link", "https://x/me/talks"),
        ]);
        assert_eq!(subject, "Evil {speaker}  Bcc: x at RustConf");
        assert_eq!(body, "Hi Ann, see https://x/me/talks. {unknown} stays.");
        let default = DecisionTemplate::parse(true, " ", "").unwrap();
        assert_eq!(default, DecisionTemplate::default_for(true));
        for placeholder in PLACEHOLDERS {
            let used = default.subject.contains(placeholder) || default.body.contains(placeholder);
            assert!(used, "the default acceptance uses {placeholder}");
        }
        assert!(DecisionTemplate::parse(false, &"x".repeat(151), "").is_err());
    }

    #[test]
    fn talk_fields_report_every_problem_at_once() {
        let long = "x".repeat(MAX_TITLE + 1);
        let err = TalkText::parse(&long, "", "", "expert").unwrap_err();
        let text = format!("{err:?}");
        assert!(text.contains("title") && text.contains("abstract") && text.contains("level"));
        let ok = TalkText::parse(" Rust ", "About **Rust**", "", "advanced").unwrap();
        assert_eq!(ok.title, "Rust");
        assert_eq!(ok.level, Level::Advanced);
    }
}
