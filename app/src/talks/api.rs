//! Talk server functions: the call for papers, submitting and editing talks, decisions,
//! confirmation, and the public lineup.

pub use super::views::*;
use crate::error::AppError;
pub use crate::invites::api::SentInvitation;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{
        cospeakers::CoSpeakerKind, decisions, service, speaker_invites::SpeakerKind, speakers,
    },
    crate::{
        accounts::api::auth,
        invites::{queries::Kind, service as invites},
        state::app_state,
        web::{public_url, redirect},
    },
};

#[server(endpoint = "get_cfp")]
pub async fn get_cfp(event: String) -> Result<CfpView, AppError> {
    let user = auth::current().await?.map(|(u, _)| u);
    service::cfp_view(&app_state()?.db, &event, user.as_ref()).await
}

/// Sets up or changes the call for papers (organizers).
#[server(endpoint = "save_cfp")]
#[allow(clippy::too_many_arguments)]
pub async fn save_cfp(
    event: String,
    #[server(default)] opens: String,
    closes: String,
    #[server(default)] guidelines: String,
    #[server(default)] is_public: Option<String>,
    #[server(default)] max_per_speaker: String,
    #[server(default)] confirm_by: String,
    formats: String,
    #[server(default)] tracks: String,
    #[server(default)] late_edits: Option<String>,
    #[server(default)] blind_review: Option<String>,
    #[server(default)] hide_scores: Option<String>,
    #[server(default)] accept_subject: String,
    #[server(default)] accept_body: String,
    #[server(default)] reject_subject: String,
    #[server(default)] reject_body: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let form = CfpForm {
        late_edits: late_edits.is_some(),
        accept_subject,
        accept_body,
        reject_subject,
        reject_body,
        blind_review: blind_review.is_some(),
        hide_scores: hide_scores.is_some(),
        opens,
        closes,
        guidelines,
        is_public: is_public.is_some(),
        max_per_speaker,
        confirm_by,
        formats,
        tracks,
    };
    service::save_cfp(&app_state()?.db, &user, &event, &form).await?;
    redirect(&format!("/e/{event}/cfp?saved=1"));
    Ok(())
}

#[server(endpoint = "submission_form")]
pub async fn submission_form(event: String, talk: Option<i64>) -> Result<SubmitView, AppError> {
    let user = auth::require().await?;
    service::submit_view(&app_state()?.db, &user, &event, talk).await
}

/// Saves a talk as a draft or submits it (new when `talk` is empty).
#[server(endpoint = "save_talk")]
#[allow(clippy::too_many_arguments)]
pub async fn save_talk(
    event: String,
    #[server(default)] talk: Option<i64>,
    title: String,
    #[server(default)] abstract_md: String,
    #[server(default)] notes: String,
    #[server(default)] level: String,
    #[server(default)] format: String,
    #[server(default)] track: String,
    #[server(default)] submit: Option<String>,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let input = service::TalkInput {
        title,
        abstract_md,
        notes,
        level,
        format,
        track,
        submit: submit.is_some(),
    };
    let state = service::save_talk(
        &app_state()?.db,
        &user,
        &event,
        talk,
        &input,
        &public_url()?,
    )
    .await?;
    redirect(&format!("/me/talks?saved={}", state.as_str()));
    Ok(())
}

/// Withdraws one's own talk.
#[server(endpoint = "withdraw_talk")]
pub async fn withdraw_talk(event: String, talk: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::withdraw(&app_state()?.db, &user, &event, talk).await?;
    redirect("/me/talks?saved=withdrawn");
    Ok(())
}

/// Confirms or declines one's own accepted talk (`answer` is `confirm` or `decline`).
#[server(endpoint = "answer_talk")]
pub async fn answer_talk(event: String, talk: i64, answer: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    let state = service::answer(&app_state()?.db, &user, &event, talk, &answer).await?;
    redirect(&format!("/me/talks?saved={}", state.as_str()));
    Ok(())
}

#[server(endpoint = "my_talks")]
pub async fn my_talks() -> Result<Vec<MyTalk>, AppError> {
    let user = auth::require().await?;
    service::my_talks(&app_state()?.db, &user).await
}

#[server(endpoint = "list_submissions")]
pub async fn list_submissions(
    event: String,
    #[server(default)] state: String,
    #[server(default)] sort: String,
    #[server(default)] format: String,
    #[server(default)] track: String,
) -> Result<SubmissionsView, AppError> {
    let user = auth::require().await?;
    let filter = decisions::SubmissionFilter {
        state,
        format: format.parse().ok(),
        track: track.parse().ok(),
    };
    decisions::submissions(&app_state()?.db, &user, &event, &filter, &sort).await
}

/// Accepts or rejects a submitted talk and mails its speakers (`decision`: accept or reject).
#[server(endpoint = "decide_talk")]
pub async fn decide_talk(event: String, talk: i64, decision: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    decisions::decide(
        &app_state()?.db,
        &user,
        &event,
        &[talk],
        &decision,
        &public_url()?,
    )
    .await?;
    redirect(&format!("/e/{event}/submissions?done={decision}"));
    Ok(())
}

/// The mails a decision on `talks` ("12,15") would send (organizers).
#[server(endpoint = "preview_decisions")]
pub async fn preview_decisions(
    event: String,
    talks: String,
    decision: String,
) -> Result<DecisionPreview, AppError> {
    let user = auth::require().await?;
    let ids = decisions::parse_ids(&talks)?;
    decisions::decision_preview(
        &app_state()?.db,
        &user,
        &event,
        &ids,
        &decision,
        &public_url()?,
    )
    .await
}

/// Decides on several talks at once and sends the mails shown in the preview (organizers).
#[server(endpoint = "decide_talks")]
pub async fn decide_talks(event: String, talks: String, decision: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    let ids = decisions::parse_ids(&talks)?;
    decisions::decide(
        &app_state()?.db,
        &user,
        &event,
        &ids,
        &decision,
        &public_url()?,
    )
    .await?;
    redirect(&format!("/e/{event}/submissions?done={decision}"));
    Ok(())
}

/// Publishes (or hides again) the lineup of confirmed talks.
#[server(endpoint = "publish_lineup")]
pub async fn publish_lineup(event: String, publish: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    decisions::publish_lineup(&app_state()?.db, &user, &event, publish == "yes").await?;
    redirect(&format!("/e/{event}/submissions?done=lineup"));
    Ok(())
}

#[server(endpoint = "event_lineup")]
pub async fn event_lineup(event: String) -> Result<LineupView, AppError> {
    speakers::lineup(&app_state()?.db, &event).await
}

#[server(endpoint = "get_public_talk")]
pub async fn get_public_talk(event: String, talk: i64) -> Result<PublicTalk, AppError> {
    speakers::public_talk(&app_state()?.db, &event, talk).await
}

#[server(endpoint = "speaker_profile")]
pub async fn speaker_profile() -> Result<Option<ProfileView>, AppError> {
    let Some((user, _)) = auth::current().await? else {
        return Ok(None);
    };
    speakers::profile(&app_state()?.db, &user).await.map(Some)
}

#[server(endpoint = "save_speaker_profile")]
pub async fn save_speaker_profile(bio: String, links: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    speakers::save_profile(&app_state()?.db, &user, &bio, &links).await?;
    redirect("/account?saved=speaker");
    Ok(())
}

/// The event's speaker invitations (organizers).
#[server(endpoint = "speaker_invitations")]
pub async fn speaker_invitations(event: String) -> Result<Vec<SentInvitation>, AppError> {
    let user = auth::require().await?;
    super::speaker_invites::list(&app_state()?.db, &user, &event).await
}

/// Invites a guest speaker by mail (organizers).
#[server(endpoint = "invite_speaker")]
pub async fn invite_speaker(
    event: String,
    email: String,
    #[server(default)] message: String,
    #[server(default)] topic: String,
    #[server(default)] format: String,
) -> Result<(), AppError> {
    use crate::{accounts::domain::Email, error::FieldChecks};
    let user = auth::require().await?;
    let mut checks = FieldChecks::default();
    let email = checks.check(Email::parse("email", &email));
    let message = checks.check(crate::invites::service::parse_message(&message));
    let topic = checks.check(super::speaker_invites::parse_topic(&topic));
    checks.finish()?;
    let (Some(email), Some(message), Some(topic)) = (email, message, topic) else {
        return Err(AppError::BadRequest);
    };
    let input = super::speaker_invites::SpeakerInvite {
        email,
        message,
        topic,
        format,
    };
    super::speaker_invites::invite(&app_state()?.db, &user, &event, &input, &public_url()?).await?;
    redirect(&format!("/e/{event}/speaker-invitations?done=invited"));
    Ok(())
}

#[server(endpoint = "resend_speaker_invitation")]
pub async fn resend_speaker_invitation(event: String, invitation: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    let state = app_state()?;
    invites::resend::<SpeakerKind>(&state.db, &user, &event, invitation, &public_url()?).await?;
    redirect(&format!("/e/{event}/speaker-invitations?done=resent"));
    Ok(())
}

#[server(endpoint = "revoke_speaker_invitation")]
pub async fn revoke_speaker_invitation(event: String, invitation: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    invites::withdraw::<SpeakerKind>(&app_state()?.db, &user, &event, invitation).await?;
    redirect(&format!("/e/{event}/speaker-invitations?done=revoked"));
    Ok(())
}

#[server(endpoint = "open_speaker_invitation")]
pub async fn open_speaker_invitation(token: String) -> Result<SpeakerInvitationPage, AppError> {
    let user = auth::current().await?.map(|(u, _)| u);
    super::speaker_invites::open(&app_state()?.db, user.as_ref(), &token).await
}

/// Accepts a speaker invitation and opens the talk form.
#[server(endpoint = "accept_speaker_invitation")]
pub async fn accept_speaker_invitation(token: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    let slug = super::speaker_invites::accept(&app_state()?.db, &user, &token).await?;
    redirect(&format!("/e/{slug}/submit?invited=1"));
    Ok(())
}

#[server(endpoint = "decline_speaker_invitation")]
pub async fn decline_speaker_invitation(token: String) -> Result<(), AppError> {
    invites::decline(&app_state()?.db, Kind::Speaker, &token).await?;
    redirect(&format!("/speak/{token}?answered=declined"));
    Ok(())
}

#[server(endpoint = "list_reviewers")]
pub async fn list_reviewers(event: String) -> Result<Vec<ReviewerView>, AppError> {
    let user = auth::require().await?;
    super::review::reviewers(&app_state()?.db, &user, &event).await
}

/// Names a reviewer by the address of their account (organizers).
#[server(endpoint = "add_reviewer")]
pub async fn add_reviewer(event: String, email: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    let email = crate::accounts::domain::Email::parse("email", &email)?;
    super::review::add_reviewer(&app_state()?.db, &user, &event, email).await?;
    redirect(&format!("/e/{event}/cfp?saved=reviewers"));
    Ok(())
}

#[server(endpoint = "remove_reviewer")]
pub async fn remove_reviewer(event: String, account: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::review::remove_reviewer(&app_state()?.db, &user, &event, account).await?;
    redirect(&format!("/e/{event}/cfp?saved=reviewers"));
    Ok(())
}

#[server(endpoint = "review_queue")]
pub async fn review_queue(event: String) -> Result<ReviewBoard, AppError> {
    let user = auth::require().await?;
    super::review::queue(&app_state()?.db, &user, &event).await
}

/// Scores a talk 1–5 with a comment (reviewers and organizers, not their own talks).
#[server(endpoint = "score_talk")]
pub async fn score_talk(
    event: String,
    talk: i64,
    score: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::review::score(&app_state()?.db, &user, &event, talk, &score, &comment).await?;
    redirect(&format!("/e/{event}/review?scored={talk}#talk-{talk}"));
    Ok(())
}

#[server(endpoint = "co_speakers")]
pub async fn co_speakers(event: String, talk: i64) -> Result<CoSpeakersView, AppError> {
    let user = auth::require().await?;
    super::cospeakers::team(&app_state()?.db, &user, &event, talk).await
}

/// Invites someone to give one of your talks with you.
#[server(endpoint = "invite_co_speaker")]
pub async fn invite_co_speaker(
    event: String,
    talk: i64,
    email: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let email = crate::accounts::domain::Email::parse("email", &email)?;
    let message = crate::invites::service::parse_message(&message)?;
    super::cospeakers::invite(
        &app_state()?.db,
        &user,
        &event,
        talk,
        email,
        &message,
        &public_url()?,
    )
    .await?;
    redirect(&format!("/e/{event}/talks/{talk}/edit?team=invited"));
    Ok(())
}

#[server(endpoint = "resend_co_speaker_invitation")]
pub async fn resend_co_speaker_invitation(
    event: String,
    talk: i64,
    invitation: i64,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let (state, place) = (app_state()?, (event, talk));
    invites::resend::<CoSpeakerKind>(&state.db, &user, &place, invitation, &public_url()?).await?;
    let (event, talk) = place;
    redirect(&format!("/e/{event}/talks/{talk}/edit?team=resent"));
    Ok(())
}

#[server(endpoint = "revoke_co_speaker_invitation")]
pub async fn revoke_co_speaker_invitation(
    event: String,
    talk: i64,
    invitation: i64,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let place = (event, talk);
    invites::withdraw::<CoSpeakerKind>(&app_state()?.db, &user, &place, invitation).await?;
    let (event, talk) = place;
    redirect(&format!("/e/{event}/talks/{talk}/edit?team=revoked"));
    Ok(())
}

#[server(endpoint = "open_co_speaker_invitation")]
pub async fn open_co_speaker_invitation(
    token: String,
) -> Result<CoSpeakerInvitationPage, AppError> {
    let user = auth::current().await?.map(|(u, _)| u);
    super::cospeakers::open(&app_state()?.db, user.as_ref(), &token).await
}

#[server(endpoint = "accept_co_speaker_invitation")]
pub async fn accept_co_speaker_invitation(token: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::cospeakers::accept(&app_state()?.db, &user, &token).await?;
    redirect("/me/talks?saved=joined");
    Ok(())
}

#[server(endpoint = "decline_co_speaker_invitation")]
pub async fn decline_co_speaker_invitation(token: String) -> Result<(), AppError> {
    invites::decline(&app_state()?.db, Kind::CoSpeaker, &token).await?;
    redirect(&format!("/join-talk/{token}?answered=declined"));
    Ok(())
}
