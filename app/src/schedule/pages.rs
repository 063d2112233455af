//! Schedule pages: the organizers' editor (a grid where talks are clicked or dragged into
//! place with JavaScript, a form per talk without it) and the public schedule.

use super::{
    api::public_schedule,
    domain::SlotKind,
    views::{GridSession, RoomView, ScheduleDay, ScheduleView, TrackColour},
};
use crate::{
    components::{set_page_status, ErrorPage, LocalTimeNote, SlotLocalTime},
    error::AppError,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

pub(super) fn slug_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()))
}

/// `/e/:slug/schedule`: the published schedule, a grid per day on wide screens and a list on
/// phones.
#[component]
pub fn SchedulePage() -> impl IntoView {
    let slug = slug_param();
    let schedule = Resource::new(move || slug.get(), public_schedule);
    view! {
        <Title text="Schedule" />
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match schedule.await {
                    Ok(view) => view! {
                        <Title text=format!("Schedule · {}", view.event_title) />
                        <PublishedSchedule view=view />
                    }.into_any(),
                    Err(AppError::NotFound) => {
                        set_page_status(404);
                        view! {
                            <section class="container narrow">
                                <h1>"Schedule"</h1>
                                <p>"No schedule has been published for this event yet."</p>
                                <p><a href=format!("/e/{}", slug.get_untracked())>"Back to the event"</a></p>
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PublishedSchedule(view: ScheduleView) -> impl IntoView {
    let slug = view.event_slug.clone();
    let rooms = view.rooms.clone();
    view! {
        <section class="container schedule-page">
            <p class="eyebrow"><a href=format!("/e/{slug}")>{view.event_title.clone()}</a></p>
            <h1>"Schedule"</h1>
            <p class="hint">
                {format!("Version {}, published {}. Times are in the event's zone, {}.", view.version, view.published_text, view.time_zone)}
                <LocalTimeNote text=" Where your own zone differs, your time is shown too." />
            </p>
            <p class="button-row">
                <a class="button button-small" href=format!("/e/{slug}/schedule.ics")>"Add every session to your calendar (.ics)"</a>
                <a class="button button-small" href=format!("/e/{slug}/schedule.xml")>"frab XML"</a>
                <a class="button button-small" href=format!("/e/{slug}/schedule.json")>"JSON"</a>
                {view.is_organizer.then(|| view! { <a class="button button-small" href=format!("/e/{slug}/schedule/edit")>"Edit the schedule"</a> })}
            </p>
            <TrackLegend tracks=view.tracks.clone() />
            {view.days.into_iter().map(|day| view! {
                <DayGrid day=day rooms=rooms.clone() slug=slug.clone() editing=false />
            }).collect_view()}
            {(!view.history.is_empty()).then(|| view! {
                <section class="card" aria-labelledby="changes-heading">
                    <h2 id="changes-heading">"Changes"</h2>
                    {view.history.into_iter().map(|v| view! {
                        <h3>{format!("Version {}", v.number)}</h3>
                        <p class="hint">{v.published_text}</p>
                        <ul>{v.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                    }).collect_view()}
                </section>
            })}
        </section>
    }
}

#[component]
pub(super) fn TrackLegend(tracks: Vec<TrackColour>) -> impl IntoView {
    (!tracks.is_empty()).then(|| {
        view! {
            <ul class="track-legend" aria-label="Tracks">
                {tracks.into_iter().map(|t| view! {
                    <li>
                        <span class="swatch" style=format!("background:{}", t.colour) aria-hidden="true"></span>
                        {t.name}
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

/// One day: rooms as columns, 5-minute rows. In the editor (`editing`) every free 15 minutes
/// of a room is a hidden button that the editor's island shows once a talk is picked, and
/// each talk has a "Move" button (see `editor_pages::Placement`).
#[component]
pub(super) fn DayGrid(
    day: ScheduleDay,
    rooms: Vec<RoomView>,
    slug: String,
    editing: bool,
) -> impl IntoView {
    let first = day.first_minute;
    let rows = ((day.last_minute - first) / 5).max(1);
    let columns = rooms.len().max(1);
    let style = format!(
        "grid-template-columns: 4rem repeat({columns}, minmax(9rem, 1fr)); grid-template-rows: auto repeat({rows}, minmax(0.6rem, auto));"
    );
    let heading_id = format!("day-{}", day.date);
    let times = (0..(day.last_minute - first) / 30)
        .map(|i| {
            let minute = first + i * 30;
            let row = i * 6 + 2;
            view! {
                <div class="grid-time" style=format!("grid-row: {row} / span 6") aria-hidden="true">
                    {format!("{:02}:{:02}", minute / 60, minute % 60)}
                </div>
            }
        })
        .collect_view();
    let headers = rooms
        .iter()
        .enumerate()
        .map(|(i, room)| {
            view! {
                <div class="grid-room" style=format!("grid-column: {}", i + 2)>
                    {room.name.clone()}
                    {room.capacity.map(|c| view! { <span class="hint">{format!(" · {c} seats")}</span> })}
                </div>
            }
        })
        .collect_view();
    let date = day.date.clone();
    let cells = editing.then(|| {
        rooms
            .iter()
            .enumerate()
            .flat_map(|(i, room)| {
                let date = date.clone();
                (0..(day.last_minute - first) / 15).map(move |r| {
                    let minute = first + r * 15;
                    let start = format!("{:02}:{:02}", minute / 60, minute % 60);
                    let label = format!("Place at {start} in {}", room.name);
                    view! {
                        <button
                            type="button"
                            class="grid-cell"
                            style=format!("grid-column: {}; grid-row: {} / span 3", i + 2, r * 3 + 2)
                            aria-label=label
                            data-room=room.room_id
                            data-day=date.clone()
                            data-start=start
                            hidden
                        ></button>
                    }
                })
            })
            .collect_view()
    });
    let sessions = day
        .sessions
        .into_iter()
        .map(|s| view! { <SessionCard session=s slug=slug.clone() first=first columns=columns editing=editing /> })
        .collect_view();
    let labelled_by = heading_id.clone();
    view! {
        <section class="schedule-day" aria-labelledby=labelled_by>
            <h2 id=heading_id>{day.label.clone()}</h2>
            <div class="schedule-grid" style=style>
                {times}
                {headers}
                {cells}
                {sessions}
            </div>
        </section>
    }
}

#[component]
fn SessionCard(
    session: GridSession,
    slug: String,
    first: i64,
    columns: usize,
    editing: bool,
) -> impl IntoView {
    let row = (session.start_minute - first) / 5 + 2;
    let span = (session.minutes / 5).max(1);
    let column = match session.room_index {
        Some(i) => format!("{}", i + 2),
        None => format!("2 / span {columns}"),
    };
    let (background, ink) = match &session.track {
        Some(t) => (t.colour.clone(), t.text.clone()),
        None if session.kind == SlotKind::Talk => ("#eef0ff".to_owned(), "#1f2040".to_owned()),
        None => ("#f1f1f1".to_owned(), "#333333".to_owned()),
    };
    let style = format!(
        "grid-column: {column}; grid-row: {row} / span {span}; background: {background}; color: {ink};"
    );
    let at = session.starts_at;
    let offset = session.offset_minutes;
    let yours = view! { <SlotLocalTime at=at offset=offset /> };
    let title = match session.talk_id {
        Some(talk) if !editing => {
            view! { <a href=format!("/e/{slug}/talks/{talk}")>{session.title.clone()}</a> }
                .into_any()
        }
        _ => view! { <span>{session.title.clone()}</span> }.into_any(),
    };
    let kind_label = match session.kind {
        SlotKind::Talk => None,
        SlotKind::Break => Some("Break"),
        SlotKind::Blocker => Some("Blocked (internal)"),
    };
    let pick = session.talk_id.filter(|_| editing).map(|talk| {
        view! {
            <button
                type="button"
                class="button-small pick js-only"
                aria-pressed="false"
                data-talk=talk
                data-version=session.version
                data-minutes=session.minutes
                data-title=session.title.clone()
            >"Move"</button>
        }
    });
    view! {
        <article
            class="session"
            class:session-break=session.kind != SlotKind::Talk
            class:session-now=session.now
            class:session-conflict=session.conflict.is_some()
            style=style
            title=session.conflict.clone()
        >
            <p class="session-time">
                {format!("{}–{}", session.start_text, session.end_text)}
                {yours}
                <span class="session-room">{format!(" · {}", session.room_name)}</span>
                {session.now.then(|| view! { <strong class="badge badge-ok">"Now"</strong> })}
                {session.next.then(|| view! { <strong class="badge badge-warning">"Next"</strong> })}
            </p>
            <h3 class="session-title">{title}</h3>
            {kind_label.map(|k| view! { <p class="session-meta">{k}</p> })}
            {(!session.speakers.is_empty()).then(|| view! { <p class="session-meta">{session.speakers.join(", ")}</p> })}
            {session.track.clone().map(|t| view! { <p class="session-meta">{format!("Track: {}", t.name)}</p> })}
            {session.conflict.clone().map(|c| view! { <p class="session-meta conflict-note">{format!("Conflict: {c}")}</p> })}
            {pick}
        </article>
    }
}
