//! Reviewing submissions (server only): organizers name reviewers; reviewers (and organizers)
//! score each submitted talk 1–5 with a comment, never their own. With blind review on,
//! nothing a reviewer can fetch names who proposed a talk; with hidden scores, a reviewer sees
//! others' scores of a talk only after scoring it.

use super::{
    domain::TalkState,
    queries::{self, ReviewRow},
    service::{event_for_organizer, organizes},
    views::{ReviewBoard, ReviewItem, ReviewerView},
};
use crate::{
    accounts::{domain::Email, views::CurrentUser},
    db::{self, Db},
    error::{AppError, AppResult},
    groups::domain::text,
    markdown::to_safe_html,
};

/// Names a reviewer by the address of their account (organizers). Only a confirmed address
/// names a person: anyone can sign up with an address they do not own.
pub async fn add_reviewer(db: &Db, user: &CurrentUser, slug: &str, email: Email) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let info = event_for_organizer(&mut tx, slug, user).await?;
    let (account, confirmed) = queries::account_by_email(&mut *tx, email.as_str())
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "email",
                "No Hallway account uses this address. Ask them to sign up first.",
            )
        })?;
    if !confirmed {
        return Err(AppError::invalid(
            "email",
            "This account has not confirmed its address yet. Ask them to open the link we mailed them when they signed up (or send a new one from their account page), then add them again.",
        ));
    }
    if !queries::add_reviewer(&mut tx, info.event_id, account, db::now()).await? {
        return Err(AppError::conflict(
            "email",
            "This person already reviews this event.",
        ));
    }
    tx.commit().await?;
    Ok(())
}

pub async fn remove_reviewer(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    account_id: i64,
) -> AppResult<()> {
    let mut tx = db.begin_write().await?;
    let info = event_for_organizer(&mut tx, slug, user).await?;
    if queries::remove_reviewer(&mut tx, info.event_id, account_id).await? == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

pub async fn reviewers(db: &Db, user: &CurrentUser, slug: &str) -> AppResult<Vec<ReviewerView>> {
    let mut tx = db.begin_write().await?;
    let info = event_for_organizer(&mut tx, slug, user).await?;
    tx.commit().await?;
    Ok(queries::reviewers(db.pool(), info.event_id)
        .await?
        .into_iter()
        .map(|(account_id, name, email)| ReviewerView {
            account_id,
            name,
            email,
        })
        .collect())
}

/// The average of `scores` with one decimal, if any.
pub fn average(scores: &[i64]) -> Option<String> {
    (!scores.is_empty()).then(|| {
        let sum: i64 = scores.iter().sum();
        format!("{:.1}", sum as f64 / scores.len() as f64)
    })
}

/// What `user` may review of an event: (event, organizer?, blind?, hide scores?, has a call
/// for papers?). Organizers of an event without a call for papers get an empty board that says
/// so (not a 404); the event's reviewers need one.
async fn reviewer_of(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
) -> AppResult<(queries::EventInfo, bool, bool, bool, bool)> {
    let info = queries::event_info(db.pool(), slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let organizer = organizes(db.pool(), info.group_id, Some(user)).await?;
    if !organizer && !queries::is_reviewer(db.pool(), info.event_id, user.account_id).await? {
        return Err(AppError::Forbidden(
            "Only the event's reviewers and organizers can review its talks.".to_owned(),
        ));
    }
    let Some(cfp) = queries::cfp_of(db.pool(), info.event_id).await? else {
        return if organizer {
            Ok((info, organizer, false, false, false))
        } else {
            Err(AppError::NotFound)
        };
    };
    // Organizers decide, so they always see who proposed what.
    let blind = cfp.blind_review && !organizer;
    Ok((info, organizer, blind, cfp.hide_scores, true))
}

/// The talks `user` can score: submitted ones, not their own.
pub async fn queue(db: &Db, user: &CurrentUser, slug: &str) -> AppResult<ReviewBoard> {
    let (info, _, blind, hide, has_cfp) = reviewer_of(db, user, slug).await?;
    let talks = queries::talks_of_event(db.pool(), info.event_id, &["submitted"]).await?;
    let speakers = queries::speakers_of_event(db.pool(), info.event_id).await?;
    let reviews = queries::reviews_of_event(db.pool(), info.event_id).await?;
    let items = talks
        .into_iter()
        .filter(|t| {
            !speakers
                .iter()
                .any(|s| s.talk_id == t.talk_id && s.account_id == user.account_id)
        })
        .map(|t| {
            let of_talk: Vec<&ReviewRow> =
                reviews.iter().filter(|r| r.talk_id == t.talk_id).collect();
            let mine = of_talk.iter().find(|r| r.account_id == user.account_id);
            let show_others = !hide || mine.is_some();
            let scores: Vec<i64> = of_talk.iter().map(|r| r.score).collect();
            ReviewItem {
                talk_id: t.talk_id,
                title: t.title,
                abstract_html: to_safe_html(&t.abstract_md),
                format: t.format_name,
                minutes: t.minutes,
                track: t.track_name,
                level: t.level,
                speakers: (!blind).then(|| {
                    speakers
                        .iter()
                        .filter(|s| s.talk_id == t.talk_id)
                        .map(|s| s.display_name.clone())
                        .collect()
                }),
                my_score: mine.map(|r| r.score),
                my_comment: mine.map(|r| r.comment.clone()).unwrap_or_default(),
                others: show_others.then(|| {
                    of_talk
                        .iter()
                        .filter(|r| r.account_id != user.account_id)
                        .map(|r| (r.score, r.comment.clone()))
                        .collect()
                }),
                average: if show_others { average(&scores) } else { None },
                reviews: scores.len() as i64,
            }
        })
        .collect();
    Ok(ReviewBoard {
        event_slug: info.slug,
        event_title: info.title,
        blind,
        hide_scores: hide,
        has_cfp,
        talks: items,
    })
}

/// Scores a submitted talk 1–5 with a comment (again: replaces the earlier score).
pub async fn score(
    db: &Db,
    user: &CurrentUser,
    slug: &str,
    talk_id: i64,
    score: &str,
    comment: &str,
) -> AppResult<()> {
    let (info, _, _, _, _) = reviewer_of(db, user, slug).await?;
    let score = score
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|s| (1..=5).contains(s))
        .ok_or_else(|| AppError::invalid("score", "Choose a score from 1 to 5."))?;
    let comment = text("comment", comment, "comment", 0, 2000, true)?;
    let mut tx = db.begin_write().await?;
    let talk = queries::talk(&mut *tx, info.event_id, talk_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if queries::is_speaker(&mut *tx, talk_id, user.account_id).await? {
        return Err(AppError::Forbidden(
            "You can't review your own talk.".to_owned(),
        ));
    }
    if talk.state != TalkState::Submitted {
        return Err(AppError::conflict(
            "",
            "Only submitted talks are reviewed; this one was decided or withdrawn.",
        ));
    }
    queries::save_review(
        &mut tx,
        talk_id,
        user.account_id,
        score,
        &comment,
        db::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::average;

    #[test]
    fn averages_have_one_decimal_and_need_a_score() {
        assert_eq!(average(&[]), None);
        assert_eq!(average(&[4, 5]), Some("4.5".to_owned()));
        assert_eq!(average(&[1, 2, 2]), Some("1.7".to_owned()));
    }
}
