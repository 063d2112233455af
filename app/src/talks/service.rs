//! Talk use cases (server only): the call for papers, a speaker's drafts and submissions,
//! withdrawing and confirming, and the access checks the other talk modules share
//! (decisions are in `decisions`, profiles and the public lineup in `speakers`). Who may do
//! what is checked here; which state changes are allowed is [`TalkState::after`].

use super::{
    domain::{
        cfp_window, parse_formats, parse_tracks, CfpWindow, DecisionTemplate, TalkState, TalkStep,
        TalkText, MAX_GUIDELINES,
    },
    queries::{self, CfpRow, EventInfo, NewTalk, TalkRow},
    views::{CfpForm, CfpView, FormatView, MyTalk, SubmitView, TalkDraft, TrackView},
};
use crate::{
    accounts::views::CurrentUser,
    db::{self, Db, Tx},
    error::{AppError, AppResult, FieldChecks},
    events::time,
    groups::{access, domain::text},
    markdown::to_safe_html,
};
use chrono_tz::Tz;

pub(super) fn zone_of(info: &EventInfo) -> Tz {
    info.time_zone
}

pub(super) fn when(zone: Tz, at: i64) -> String {
    time::from_unix(at)
        .with_timezone(&zone)
        .format("%a %-d %b %Y, %H:%M %Z")
        .to_string()
}

pub(crate) use crate::groups::access::{organizers_only, organizes};

/// The event, if `user` may see it (drafts only for organizers).
pub(super) async fn visible_event(
    db: &Db,
    slug: &str,
    user: Option<&CurrentUser>,
) -> AppResult<(EventInfo, bool)> {
    let info = queries::event_info(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let organizer = organizes(db.pool(), info.group_id, user).await?;
    if info.status == crate::events::domain::EventStatus::Draft && !organizer {
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
    let info = queries::event_info(&mut **tx, slug).await?;
    access::for_organizer(&mut **tx, info, user, organizers_only).await
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
            is_public: c.is_public,
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
            late_edits: c.late_edits,
            blind_review: c.blind_review,
            hide_scores: c.hide_scores,
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
        time_zone: info.time_zone.name().to_owned(),
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
        is_public: cfp.as_ref().is_none_or(|c| c.is_public),
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
        late_edits: cfp.as_ref().is_some_and(|c| c.late_edits),
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
) -> AppResult<super::views::TalksSummary> {
    let cfp = queries::cfp_of(db.pool(), event_id).await?;
    let open = window_of(cfp.as_ref(), db::now()) == CfpWindow::Open;
    let reviewer = match viewer {
        Some(v) if cfp.is_some() => queries::is_reviewer(db.pool(), event_id, v.account_id).await?,
        _ => false,
    };
    Ok(super::views::TalksSummary {
        reviewer,
        has_cfp: cfp.is_some(),
        cfp_open_until: cfp
            .as_ref()
            .filter(|c| open && c.is_public)
            .map(|c| when(zone, c.closes_at)),
        lineup_published: cfp.is_some_and(|c| c.lineup_published_at.is_some()),
        schedule_published: crate::schedule::queries::latest_version(db.pool(), event_id)
            .await?
            .is_some(),
    })
}

/// The decision template of a call for papers (Hallway's default where none was written).
pub(super) fn template_of(cfp: Option<&CfpRow>, accept: bool) -> DecisionTemplate {
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
        is_public: form.is_public,
        max_per_speaker: max,
        confirm_by,
        lineup_published_at: existing.and_then(|c| c.lineup_published_at),
        late_edits: form.late_edits,
        blind_review: form.blind_review,
        hide_scores: form.hide_scores,
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
    let state = row.state;
    TalkDraft {
        talk_id: row.talk_id,
        title: row.title.clone(),
        abstract_md: row.abstract_md.clone(),
        notes: row.notes.clone(),
        level: row.level,
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
    // The topic and format of the speaker invitation this person accepted, if any.
    let proposal = crate::invites::queries::accepted_speaker_proposal(
        db.pool(),
        info.event_id,
        user.account_id,
    )
    .await?;
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
/// Submitting mails the speaker a receipt (once per talk: only the step into "submitted").
pub async fn save_talk(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    talk_id: Option<i64>,
    input: &TalkInput,
    site: &str,
) -> AppResult<TalkState> {
    let now = db::now();
    let mut tx = db.begin_write().await?;
    let info = queries::event_info(&mut *tx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let organizer = organizes(&mut *tx, info.group_id, Some(user)).await?;
    if info.status == crate::events::domain::EventStatus::Draft && !organizer {
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
        CfpWindow::Closed if talk_id.is_some() && cfp.late_edits => {}
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
    let mut was = None;
    let state = match talk_id {
        Some(id) => {
            let row = queries::talk(&mut *tx, info.event_id, id)
                .await?
                .ok_or(AppError::NotFound)?;
            if !queries::is_speaker(&mut *tx, id, user.account_id).await? {
                return Err(AppError::NotFound);
            }
            let current = row.state;
            was = Some(current);
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
            if !cfp.is_public && !invited {
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
    if state == TalkState::Submitted && was != Some(TalkState::Submitted) {
        let format = formats
            .iter()
            .find(|f| f.format_id == format)
            .map(|f| f.name.clone())
            .unwrap_or_default();
        let receipt = super::receipt::Receipt {
            title: &fields.title,
            format: &format,
            closes: &when(zone, cfp.closes_at),
            late_edits: cfp.late_edits,
        };
        super::receipt::mail(&mut tx, user, &info, &receipt, site).await?;
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
pub(super) async fn step(tx: &mut Tx, row: &TalkRow, step: TalkStep) -> AppResult<TalkState> {
    let current = row.state;
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
            let zone: Tz = row.time_zone;
            let state = row.state;
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
