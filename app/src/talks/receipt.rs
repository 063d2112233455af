//! The receipt a speaker gets when a talk is submitted (server only).

use super::queries::EventInfo;
use crate::{
    accounts::views::CurrentUser,
    db::Tx,
    error::AppResult,
    mail::{compose::Body, queries::NewMail, service::enqueue},
};

/// What the receipt for a submitted talk says.
pub(super) struct Receipt<'a> {
    pub title: &'a str,
    pub format: &'a str,
    pub closes: &'a str,
    pub late_edits: bool,
}

/// "We received your talk": what was sent, what happens next, where to change it.
pub(super) async fn mail(
    tx: &mut Tx,
    user: &CurrentUser,
    info: &EventInfo,
    talk: &Receipt<'_>,
    site: &str,
) -> AppResult<()> {
    let mut body = Body::new(&format!("Hi {},", user.display_name));
    body.paragraph(&format!(
        "Thank you for proposing \"{}\" ({}) for {}. The organizers and their reviewers read every proposal; you get a mail when they decide.",
        talk.title, talk.format, info.title
    ))
    .paragraph(&if talk.late_edits {
        format!("You can change it until the call for papers closes ({}), and after.", talk.closes)
    } else {
        format!("You can change or withdraw it until the call for papers closes ({}).", talk.closes)
    })
    .action("See your talks", &format!("{site}/me/talks"));
    let (body_text, body_html) = body.finish(&format!(
        "You get this because you submitted a talk to {}.",
        info.title
    ));
    let mail = NewMail {
        kind: "talk_submitted",
        to_address: user.email.clone(),
        to_name: user.display_name.clone(),
        subject: format!("We received your talk: {}", talk.title),
        body_text,
        body_html,
        group_id: Some(info.group_id),
        event_id: Some(info.event_id),
        ..NewMail::default()
    };
    enqueue(tx, &mail, site).await
}
