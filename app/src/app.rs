//! The HTML shell and the routes: the public URLs of Hallway.

use crate::{
    accounts::pages::{AccountPage, LoginPage, SignUpPage},
    components::{Header, NotFoundPage, WelcomeNotice},
    events::pages::{EditEventPage, EventDetailPage, NewEventPage},
    forms::provide_form_replay,
    groups::pages::{GroupPage, GroupSettingsPage, HomePage, NewGroupPage},
    rsvp::pages::{AttendeesPage, CheckInPage, MyEventsPage, TicketPage},
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The document around the app, rendered on the server only. The bundle's files are named
/// by their content (`hallway.<hash>.css`, `.js`, `_bg.wasm`, `_nav.js`: `output_name` carries the hash,
/// see `scripts/build.sh`), so browsers keep them without asking again.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::web::set_page_security_policy();
    let stylesheet = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    let navigation = format!("/{}/{}_nav.js", options.site_pkg_dir, options.output_name);
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="stylesheet" id="hallway" href=stylesheet />
                <HydrationScripts options islands=true />
                // Page changes without a reload (navigation.js); named by the bundle's hash.
                <script src=navigation defer nonce=leptos::nonce::use_nonce()></script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_form_replay();
    crate::forms::provide_changes();
    // Pages wait for their data before the response starts, so statuses and redirects are real.
    let ssr = SsrMode::Async;
    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Title formatter=|title: String| format!("{title} · Hallway") />
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header />
            <main id="main">
                <WelcomeNotice />
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=HomePage ssr=ssr.clone() />
                    <Route path=path!("/signup") view=SignUpPage ssr=ssr.clone() />
                    <Route path=path!("/login") view=LoginPage ssr=ssr.clone() />
                    <Route path=path!("/forgot-password") view=crate::accounts::pages::ForgotPasswordPage ssr=ssr.clone() />
                    <Route path=path!("/reset-password") view=crate::accounts::pages::ResetPasswordPage ssr=ssr.clone() />
                    <Route path=path!("/unsubscribe/:token") view=crate::accounts::pages::UnsubscribePage ssr=ssr.clone() />
                    <Route path=path!("/confirm-email") view=crate::accounts::pages::ConfirmEmailPage ssr=ssr.clone() />
                    <Route path=path!("/undo-email-change") view=crate::accounts::pages::UndoEmailChangePage ssr=ssr.clone() />
                    <Route path=path!("/account") view=AccountPage ssr=ssr.clone() />
                    <Route path=path!("/invitations/:token") view=crate::groups::invite_page::InvitationLinkPage ssr=ssr.clone() />
                    <Route path=path!("/groups/new") view=NewGroupPage ssr=ssr.clone() />
                    <Route path=path!("/g/:slug") view=GroupPage ssr=ssr.clone() />
                    <Route path=path!("/g/:slug/settings") view=GroupSettingsPage ssr=ssr.clone() />
                    <Route path=path!("/g/:slug/outbox") view=crate::mail::pages::OutboxPage ssr=ssr.clone() />
                    <Route path=path!("/g/:slug/events/new") view=NewEventPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug") view=EventDetailPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/edit") view=EditEventPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/attendees") view=AttendeesPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/announce") view=crate::events::announce::AnnouncePage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/check-in") view=CheckInPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/ticket") view=TicketPage ssr=ssr.clone() />
                    <Route path=path!("/me/events") view=MyEventsPage ssr=ssr.clone() />
                    <Route path=path!("/me/talks") view=crate::talks::pages::MyTalksPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/cfp") view=crate::talks::pages::CfpSettingsPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/submit") view=crate::talks::pages::SubmitTalkPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/talks/:id/edit") view=crate::talks::pages::SubmitTalkPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/submissions") view=crate::talks::pages::SubmissionsPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/speaker-invitations") view=crate::talks::invite_pages::SpeakerInvitationsPage ssr=ssr.clone() />
                    <Route path=path!("/speak/:token") view=crate::talks::invite_pages::SpeakerInvitationLinkPage ssr=ssr.clone() />
                    <Route path=path!("/join-talk/:token") view=crate::talks::invite_pages::CoSpeakerInvitationLinkPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/speakers") view=crate::talks::public_pages::LineupPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/review") view=crate::talks::pages::ReviewPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/decide") view=crate::talks::pages::DecidePage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/talks/:id") view=crate::talks::public_pages::TalkPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/schedule") view=crate::schedule::pages::SchedulePage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/schedule/edit") view=crate::schedule::editor_pages::ScheduleEditorPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/sponsorship") view=crate::sponsors::pages::SponsorshipPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/sponsorship/:id") view=crate::sponsors::pages::SponsorshipDetailPage ssr=ssr.clone() />
                    <Route path=path!("/e/:slug/sponsors") view=crate::sponsors::public_pages::SponsorsPage ssr=ssr.clone() />
                    <Route path=path!("/g/:slug/partners") view=crate::sponsors::pages::PartnersPage ssr=ssr.clone() />
                    <Route path=path!("/sponsor-invite/:token") view=crate::sponsors::portal_pages::PartnerInvitationLinkPage ssr=ssr.clone() />
                    <Route path=path!("/partner/:token") view=crate::sponsors::portal_pages::PartnerPortalPage ssr=ssr.clone() />
                    <Route path=path!("/admin") view=crate::instance::pages::AdminPage ssr=ssr.clone() />
                    <Route path=path!("/setup/:token") view=crate::instance::pages::SetupPage ssr=ssr.clone() />
                    <Route path=path!("/confirm-rsvp") view=crate::rsvp::guest_pages::ConfirmRsvpPage ssr=ssr.clone() />
                    <Route path=path!("/rsvp/:token") view=crate::rsvp::guest_pages::ManageRsvpPage ssr=ssr.clone() />
                </Routes>
            </main>
            <footer class="site-footer">
                <div class="container">"Hallway · open-source planning for meetups and mini-conferences"</div>
                <crate::components::LocalTimes />
            </footer>
        </Router>
    }
}
