//! Who may call what: every server function, and every plain route that changes something,
//! called as every role on one event, asserting the roles that must be refused are refused.
//! A server function that has no row here fails the test, so a new endpoint gets one.
//! (What allowed roles can do is what the other test files are about.)

use crate::helpers::{Browser, TestApp, PASSWORD};
use crate::on_both_engines;
use std::collections::BTreeSet;
use Need::*;

/// Who an endpoint is for; everyone else is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Anyone, signed in or not (public reads, sign-in and sign-up, guest RSVPs).
    Anyone,
    /// Any signed-in account (its own things).
    SignedIn,
    /// A secret link's token: a forged one is refused for everyone.
    Token,
    /// The group's owner and co-organizers.
    Organizers,
    /// The group's owner only.
    Owner,
    /// Instance admins only.
    Admin,
    /// The event's reviewers (and its organizers).
    Reviewers,
    /// The talk's speakers (and co-speakers).
    TalkSpeakers,
    /// The account a partner portal is attached to.
    PortalHolder,
}

/// Every server function: its name, who it is for, and the fields it needs.
const ENDPOINTS: &[(&str, Need, &[&str])] = &[
    ("accept_co_speaker_invitation", Token, &["token"]),
    ("accept_invitation", Token, &["token"]),
    ("accept_partner_invitation", Token, &["token"]),
    ("accept_speaker_invitation", Token, &["token"]),
    (
        "add_break",
        Organizers,
        &["event", "kind", "title", "room", "day", "start", "minutes"],
    ),
    (
        "add_event_partner",
        Organizers,
        &["event", "partner", "name", "website"],
    ),
    (
        "add_partner_contact",
        Organizers,
        &["group", "partner", "name", "email", "role"],
    ),
    ("add_reviewer", Organizers, &["event", "email"]),
    ("announcement_audience", Organizers, &["event"]),
    ("answer_talk", TalkSpeakers, &["event", "talk", "answer"]),
    ("cancel_email_change", SignedIn, &[]),
    ("cancel_event", Organizers, &["event", "reason"]),
    (
        "change_password",
        SignedIn,
        &["current_password", "new_password"],
    ),
    ("check_email_confirmation", Anyone, &["token"]),
    ("check_email_undo", Anyone, &["token"]),
    ("check_guest_rsvp", Anyone, &["token"]),
    ("check_in", Organizers, &["event", "code", "q"]),
    ("check_in_list", Organizers, &["event", "q", "last"]),
    ("check_password_reset", Token, &["token"]),
    ("claim_admin", Token, &["token"]),
    ("co_speakers", TalkSpeakers, &["event", "talk"]),
    ("confirm_email", Token, &["token"]),
    ("confirm_guest_rsvp", Token, &["token"]),
    (
        "create_event",
        Organizers,
        &[
            "group",
            "slug",
            "title",
            "description",
            "format",
            "time_zone",
            "start",
            "end",
            "venue_name",
            "venue_address",
            "online_url",
            "capacity",
            "rsvp_opens",
            "rsvp_closes",
        ],
    ),
    (
        "create_group",
        SignedIn,
        &[
            "name",
            "slug",
            "description",
            "website",
            "city",
            "time_zone",
        ],
    ),
    ("current_user", Anyone, &[]),
    ("decide_talk", Organizers, &["event", "talk", "decision"]),
    ("decide_talks", Organizers, &["event", "talks", "decision"]),
    ("decline_co_speaker_invitation", Token, &["token"]),
    ("decline_invitation", Token, &["token"]),
    ("decline_partner_invitation", Token, &["token"]),
    ("decline_speaker_invitation", Token, &["token"]),
    ("delete_event", Organizers, &["event"]),
    ("delete_group", Owner, &["group", "confirm"]),
    ("delete_sponsor_tier", Organizers, &["event", "tier"]),
    ("email_status", Anyone, &[]),
    ("event_lineup", Anyone, &["event"]),
    ("event_sponsors", Anyone, &["event"]),
    ("get_cfp", Anyone, &["event"]),
    ("get_event", Anyone, &["slug"]),
    ("get_group", Anyone, &["slug"]),
    ("get_public_talk", Anyone, &["event", "talk"]),
    ("get_ticket", SignedIn, &["event"]),
    ("group_invitations", Organizers, &["group"]),
    ("group_outbox", Organizers, &["group"]),
    ("group_partners", Anyone, &["group"]),
    ("group_slug_status", SignedIn, &["slug"]),
    ("instance_name", Anyone, &[]),
    ("instance_settings", Admin, &[]),
    (
        "invite_co_speaker",
        TalkSpeakers,
        &["event", "talk", "email", "message"],
    ),
    (
        "invite_organizer",
        Organizers,
        &["group", "email", "message"],
    ),
    (
        "invite_partner",
        Organizers,
        &["event", "sponsorship", "email", "message"],
    ),
    (
        "invite_speaker",
        Organizers,
        &["event", "email", "message", "topic", "format"],
    ),
    ("list_attendees", Organizers, &["event"]),
    ("list_group_events", Anyone, &["group", "listing", "page"]),
    ("list_groups", Anyone, &["page"]),
    ("list_reviewers", Organizers, &["event"]),
    (
        "list_submissions",
        Organizers,
        &["event", "state", "sort", "format", "track"],
    ),
    ("list_upcoming_events", Anyone, &["page"]),
    ("mail_preferences", Anyone, &[]),
    ("manage_rsvp_cancel", Token, &["token"]),
    ("manage_rsvp_going", Token, &["token", "plus_ones"]),
    ("managed_rsvp", Token, &["token"]),
    (
        "move_sponsorship",
        Organizers,
        &["event", "sponsorship", "stage", "tier", "back"],
    ),
    ("my_calendar_feed", Anyone, &[]),
    ("my_events", SignedIn, &[]),
    ("my_sponsorships", SignedIn, &[]),
    ("my_talks", SignedIn, &[]),
    ("new_event_context", Organizers, &["group"]),
    ("open_co_speaker_invitation", Token, &["token"]),
    ("open_invitation", Token, &["token"]),
    ("open_partner_invitation", Token, &["token"]),
    ("open_speaker_invitation", Token, &["token"]),
    ("organizer_home", Anyone, &[]),
    ("partner_portal", Token, &["token"]),
    ("partners_admin", Organizers, &["group"]),
    (
        "place_talk",
        Organizers,
        &[
            "event", "talk", "version", "room", "day", "start", "minutes",
        ],
    ),
    (
        "portal_add_contact",
        Token,
        &["token", "name", "email", "role"],
    ),
    ("portal_add_pass", Token, &["token", "name"]),
    ("portal_choose_tier", Token, &["token", "tier"]),
    ("portal_decline", Token, &["token"]),
    ("portal_remove_contact", Token, &["token", "contact"]),
    ("portal_remove_pass", Token, &["token", "pass"]),
    (
        "portal_save_profile",
        Token,
        &["token", "name", "website", "description"],
    ),
    (
        "preview_decisions",
        Organizers,
        &["event", "talks", "decision"],
    ),
    ("promote_attendee", Organizers, &["event", "rsvp"]),
    ("public_schedule", Anyone, &["event"]),
    ("publish_event", Organizers, &["event"]),
    ("publish_lineup", Organizers, &["event", "publish"]),
    ("publish_schedule", Organizers, &["event"]),
    ("regenerate_calendar_feed", SignedIn, &["back"]),
    ("remove_attendee", Organizers, &["event", "rsvp"]),
    ("remove_break", Organizers, &["event", "slot", "version"]),
    ("remove_event_cover", Organizers, &["event"]),
    ("remove_organizer", Owner, &["group", "account_id"]),
    (
        "remove_partner_contact",
        Organizers,
        &["group", "partner", "contact"],
    ),
    ("remove_reviewer", Organizers, &["event", "account"]),
    ("reopen_portal", PortalHolder, &["sponsorship"]),
    (
        "repeat_event",
        Organizers,
        &["event", "repeat", "date", "count"],
    ),
    ("request_password_reset", Anyone, &["email"]),
    (
        "resend_co_speaker_invitation",
        TalkSpeakers,
        &["event", "talk", "invitation"],
    ),
    ("resend_confirmation", SignedIn, &[]),
    ("resend_invitation", Organizers, &["group", "invitation"]),
    ("resend_mail", Organizers, &["group", "mail"]),
    (
        "resend_partner_invitation",
        Organizers,
        &["event", "invitation"],
    ),
    (
        "resend_speaker_invitation",
        Organizers,
        &["event", "invitation"],
    ),
    ("reset_password", Token, &["token", "password"]),
    ("review_queue", Reviewers, &["event"]),
    (
        "revoke_co_speaker_invitation",
        TalkSpeakers,
        &["event", "talk", "invitation"],
    ),
    ("revoke_invitation", Organizers, &["group", "invitation"]),
    (
        "revoke_partner_invitation",
        Organizers,
        &["event", "invitation"],
    ),
    ("revoke_portal_link", Organizers, &["event", "sponsorship"]),
    (
        "revoke_speaker_invitation",
        Organizers,
        &["event", "invitation"],
    ),
    (
        "rsvp_as_guest",
        Anyone,
        &["event", "display_name", "email", "plus_ones"],
    ),
    (
        "rsvp_going",
        SignedIn,
        &[
            "event",
            "plus_ones",
            "answer_1",
            "answer_2",
            "answer_3",
            "answer_4",
            "answer_5",
        ],
    ),
    ("rsvp_not_going", SignedIn, &["event"]),
    ("rsvp_panel", Anyone, &["event"]),
    (
        "save_cfp",
        Organizers,
        &["event", "closes", "formats", "is_public", "max_per_speaker"],
    ),
    (
        "save_instance_settings",
        Admin,
        &[
            "name",
            "sign_up",
            "group_creation",
            "invitations_per_account",
            "invitations_per_event",
            "announcements_per_account",
        ],
    ),
    (
        "save_partner",
        Organizers,
        &["group", "partner", "name", "website", "description"],
    ),
    ("save_rooms", Organizers, &["event", "rooms"]),
    ("save_speaker_profile", SignedIn, &["bio", "links"]),
    (
        "save_sponsor_goal",
        Organizers,
        &["event", "goal", "currency"],
    ),
    (
        "save_sponsor_tier",
        Organizers,
        &[
            "event", "name", "rank", "price", "currency", "slots", "passes", "benefits",
        ],
    ),
    (
        "save_sponsorship_notes",
        Organizers,
        &["event", "sponsorship", "notes", "next_step", "next_step_on"],
    ),
    (
        "save_talk",
        SignedIn,
        &["event", "title", "abstract_md", "format", "submit"],
    ),
    (
        "save_track_colour",
        Organizers,
        &["event", "track", "colour"],
    ),
    ("schedule_editor", Organizers, &["event"]),
    (
        "score_talk",
        Reviewers,
        &["event", "talk", "score", "comment"],
    ),
    (
        "send_announcement",
        Organizers,
        &["event", "subject", "body", "going", "waitlisted"],
    ),
    (
        "set_sponsor_benefit",
        Organizers,
        &["event", "sponsorship", "benefit", "done"],
    ),
    ("setup_link", Anyone, &["token"]),
    ("sign_in", Anyone, &["email", "password", "next"]),
    ("sign_out", Anyone, &[]),
    (
        "sign_up",
        Anyone,
        &["display_name", "email", "password", "next", "invitation"],
    ),
    ("speaker_invitations", Organizers, &["event"]),
    ("speaker_profile", Anyone, &[]),
    ("sponsorship_admin", Organizers, &["event"]),
    ("sponsorship_detail", Organizers, &["event", "id"]),
    ("submission_form", SignedIn, &["event", "talk"]),
    ("transfer_ownership", Owner, &["group", "account_id"]),
    ("undo_check_in", Organizers, &["event", "code", "q"]),
    ("undo_email_change", Token, &["token"]),
    ("unplace_talk", Organizers, &["event", "talk", "version"]),
    ("unsubscribe", Token, &["token", "what"]),
    ("unsubscribe_state", Token, &["token"]),
    (
        "update_event",
        Organizers,
        &[
            "event",
            "title",
            "description",
            "format",
            "time_zone",
            "start",
            "end",
            "venue_name",
            "venue_address",
            "online_url",
            "capacity",
            "rsvp_opens",
            "rsvp_closes",
        ],
    ),
    (
        "update_group",
        Organizers,
        &[
            "group",
            "name",
            "description",
            "website",
            "city",
            "time_zone",
        ],
    ),
    (
        "update_mail_preferences",
        SignedIn,
        &["reminders", "announcements"],
    ),
    (
        "update_profile",
        SignedIn,
        &["display_name", "email", "current_password"],
    ),
    (
        "update_rsvp_settings",
        Organizers,
        &[
            "event",
            "capacity",
            "max_plus_ones",
            "attendees_public",
            "reminders",
            "question_1",
            "question_2",
            "question_3",
            "question_4",
            "question_5",
        ],
    ),
    ("withdraw_talk", TalkSpeakers, &["event", "talk"]),
];

/// Token endpoints that answer a forged token with "this link does not work" as data.
const TOKEN_CHECKS: &[&str] = &["check_password_reset"];

/// The people of the fixture, most powerful last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Anonymous,
    Stranger,
    Attendee,
    Speaker,
    CoSpeaker,
    Reviewer,
    PortalHolder,
    CoOrganizer,
    Owner,
    Admin,
}

const ROLES: [Role; 10] = [
    Role::Anonymous,
    Role::Stranger,
    Role::Attendee,
    Role::Speaker,
    Role::CoSpeaker,
    Role::Reviewer,
    Role::PortalHolder,
    Role::CoOrganizer,
    Role::Owner,
    Role::Admin,
];

/// Whether `role` must be refused an endpoint for `need`.
fn must_refuse(need: Need, role: Role) -> bool {
    use Role as R;
    match need {
        Anyone | Token => false,
        SignedIn => role == R::Anonymous,
        Organizers => !matches!(role, R::CoOrganizer | R::Owner),
        Owner => role != R::Owner,
        Admin => role != R::Admin,
        Reviewers => !matches!(role, R::Reviewer | R::CoOrganizer | R::Owner),
        TalkSpeakers => !matches!(role, R::Speaker | R::CoSpeaker | R::CoOrganizer | R::Owner),
        PortalHolder => role != R::PortalHolder,
    }
}

/// What the fixture made: addresses and ids the calls point at.
struct Fixture {
    event: String,
    format: String,
    ticket: String,
    owner: String,
    talk: String,
    sponsorship: String,
    partner: String,
    rsvp: String,
    invitation: String,
    browsers: Vec<(Role, Browser)>,
}

async fn id(app: &TestApp, sql: &str) -> String {
    let id: i64 = sqlx::query_scalar(sql)
        .fetch_one(app.db.writer())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    id.to_string()
}

fn ok(res: &reqwest::Response, what: &str) {
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{what}: {}",
        res.status()
    );
}

/// One group, one published event with an open call, a talk with a co-speaker, a reviewer, an
/// attendee, a partner whose portal is attached to an account, a co-organizer and an admin.
async fn fixture(app: &TestApp) -> Fixture {
    let olga = app.confirmed("Olga", "olga@example.org").await;
    olga.create_group("Rust Berlin", "rust-berlin").await;
    let event = crate::rsvps::published(&olga, "100").await;
    let cora = app.confirmed("Cora", "cora@example.org").await;
    app.add_co_organizer(&olga, "rust-berlin", "cora@example.org", &cora)
        .await;
    let admin = app.confirmed("Adam", "adam@example.org").await;
    app::instance::service::create_admin(&app.db, "adam@example.org", "Adam")
        .await
        .unwrap();
    let ann = app.confirmed("Ann", "ann@example.org").await;
    ok(&crate::rsvps::going(&ann, &event, "0").await, "going");
    let res = olga
        .call(
            "save_cfp",
            &[
                ("event", event.as_str()),
                ("closes", "2030-02-01T23:59"),
                ("is_public", "on"),
                ("max_per_speaker", "2"),
                ("formats", "Talk, 30"),
            ],
        )
        .await;
    ok(&res, "save_cfp");
    let format = id(app, "select format_id from session_format").await;
    let sam = app.confirmed("Sam", "sam@example.org").await;
    let res = sam
        .call(
            "save_talk",
            &[
                ("event", event.as_str()),
                ("title", "Ownership"),
                ("abstract_md", "All about it."),
                ("format", &format),
                ("submit", "yes"),
            ],
        )
        .await;
    ok(&res, "save_talk");
    let talk = id(app, "select talk_id from talk").await;
    let cosmo = app.confirmed("Cosmo", "cosmo@example.org").await;
    let res = sam
        .call(
            "invite_co_speaker",
            &[
                ("event", event.as_str()),
                ("talk", &talk),
                ("email", "cosmo@example.org"),
            ],
        )
        .await;
    ok(&res, "invite_co_speaker");
    let token = app
        .mailed_token("co_speaker_invite", "cosmo@example.org", "/join-talk/")
        .await;
    ok(
        &cosmo
            .call("accept_co_speaker_invitation", &[("token", &token)])
            .await,
        "accept_co_speaker_invitation",
    );
    let rita = app.confirmed("Rita", "rita@example.org").await;
    ok(
        &olga
            .call(
                "add_reviewer",
                &[("event", event.as_str()), ("email", "rita@example.org")],
            )
            .await,
        "add_reviewer",
    );
    ok(
        &olga
            .call(
                "add_event_partner",
                &[("event", event.as_str()), ("name", "Acme")],
            )
            .await,
        "add_event_partner",
    );
    let sponsorship = id(app, "select sponsorship_id from sponsorship").await;
    let partner = id(app, "select partner_id from partner").await;
    ok(
        &olga
            .call(
                "invite_partner",
                &[
                    ("event", event.as_str()),
                    ("sponsorship", &sponsorship),
                    ("email", "pat@acme.example"),
                ],
            )
            .await,
        "invite_partner",
    );
    let pat = app.confirmed("Pat", "pat@acme.example").await;
    let token = app
        .mailed_token("partner_invite", "pat@acme.example", "/sponsor-invite/")
        .await;
    ok(
        &pat.call("accept_partner_invitation", &[("token", &token)])
            .await,
        "accept_partner_invitation",
    );
    // An invitation that stays open, for the calls that name one.
    ok(
        &olga
            .call(
                "invite_speaker",
                &[("event", event.as_str()), ("email", "guest@example.org")],
            )
            .await,
        "invite_speaker",
    );
    let invitation = id(app, "select max(invitation_id) from invitation").await;
    let rsvp = id(app, "select rsvp_id from rsvp").await;
    let owner = id(
        app,
        "select account_id from account where email = 'olga@example.org'",
    )
    .await;
    let ticket: String = sqlx::query_scalar("select ticket_code from rsvp")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    let stan = app.signed_up("Stan", "stan@example.org").await;
    Fixture {
        event,
        format,
        ticket,
        owner,
        talk,
        sponsorship,
        partner,
        rsvp,
        invitation,
        browsers: vec![
            (Role::Anonymous, app.browser()),
            (Role::Stranger, stan),
            (Role::Attendee, ann),
            (Role::Speaker, sam),
            (Role::CoSpeaker, cosmo),
            (Role::Reviewer, rita),
            (Role::PortalHolder, pat),
            (Role::CoOrganizer, cora),
            (Role::Owner, olga),
            (Role::Admin, admin),
        ],
    }
}

/// The value a field of `endpoint` gets: the fixture's event, talk, partner…; a forged token;
/// else something valid, so that a refusal answers who asks, not what they typed.
fn value(f: &Fixture, endpoint: &str, field: &str) -> String {
    let text = |s: &str| s.to_owned();
    match (endpoint, field) {
        (_, "event" | "slug") => f.event.clone(),
        (_, "group") => text("rust-berlin"),
        (_, "token") => "0f".repeat(32),
        (_, "talk" | "talks") => f.talk.clone(),
        (_, "sponsorship" | "id") => f.sponsorship.clone(),
        (_, "partner") => f.partner.clone(),
        (_, "rsvp") => f.rsvp.clone(),
        (_, "invitation") => f.invitation.clone(),
        (_, "account_id" | "account") => f.owner.clone(),
        (_, "code") => f.ticket.clone(),
        (_, "email") => text("someone@example.org"),
        (_, "password" | "new_password" | "current_password") => text(PASSWORD),
        ("save_talk" | "invite_speaker", "format") => f.format.clone(),
        (_, "format") => text("meetup"),
        (_, "time_zone") => text("Europe/Berlin"),
        ("add_break" | "place_talk", "start" | "day" | "room" | "minutes") => text(""),
        (_, "start") => text("2031-05-06T19:00"),
        (_, "end") => text("2031-05-06T21:00"),
        (_, "closes") => text("2030-02-01T23:59"),
        (_, "online_url" | "rsvp_opens" | "rsvp_closes" | "next_step_on" | "date") => text(""),
        (_, "capacity") => text("10"),
        (_, "formats") => text("Talk, 30"),
        (_, "kind") => text("break"),
        (_, "decision") => text("accept"),
        (_, "answer") => text("confirm"),
        (_, "listing") => text("upcoming"),
        (_, "stage") => text("interested"),
        (_, "sign_up") => text("open"),
        (_, "group_creation") => text("anyone"),
        (_, "colour") => text("#336699"),
        (_, "currency") => text("EUR"),
        (_, "price" | "goal") => text("100"),
        (_, "confirm") => text("Rust Berlin"),
        (_, "repeat") => text("monthly"),
        (_, "what") => text("reminders"),
        (_, "website" | "links") => text("https://example.org"),
        (_, "publish" | "submit" | "going" | "is_public") => text("yes"),
        (
            _,
            "title" | "name" | "display_name" | "description" | "body" | "subject" | "reason"
            | "message" | "notes" | "bio" | "abstract_md" | "city" | "venue_name" | "rooms"
            | "role" | "comment" | "topic" | "next",
        ) => text("Something"),
        _ => text("1"),
    }
}

async fn every_endpoint_refuses_every_role_it_is_not_for(app: TestApp) {
    // Every server function has a row, and every row a server function.
    let registered: BTreeSet<String> = server::http::server_function_names().into_iter().collect();
    let listed: BTreeSet<String> = ENDPOINTS.iter().map(|(n, _, _)| (*n).to_owned()).collect();
    let unlisted: Vec<_> = registered.difference(&listed).collect();
    let gone: Vec<_> = listed.difference(&registered).collect();
    assert!(
        unlisted.is_empty(),
        "server functions without a row: {unlisted:?}"
    );
    assert!(gone.is_empty(), "rows without a server function: {gone:?}");

    let f = fixture(&app).await;
    let roles: Vec<Role> = f.browsers.iter().map(|(role, _)| *role).collect();
    assert_eq!(roles, ROLES, "the fixture has a browser for every role");
    let mut wrong = Vec::new();
    for (name, need, fields) in ENDPOINTS {
        let values: Vec<(String, String)> = fields
            .iter()
            .map(|field| ((*field).to_owned(), value(&f, name, field)))
            .collect();
        let form: Vec<(&str, &str)> = values
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        for (role, browser) in &f.browsers {
            // Only the calls that must be refused (or need a token) are made: an allowed one
            // would change the fixture (or sign a browser in or out) for the rows after it.
            let asks_sign_in = *need == SignedIn && *role == Role::Anonymous;
            if !(must_refuse(*need, *role) || asks_sign_in || *need == Token) {
                continue;
            }
            let status = browser.call(name, &form).await.status().as_u16();
            if status == 500 || status == 400 {
                wrong.push(format!(
                    "{name} as {role:?}: {status} (a malformed or failing call proves nothing)"
                ));
                continue;
            }
            let refused = matches!(status, 401 | 403 | 404);
            // A forged token opens nothing (a few reads answer "not valid" with a 200).
            if *need == Token && status < 400 && !TOKEN_CHECKS.contains(name) {
                wrong.push(format!(
                    "{name} as {role:?}: {status}, a forged token was taken"
                ));
            }
            if must_refuse(*need, *role) && !refused {
                wrong.push(format!("{name} as {role:?}: {status}, must be refused"));
            }
            if *need == SignedIn && *role == Role::Anonymous && status != 401 {
                wrong.push(format!(
                    "{name} as {role:?}: {status}, must ask to sign in (401)"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong answers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The plain routes that change something or show private data: method, path (with the
/// fixture's event `{event}`, partner `{partner}` and a forged `{token}`), and who it is for.
const ROUTES: &[(&str, &str, Need)] = &[
    ("upload", "/account/photo", SignedIn),
    ("upload", "/partner/{token}/logo", Token),
    (
        "upload",
        "/g/rust-berlin/partners/{partner}/logo",
        Organizers,
    ),
    ("upload", "/e/{event}/cover", Organizers),
    ("post", "/mail/unsubscribe/{token}", Token),
    ("get", "/e/{event}/attendees.csv", Organizers),
    ("get", "/e/{event}/sponsorship.csv", Organizers),
    ("get", "/partner/{token}/logo", Token),
];

async fn every_plain_route_refuses_every_role_it_is_not_for(app: TestApp) {
    let f = fixture(&app).await;
    let png = crate::helpers::tiny_png(false);
    let mut wrong = Vec::new();
    for (method, path, need) in ROUTES {
        let path = path
            .replace("{event}", &f.event)
            .replace("{partner}", &f.partner)
            .replace("{token}", &"0f".repeat(32));
        for (role, browser) in &f.browsers {
            let asks_sign_in = *need == SignedIn && *role == Role::Anonymous;
            if !(must_refuse(*need, *role) || asks_sign_in || *need == Token) {
                continue;
            }
            let res = match *method {
                "upload" => {
                    let field = ["photo", "cover"]
                        .into_iter()
                        .find(|f| path.contains(f))
                        .unwrap_or("logo");
                    browser.upload(&path, field, "a.png", &png, true).await
                }
                "post" => browser
                    .client
                    .post(browser.url(&path))
                    .header(reqwest::header::ORIGIN, &browser.address)
                    .form(&[("List-Unsubscribe", "One-Click")])
                    .send()
                    .await
                    .unwrap(),
                _ => browser.get(&path).await,
            };
            let status = res.status().as_u16();
            // Sent to sign in first (a redirect to /login) is a refusal too.
            let to_login = res
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .is_some_and(|l| l.starts_with("/login"));
            let refused = matches!(status, 401 | 403 | 404 | 410) || to_login;
            if (must_refuse(*need, *role) || asks_sign_in || *need == Token) && !refused {
                wrong.push(format!(
                    "{method} {path} as {role:?}: {status}, must be refused"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong answers:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

on_both_engines!(
    every_endpoint_refuses_every_role_it_is_not_for,
    every_plain_route_refuses_every_role_it_is_not_for,
);
