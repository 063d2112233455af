//! What the sponsorship pages show, and the server functions behind their forms. Each one
//! checks who is asking in [`super::service`] and works without JavaScript (forms post and
//! redirect).

#[cfg(feature = "ssr")]
use super::domain::Stage;
pub use super::views::*;
use crate::error::AppError;
use leptos::prelude::*;

/// Where a form goes after success: `path?done=what#anchor` (a second save that lands on the
/// same page still reloads what it shows: pages key their data on [`crate::forms::Changes`]).
#[cfg(feature = "ssr")]
fn go_done(path: &str, what: &str, anchor: &str) {
    redirect(&format!("{path}?done={what}{anchor}"));
}

#[cfg(feature = "ssr")]
use crate::{
    accounts::api::auth,
    invites::service as invites,
    sponsors::portal::PartnerKind,
    state::app_state,
    web::{public_url, redirect},
};

// ---- organizers: tiers, goal, pipeline ----

#[server(endpoint = "sponsorship_admin")]
pub async fn sponsorship_admin(event: String) -> Result<PipelineView, AppError> {
    let user = auth::require().await?;
    super::service::admin(&app_state()?.db, &user, &event).await
}

/// Adds a tier, or changes tier `tier` (organizers).
#[server(endpoint = "save_sponsor_tier")]
#[allow(clippy::too_many_arguments)]
pub async fn save_sponsor_tier(
    event: String,
    #[server(default)] tier: Option<i64>,
    name: String,
    rank: String,
    price: String,
    currency: String,
    slots: String,
    #[server(default)] passes: String,
    #[server(default)] benefits: String,
) -> Result<(), AppError> {
    use super::domain::{TierForm, TierInput};
    let user = auth::require().await?;
    let input = TierInput::parse(&TierForm {
        name: &name,
        rank: &rank,
        price: &price,
        currency: &currency,
        slots: &slots,
        passes: &passes,
        benefits: &benefits,
    })?;
    super::service::save_tier(&app_state()?.db, &user, &event, tier, &input).await?;
    go_done(&format!("/e/{event}/sponsorship"), "tier", "#tiers");
    Ok(())
}

#[server(endpoint = "delete_sponsor_tier")]
pub async fn delete_sponsor_tier(event: String, tier: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::delete_tier(&app_state()?.db, &user, &event, tier).await?;
    go_done(&format!("/e/{event}/sponsorship"), "tier-deleted", "#tiers");
    Ok(())
}

/// Sets (or, with an empty amount, clears) the event's sponsorship goal.
#[server(endpoint = "save_sponsor_goal")]
pub async fn save_sponsor_goal(
    event: String,
    #[server(default)] goal: String,
    #[server(default)] currency: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::save_goal(&app_state()?.db, &user, &event, &goal, &currency).await?;
    go_done(&format!("/e/{event}/sponsorship"), "goal", "");
    Ok(())
}

/// Puts a partner in the event's pipeline: one of the group's (`partner`) or a new one.
#[server(endpoint = "add_event_partner")]
pub async fn add_event_partner(
    event: String,
    #[server(default)] partner: String,
    #[server(default)] name: String,
    #[server(default)] website: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let id =
        super::service::add_to_pipeline(&app_state()?.db, &user, &event, &partner, &name, &website)
            .await?;
    go_done(&format!("/e/{event}/sponsorship/{id}"), "added", "");
    Ok(())
}

#[server(endpoint = "sponsorship_detail")]
pub async fn sponsorship_detail(event: String, id: i64) -> Result<SponsorshipView, AppError> {
    let user = auth::require().await?;
    super::service::detail(&app_state()?.db, &user, &event, id).await
}

/// Moves a partner to another stage, with a tier (organizers). `back` = "board" returns to
/// the pipeline, else to the sponsorship's page.
#[server(endpoint = "move_sponsorship")]
pub async fn move_sponsorship(
    event: String,
    sponsorship: i64,
    stage: String,
    #[server(default)] tier: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let stage =
        Stage::parse(&stage).ok_or_else(|| AppError::invalid("stage", "Choose a stage."))?;
    super::service::move_stage(
        &app_state()?.db,
        &user,
        &event,
        sponsorship,
        stage,
        &tier,
        &public_url()?,
    )
    .await?;
    if back == "board" {
        go_done(&format!("/e/{event}/sponsorship"), "moved", "#pipeline");
    } else {
        go_done(
            &format!("/e/{event}/sponsorship/{sponsorship}"),
            "moved",
            "",
        );
    }
    Ok(())
}

#[server(endpoint = "save_sponsorship_notes")]
pub async fn save_sponsorship_notes(
    event: String,
    sponsorship: i64,
    #[server(default)] notes: String,
    #[server(default)] next_step: String,
    #[server(default)] next_step_on: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::save_notes(
        &app_state()?.db,
        &user,
        &event,
        sponsorship,
        &notes,
        &next_step,
        &next_step_on,
    )
    .await?;
    go_done(
        &format!("/e/{event}/sponsorship/{sponsorship}"),
        "notes",
        "",
    );
    Ok(())
}

/// Ticks a benefit off (`done` = "1") or back (organizers).
#[server(endpoint = "set_sponsor_benefit")]
pub async fn set_sponsor_benefit(
    event: String,
    sponsorship: i64,
    benefit: i64,
    #[server(default)] done: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::service::set_benefit(
        &app_state()?.db,
        &user,
        &event,
        sponsorship,
        benefit,
        done == "1",
    )
    .await?;
    go_done(
        &format!("/e/{event}/sponsorship/{sponsorship}"),
        "benefit",
        "#benefits",
    );
    Ok(())
}

/// Invites a partner's contact to the partner portal by mail (organizers).
#[server(endpoint = "invite_partner")]
pub async fn invite_partner(
    event: String,
    sponsorship: i64,
    email: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    use crate::{accounts::domain::Email, error::FieldChecks};
    let user = auth::require().await?;
    let mut checks = FieldChecks::default();
    let email = checks.check(Email::parse("email", &email));
    let message = checks.check(crate::invites::service::parse_message(&message));
    checks.finish()?;
    let (Some(email), Some(message)) = (email, message) else {
        return Err(AppError::BadRequest);
    };
    super::portal::invite(
        &app_state()?.db,
        &user,
        &event,
        sponsorship,
        &email,
        &message,
        &public_url()?,
    )
    .await?;
    go_done(
        &format!("/e/{event}/sponsorship/{sponsorship}"),
        "invited",
        "",
    );
    Ok(())
}

#[server(endpoint = "resend_partner_invitation")]
pub async fn resend_partner_invitation(event: String, invitation: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    let state = app_state()?;
    invites::resend::<PartnerKind>(&state.db, &user, &event, invitation, &public_url()?).await?;
    go_done(&format!("/e/{event}/sponsorship"), "resent", "#invitations");
    Ok(())
}

#[server(endpoint = "revoke_partner_invitation")]
pub async fn revoke_partner_invitation(event: String, invitation: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    invites::withdraw::<PartnerKind>(&app_state()?.db, &user, &event, invitation).await?;
    go_done(
        &format!("/e/{event}/sponsorship"),
        "revoked",
        "#invitations",
    );
    Ok(())
}

/// Stops the partner's portal link from working (organizers).
#[server(endpoint = "revoke_portal_link")]
pub async fn revoke_portal_link(event: String, sponsorship: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::portal::revoke_portal(&app_state()?.db, &user, &event, sponsorship).await?;
    go_done(
        &format!("/e/{event}/sponsorship/{sponsorship}"),
        "portal-revoked",
        "",
    );
    Ok(())
}

// ---- organizers: the group's partners ----

#[server(endpoint = "partners_admin")]
pub async fn partners_admin(group: String) -> Result<PartnerList, AppError> {
    let user = auth::require().await?;
    super::partners::partners_admin(&app_state()?.db, &user, &group).await
}

/// Adds a partner to the group, or changes partner `partner` (organizers).
#[server(endpoint = "save_partner")]
pub async fn save_partner(
    group: String,
    #[server(default)] partner: Option<i64>,
    name: String,
    #[server(default)] website: String,
    #[server(default)] description: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let input = super::service::PartnerInput::parse(&name, &website, &description)?;
    super::partners::save_partner(&app_state()?.db, &user, &group, partner, &input).await?;
    go_done(&format!("/g/{group}/partners"), "saved", "");
    Ok(())
}

#[server(endpoint = "add_partner_contact")]
pub async fn add_partner_contact(
    group: String,
    partner: i64,
    name: String,
    email: String,
    #[server(default)] role: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let contact = super::service::ContactInput::parse(&name, &email, &role)?;
    super::partners::add_contact(&app_state()?.db, &user, &group, partner, &contact).await?;
    go_done(
        &format!("/g/{group}/partners"),
        "contact",
        "#partner-{partner}",
    );
    Ok(())
}

#[server(endpoint = "remove_partner_contact")]
pub async fn remove_partner_contact(
    group: String,
    partner: i64,
    contact: i64,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    super::partners::remove_contact(&app_state()?.db, &user, &group, partner, contact).await?;
    go_done(
        &format!("/g/{group}/partners"),
        "contact-removed",
        "#partner-{partner}",
    );
    Ok(())
}

// ---- partners: the invitation link and the portal ----

#[server(endpoint = "open_partner_invitation")]
pub async fn open_partner_invitation(token: String) -> Result<PartnerInvitationPage, AppError> {
    let user = auth::current().await?.map(|(u, _)| u);
    super::portal::open_invitation(&app_state()?.db, user.as_ref(), &token).await
}

/// Accepts a partner invitation (no account needed) and opens the portal.
#[server(endpoint = "accept_partner_invitation")]
pub async fn accept_partner_invitation(token: String) -> Result<(), AppError> {
    let user = auth::current().await?.map(|(u, _)| u);
    let portal = super::portal::accept_invitation(&app_state()?.db, user.as_ref(), &token).await?;
    redirect(&format!("/partner/{portal}?welcome=1"));
    Ok(())
}

#[server(endpoint = "decline_partner_invitation")]
pub async fn decline_partner_invitation(token: String) -> Result<(), AppError> {
    super::portal::decline_invitation(&app_state()?.db, &token).await?;
    redirect(&format!("/sponsor-invite/{token}?answered=declined"));
    Ok(())
}

#[server(endpoint = "partner_portal")]
pub async fn partner_portal(token: String) -> Result<PortalView, AppError> {
    let user = auth::current().await?.map(|(u, _)| u);
    super::portal::portal(&app_state()?.db, user.as_ref(), &token).await
}

/// The partner chooses a tier: interested, for the organizers to confirm.
#[server(endpoint = "portal_choose_tier")]
pub async fn portal_choose_tier(token: String, tier: String) -> Result<(), AppError> {
    super::portal::choose_tier(&app_state()?.db, &token, &tier).await?;
    go_done(&format!("/partner/{token}"), "chosen", "");
    Ok(())
}

#[server(endpoint = "portal_decline")]
pub async fn portal_decline(token: String) -> Result<(), AppError> {
    let event = super::portal::portal_decline(&app_state()?.db, &token).await?;
    redirect(&format!("/e/{event}"));
    Ok(())
}

#[server(endpoint = "portal_save_profile")]
pub async fn portal_save_profile(
    token: String,
    name: String,
    #[server(default)] website: String,
    #[server(default)] description: String,
) -> Result<(), AppError> {
    let input = super::service::PartnerInput::parse(&name, &website, &description)?;
    super::portal::portal_save_profile(&app_state()?.db, &token, &input).await?;
    go_done(&format!("/partner/{token}"), "profile", "#profile");
    Ok(())
}

#[server(endpoint = "portal_add_contact")]
pub async fn portal_add_contact(
    token: String,
    name: String,
    email: String,
    #[server(default)] role: String,
) -> Result<(), AppError> {
    let contact = super::service::ContactInput::parse(&name, &email, &role)?;
    super::portal::portal_add_contact(&app_state()?.db, &token, &contact).await?;
    go_done(&format!("/partner/{token}"), "contact", "#contacts");
    Ok(())
}

#[server(endpoint = "portal_remove_contact")]
pub async fn portal_remove_contact(token: String, contact: i64) -> Result<(), AppError> {
    super::portal::portal_remove_contact(&app_state()?.db, &token, contact).await?;
    go_done(&format!("/partner/{token}"), "contact-removed", "#contacts");
    Ok(())
}

#[server(endpoint = "portal_add_pass")]
pub async fn portal_add_pass(token: String, name: String) -> Result<(), AppError> {
    super::portal::portal_add_pass(&app_state()?.db, &token, &name).await?;
    go_done(&format!("/partner/{token}"), "pass", "#passes");
    Ok(())
}

#[server(endpoint = "portal_remove_pass")]
pub async fn portal_remove_pass(token: String, pass: i64) -> Result<(), AppError> {
    super::portal::portal_remove_pass(&app_state()?.db, &token, pass).await?;
    go_done(&format!("/partner/{token}"), "pass-removed", "#passes");
    Ok(())
}

#[server(endpoint = "my_sponsorships")]
pub async fn my_sponsorships() -> Result<Vec<AttachedSponsorship>, AppError> {
    let user = auth::require().await?;
    super::portal::attached(&app_state()?.db, &user).await
}

/// Opens the portal of a sponsorship attached to the signed-in account with a new link (the
/// old link stops working).
#[server(endpoint = "reopen_portal")]
pub async fn reopen_portal(sponsorship: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    let portal = super::portal::reopen_portal(&app_state()?.db, &user, sponsorship).await?;
    redirect(&format!("/partner/{portal}"));
    Ok(())
}

// ---- everyone ----

#[server(endpoint = "event_sponsors")]
pub async fn event_sponsors(event: String) -> Result<SponsorsView, AppError> {
    let user = auth::current().await?.map(|(u, _)| u);
    super::public::sponsors(&app_state()?.db, user.as_ref(), &event).await
}

#[server(endpoint = "group_partners")]
pub async fn group_partners(group: String) -> Result<Vec<PublicSponsor>, AppError> {
    super::public::group_partners(&app_state()?.db, &group).await
}
