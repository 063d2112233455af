//! Talk use cases (server only): the call for papers, submissions, decisions, confirmation
//! and the public lineup. Who may do what is checked here; which state changes are allowed is
//! [`TalkState::after`].

use super::{
    api::{
        CfpForm, CfpView, DecisionPreview, FormatView, LineupView, MyTalk, PreviewMail,
        ProfileView, PublicSpeaker, PublicTalk, Submission, SubmissionsView, SubmitView, TalkDraft,
        TrackView,
    },
    domain::{
        cfp_window, parse_formats, parse_tracks, CfpWindow, DecisionTemplate, Level, TalkState,
        TalkStep, TalkText, MAX_GUIDELINES,
    },
    queries::{self, CfpRow, EventInfo, NewTalk, SpeakerRow, TalkRow},
};
use crate::{
    accounts::api::CurrentUser,
    db::{self, Db, Tx},
    error::{AppError, AppResult, FieldChecks},
    events::time,
    groups::{
        domain::{may, text, GroupAction, Website},
        queries as groups,
    },
    mail::{compose::Body, queries::NewMail, service::enqueue},
    markdown::to_safe_html,
};
use chrono_tz::Tz;

fn zone_of(info: &EventInfo) -> Tz {
    info.time_zone.parse().unwrap_or(Tz::UTC)
}

fn when(zone: Tz, at: i64) -> String {
    time::from_unix(at)
        .with_timezone(&zone)
        .format("%a %-d %b %Y, %H:%M %Z")
        .to_string()
}

pub(crate) async fn organizes<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    group_id: i64,
    user: Option<&CurrentUser>,
) -> AppResult<bool> {
    let Some(user) = user else { return Ok(false) };
    let role = groups::role_of(db, group_id, user.account_id).await?;
    Ok(may(role, GroupAction::ManageEvents))
}

fn organizers_only() -> AppError {
    AppError::Forbidden("Only the event's organizers can do that.".to_owned())
}

/// The event, if `user` may see it (drafts only for organizers).
async fn visible_event(
    db: &Db,
    slug: &str,
    user: Option<&CurrentUser>,
) -> AppResult<(EventInfo, bool)> {
    let info = queries::event_info(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let organizer = organizes(db.pool(), info.group_id, user).await?;
    if info.status == "draft" && !organizer {
        return Err(AppError::NotFound);
    }
    Ok((info, organizer))
}

/// The event for a change by its organizers.
pub(crate) async fn event_for_organizer(
    tx: &mut Tx,
    slug: &str,
    user: &CurrentUser,
) -> AppResult<EventInfo> {
    let info = queries::event_info(&mut **tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !organizes(&mut **tx, info.group_id, Some(user)).await? {
        return Err(organizers_only());
    }
    Ok(info)
}

fn window_of(cfp: Option<&CfpRow>, now: i64) -> CfpWindow {
    cfp.map_or(CfpWindow::None, |c| {
        cfp_window(c.opens_at, c.closes_at, now)
    })
}

/// The call for papers of an event.
pub async fn cfp_view(db: &Db, slug: &str, user: Option<&CurrentUser>) -> AppResult<CfpView> {
    let (info, organizer) = visible_event(db, slug, user).await?;
    let zone = zone_of(&info);
    let cfp = queries::cfp_of(db.pool(), info.event_id).await?;
    let formats = queries::formats(db.pool(), info.event_id).await?;
    let tracks = queries::tracks(db.pool(), info.event_id).await?;
    let now = db::now();
    let form = organizer.then(|| match &cfp {
        Some(c) => CfpForm {
            opens: c
                .opens_at
                .map(|at| time::to_local_input(at, zone))
                .unwrap_or_default(),
            closes: time::to_local_input(c.closes_at, zone),
            guidelines: c.guidelines.clone(),
            is_public: c.is_public != 0,
            max_per_speaker: c.max_per_speaker.to_string(),
            confirm_by: c
                .confirm_by
                .map(|at| time::to_local_input(at, zone))
                .unwrap_or_default(),
            formats: formats
                .iter()
                .map(|f| {
                    if f.description.is_empty() {
                        format!("{}, {}", f.name, f.minutes)
                    } else {
                        format!("{}, {}, {}", f.name, f.minutes, f.description)
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
            tracks: tracks
                .iter()
                .map(|t| t.name.clone())
                .collect::<Vec<_>>()
                .join("\n"),
            late_edits: c.late_edits != 0,
            blind_review: c.blind_review != 0,
            hide_scores: c.hide_scores != 0,
            accept_subject: template_of(Some(c), true).subject,
            accept_body: template_of(Some(c), true).body,
            reject_subject: template_of(Some(c), false).subject,
            reject_body: template_of(Some(c), false).body,
        },
        None => CfpForm {
            opens: String::new(),
            closes: time::to_local_input(info.starts_at - 21 * 24 * 3600, zone),
            guidelines: String::new(),
            is_public: true,
            max_per_speaker: "3".to_owned(),
            confirm_by: String::new(),
            formats: "Talk, 30\nLightning talk, 5".to_owned(),
            tracks: String::new(),
            late_edits: false,
            blind_review: false,
            hide_scores: true,
            accept_subject: DecisionTemplate::default_for(true).subject,
            accept_body: DecisionTemplate::default_for(true).body,
            reject_subject: DecisionTemplate::default_for(false).subject,
            reject_body: DecisionTemplate::default_for(false).body,
        },
    });
    Ok(CfpView {
        event_slug: info.slug.clone(),
        event_title: info.title.clone(),
        time_zone: info.time_zone.clone(),
        exists: cfp.is_some(),
        window: window_of(cfp.as_ref(), now),
        closes_text: cfp
            .as_ref()
            .map(|c| when(zone, c.closes_at))
            .unwrap_or_default(),
        opens_text: cfp
            .as_ref()
            .and_then(|c| c.opens_at)
            .map(|at| when(zone, at)),
        guidelines_html: cfp
            .as_ref()
            .map(|c| to_safe_html(&c.guidelines))
            .unwrap_or_default(),
        is_public: cfp.as_ref().is_none_or(|c| c.is_public != 0),
        max_per_speaker: cfp.as_ref().map_or(3, |c| c.max_per_speaker),
        confirm_by_text: cfp
            .as_ref()
            .and_then(|c| c.confirm_by)
            .map(|at| when(zone, at)),
        formats: formats
            .into_iter()
            .map(|f| FormatView {
                format_id: f.format_id,
                name: f.name,
                minutes: f.minutes,
                description: f.description,
            })
            .collect(),
        tracks: tracks
            .into_iter()
            .map(|t| TrackView {
                track_id: t.track_id,
                name: t.name,
            })
            .collect(),
        lineup_published: cfp
            .as_ref()
            .is_some_and(|c| c.lineup_published_at.is_some()),
        late_edits: cfp.as_ref().is_some_and(|c| c.late_edits != 0),
        is_organizer: organizer,
        form,
    })
}

/// What the event page shows: "Call for papers open until …" and a link to the speakers.
pub async fn event_summary(
    db: &Db,
    event_id: i64,
    zone: Tz,
    viewer: Option<&CurrentUser>,
) -> AppResult<super::api::TalksSummary> {
    let cfp = queries::cfp_of(db.pool(), event_id).await?;
    let open = window_of(cfp.as_ref(), db::now()) == CfpWindow::Open;
    let reviewer = match viewer {
        Some(v) if cfp.is_some() => queries::is_reviewer(db.pool(), event_id, v.account_id).await?,
        _ => false,
    };
    Ok(super::api::TalksSummary {
        reviewer,
        cfp_open_until: cfp
            .as_ref()
            .filter(|c| open && c.is_public != 0)
            .map(|c| when(zone, c.closes_at)),
        lineup_published: cfp.is_some_and(|c| c.lineup_published_at.is_some()),
        schedule_published: crate::schedule::queries::latest_version(db.pool(), event_id)
            .await?
            .is_some(),
    })
}

/// The decision template of a call for papers (Hallway's default where none was written).
fn template_of(cfp: Option<&CfpRow>, accept: bool) -> DecisionTemplate {
    let default = DecisionTemplate::default_for(accept);
    let (subject, body) = match cfp {
        Some(c) if accept => (c.accept_subject.clone(), c.accept_body.clone()),
        Some(c) => (c.reject_subject.clone(), c.reject_body.clone()),
        None => (None, None),
    };
    DecisionTemplate {
        subject: subject.unwrap_or(default.subject),
        body: body.unwrap_or(default.body),
    }
}

fn local_instant(field: &str, raw: &str, zone: Tz) -> AppResult<Option<i64>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let local = time::parse_local(field, raw)?;
    Ok(Some(time::resolve(field, local, zone)?.instant.timestamp()))
}

/// Sets up or changes an event's call for papers (organizers).
pub async fn save_cfp(db: &Db, user: &CurrentUser, slug: &str, form: &CfpForm) -> AppResult<()> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let info = event_for_organizer(&mut tx, slug, user).await?;
    let zone = zone_of(&info);
    let mut checks = FieldChecks::default();
    let opens = checks
        .check(local_instant("opens", &form.opens, zone))
        .flatten();
    let closes = checks.check(local_instant("closes", &form.closes, zone).and_then(|c| {
        c.ok_or_else(|| AppError::invalid("closes", "Say when the call for papers closes."))
    }));
    let confirm_by = checks
        .check(local_instant("confirm_by", &form.confirm_by, zone))
        .flatten();
    let guidelines = checks.check(text(
        "guidelines",
        &form.guidelines,
        "guidelines",
        0,
        MAX_GUIDELINES,
        true,
    ));
    let max = checks.check(match form.max_per_speaker.trim() {
        "" => Ok(3),
        raw => raw
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=20).contains(n))
            .ok_or_else(|| AppError::invalid("max_per_speaker", "A number from 1 to 20.")),
    });
    let accept_template = checks.check(DecisionTemplate::parse(
        true,
        &form.accept_subject,
        &form.accept_body,
    ));
    let reject_template = checks.check(DecisionTemplate::parse(
        false,
        &form.reject_subject,
        &form.reject_body,
    ));
    let formats = checks.check(parse_formats("formats", &form.formats));
    let tracks = checks.check(parse_tracks("tracks", &form.tracks));
    if let (Some(opens), Some(closes)) = (opens, closes) {
        if closes <= opens {
            checks.check::<()>(Err(AppError::invalid(
                "closes",
                "The call for papers must close after it opens.",
            )));
        }
    }
    checks.finish()?;
    let (
        Some(closes),
        Some(guidelines),
        Some(max),
        Some(formats),
        Some(tracks),
        Some(accept),
        Some(reject),
    ) = (
        closes,
        guidelines,
        max,
        formats,
        tracks,
        accept_template,
        reject_template,
    )
    else {
        return Err(AppError::BadRequest);
    };
    let existing = queries::cfp_of(&mut *tx, info.event_id).await?;
    let cfp = CfpRow {
        opens_at: opens,
        closes_at: closes,
        guidelines,
        is_public: i64::from(form.is_public),
        max_per_speaker: max,
        confirm_by,
        lineup_published_at: existing.and_then(|c| c.lineup_published_at),
        late_edits: i64::from(form.late_edits),
        blind_review: i64::from(form.blind_review),
        hide_scores: i64::from(form.hide_scores),
        accept_subject: Some(accept.subject),
        accept_body: Some(accept.body),
        reject_subject: Some(reject.subject),
        reject_body: Some(reject.body),
    };
    queries::save_cfp(&mut tx, info.event_id, &cfp, now).await?;
    // Formats keep their ids (talks point at them) when their names stay.
    let old = queries::formats(&mut *tx, info.event_id).await?;
    for gone in old
        .iter()
        .filter(|o| !formats.iter().any(|f| f.name.eq_ignore_ascii_case(&o.name)))
    {
        if !queries::delete_unused_format(&mut tx, gone.format_id).await? {
            return Err(AppError::conflict(
                "formats",
                format!(
                    "Talks were submitted as \"{}\", so it stays: keep its line.",
                    gone.name
                ),
            ));
        }
    }
    for (position, format) in formats.iter().enumerate() {
        let position = position as i64;
        match old
            .iter()
            .find(|o| o.name.eq_ignore_ascii_case(&format.name))
        {
            Some(o) => queries::update_format(&mut tx, o.format_id, position, format).await?,
            None => queries::insert_format(&mut tx, info.event_id, position, format).await?,
        }
    }
    queries::replace_tracks(&mut tx, info.event_id, &tracks).await?;
    tx.commit().await?;
    Ok(())
}

fn draft_of(row: &TalkRow, window: &CfpWindow) -> TalkDraft {
    let state = TalkState::from_db(&row.state);
    TalkDraft {
        talk_id: row.talk_id,
        title: row.title.clone(),
        abstract_md: row.abstract_md.clone(),
        notes: row.notes.clone(),
        level: Level::from_db(&row.level),
        format_id: row.format_id,
        track_id: row.track_id,
        state,
        may_edit: state.after(TalkStep::Edit).is_ok() && *window == CfpWindow::Open,
    }
}

/// The submission page for a new talk, or for one of `user`'s talks.
pub async fn submit_view(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    talk_id: Option<i64>,
) -> AppResult<SubmitView> {
    let cfp = cfp_view(db, slug, Some(user)).await?;
    let info = queries::event_info(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let talk = match talk_id {
        Some(id) => {
            let row = queries::talk(db.pool(), info.event_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            if !queries::is_speaker(db.pool(), id, user.account_id).await? {
                return Err(AppError::NotFound);
            }
            Some(draft_of(&row, &cfp.window))
        }
        None => None,
    };
    let mine = queries::count_for_speaker(db.pool(), info.event_id, user.account_id).await?;
    let proposal =
        super::speaker_invites::accepted_proposal(db, info.event_id, user.account_id).await?;
    let invited = proposal.is_some();
    let talk = talk.map(|mut t| {
        // Invited speakers may edit undecided talks whatever the window.
        let late = cfp.late_edits && cfp.window == CfpWindow::Closed;
        t.may_edit = t.may_edit
            || ((invited || late) && t.state.after(TalkStep::Edit).is_ok() && cfp.exists);
        t
    });
    Ok(SubmitView {
        cfp,
        talk,
        mine,
        invited,
        proposal,
    })
}

/// What a speaker typed for a talk.
pub struct TalkInput {
    pub title: String,
    pub abstract_md: String,
    pub notes: String,
    pub level: String,
    pub format: String,
    pub track: String,
    /// Submit (else save as a draft).
    pub submit: bool,
}

/// Saves a new talk or one of `user`'s talks, as a draft or submitted; returns its state.
pub async fn save_talk(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    talk_id: Option<i64>,
    input: &TalkInput,
) -> AppResult<TalkState> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let info = queries::event_info(&mut *tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let organizer = organizes(&mut *tx, info.group_id, Some(user)).await?;
    if info.status == "draft" && !organizer {
        return Err(AppError::NotFound);
    }
    let cfp = queries::cfp_of(&mut *tx, info.event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let formats = queries::formats(&mut *tx, info.event_id).await?;
    let tracks = queries::tracks(&mut *tx, info.event_id).await?;
    let mut checks = FieldChecks::default();
    let fields = checks.check(TalkText::parse(
        &input.title,
        &input.abstract_md,
        &input.notes,
        &input.level,
    ));
    let format = checks.check(
        input
            .format
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| formats.iter().any(|f| f.format_id == *id))
            .ok_or_else(|| AppError::invalid("format", "Choose one of the formats.")),
    );
    let track = checks.check(match input.track.trim() {
        "" => Ok(None),
        raw => raw
            .parse::<i64>()
            .ok()
            .filter(|id| tracks.iter().any(|t| t.track_id == *id))
            .map(Some)
            .ok_or_else(|| AppError::invalid("track", "Choose one of the tracks.")),
    });
    checks.finish()?;
    let (Some(fields), Some(format), Some(track)) = (fields, format, track) else {
        return Err(AppError::BadRequest);
    };
    let zone = zone_of(&info);
    // An invited speaker may propose and edit whatever the window and the public setting.
    let invited =
        crate::invites::queries::invited_speaker(&mut *tx, info.event_id, user.account_id).await?;
    match cfp_window(cfp.opens_at, cfp.closes_at, now) {
        _ if invited => {}
        CfpWindow::Open => {}
        // The organizers let speakers keep editing what they submitted.
        CfpWindow::Closed if talk_id.is_some() && cfp.late_edits != 0 => {}
        CfpWindow::NotYet => {
            return Err(AppError::conflict(
                "",
                format!(
                    "The call for papers opens {}.",
                    cfp.opens_at.map(|at| when(zone, at)).unwrap_or_default()
                ),
            ))
        }
        _ => {
            return Err(AppError::conflict(
                "",
                format!(
                "The call for papers closed {}, so talks can no longer be submitted or changed.",
                when(zone, cfp.closes_at)
            ),
            ))
        }
    }
    let state = match talk_id {
        Some(id) => {
            let row = queries::talk(&mut *tx, info.event_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            if !queries::is_speaker(&mut *tx, id, user.account_id).await? {
                return Err(AppError::NotFound);
            }
            let current = TalkState::from_db(&row.state);
            current
                .after(TalkStep::Edit)
                .map_err(|m| AppError::conflict("", m))?;
            if input.submit && current == TalkState::Draft {
                TalkState::Submitted
            } else {
                current
            }
        }
        None => {
            if cfp.is_public == 0 && !invited {
                return Err(AppError::Forbidden(
                    "This call for papers is by invitation only.".to_owned(),
                ));
            }
            let mine = queries::count_for_speaker(&mut *tx, info.event_id, user.account_id).await?;
            if mine >= cfp.max_per_speaker {
                return Err(AppError::conflict(
                    "",
                    format!(
                        "You can propose up to {} talks for this event. Withdraw one to add another.",
                        cfp.max_per_speaker
                    ),
                ));
            }
            if input.submit {
                TalkState::Submitted
            } else {
                TalkState::Draft
            }
        }
    };
    let new = NewTalk {
        event_id: info.event_id,
        format_id: format,
        track_id: track,
        title: &fields.title,
        abstract_md: &fields.abstract_md,
        level: fields.level.as_str(),
        notes: &fields.notes,
        state: state.as_str(),
        created_by: user.account_id,
    };
    match talk_id {
        Some(id) => queries::update_talk(&mut tx, id, &new, now).await?,
        None => {
            queries::insert_talk(&mut tx, &new, now).await?;
        }
    }
    tx.commit().await?;
    Ok(state)
}

/// A talk of `user` for a step they take on it.
pub(crate) async fn own_talk(
    tx: &mut Tx,
    user: &CurrentUser,
    slug: &str,
    talk_id: i64,
) -> AppResult<(EventInfo, TalkRow)> {
    let info = queries::event_info(&mut **tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = queries::talk(&mut **tx, info.event_id, talk_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !queries::is_speaker(&mut **tx, talk_id, user.account_id).await? {
        return Err(AppError::NotFound);
    }
    Ok((info, row))
}

/// Moves a talk by `step`, or says why it cannot move.
async fn step(tx: &mut Tx, row: &TalkRow, step: TalkStep) -> AppResult<TalkState> {
    let current = TalkState::from_db(&row.state);
    let next = current.after(step).map_err(|m| AppError::conflict("", m))?;
    if !queries::set_state(tx, row.talk_id, current.as_str(), next.as_str(), db::now()).await? {
        return Err(AppError::conflict(
            "",
            "This talk changed meanwhile. Reload the page.",
        ));
    }
    Ok(next)
}

/// Withdraws one of `user`'s talks.
pub async fn withdraw(db: &Db, user: &CurrentUser, slug: &str, talk_id: i64) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let (_, row) = own_talk(&mut tx, user, slug, talk_id).await?;
    step(&mut tx, &row, TalkStep::Withdraw).await?;
    tx.commit().await?;
    Ok(())
}

/// Confirms or declines one of `user`'s accepted talks.
pub async fn answer(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    talk_id: i64,
    answer: &str,
) -> AppResult<TalkState> {
    let how = match answer {
        "confirm" => TalkStep::Confirm,
        "decline" => TalkStep::Decline,
        _ => return Err(AppError::BadRequest),
    };
    let mut tx = db.begin_write().await?;
    let (_, row) = own_talk(&mut tx, user, slug, talk_id).await?;
    let state = step(&mut tx, &row, how).await?;
    tx.commit().await?;
    Ok(state)
}

/// Every talk `user` gives or proposes, with the next thing to do.
pub async fn my_talks(db: &Db, user: &CurrentUser) -> AppResult<Vec<MyTalk>> {
    let now = db::now();
    let rows = queries::talks_of_speaker(db.pool(), user.account_id).await?;
    let mut invited_to = Vec::new();
    for row in &rows {
        if crate::invites::queries::invited_speaker(db.pool(), row.event_id, user.account_id)
            .await?
        {
            invited_to.push(row.event_id);
        }
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let zone: Tz = row.time_zone.parse().unwrap_or(Tz::UTC);
            let state = TalkState::from_db(&row.state);
            let open = row.closes_at.is_some_and(|c| now < c);
            let late = row.late_edits == Some(1) && row.closes_at.is_some_and(|c| now >= c);
            let writable = open || late || invited_to.contains(&row.event_id);
            let next = match state {
                TalkState::Draft => match row.closes_at {
                    Some(c) if open => format!("Finish and submit it before {}.", when(zone, c)),
                    _ => "The call for papers closed before this draft was submitted.".to_owned(),
                },
                TalkState::Submitted => "Waiting for the organizers' decision.".to_owned(),
                TalkState::Accepted => match row.confirm_by {
                    Some(by) => format!(
                        "Accepted! Confirm that you'll give it, by {}.",
                        when(zone, by)
                    ),
                    None => "Accepted! Confirm that you'll give it.".to_owned(),
                },
                TalkState::Rejected => "Not in the program this time.".to_owned(),
                TalkState::Confirmed => "You're in the program. See you there!".to_owned(),
                TalkState::Declined => "You declined to give it.".to_owned(),
                TalkState::Withdrawn => "Withdrawn.".to_owned(),
            };
            MyTalk {
                talk_id: row.talk_id,
                title: row.title,
                may_edit: state.after(TalkStep::Edit).is_ok() && writable,
                may_answer: state == TalkState::Accepted,
                may_withdraw: state.after(TalkStep::Withdraw).is_ok(),
                state,
                event_slug: row.event_slug,
                event_title: row.event_title,
                when: when(zone, row.starts_at),
                next,
            }
        })
        .collect())
}

const REVIEWABLE: [&str; 6] = [
    "submitted",
    "accepted",
    "rejected",
    "confirmed",
    "declined",
    "withdrawn",
];

fn names_by_talk(speakers: &[SpeakerRow], talk_id: i64) -> Vec<String> {
    speakers
        .iter()
        .filter(|s| s.talk_id == talk_id)
        .map(|s| s.display_name.clone())
        .collect()
}

/// The organizers' list of submitted talks (drafts are the speakers' own), filtered by state
/// and sorted (`newest`, `title`, `format`; oldest first otherwise).
/// Which submissions the organizers' list shows (empty or `None`: all).
pub struct SubmissionFilter {
    pub state: String,
    pub format: Option<i64>,
    pub track: Option<i64>,
}

pub async fn submissions(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    filter: &SubmissionFilter,
    sort: &str,
) -> AppResult<SubmissionsView> {
    let (info, organizer) = visible_event(db, slug, Some(user)).await?;
    if !organizer {
        return Err(organizers_only());
    }
    let zone = zone_of(&info);
    let cfp = queries::cfp_of(db.pool(), info.event_id).await?;
    let all = queries::talks_of_event(db.pool(), info.event_id, &REVIEWABLE).await?;
    let speakers = queries::speakers_of_event(db.pool(), info.event_id).await?;
    let reviews = queries::reviews_of_event(db.pool(), info.event_id).await?;
    let scores_of = |talk_id: i64| -> Vec<i64> {
        reviews
            .iter()
            .filter(|r| r.talk_id == talk_id)
            .map(|r| r.score)
            .collect()
    };
    let counts = TalkState::ALL
        .iter()
        .filter(|s| **s != TalkState::Draft)
        .map(|s| {
            (
                *s,
                all.iter().filter(|t| t.state == s.as_str()).count() as i64,
            )
        })
        .collect();
    let mut talks: Vec<Submission> = all
        .iter()
        .filter(|t| filter.state.is_empty() || t.state == filter.state)
        .filter(|t| filter.format.is_none_or(|f| t.format_id == f))
        .filter(|t| filter.track.is_none_or(|k| t.track_id == Some(k)))
        .map(|t| Submission {
            talk_id: t.talk_id,
            title: t.title.clone(),
            speakers: names_by_talk(&speakers, t.talk_id),
            format: t.format_name.clone(),
            minutes: t.minutes,
            track: t.track_name.clone(),
            level: Level::from_db(&t.level),
            state: TalkState::from_db(&t.state),
            submitted: t.submitted_at.map(|at| when(zone, at)),
            abstract_html: to_safe_html(&t.abstract_md),
            notes: t.notes.clone(),
            average: super::review::average(&scores_of(t.talk_id)),
            reviews: scores_of(t.talk_id).len() as i64,
        })
        .collect();
    match sort {
        "newest" => talks.reverse(),
        "title" => talks.sort_by_key(|t| t.title.to_lowercase()),
        "format" => talks.sort_by(|a, b| a.format.cmp(&b.format).then(a.talk_id.cmp(&b.talk_id))),
        // Best first; unreviewed talks last.
        "score" => talks.sort_by(|a, b| {
            let key = |t: &Submission| t.average.as_deref().and_then(|a| a.parse::<f64>().ok());
            key(b)
                .partial_cmp(&key(a))
                .unwrap_or(std::cmp::Ordering::Equal)
        }),
        _ => {}
    }
    let unconfirmed = all
        .iter()
        .filter(|t| t.state == TalkState::Accepted.as_str())
        .map(|t| {
            format!(
                "{} ({})",
                t.title,
                names_by_talk(&speakers, t.talk_id).join(", ")
            )
        })
        .collect();
    let formats = queries::formats(db.pool(), info.event_id)
        .await?
        .into_iter()
        .map(|f| FormatView {
            format_id: f.format_id,
            name: f.name,
            minutes: f.minutes,
            description: f.description,
        })
        .collect();
    let tracks = queries::tracks(db.pool(), info.event_id)
        .await?
        .into_iter()
        .map(|t| TrackView {
            track_id: t.track_id,
            name: t.name,
        })
        .collect();
    Ok(SubmissionsView {
        formats,
        tracks,
        unconfirmed,
        event_slug: info.slug,
        event_title: info.title,
        talks,
        counts,
        lineup_published: cfp
            .as_ref()
            .is_some_and(|c| c.lineup_published_at.is_some()),
        confirm_by_text: cfp.and_then(|c| c.confirm_by).map(|at| when(zone, at)),
    })
}

fn decision_step(decision: &str) -> AppResult<TalkStep> {
    match decision {
        "accept" => Ok(TalkStep::Accept),
        "reject" => Ok(TalkStep::Reject),
        _ => Err(AppError::BadRequest),
    }
}

/// Parses "12,15,19" (talk ids, at most 200).
pub fn parse_ids(raw: &str) -> AppResult<Vec<i64>> {
    let ids: Vec<i64> = raw
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<i64>().map_err(|_| AppError::BadRequest))
        .collect::<AppResult<_>>()?;
    if ids.is_empty() {
        return Err(AppError::invalid("talks", "Choose at least one talk."));
    }
    if ids.len() > 200 {
        return Err(AppError::invalid("talks", "Up to 200 talks at once."));
    }
    Ok(ids)
}

/// Every mail a decision on `talk` sends: (to, subject, text), from the event's template.
fn decision_mails(
    info: &EventInfo,
    talk: &TalkRow,
    speakers: &[SpeakerRow],
    accept: bool,
    cfp: Option<&CfpRow>,
    site: &str,
) -> Vec<(String, String, String, String)> {
    let zone = zone_of(info);
    let template = template_of(cfp, accept);
    let confirm_by = cfp
        .and_then(|c| c.confirm_by)
        .map(|at| when(zone, at))
        .unwrap_or_else(|| "the date the organizers give you".to_owned());
    let link = format!("{site}/me/talks");
    speakers
        .iter()
        .filter(|s| s.talk_id == talk.talk_id)
        .map(|s| {
            let (subject, body) = template.render(&[
                ("speaker", &s.display_name),
                ("title", &talk.title),
                ("event", &info.title),
                ("confirm_by", &confirm_by),
                ("link", &link),
            ]);
            (s.display_name.clone(), s.email.clone(), subject, body)
        })
        .collect()
}

/// What deciding on `ids` would mail, before anything is sent (organizers).
pub async fn decision_preview(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    ids: &[i64],
    decision: &str,
    site: &str,
) -> AppResult<DecisionPreview> {
    let accept = decision_step(decision)? == TalkStep::Accept;
    let (info, organizer) = visible_event(db, slug, Some(user)).await?;
    if !organizer {
        return Err(organizers_only());
    }
    let cfp = queries::cfp_of(db.pool(), info.event_id).await?;
    let speakers = queries::speakers_of_event(db.pool(), info.event_id).await?;
    let mut mails = Vec::new();
    let mut titles = Vec::new();
    let mut skipped = Vec::new();
    for id in ids {
        let Some(talk) = queries::talk(db.pool(), info.event_id, *id).await? else {
            return Err(AppError::NotFound);
        };
        if TalkState::from_db(&talk.state) != TalkState::Submitted {
            skipped.push(talk.title.clone());
            continue;
        }
        titles.push(talk.title.clone());
        for (name, email, subject, body) in
            decision_mails(&info, &talk, &speakers, accept, cfp.as_ref(), site)
        {
            mails.push(PreviewMail {
                to: format!("{name} <{email}>"),
                subject,
                body,
            });
        }
    }
    Ok(DecisionPreview {
        event_slug: info.slug,
        event_title: info.title,
        accept,
        talks: titles,
        skipped,
        mails,
    })
}

/// Accepts or rejects submitted talks and mails their speakers from the event's template,
/// all in one transaction (organizers). Returns how many talks were decided.
pub async fn decide(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    ids: &[i64],
    decision: &str,
    site: &str,
) -> AppResult<usize> {
    let how = decision_step(decision)?;
    let mut tx = db.begin_write().await?;
    let info = event_for_organizer(&mut tx, slug, user).await?;
    let cfp = queries::cfp_of(&mut *tx, info.event_id).await?;
    let speakers = queries::speakers_of_event(&mut *tx, info.event_id).await?;
    for id in ids {
        let row = queries::talk(&mut *tx, info.event_id, *id)
            .await?
            .ok_or(AppError::NotFound)?;
        step(&mut tx, &row, how).await?;
        let accept = how == TalkStep::Accept;
        for (name, email, subject, text) in
            decision_mails(&info, &row, &speakers, accept, cfp.as_ref(), site)
        {
            let mut body = Body::default();
            for paragraph in text.split("\n\n") {
                body.paragraph(paragraph.trim());
            }
            let (body_text, body_html) = body.finish(&format!(
                "You get this because you proposed a talk for {} on Hallway.",
                info.title
            ));
            let mail = NewMail {
                kind: if accept {
                    "talk_accepted"
                } else {
                    "talk_rejected"
                },
                to_address: email,
                to_name: name,
                subject,
                body_text,
                body_html,
                group_id: Some(info.group_id),
                event_id: Some(info.event_id),
                ..NewMail::default()
            };
            enqueue(&mut tx, &mail, site).await?;
        }
    }
    tx.commit().await?;
    Ok(ids.len())
}

/// Publishes the lineup of confirmed talks, or hides it again (organizers).
pub async fn publish_lineup(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    publish: bool,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let info = event_for_organizer(&mut tx, slug, user).await?;
    if queries::cfp_of(&mut *tx, info.event_id).await?.is_none() {
        return Err(AppError::conflict("", "Set up a call for papers first."));
    }
    queries::publish_lineup(&mut tx, info.event_id, publish.then(db::now)).await?;
    tx.commit().await?;
    Ok(())
}

fn public_speaker(s: &SpeakerRow) -> PublicSpeaker {
    PublicSpeaker {
        name: s.display_name.clone(),
        bio_html: to_safe_html(s.bio.as_deref().unwrap_or_default()),
        links: s
            .links
            .as_deref()
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .filter(|l| !l.is_empty())
            .collect(),
        photo_url: (s.has_photo == Some(1)).then(|| format!("/speakers/{}/photo", s.account_id)),
        talks: Vec::new(),
    }
}

/// Stores `user`'s speaker photo after checking its content (PNG, JPEG or WebP, 2 MB).
pub async fn save_photo(db: &Db, user: &CurrentUser, bytes: &[u8]) -> AppResult<()> {
    let media_type = super::domain::check_photo(bytes)?;
    let bytes = crate::media::without_metadata(bytes, media_type).map_err(|_| {
        AppError::invalid(
            "photo",
            "That image could not be read. Please save it again as PNG, JPEG or WebP.",
        )
    })?;
    let mut tx = db.begin_write().await?;
    queries::save_photo(&mut tx, user.account_id, &bytes, media_type, db::now()).await?;
    tx.commit().await?;
    Ok(())
}

/// A speaker's photo: (media type, bytes, updated at). Public once they have a confirmed
/// talk in a published lineup; before that only they see it.
pub async fn photo(
    db: &Db,
    viewer: Option<&CurrentUser>,
    account_id: i64,
) -> AppResult<(String, Vec<u8>, i64)> {
    let photo = queries::photo(db.pool(), account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let own = viewer.is_some_and(|v| v.account_id == account_id);
    if !own && !queries::in_a_published_lineup(db.pool(), account_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(photo)
}

/// The confirmed talks and speakers, once published; nothing of other talks.
async fn published(db: &Db, slug: &str) -> AppResult<(EventInfo, Vec<TalkRow>, Vec<SpeakerRow>)> {
    let info = queries::event_info(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let cfp = queries::cfp_of(db.pool(), info.event_id).await?;
    let lineup = cfp.and_then(|c| c.lineup_published_at).is_some();
    // A published schedule makes its talks public too, confirmed or not.
    let scheduled = crate::schedule::queries::scheduled_talks(db.pool(), info.event_id).await?;
    if info.status == "draft" || (!lineup && scheduled.is_empty()) {
        return Err(AppError::NotFound);
    }
    let talks: Vec<TalkRow> =
        queries::talks_of_event(db.pool(), info.event_id, &["accepted", "confirmed"])
            .await?
            .into_iter()
            .filter(|t| (lineup && t.state == "confirmed") || scheduled.contains(&t.talk_id))
            .collect();
    let speakers = queries::speakers_of_event(db.pool(), info.event_id)
        .await?
        .into_iter()
        .filter(|s| talks.iter().any(|t| t.talk_id == s.talk_id))
        .collect();
    Ok((info, talks, speakers))
}

/// `/e/{slug}/speakers`: confirmed speakers with their confirmed talks.
pub async fn lineup(db: &Db, slug: &str) -> AppResult<LineupView> {
    let (info, talks, speakers) = published(db, slug).await?;
    let mut people: Vec<(i64, PublicSpeaker)> = Vec::new();
    for s in &speakers {
        let title = talks
            .iter()
            .find(|t| t.talk_id == s.talk_id)
            .map(|t| t.title.clone())
            .unwrap_or_default();
        match people.iter_mut().find(|(id, _)| *id == s.account_id) {
            Some((_, p)) => p.talks.push((s.talk_id, title)),
            None => {
                let mut p = public_speaker(s);
                p.talks.push((s.talk_id, title));
                people.push((s.account_id, p));
            }
        }
    }
    people.sort_by_key(|(_, p)| p.name.to_lowercase());
    Ok(LineupView {
        event_slug: info.slug,
        event_title: info.title,
        speakers: people.into_iter().map(|(_, p)| p).collect(),
    })
}

/// `/e/{slug}/talks/{id}`: a talk with its speakers, once public: confirmed in a published
/// lineup, or in the published schedule. Reads just that talk.
pub async fn public_talk(db: &Db, slug: &str, talk_id: i64) -> AppResult<PublicTalk> {
    let info = queries::event_info(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let talk = queries::talk(db.pool(), info.event_id, talk_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let lineup = queries::cfp_of(db.pool(), info.event_id)
        .await?
        .and_then(|c| c.lineup_published_at)
        .is_some();
    let public = match talk.state.as_str() {
        "confirmed" if lineup => true,
        "confirmed" | "accepted" => {
            crate::schedule::queries::scheduled_talks(db.pool(), info.event_id)
                .await?
                .contains(&talk_id)
        }
        _ => false,
    };
    if info.status == "draft" || !public {
        return Err(AppError::NotFound);
    }
    let speakers = queries::profiles_of_talk(db.pool(), talk_id).await?;
    Ok(PublicTalk {
        event_slug: info.slug,
        event_title: info.title,
        title: talk.title,
        abstract_html: to_safe_html(&talk.abstract_md),
        format: talk.format_name,
        minutes: talk.minutes,
        level: Level::from_db(&talk.level),
        track: talk.track_name,
        speakers: speakers.iter().map(public_speaker).collect(),
    })
}

pub async fn profile(db: &Db, user: &CurrentUser) -> AppResult<ProfileView> {
    let (bio, links) = queries::profile(db.pool(), user.account_id)
        .await?
        .unwrap_or_default();
    let has_photo = queries::photo(db.pool(), user.account_id).await?.is_some();
    Ok(ProfileView {
        bio,
        links,
        photo_url: has_photo.then(|| format!("/speakers/{}/photo", user.account_id)),
    })
}

/// Saves the bio (Markdown) and up to five http(s) links, one per line.
pub async fn save_profile(db: &Db, user: &CurrentUser, bio: &str, links: &str) -> AppResult<()> {
    let mut checks = FieldChecks::default();
    let bio = checks.check(text("bio", bio, "bio", 0, 5000, true));
    let links = checks.check((|| {
        let mut out = Vec::new();
        for line in links.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let site = Website::parse("links", line)?;
            out.extend(site.as_deref().map(str::to_owned));
        }
        if out.len() > 5 {
            return Err(AppError::invalid("links", "Up to five links."));
        }
        Ok(out.join("\n"))
    })());
    checks.finish()?;
    let (Some(bio), Some(links)) = (bio, links) else {
        return Err(AppError::BadRequest);
    };
    let mut tx = db.begin_write().await?;
    queries::save_profile(&mut tx, user.account_id, &bio, &links, db::now()).await?;
    tx.commit().await?;
    Ok(())
}
