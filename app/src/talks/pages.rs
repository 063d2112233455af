//! Talk pages: the organizers' call-for-papers settings and submissions list, the speakers'
//! submission form and `/me/talks`, and the public lineup and talk pages.

use super::{
    api::{
        get_cfp, list_submissions, my_talks, submission_form, AnswerTalk, PublishLineup, SaveCfp,
        SaveTalk, WithdrawTalk,
    },
    domain::{CfpWindow, Level, TalkState, MAX_ABSTRACT, MAX_NOTES, MAX_TITLE},
    views::{CfpView, MyTalk, Submission, SubmissionsView, SubmitView},
};
use crate::{
    accounts::views::CurrentUser,
    components::{ErrorPage, RequireUser},
    error::AppError,
    forms::{use_form, Field, Form, FormMessage, Submit, TextArea},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub(super) fn param(name: &'static str) -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name).unwrap_or_default()))
}

fn state_badge(state: TalkState) -> &'static str {
    match state {
        TalkState::Accepted | TalkState::Confirmed => "badge badge-ok",
        TalkState::Rejected | TalkState::Withdrawn | TalkState::Declined => "badge badge-danger",
        TalkState::Submitted => "badge badge-warning",
        TalkState::Draft => "badge",
    }
}

/// `/e/:slug/cfp`: the organizers set up the call for papers.
#[component]
pub fn CfpSettingsPage() -> impl IntoView {
    let slug = param("slug");
    let changes = crate::forms::page_changes();
    let cfp = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| get_cfp(slug),
    );
    let reviewers = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| super::api::list_reviewers(slug),
    );
    view! {
        <Title text="Call for papers" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match cfp.await {
                        Ok(view) if view.is_organizer => view! {
                            <Title text=format!("Call for papers · {}", view.event_title) />
                            <CfpSettings view=view.clone() />
                            <Reviewers slug=view.event_slug.clone() list=reviewers.await.unwrap_or_default() />
                        }.into_any(),
                        Ok(_) => view! { <ErrorPage error=AppError::Forbidden("Only the event's organizers can change its call for papers.".to_owned()) /> }.into_any(),
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn CfpSettings(view: CfpView) -> impl IntoView {
    let action = ServerAction::<SaveCfp>::new();
    let form = use_form(action);
    let saved = use_query_map().with_untracked(|q| q.get("saved").as_deref() == Some("1"));
    let values = view.form.clone().unwrap_or_default();
    let slug = view.event_slug.clone();
    let status = match (&view.window, view.exists) {
        (_, false) => "Not set up yet: nobody can submit.".to_owned(),
        (CfpWindow::Open, _) => format!("Open until {}.", view.closes_text),
        (CfpWindow::NotYet, _) => format!("Opens {}.", view.opens_text.clone().unwrap_or_default()),
        _ => format!("Closed {}.", view.closes_text),
    };
    let public = form.value("is_public", if values.is_public { "on" } else { "" }) == "on";
    view! {
        <section class="container narrow">
            <p class="eyebrow"><a href=format!("/e/{slug}")>{view.event_title.clone()}</a></p>
            <h1>"Call for papers"</h1>
            {saved.then(|| view! { <p class="notice" role="status">"Saved."</p> })}
            <p role="status">{status}</p>
            <p class="button-row">
                <a class="button" href=format!("/e/{slug}/submissions")>"Submissions"</a>
                <a class="button" href=format!("/e/{slug}/speaker-invitations")>"Invite speakers"</a>
                <a class="button" href=format!("/e/{slug}/submit")>"See the submission form"</a>
            </p>
            <div class="card">
                <Form action=action label="Call for papers settings">
                    <input type="hidden" name="event" value=slug.clone() />
                    <FormMessage form=form fields=&["opens", "closes", "guidelines", "max_per_speaker", "confirm_by", "formats", "tracks", "accept_subject", "accept_body", "reject_subject", "reject_body"] />
                    <Field form=form name="opens" label="Opens (optional)" kind="datetime-local" value=values.opens hint="Empty: open as soon as you save." />
                    <Field form=form name="closes" label="Closes" kind="datetime-local" value=values.closes required=true />
                    <p class="hint">{format!("Times are in the event's zone, {}.", view.time_zone)}</p>
                    <TextArea form=form name="guidelines" label="Guidelines for speakers (Markdown, optional)" value=values.guidelines rows=6 maxlength=10_000 />
                    <TextArea form=form name="formats" label="Session formats" value=values.formats rows=4 hint="One per line: a name, the minutes and, if you like, what it is, separated by commas. For example: Workshop, 90, Bring a laptop" />
                    <TextArea form=form name="tracks" label="Tracks (optional)" value=values.tracks rows=3 hint="One name per line." />
                    <Field form=form name="max_per_speaker" label="Talks per speaker" kind="number" value=values.max_per_speaker hint="From 1 to 20." />
                    <Field form=form name="confirm_by" label="Accepted speakers confirm by (optional)" kind="datetime-local" value=values.confirm_by />
                    <div class="field checkbox">
                        <input type="checkbox" id="field-is_public" name="is_public" value="on" checked=public />
                        <label for="field-is_public">"Anyone with an account may submit (otherwise only invited speakers)"</label>
                    </div>
                    <div class="field checkbox">
                        <input type="checkbox" id="field-late_edits" name="late_edits" value="on" checked=values.late_edits />
                        <label for="field-late_edits">"Speakers may keep editing submitted talks after the call closes, until you decide"</label>
                    </div>
                    <div class="field checkbox">
                        <input type="checkbox" id="field-blind_review" name="blind_review" value="on" checked=values.blind_review />
                        <label for="field-blind_review">"Blind review: reviewers never see who proposed a talk"</label>
                    </div>
                    <div class="field checkbox">
                        <input type="checkbox" id="field-hide_scores" name="hide_scores" value="on" checked=values.hide_scores />
                        <label for="field-hide_scores">"Reviewers see others' scores only after giving their own"</label>
                    </div>
                    <details class="templates">
                        <summary>"Decision mails"</summary>
                        <p class="hint">"What speakers get when you accept or reject their talk; you see each mail before it is sent. Placeholders: {speaker}, {title}, {event}, {confirm_by}, {link} (their talks page). Empty fields bring back Hallway's words."</p>
                        <Field form=form name="accept_subject" label="Acceptance: subject" value=values.accept_subject maxlength=150usize />
                        <TextArea form=form name="accept_body" label="Acceptance: text" value=values.accept_body rows=7 maxlength=5000 />
                        <Field form=form name="reject_subject" label="Rejection: subject" value=values.reject_subject maxlength=150usize />
                        <TextArea form=form name="reject_body" label="Rejection: text" value=values.reject_body rows=6 maxlength=5000 />
                    </details>
                    <Submit form=form label="Save call for papers" class="button button-primary" />
                </Form>
            </div>
        </section>
    }
}

/// Who reviews the event's submissions, with "Add a reviewer".
#[component]
fn Reviewers(slug: String, list: Vec<super::views::ReviewerView>) -> impl IntoView {
    let add = ServerAction::<super::api::AddReviewer>::new();
    let add_form = use_form(add);
    let remove = ServerAction::<super::api::RemoveReviewer>::new();
    let remove_form = use_form(remove);
    let form_slug = slug.clone();
    view! {
        <section class="container narrow">
            <div class="card" id="reviewers">
                <h2>"Reviewers"</h2>
                <p class="hint">"Reviewers score submitted talks from 1 to 5 on the review page. Organizers can review too."</p>
                <FormMessage form=remove_form />
                <ul class="people">
                    {list.into_iter().map(|r| {
                        let label = format!("Remove {} as reviewer", r.name);
                        let slug = slug.clone();
                        view! {
                            <li>
                                <span><strong>{r.name}</strong> " " <span class="meta">{r.email}</span></span>
                                <Form action=remove class="inline-form">
                                    <input type="hidden" name="event" value=slug />
                                    <input type="hidden" name="account" value=r.account_id.to_string() />
                                    <button type="submit" class="button button-small" aria-label=label>"Remove"</button>
                                </Form>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <Form action=add label="Add a reviewer">
                    <input type="hidden" name="event" value=form_slug />
                    <FormMessage form=add_form fields=&["email"] />
                    <Field form=add_form name="email" label="Reviewer's email" kind="email" required=true hint="They need a Hallway account with this address." />
                    <Submit form=add_form label="Add reviewer" busy="Adding…" class="button" />
                </Form>
            </div>
        </section>
    }
}

/// `/e/:slug/submit` (a new talk) and `/e/:slug/talks/:id/edit` (one of yours).
#[component]
pub fn SubmitTalkPage() -> impl IntoView {
    let slug = param("slug");
    let id = param("id");
    let changes = crate::forms::page_changes();
    let view = Resource::new(
        move || (slug.get(), id.get()),
        |(slug, id)| submission_form(slug, id.parse().ok()),
    );
    let team = Resource::new(
        move || (slug.get(), id.get(), changes.get()),
        |(slug, id, _)| async move {
            match id.parse::<i64>() {
                Ok(talk) => super::api::co_speakers(slug, talk).await.ok(),
                Err(_) => None,
            }
        },
    );
    view! {
        <Title text="Propose a talk" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match view.await {
                        Ok(view) => {
                            let team = team.await;
                            let slug = view.cfp.event_slug.clone();
                            let talk = view.talk.as_ref().map(|t| t.talk_id);
                            view! {
                                <Title text=format!("Propose a talk · {}", view.cfp.event_title) />
                                <SubmitForm view=view />
                                {team.zip(talk).map(|(team, talk)| view! {
                                    <section class="container narrow">
                                        <super::invite_pages::CoSpeakersCard slug=slug talk=talk team=team />
                                    </section>
                                })}
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn SubmitForm(view: SubmitView) -> impl IntoView {
    let action = ServerAction::<SaveTalk>::new();
    let form = use_form(action);
    let cfp = view.cfp;
    let slug = cfp.event_slug.clone();
    let talk = view.talk.clone();
    let editing = talk.is_some();
    let open = cfp.window == CfpWindow::Open;
    let invited = view.invited && cfp.exists;
    let may_write = match &talk {
        Some(t) => t.may_edit,
        None => (open && cfp.is_public || invited) && view.mine < cfp.max_per_speaker,
    };
    let status = match (&cfp.window, cfp.exists) {
        (_, false) => "This event has no call for papers.".to_owned(),
        (CfpWindow::Open, _) => format!("The call for papers is open until {}.", cfp.closes_text),
        (CfpWindow::NotYet, _) => format!(
            "The call for papers opens {}.",
            cfp.opens_text.clone().unwrap_or_default()
        ),
        _ => format!("The call for papers closed {}.", cfp.closes_text),
    };
    let why_not = match &talk {
        Some(t) if !t.may_edit => Some(format!("This talk is {}: it can no longer be edited.", t.state.label().to_lowercase())),
        None if open && !cfp.is_public && !invited => Some("This call for papers is by invitation only.".to_owned()),
        None if (open || invited) && view.mine >= cfp.max_per_speaker => Some(format!("You have proposed {} talks, the most this event takes from one speaker. Withdraw one on your talks page to propose another.", view.mine)),
        _ => None,
    };
    let (proposed_title, proposed_format) = view.proposal.clone().unwrap_or_default();
    let selected_format = talk
        .as_ref()
        .map(|t| t.format_id.to_string())
        .or(proposed_format.map(|f| f.to_string()))
        .unwrap_or_default();
    let selected_track = talk
        .as_ref()
        .and_then(|t| t.track_id)
        .map(|t| t.to_string())
        .unwrap_or_default();
    let selected_level = talk.as_ref().map_or(Level::Beginner, |t| t.level);
    let submitted = talk.as_ref().is_some_and(|t| t.state != TalkState::Draft);
    let format_choice = form.value("format", selected_format);
    let track_choice = form.value("track", selected_track);
    let level_choice = form.value("level", selected_level.as_str());
    let format_error = form.field_error("format");
    let track_error = form.field_error("track");
    view! {
        <section class="container narrow">
            <p class="eyebrow"><a href=format!("/e/{slug}")>{cfp.event_title.clone()}</a></p>
            <h1>{if editing { "Edit your talk" } else { "Propose a talk" }}</h1>
            <p role="status">{status}</p>
            {(!cfp.guidelines_html.is_empty()).then(|| view! {
                <details class="card guidelines" open=!editing>
                    <summary>"Guidelines from the organizers"</summary>
                    <div class="prose" inner_html=cfp.guidelines_html.clone()></div>
                </details>
            })}
            {(invited && !editing).then(|| view! { <p class="notice" role="status">"You were invited to speak: you can propose your talk whatever the call's dates."</p> })}
            {why_not.map(|w| view! { <p class="notice error" role="alert">{w}</p> })}
            {may_write.then(|| view! {
                <div class="card">
                    <Form action=action label="Your talk">
                        <input type="hidden" name="event" value=slug.clone() />
                        {talk.as_ref().map(|t| view! { <input type="hidden" name="talk" value=t.talk_id.to_string() /> })}
                        <FormMessage form=form fields=&["title", "abstract_md", "abstract", "notes", "level", "format", "track"] />
                        <Field form=form name="title" label="Title" value=talk.as_ref().map(|t| t.title.clone()).unwrap_or(proposed_title) required=true maxlength=MAX_TITLE />
                        <TextArea form=form name="abstract_md" label="Abstract (Markdown)" value=talk.as_ref().map(|t| t.abstract_md.clone()).unwrap_or_default() rows=8 maxlength=MAX_ABSTRACT hint="What the audience will learn. This is public once your talk is confirmed." />
                        <div class="field" class:invalid=move || format_error.get().is_some()>
                            <label for="field-format">"Format"</label>
                            <select id="field-format" name="format" aria-describedby="field-format-error">
                                {cfp.formats.iter().map(|f| {
                                    let id = f.format_id.to_string();
                                    view! { <option value=id.clone() selected=format_choice == id>{format!("{} ({} min)", f.name, f.minutes)}</option> }
                                }).collect_view()}
                            </select>
                            {move || format_error.get().map(|m| view! { <p class="field-error" id="field-format-error">{m}</p> })}
                            <ul class="hint format-notes">
                                {cfp.formats.iter().filter(|f| !f.description.is_empty()).map(|f| view! {
                                    <li>{format!("{}: {}", f.name, f.description)}</li>
                                }).collect_view()}
                            </ul>
                        </div>
                        {(!cfp.tracks.is_empty()).then(|| view! {
                            <div class="field" class:invalid=move || track_error.get().is_some()>
                                <label for="field-track">"Track"</label>
                                <select id="field-track" name="track" aria-describedby="field-track-error">
                                    <option value="" selected=track_choice.is_empty()>"No preference"</option>
                                    {cfp.tracks.iter().map(|t| {
                                        let id = t.track_id.to_string();
                                        view! { <option value=id.clone() selected=track_choice == id>{t.name.clone()}</option> }
                                    }).collect_view()}
                                </select>
                                {move || track_error.get().map(|m| view! { <p class="field-error" id="field-track-error">{m}</p> })}
                            </div>
                        })}
                        <div class="field">
                            <label for="field-level">"Level"</label>
                            <select id="field-level" name="level">
                                {Level::ALL.iter().map(|l| view! { <option value=l.as_str() selected=level_choice == l.as_str()>{l.label()}</option> }).collect_view()}
                            </select>
                        </div>
                        <TextArea form=form name="notes" label="Notes for the organizers (private, optional)" value=talk.as_ref().map(|t| t.notes.clone()).unwrap_or_default() rows=3 maxlength=MAX_NOTES hint="Only the organizers see this: travel, accessibility, anything else." />
                        {(!submitted).then(|| view! {
                            <div class="field checkbox">
                                <input type="checkbox" id="field-submit" name="submit" value="yes" checked=true />
                                <label for="field-submit">"Submit it for review now (otherwise it stays a draft only you see)"</label>
                            </div>
                        })}
                        <Submit form=form label="Save talk" busy="Saving…" class="button button-primary" />
                    </Form>
                </div>
            })}
            <p class="aside"><a href="/me/talks">"Your talks"</a></p>
        </section>
    }
}

/// `/me/talks`: every talk you proposed, with the next thing to do.
#[component]
pub fn MyTalksPage() -> impl IntoView {
    let changes = crate::forms::page_changes();
    let talks = Resource::new(move || changes.get(), |_| my_talks());
    let saved = Memo::new(move |_| use_query_map().with(|q| q.get("saved")));
    view! {
        <Title text="Your talks" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <crate::components::MeTabs current="/me/talks" />
            <section class="container narrow">
                <h1>"Your talks"</h1>
                {move || saved.get().map(|what| view! {
                    <p class="notice" role="status">{match what.as_str() {
                        "draft" => "Saved as a draft. Only you can see it until you submit it.",
                        "submitted" => "Your talk is submitted, and we mailed you a receipt. You can edit it until the call for papers closes.",
                        "confirmed" => "Thank you for confirming. See you there!",
                        "declined" => "You declined the talk. The organizers were told.",
                        "withdrawn" => "Your talk was withdrawn.",
                        "joined" => "You joined the talk as a co-speaker.",
                        _ => "Saved.",
                    }}</p>
                })}
                <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match talks.await {
                            Ok(list) if list.is_empty() => view! { <p class="empty">"You haven't proposed any talks yet. Events with an open call for papers show it on their page."</p> }.into_any(),
                            Ok(list) => view! {
                                <ul class="talk-list">
                                    {list.into_iter().map(|t| view! { <MyTalkItem talk=t /> }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        } />
    }
}

#[component]
fn MyTalkItem(talk: MyTalk) -> impl IntoView {
    let answer = ServerAction::<AnswerTalk>::new();
    let answer_form = use_form(answer);
    let withdraw = ServerAction::<WithdrawTalk>::new();
    let withdraw_form = use_form(withdraw);
    let (slug, id) = (talk.event_slug.clone(), talk.talk_id.to_string());
    let (s2, i2, s3, i3) = (slug.clone(), id.clone(), slug.clone(), id.clone());
    let (s4, i4) = (slug.clone(), id.clone());
    let withdraw_label = format!("Withdraw {}", talk.title);
    view! {
        <li class="card">
            <p class="eyebrow"><a href=format!("/e/{slug}")>{talk.event_title.clone()}</a> " · " {talk.when.clone()}</p>
            <h2>{talk.title.clone()} " " <span class=state_badge(talk.state)>{talk.state.label()}</span></h2>
            <p>{talk.next.clone()}</p>
            <FormMessage form=answer_form />
            <FormMessage form=withdraw_form />
            <div class="row-actions">
                {talk.may_edit.then(|| view! { <a class="button button-small" href=format!("/e/{slug}/talks/{id}/edit")>"Edit"</a> })}
                {talk.may_answer.then(move || view! {
                    <Form action=answer class="inline-form" label="Confirm your talk">
                        <input type="hidden" name="event" value=s4 />
                        <input type="hidden" name="talk" value=i4 />
                        <input type="hidden" name="answer" value="confirm" />
                        <button type="submit" class="button button-small button-primary">"Confirm I'll give it"</button>
                    </Form>
                    <Form action=answer class="inline-form" label="Decline your talk">
                        <input type="hidden" name="event" value=s2 />
                        <input type="hidden" name="talk" value=i2 />
                        <input type="hidden" name="answer" value="decline" />
                        <button type="submit" class="button button-small">"I can't give it"</button>
                    </Form>
                })}
                {talk.may_withdraw.then(move || view! {
                    <Form action=withdraw class="inline-form" label="Withdraw">
                        <input type="hidden" name="event" value=s3 />
                        <input type="hidden" name="talk" value=i3 />
                        <button type="submit" class="button button-small" aria-label=withdraw_label>"Withdraw"</button>
                    </Form>
                })}
            </div>
        </li>
    }
}

/// `/e/:slug/submissions`: the organizers review, decide and publish the lineup.
#[component]
pub fn SubmissionsPage() -> impl IntoView {
    let slug = param("slug");
    let query = use_query_map();
    let changes = crate::forms::page_changes();
    let list = Resource::new(
        move || (slug.get(), changes.get()),
        move |(slug, _)| {
            let (state, sort, format, track) = query.with_untracked(|q| {
                (
                    q.get("state").unwrap_or_default(),
                    q.get("sort").unwrap_or_default(),
                    q.get("format").unwrap_or_default(),
                    q.get("track").unwrap_or_default(),
                )
            });
            list_submissions(slug, state, sort, format, track)
        },
    );
    view! {
        <Title text="Submissions" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(view) => view! {
                            <Title text=format!("Submissions · {}", view.event_title) />
                            <Submissions view=view />
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn Submissions(view: SubmissionsView) -> impl IntoView {
    let publish = ServerAction::<PublishLineup>::new();
    let publish_form = use_form(publish);
    let query = use_query_map();
    let (current_state, current_sort, done, current_format, current_track) =
        query.with_untracked(|q| {
            (
                q.get("state").unwrap_or_default(),
                q.get("sort").unwrap_or_default(),
                q.get("done"),
                q.get("format").unwrap_or_default(),
                q.get("track").unwrap_or_default(),
            )
        });
    let slug = view.event_slug.clone();
    let (lineup_slug, form_slug, bulk_slug) = (slug.clone(), slug.clone(), slug.clone());
    let confirmed = view
        .counts
        .iter()
        .find(|(s, _)| *s == TalkState::Confirmed)
        .map_or(0, |(_, n)| *n);
    let waiting = view
        .counts
        .iter()
        .find(|(s, _)| *s == TalkState::Accepted)
        .map_or(0, |(_, n)| *n);
    let all: i64 = view.counts.iter().map(|(_, n)| n).sum();
    view! {
        <section class="container">
            <p class="eyebrow"><a href=format!("/e/{slug}")>{view.event_title.clone()}</a></p>
            <h1>"Submissions"</h1>
            {done.map(|d| view! { <p class="notice" role="status">{match d.as_str() {
                "accept" => "Accepted. The speakers were mailed and asked to confirm.",
                "reject" => "Not accepted. The speakers were mailed.",
                _ => "The lineup was updated.",
            }}</p> })}
            <div class="card">
                <h2>"Lineup"</h2>
                <p>{format!("{confirmed} confirmed; {waiting} accepted and not confirmed yet")}{view.confirm_by_text.clone().map(|t| format!(" (they confirm by {t})"))}"."</p>
                {(!view.unconfirmed.is_empty()).then(|| view! {
                    <p class="hint">"Not confirmed yet: " {view.unconfirmed.join("; ")}</p>
                })}
                <Form action=publish label="Lineup">
                    <input type="hidden" name="event" value=form_slug />
                    <input type="hidden" name="publish" value=if view.lineup_published { "no" } else { "yes" } />
                    <FormMessage form=publish_form />
                    {view.lineup_published.then(move || view! { <p>"Published: " <a href=format!("/e/{lineup_slug}/speakers")>"the speakers page"</a> " shows confirmed talks."</p> })}
                    <Submit form=publish_form label=if view.lineup_published { "Hide the lineup" } else { "Publish the lineup" } class="button" />
                </Form>
            </div>
            <nav class="filters" aria-label="Filter by state">
                <a href=format!("/e/{slug}/submissions") aria-current=current_state.is_empty().then_some("page")>{format!("All ({all})")}</a>
                {view.counts.iter().map(|(s, n)| {
                    let here = current_state == s.as_str();
                    view! { <a href=format!("/e/{slug}/submissions?state={}", s.as_str()) aria-current=here.then_some("page")>{format!("{} ({n})", s.label())}</a> }
                }).collect_view()}
            </nav>
            <form method="get" class="sort-form">
                {(!current_state.is_empty()).then(|| view! { <input type="hidden" name="state" value=current_state.clone() /> })}
                <label for="sort">"Sort by"</label>
                <select id="sort" name="sort">
                    {[("", "Oldest first"), ("newest", "Newest first"), ("score", "Average score"), ("title", "Title"), ("format", "Format")].into_iter().map(|(v, l)| view! {
                        <option value=v selected=current_sort == v>{l}</option>
                    }).collect_view()}
                </select>
                <label for="filter-format">"Format"</label>
                <select id="filter-format" name="format">
                    <option value="">"Any"</option>
                    {view.formats.iter().map(|f| {
                        let id = f.format_id.to_string();
                        view! { <option value=id.clone() selected=current_format == id>{f.name.clone()}</option> }
                    }).collect_view()}
                </select>
                {(!view.tracks.is_empty()).then(|| view! {
                    <label for="filter-track">"Track"</label>
                    <select id="filter-track" name="track">
                        <option value="">"Any"</option>
                        {view.tracks.iter().map(|t| {
                            let id = t.track_id.to_string();
                            view! { <option value=id.clone() selected=current_track == id>{t.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                })}
                <button type="submit" class="button button-small">"Show"</button>
            </form>
            {view.talks.is_empty().then(|| view! { <p class="empty">"No submissions here yet. Share the call for papers: speakers propose talks from the event page."</p> })}
            {(!view.talks.is_empty()).then(|| view! {
                <form method="get" action=format!("/e/{bulk_slug}/decide") id="bulk" class="sort-form" aria-label="Decide on the chosen talks">
                    <span>"Chosen talks:"</span>
                    <button type="submit" name="decision" value="accept" class="button button-small">"Accept chosen…"</button>
                    <button type="submit" name="decision" value="reject" class="button button-small">"Reject chosen…"</button>
                </form>
            })}
            <ul class="talk-list">
                {view.talks.into_iter().map(|t| view! { <SubmissionItem talk=t slug=slug.clone() /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn SubmissionItem(talk: Submission, slug: String) -> impl IntoView {
    let id = talk.talk_id.to_string();
    let open = talk.state == TalkState::Submitted;
    let accept_label = format!("Accept {}", talk.title);
    let reject_label = format!("Reject {}", talk.title);
    let choose_label = format!("Choose {}", talk.title);
    view! {
        <li class="card submission">
            <h2>
                {open.then(|| view! { <input type="checkbox" name="talk" value=id.clone() form="bulk" aria-label=choose_label class="choose" /> " " })}
                {talk.title.clone()} " " <span class=state_badge(talk.state)>{talk.state.label()}</span>
            </h2>
            <p class="meta">
                {talk.speakers.join(", ")} " · " {format!("{} ({} min)", talk.format, talk.minutes)}
                {talk.track.clone().map(|t| format!(" · {t}"))} " · " {talk.level.label()}
                {talk.submitted.clone().map(|s| format!(" · submitted {s}"))}
            </p>
            <p class="hint">{match &talk.average {
                Some(avg) => format!("Average score {avg} from {} review{}", talk.reviews, if talk.reviews == 1 { "" } else { "s" }),
                None => "Not reviewed yet".to_owned(),
            }}</p>
            <div class="prose" inner_html=talk.abstract_html.clone()></div>
            {(!talk.notes.is_empty()).then(|| view! { <p class="hint"><strong>"Notes for the organizers: "</strong>{talk.notes.clone()}</p> })}
            {open.then(|| view! {
                <p class="row-actions">
                    <a class="button button-small button-primary" href=format!("/e/{slug}/decide?talk={id}&decision=accept") aria-label=accept_label>"Accept…"</a>
                    <a class="button button-small" href=format!("/e/{slug}/decide?talk={id}&decision=reject") aria-label=reject_label>"Reject…"</a>
                </p>
            })}
        </li>
    }
}

/// `/e/:slug/decide?talk=…&decision=…`: the mails a decision sends, before it is made.
#[component]
pub fn DecidePage() -> impl IntoView {
    let slug = param("slug");
    let query = use_query_map();
    let talks = Memo::new(move |_| query.with(|q| q.get_all("talk").unwrap_or_default().join(",")));
    let decision = Memo::new(move |_| query.with(|q| q.get("decision").unwrap_or_default()));
    let preview = Resource::new(
        move || (slug.get(), talks.get(), decision.get()),
        |(slug, talks, decision)| super::api::preview_decisions(slug, talks, decision),
    );
    view! {
        <Title text="Decide" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok(p) => view! { <Decide preview=p talks=talks.get_untracked() decision=decision.get_untracked() /> }.into_any(),
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn Decide(
    preview: super::views::DecisionPreview,
    talks: String,
    decision: String,
) -> impl IntoView {
    let action = ServerAction::<super::api::DecideTalks>::new();
    let form = use_form(action);
    let slug = preview.event_slug.clone();
    let n = preview.talks.len();
    let verb = if preview.accept { "Accept" } else { "Reject" };
    let label = format!(
        "{verb} {n} talk{} and send {} mail{}",
        if n == 1 { "" } else { "s" },
        preview.mails.len(),
        if preview.mails.len() == 1 { "" } else { "s" }
    );
    view! {
        <section class="container narrow">
            <p class="eyebrow"><a href=format!("/e/{slug}/submissions")>"Submissions"</a></p>
            <h1>{format!("{verb} {n} talk{}", if n == 1 { "" } else { "s" })}</h1>
            {(!preview.skipped.is_empty()).then(|| view! {
                <p class="notice" role="status">{format!("Left alone (already decided or withdrawn): {}", preview.skipped.join("; "))}</p>
            })}
            <p>"These mails go out when you confirm. Change the words in the " <a href=format!("/e/{slug}/cfp")>"call for papers settings"</a> "."</p>
            <ul class="talk-list">
                {preview.mails.iter().map(|m| view! {
                    <li class="card mail-preview">
                        <p class="meta">"To: " {m.to.clone()}</p>
                        <p><strong>{m.subject.clone()}</strong></p>
                        <p class="pre-line">{m.body.clone()}</p>
                    </li>
                }).collect_view()}
            </ul>
            {(n > 0).then(|| view! {
                <Form action=action label="Confirm the decision">
                    <input type="hidden" name="event" value=slug.clone() />
                    <input type="hidden" name="talks" value=talks.clone() />
                    <input type="hidden" name="decision" value=decision.clone() />
                    <FormMessage form=form fields=&["talks"] />
                    <button type="submit" class="button button-primary">{label.clone()}</button>
                </Form>
            })}
        </section>
    }
}

/// `/e/:slug/review`: reviewers (and organizers) score submitted talks.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let slug = param("slug");
    let changes = crate::forms::page_changes();
    let board = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| super::api::review_queue(slug),
    );
    view! {
        <Title text="Review talks" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(board) => view! {
                            <Title text=format!("Review talks · {}", board.event_title) />
                            <ReviewList board=board />
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn ReviewList(board: super::views::ReviewBoard) -> impl IntoView {
    let action = ServerAction::<super::api::ScoreTalk>::new();
    let form = use_form(action);
    let slug = board.event_slug.clone();
    view! {
        <section class="container narrow">
            <p class="eyebrow"><a href=format!("/e/{slug}")>{board.event_title.clone()}</a></p>
            <h1>"Review talks"</h1>
            <p class="hint">
                {if board.blind { "Blind review: who proposed a talk is hidden. " } else { "" }}
                {if board.hide_scores { "Others' scores show once you have scored a talk." } else { "" }}
            </p>
            <FormMessage form=form fields=&["score", "comment"] />
            {if !board.has_cfp {
                view! {
                    <div class="empty">
                        <p>"This event has no call for papers yet, so no talks come in to review."</p>
                        <p><a class="button button-primary" href=format!("/e/{slug}/cfp")>"Open a call for papers"</a></p>
                    </div>
                }.into_any()
            } else if board.talks.is_empty() {
                view! { <p class="empty">"Nothing to review right now."</p> }.into_any()
            } else {
                ().into_any()
            }}
            <ul class="talk-list">
                {board.talks.into_iter().map(|t| view! { <ReviewCard talk=t slug=slug.clone() action=action /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ReviewCard(
    talk: super::views::ReviewItem,
    slug: String,
    action: ServerAction<super::api::ScoreTalk>,
) -> impl IntoView {
    let id = talk.talk_id.to_string();
    let score_id = format!("score-{id}");
    let comment_id = format!("comment-{id}");
    let current = talk.my_score.map(|s| s.to_string()).unwrap_or_default();
    let anchor = format!("talk-{id}");
    view! {
        <li class="card" id=anchor>
            <h2>{talk.title.clone()}</h2>
            <p class="meta">
                {format!("{} ({} min)", talk.format, talk.minutes)}
                {talk.track.clone().map(|t| format!(" · {t}"))}
                " · " {talk.level.label()}
                {talk.speakers.clone().map(|s| format!(" · {}", s.join(", ")))}
            </p>
            <div class="prose" inner_html=talk.abstract_html.clone()></div>
            <p class="hint">
                {match (&talk.average, talk.reviews) {
                    (Some(avg), n) => format!("Average {avg} from {n} review{}.", if n == 1 { "" } else { "s" }),
                    (None, 0) => "No reviews yet.".to_owned(),
                    (None, n) => format!("{n} review{} so far; score it to see them.", if n == 1 { "" } else { "s" }),
                }}
            </p>
            {talk.others.clone().filter(|o| !o.is_empty()).map(|others| view! {
                <ul class="reviews">
                    {others.into_iter().map(|(score, comment)| view! { <li><strong>{format!("{score}/5")}</strong> " " {comment}</li> }).collect_view()}
                </ul>
            })}
            <Form action=action label=format!("Score {}", talk.title)>
                <input type="hidden" name="event" value=slug />
                <input type="hidden" name="talk" value=id />
                <div class="field">
                    <label for=score_id.clone()>"Your score"</label>
                    <select id=score_id name="score">
                        <option value="" selected=current.is_empty()>"Choose…"</option>
                        {(1..=5).map(|n| {
                            let label = match n { 1 => "1: not for us", 2 => "2: weak", 3 => "3: fine", 4 => "4: good", _ => "5: must have" };
                            view! { <option value=n.to_string() selected=current == n.to_string()>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=comment_id.clone()>"Comment (optional)"</label>
                    <textarea id=comment_id name="comment" rows="2" maxlength="2000">{talk.my_comment.clone()}</textarea>
                </div>
                <button type="submit" class="button button-small button-primary">{if talk.my_score.is_some() { "Update score" } else { "Save score" }}</button>
            </Form>
        </li>
    }
}
