//! Speakers' profiles and photos (server only), and what the public sees of a call for papers:
//! the published lineup and each confirmed talk's page.

use super::{
    queries::{self, EventInfo, SpeakerRow, TalkRow},
    views::{LineupView, ProfileView, PublicSpeaker, PublicTalk},
};
use crate::{
    accounts::views::CurrentUser,
    db::{self, Db},
    error::{AppError, AppResult, FieldChecks},
    groups::domain::{text, Website},
    markdown::to_safe_html,
};

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
    let (bytes, media_type) = crate::media::accept_image(bytes, "photo", "photo")?;
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
    if info.status == crate::events::domain::EventStatus::Draft || (!lineup && scheduled.is_empty())
    {
        return Err(AppError::NotFound);
    }
    let talks: Vec<TalkRow> =
        queries::talks_of_event(db.pool(), info.event_id, &["accepted", "confirmed"])
            .await?
            .into_iter()
            .filter(|t| {
                (lineup && t.state == crate::talks::domain::TalkState::Confirmed)
                    || scheduled.contains(&t.talk_id)
            })
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
    if info.status == crate::events::domain::EventStatus::Draft || !public {
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
        level: talk.level,
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
