//! The data the talks pages show (shared by the server and the browser): what the server
//! functions return and the use cases build.

use super::domain::{CfpWindow, Level, TalkState};
use crate::invites::api::SentInvitation;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatView {
    pub format_id: i64,
    pub name: String,
    pub minutes: i64,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackView {
    pub track_id: i64,
    pub name: String,
}

/// An event's call for papers, as speakers and organizers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CfpView {
    pub event_slug: String,
    pub event_title: String,
    pub time_zone: String,
    /// Whether a call for papers was set up at all (organizers see an empty form when not).
    pub exists: bool,
    pub window: CfpWindow,
    /// "Sun 1 Mar 2030, 23:59 CET" when it closes (or opens, while not yet open).
    pub closes_text: String,
    pub opens_text: Option<String>,
    pub guidelines_html: String,
    pub is_public: bool,
    pub max_per_speaker: i64,
    pub confirm_by_text: Option<String>,
    pub formats: Vec<FormatView>,
    pub tracks: Vec<TrackView>,
    pub lineup_published: bool,
    /// Speakers may edit submitted talks after the call closed, until decided.
    pub late_edits: bool,
    pub is_organizer: bool,
    /// Organizers only: the settings form's values.
    pub form: Option<CfpForm>,
}

/// The values of the call-for-papers settings form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CfpForm {
    pub opens: String,
    pub closes: String,
    pub guidelines: String,
    pub is_public: bool,
    pub max_per_speaker: String,
    pub confirm_by: String,
    pub formats: String,
    pub tracks: String,
    pub late_edits: bool,
    pub blind_review: bool,
    pub hide_scores: bool,
    pub accept_subject: String,
    pub accept_body: String,
    pub reject_subject: String,
    pub reject_body: String,
}

/// One mail a decision would send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewMail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// The mails deciding on some talks would send, shown before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionPreview {
    pub event_slug: String,
    pub event_title: String,
    pub accept: bool,
    /// The titles of the talks that will be decided.
    pub talks: Vec<String>,
    /// Chosen talks that were already decided or withdrawn (left alone).
    pub skipped: Vec<String>,
    pub mails: Vec<PreviewMail>,
}

/// A talk in the speaker's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TalkDraft {
    pub talk_id: i64,
    pub title: String,
    pub abstract_md: String,
    pub notes: String,
    pub level: Level,
    pub format_id: i64,
    pub track_id: Option<i64>,
    pub state: TalkState,
    pub may_edit: bool,
}

/// The submission page: the call, and the talk being edited if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitView {
    pub cfp: CfpView,
    pub talk: Option<TalkDraft>,
    /// The speaker's talks for this event that count toward the limit.
    pub mine: i64,
    /// The speaker accepted an invitation: the window and invite-only do not apply.
    pub invited: bool,
    /// The invitation's topic and format, to start a new talk with.
    pub proposal: Option<(String, Option<i64>)>,
}

/// A talk's speakers and co-speaker invitations, for its speakers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoSpeakersView {
    pub talk_title: String,
    pub speakers: Vec<String>,
    pub invitations: Vec<SentInvitation>,
    pub may_invite: bool,
}

/// What a co-speaker invitation link shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoSpeakerInvitationPage {
    pub event_slug: String,
    pub event_title: String,
    pub talk_title: String,
    pub invitation: crate::invites::api::OpenedInvitation,
}

/// What a speaker invitation link shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerInvitationPage {
    pub event_slug: String,
    pub event_title: String,
    pub topic: String,
    pub format: Option<String>,
    pub invitation: crate::invites::api::OpenedInvitation,
}

/// One of the signed-in person's talks on `/me/talks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyTalk {
    pub talk_id: i64,
    pub title: String,
    pub state: TalkState,
    pub event_slug: String,
    pub event_title: String,
    pub when: String,
    /// What to do next, in words.
    pub next: String,
    pub may_edit: bool,
    pub may_answer: bool,
    pub may_withdraw: bool,
}

/// A submission on the organizers' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub talk_id: i64,
    pub title: String,
    pub speakers: Vec<String>,
    pub format: String,
    pub minutes: i64,
    pub track: Option<String>,
    pub level: Level,
    pub state: TalkState,
    pub submitted: Option<String>,
    pub abstract_html: String,
    /// The speaker's private notes to the organizers.
    pub notes: String,
    /// The average score with one decimal, and how many reviews it has.
    pub average: Option<String>,
    pub reviews: i64,
}

/// The organizers' list of submissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionsView {
    pub event_slug: String,
    pub event_title: String,
    pub talks: Vec<Submission>,
    /// (state, how many), for the filter.
    pub counts: Vec<(TalkState, i64)>,
    pub lineup_published: bool,
    pub confirm_by_text: Option<String>,
    /// Accepted talks still waiting for their speakers: "Title (Speaker, Speaker)".
    pub unconfirmed: Vec<String>,
    /// For the filters.
    pub formats: Vec<FormatView>,
    pub tracks: Vec<TrackView>,
}

/// A speaker on the public pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSpeaker {
    pub name: String,
    pub bio_html: String,
    pub links: Vec<String>,
    pub photo_url: Option<String>,
    /// (talk id, title)
    pub talks: Vec<(i64, String)>,
}

/// A confirmed talk on its public page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicTalk {
    pub event_slug: String,
    pub event_title: String,
    pub title: String,
    pub abstract_html: String,
    pub format: String,
    pub minutes: i64,
    pub level: Level,
    pub track: Option<String>,
    pub speakers: Vec<PublicSpeaker>,
}

/// The public lineup: confirmed speakers and their talks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineupView {
    pub event_slug: String,
    pub event_title: String,
    pub speakers: Vec<PublicSpeaker>,
}

/// A reviewer on the organizers' list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewerView {
    pub account_id: i64,
    pub name: String,
    pub email: String,
}

/// A talk to score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub talk_id: i64,
    pub title: String,
    pub abstract_html: String,
    pub format: String,
    pub minutes: i64,
    pub track: Option<String>,
    pub level: Level,
    /// Who proposed it; never sent with blind review on.
    pub speakers: Option<Vec<String>>,
    pub my_score: Option<i64>,
    pub my_comment: String,
    /// Others' (score, comment); only once the viewer scored, when scores are hidden.
    pub others: Option<Vec<(i64, String)>>,
    pub average: Option<String>,
    pub reviews: i64,
}

/// `/e/{slug}/review`: the talks a reviewer can score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewBoard {
    pub event_slug: String,
    pub event_title: String,
    pub blind: bool,
    pub hide_scores: bool,
    /// False on an event without a call for papers: nothing comes in to review yet.
    pub has_cfp: bool,
    pub talks: Vec<ReviewItem>,
}

/// What the event page shows of talks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TalksSummary {
    /// "Sun 1 Mar 2030, 23:59 CET" while the call for papers is open.
    pub cfp_open_until: Option<String>,
    pub lineup_published: bool,
    /// A schedule version was published.
    pub schedule_published: bool,
    /// The viewer reviews this event's talks.
    pub reviewer: bool,
    /// The event has a call for papers (open or not): it takes talks.
    pub has_cfp: bool,
}

/// A speaker's own profile (shown on public pages once a talk is confirmed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub bio: String,
    pub links: String,
    pub photo_url: Option<String>,
}
