//! Reviewing and deciding (server only): the organizers' list of submissions with scores and
//! filters, decisions in bulk with the mails shown before they are sent, and publishing the
//! lineup.

use super::service::{
    event_for_organizer, organizers_only, step, template_of, visible_event, when, zone_of,
};
use super::{
    domain::{TalkState, TalkStep},
    queries::{self, CfpRow, EventInfo, SpeakerRow, TalkRow},
    views::{DecisionPreview, FormatView, PreviewMail, Submission, SubmissionsView, TrackView},
};
use crate::{
    accounts::views::CurrentUser,
    db::{self, Db},
    error::{AppError, AppResult},
    mail::{compose::Body, queries::NewMail, service::enqueue},
    markdown::to_safe_html,
};

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
        .map(|s| (*s, all.iter().filter(|t| t.state == *s).count() as i64))
        .collect();
    let mut talks: Vec<Submission> = all
        .iter()
        .filter(|t| filter.state.is_empty() || t.state.as_str() == filter.state)
        .filter(|t| filter.format.is_none_or(|f| t.format_id == f))
        .filter(|t| filter.track.is_none_or(|k| t.track_id == Some(k)))
        .map(|t| Submission {
            talk_id: t.talk_id,
            title: t.title.clone(),
            speakers: names_by_talk(&speakers, t.talk_id),
            format: t.format_name.clone(),
            minutes: t.minutes,
            track: t.track_name.clone(),
            level: t.level,
            state: t.state,
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
        .filter(|t| t.state == TalkState::Accepted)
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
        if talk.state != TalkState::Submitted {
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
