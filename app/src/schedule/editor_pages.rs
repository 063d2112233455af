//! The organizers' schedule editor (/e/{slug}/schedule/edit): placing talks and breaks in the
//! grid (click or drag with JavaScript, a form per talk without), rooms, track colours, and
//! publishing a version.

use super::pages::{slug_param, DayGrid, TrackLegend};
use super::placement::{Placement, PICK_HINT, PLACE_FORM};
use super::{
    api::{
        schedule_editor, AddBreak, PlaceTalk, PublishSchedule, RemoveBreak, SaveRooms,
        SaveTrackColour, UnplaceTalk,
    },
    domain::SlotKind,
    views::{EditorBreak, EditorTalk, EditorView, RoomView, TrackColour},
};
use crate::{
    accounts::views::CurrentUser,
    components::{ErrorPage, RequireUser},
    forms::{use_form, Form, FormMessage, Submit, TextArea},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/e/:slug/schedule/edit`: the organizers build the schedule.
#[component]
pub fn ScheduleEditorPage() -> impl IntoView {
    let slug = slug_param();
    let changes = crate::forms::page_changes();
    let editor = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| schedule_editor(slug),
    );
    view! {
        <Title text="Schedule editor" />
        <RequireUser children=move |_user: CurrentUser| view! {
            <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match editor.await {
                        Ok(view) => view! {
                            <Title text=format!("Schedule editor · {}", view.event_title) />
                            <Editor view=view />
                        }.into_any(),
                        Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn Editor(view: EditorView) -> impl IntoView {
    let slug = view.event_slug.clone();
    // After a refused post (no JavaScript) the address still says what was saved before.
    let replayed = use_context::<StoredValue<crate::forms::FormReplay>>()
        .is_some_and(|r| !r.get_value().action.is_empty());
    let saved = use_query_map()
        .with_untracked(|q| q.get("saved").unwrap_or_default())
        .to_owned();
    let saved = if replayed { String::new() } else { saved };
    let notice = match saved.split('-').next().unwrap_or_default() {
        "published" => Some(format!(
            "Published version {}. Speakers with new or moved sessions were mailed.",
            saved.trim_start_matches("published-")
        )),
        "" => None,
        _ => Some("Saved.".to_owned()),
    };
    // A failed placement from the grid comes back as the page with its error.
    let place_url = <PlaceTalk as leptos::server_fn::ServerFn>::url();
    let place_error = use_context::<StoredValue<crate::forms::FormReplay>>()
        .map(|r| r.get_value())
        .filter(|r| r.action == place_url)
        .and_then(|r| r.error)
        .map(|e| e.to_string());
    let location = leptos_router::hooks::use_location();
    let search = location.search.get_untracked();
    let search = search.trim_start_matches('?');
    let here = if search.is_empty() {
        location.pathname.get_untracked()
    } else {
        format!("{}?{search}", location.pathname.get_untracked())
    };
    let hard = view.conflicts.iter().filter(|c| c.hard).count();
    let next_version = view.version.map_or(1, |v| v + 1);
    let rooms = view.rooms.clone();
    let (tracks, days, grid_slug) = (view.tracks.clone(), view.days.clone(), slug.clone());
    let unplaced: Vec<EditorTalk> = view
        .talks
        .iter()
        .filter(|t| t.placed.is_none())
        .cloned()
        .collect();
    view! {
        <section class="container schedule-page">
            <p class="eyebrow"><a href=format!("/e/{slug}")>{view.event_title.clone()}</a></p>
            <h1>"Schedule editor"</h1>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <p class="hint">{format!("{} · times in {}", view.event_when, view.time_zone)}</p>
            <p role="status">
                {match view.version {
                    Some(v) => view! { "Version " {v} " is public. " <a href=format!("/e/{slug}/schedule")>"See the public schedule"</a> }.into_any(),
                    None => view! { "Not published yet: only organizers see this." }.into_any(),
                }}
            </p>
            {view.rooms.is_empty().then(|| view! { <p class="notice error">"Add the event's rooms below first."</p> })}

            <Placement>
                <PlacementCard unplaced=unplaced.clone() error=place_error.clone() />
                <TrackLegend tracks=tracks.clone() />
                {days.clone().into_iter().map(|day| view! {
                    <DayGrid day=day rooms=rooms.clone() slug=grid_slug.clone() editing=true />
                }).collect_view()}
            </Placement>
            <form id=PLACE_FORM method="post" action=here hidden>
                <input type="hidden" name=crate::forms::ACTION_FIELD value=place_url />
                <input type="hidden" name="event" value=slug.clone() />
                {["talk", "version", "room", "day", "start", "minutes"].into_iter().map(|name| view! { <input type="hidden" name=name /> }).collect_view()}
            </form>

            <section class="card" aria-labelledby="conflicts-heading">
                <h2 id="conflicts-heading">"Conflicts"</h2>
                {if view.conflicts.is_empty() {
                    view! { <p>"No conflicts."</p> }.into_any()
                } else {
                    view! {
                        <ul class="conflicts">
                            {view.conflicts.iter().map(|c| view! {
                                <li>
                                    <span class=if c.hard { "badge badge-danger" } else { "badge badge-warning" }>
                                        {if c.hard { "Blocks publishing" } else { "Warning" }}
                                    </span>
                                    " " {c.message.clone()}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>

            <PublishCard slug=slug.clone() pending=view.pending.clone() hard=hard next_version=next_version />

            <section aria-labelledby="talks-heading">
                <h2 id="talks-heading">"Talks"</h2>
                {if view.talks.is_empty() {
                    view! { <p>"No accepted talks yet. Accept talks on the submissions page first."</p> }.into_any()
                } else {
                    view.talks.iter().map(|t| view! {
                        <TalkSlotForm slug=slug.clone() talk=t.clone() rooms=view.rooms.clone() days=view.day_options.clone() default_start=view.default_start.clone() />
                    }).collect_view().into_any()
                }}
            </section>

            <BreaksCard slug=slug.clone() breaks=view.breaks.clone() rooms=view.rooms.clone() days=view.day_options.clone() />
            <RoomsCard slug=slug.clone() rooms_text=view.rooms_text.clone() />
            <ColoursCard slug=slug.clone() tracks=view.tracks.clone() />
        </section>
    }
}

/// The talks not in the grid yet, each a button to pick (see `placement`); shown with
/// JavaScript only (without it, each talk has its own form below).
#[component]
fn PlacementCard(unplaced: Vec<EditorTalk>, error: Option<String>) -> impl IntoView {
    view! {
        <div class="card js-only" aria-labelledby="unplaced-heading">
            <h2 id="unplaced-heading">"Talks to place"</h2>
            <p class="hint">"Pick a talk (click or drag it), then click or drop it on a free time in a room."</p>
            <div role="alert" class="form-message-slot">{error.map(|m| view! { <p class="form-error">{m}</p> })}</div>
            {if unplaced.is_empty() {
                view! { <p>"Every accepted talk is in the schedule."</p> }.into_any()
            } else {
                view! {
                    <ul class="pick-list">
                        {unplaced.into_iter().map(|t| view! {
                            <li>
                                <button
                                    type="button"
                                    class="pick-talk"
                                    draggable="true"
                                    aria-pressed="false"
                                    data-talk=t.talk_id
                                    data-version=0
                                    data-minutes=t.minutes
                                    data-title=t.title.clone()
                                >
                                    {format!("{} ({} min)", t.title, t.minutes)}
                                </button>
                                <span class="hint">{format!(" {}{}", t.speakers, if t.confirmed { "" } else { " · not confirmed yet" })}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p class="hint" id=PICK_HINT aria-live="polite"></p>
        </div>
    }
}

#[component]
fn PublishCard(
    slug: String,
    pending: Vec<String>,
    hard: usize,
    next_version: i64,
) -> impl IntoView {
    let action = ServerAction::<PublishSchedule>::new();
    let form = use_form(action);
    let label: &'static str = if next_version == 1 {
        "Publish the schedule"
    } else {
        "Publish the changes"
    };
    view! {
        <section class="card" aria-labelledby="publish-heading">
            <h2 id="publish-heading">{format!("Publish version {next_version}")}</h2>
            {if pending.is_empty() {
                view! { <p>"No unpublished changes."</p> }.into_any()
            } else {
                view! {
                    <p>"Publishing shows these changes to everyone and mails the speakers concerned:"</p>
                    <ul class="pending-changes">{pending.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                }.into_any()
            }}
            {(hard > 0).then(|| view! { <p class="field-error">{format!("{hard} conflict(s) block publishing.")}</p> })}
            <Form action=action label="Publish the schedule">
                <input type="hidden" name="event" value=slug />
                <FormMessage form=form />
                <Submit form=form label=label busy="Publishing…" class="button-primary" />
            </Form>
        </section>
    }
}

fn room_options(rooms: &[RoomView], chosen: Option<i64>, every: bool) -> impl IntoView {
    let every =
        every.then(|| view! { <option value="" selected=chosen.is_none()>"Every room"</option> });
    view! {
        {every}
        {rooms.iter().map(|r| view! {
            <option value=r.room_id.to_string() selected=chosen == Some(r.room_id)>{r.name.clone()}</option>
        }).collect_view()}
    }
}

fn day_options(days: &[(String, String)], chosen: &str) -> impl IntoView {
    days.iter()
        .map(|(value, label)| view! { <option value=value.clone() selected=value == chosen>{label.clone()}</option> })
        .collect_view()
}

/// A small labelled input for the per-talk forms (ids unique per talk).
fn slot_field(
    id: String,
    label: &'static str,
    kind: &'static str,
    name: &'static str,
    value: String,
    error: impl Fn() -> Option<String> + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = {
        let (error, error_id) = (error.clone(), error_id.clone());
        move || error().is_some().then(|| error_id.clone())
    };
    let invalid = {
        let error = error.clone();
        move || error().is_some()
    };
    let aria_invalid = {
        let invalid = invalid.clone();
        move || invalid().then_some("true")
    };
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id.clone()>{label}</label>
            <input id=id name=name type=kind value=value aria-invalid=aria_invalid aria-describedby=described min=(kind == "number").then_some("1") />
            {move || error().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
        </div>
    }
}

#[component]
fn TalkSlotForm(
    slug: String,
    talk: EditorTalk,
    rooms: Vec<RoomView>,
    days: Vec<(String, String)>,
    /// Where a new placement starts: the event's start time.
    default_start: String,
) -> impl IntoView {
    let action = ServerAction::<PlaceTalk>::new();
    let form = use_form(action);
    let id = talk.talk_id;
    // Without JavaScript a failed post comes back for the form it was sent from only.
    let mine = form.value("talk", "") == id.to_string();
    let value = |field: &str, default: String| {
        if mine {
            form.value(field, default)
        } else {
            default
        }
    };
    let errors = form.error();
    let error_of = move |field: &'static str| {
        move || {
            let ours = mine || action.value().get().is_some();
            errors
                .get()
                .filter(|_| ours)
                .and_then(|e| e.field_message(field))
        }
    };
    let placed = talk.placed.clone();
    let version = placed.as_ref().map_or(0, |p| p.version);
    let day = value(
        "day",
        placed
            .as_ref()
            .map(|p| p.day.clone())
            .or_else(|| days.first().map(|d| d.0.clone()))
            .unwrap_or_default(),
    );
    let start = value(
        "start",
        placed
            .as_ref()
            .map(|p| p.start.clone())
            .unwrap_or(default_start),
    );
    let minutes = value(
        "minutes",
        placed
            .as_ref()
            .map_or(talk.minutes, |p| p.minutes)
            .to_string(),
    );
    let room = value(
        "room",
        placed
            .as_ref()
            .and_then(|p| p.room_id)
            .map(|r| r.to_string())
            .unwrap_or_default(),
    )
    .parse::<i64>()
    .ok();
    let prefix = format!("talk-{id}");
    let where_now = match &placed {
        Some(p) => format!(
            "{} {} in {} ({} min)",
            p.day, p.start, p.room_name, p.minutes
        ),
        None => "Not in the schedule".to_owned(),
    };
    let remove = ServerAction::<UnplaceTalk>::new();
    let remove_form = use_form(remove);
    let label: &'static str = if placed.is_some() { "Move" } else { "Place" };
    let heading_id = format!("{prefix}-heading");
    let labelled_by = heading_id.clone();
    let anchor = prefix.clone();
    let room_id = format!("{prefix}-room");
    let day_id = format!("{prefix}-day");
    let start_id = format!("{prefix}-start");
    let minutes_id = format!("{prefix}-minutes");
    let remove_slug = slug.clone();
    let form_label = format!("Place {}", talk.title);
    let remove_label = format!("Remove {} from the schedule", talk.title);
    view! {
        <article class="card slot-card" id=anchor aria-labelledby=labelled_by>
            <h3 id=heading_id>{talk.title.clone()}</h3>
            <p class="hint">
                {format!("{} · {} ({} min)", talk.speakers, talk.format, talk.minutes)}
                {(!talk.confirmed).then(|| view! { " · " <span class="badge badge-warning">"Not confirmed"</span> })}
            </p>
            <p>{where_now}</p>
            <Form action=action label=form_label>
                <input type="hidden" name="event" value=slug />
                <input type="hidden" name="talk" value=id.to_string() />
                <input type="hidden" name="version" value=version.to_string() />
                {move || {
                    let ours = mine || action.value().get().is_some();
                    errors.get().filter(|_| ours).and_then(|e| e.form_message(&["room", "day", "start", "minutes"])).map(|m| view! { <p class="form-error" role="alert">{m}</p> })
                }}
                <div class="slot-fields">
                    <div class="field" class:invalid=move || error_of("room")().is_some()>
                        <label for=room_id.clone()>"Room"</label>
                        <select id=room_id name="room">
                            {room.is_none().then(|| view! { <option value="" selected=true>"Choose a room"</option> })}
                            {room_options(&rooms, room, false)}
                        </select>
                        {move || error_of("room")().map(|e| view! { <p class="field-error">{e}</p> })}
                    </div>
                    <div class="field" class:invalid=move || error_of("day")().is_some()>
                        <label for=day_id.clone()>"Day"</label>
                        <select id=day_id name="day">{day_options(&days, &day)}</select>
                        {move || error_of("day")().map(|e| view! { <p class="field-error">{e}</p> })}
                    </div>
                    {slot_field(start_id, "Start", "time", "start", start, error_of("start"))}
                    {slot_field(minutes_id, "Minutes", "number", "minutes", minutes, error_of("minutes"))}
                </div>
                <Submit form=form label=label />
            </Form>
            {placed.map(|p| view! {
                <Form action=remove label=remove_label class="inline-form">
                    <input type="hidden" name="event" value=remove_slug />
                    <input type="hidden" name="talk" value=id.to_string() />
                    <input type="hidden" name="version" value=p.version.to_string() />
                    <FormMessage form=remove_form />
                    <Submit form=remove_form label="Remove from the schedule" busy="Removing…" class="button-small" />
                </Form>
            })}
        </article>
    }
}

#[component]
fn BreaksCard(
    slug: String,
    breaks: Vec<EditorBreak>,
    rooms: Vec<RoomView>,
    days: Vec<(String, String)>,
) -> impl IntoView {
    let action = ServerAction::<AddBreak>::new();
    let form = use_form(action);
    let error = move |field: &'static str| form.field_error(field);
    let first_day = days.first().map(|d| d.0.clone()).unwrap_or_default();
    let day = form.value("day", first_day);
    view! {
        <section class="card" aria-labelledby="breaks-heading">
            <h2 id="breaks-heading">"Breaks and blockers"</h2>
            <p class="hint">"Breaks (lunch, coffee) are public; blockers keep a room free and stay internal."</p>
            <ul class="break-list">
                {breaks.into_iter().map(|b| view! { <BreakItem slug=slug.clone() item=b /> }).collect_view()}
            </ul>
            <Form action=action label="Add a break or blocker">
                <input type="hidden" name="event" value=slug.clone() />
                <FormMessage form=form fields=&["kind", "title", "room", "day", "start", "minutes"] />
                <div class="slot-fields">
                    <div class="field">
                        <label for="break-kind">"Kind"</label>
                        <select id="break-kind" name="kind">
                            <option value="break" selected=form.value("kind", "break") == "break">"Break (public)"</option>
                            <option value="blocker" selected=form.value("kind", "break") == "blocker">"Blocker (internal)"</option>
                        </select>
                    </div>
                    <div class="field" class:invalid=move || error("title").get().is_some()>
                        <label for="break-title">"Name"</label>
                        <input id="break-title" name="title" type="text" value=form.value("title", "") maxlength="80" />
                        {move || error("title").get().map(|e| view! { <p class="field-error">{e}</p> })}
                    </div>
                    <div class="field" class:invalid=move || error("room").get().is_some()>
                        <label for="break-room">"Where"</label>
                        <select id="break-room" name="room">{room_options(&rooms, form.value("room", "").parse().ok(), true)}</select>
                        {move || error("room").get().map(|e| view! { <p class="field-error">{e}</p> })}
                    </div>
                    <div class="field" class:invalid=move || error("day").get().is_some()>
                        <label for="break-day">"Day"</label>
                        <select id="break-day" name="day">{day_options(&days, &day)}</select>
                    </div>
                    <div class="field" class:invalid=move || error("start").get().is_some()>
                        <label for="break-start">"Start"</label>
                        <input id="break-start" name="start" type="time" value=form.value("start", "12:30") />
                        {move || error("start").get().map(|e| view! { <p class="field-error">{e}</p> })}
                    </div>
                    <div class="field" class:invalid=move || error("minutes").get().is_some()>
                        <label for="break-minutes">"Minutes"</label>
                        <input id="break-minutes" name="minutes" type="number" min="1" value=form.value("minutes", "60") />
                        {move || error("minutes").get().map(|e| view! { <p class="field-error">{e}</p> })}
                    </div>
                </div>
                <Submit form=form label="Add" busy="Adding…" />
            </Form>
        </section>
    }
}

#[component]
fn BreakItem(slug: String, item: EditorBreak) -> impl IntoView {
    let action = ServerAction::<RemoveBreak>::new();
    let form = use_form(action);
    let kind = if item.kind == SlotKind::Blocker {
        "Blocker"
    } else {
        "Break"
    };
    view! {
        <li>
            <strong>{item.title.clone()}</strong>
            {format!(" · {kind} · {} · {}", item.when, item.placement.room_name)}
            <Form action=action label=format!("Remove {}", item.title) class="inline-form">
                <input type="hidden" name="event" value=slug />
                <input type="hidden" name="slot" value=item.placement.slot_id.to_string() />
                <input type="hidden" name="version" value=item.placement.version.to_string() />
                <FormMessage form=form />
                <Submit form=form label="Remove" busy="Removing…" class="button-small" />
            </Form>
        </li>
    }
}

#[component]
fn RoomsCard(slug: String, rooms_text: String) -> impl IntoView {
    let action = ServerAction::<SaveRooms>::new();
    let form = use_form(action);
    view! {
        <section class="card" aria-labelledby="rooms-heading">
            <h2 id="rooms-heading">"Rooms"</h2>
            <Form action=action label="Rooms">
                <input type="hidden" name="event" value=slug />
                <FormMessage form=form fields=&["rooms"] />
                <TextArea form=form name="rooms" label="Rooms, in the order of the grid" value=rooms_text rows=5 hint="One per line: a name and, if you like, how many people it seats. For example: Main hall, 300" />
                <Submit form=form label="Save rooms" />
            </Form>
        </section>
    }
}

#[component]
fn ColoursCard(slug: String, tracks: Vec<TrackColour>) -> impl IntoView {
    (!tracks.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="colours-heading">
                <h2 id="colours-heading">"Track colours"</h2>
                <p class="hint">"Tracks are set in the call for papers. The schedule writes each track's name too, so colour is never the only sign."</p>
                {tracks.into_iter().map(|t| view! { <ColourForm slug=slug.clone() track=t /> }).collect_view()}
            </section>
        }
    })
}

#[component]
fn ColourForm(slug: String, track: TrackColour) -> impl IntoView {
    let action = ServerAction::<SaveTrackColour>::new();
    let form = use_form(action);
    let id = format!("colour-{}", track.track_id);
    let error = form.field_error("colour");
    view! {
        <Form action=action label=format!("Colour of {}", track.name) class="inline-form">
            <input type="hidden" name="event" value=slug />
            <input type="hidden" name="track" value=track.track_id.to_string() />
            <div class="field field-inline">
                <label for=id.clone()>{format!("Colour of {}", track.name)}</label>
                <input id=id name="colour" type="color" value=track.colour />
                {move || error.get().map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
            <Submit form=form label="Save colour" class="button-small" />
        </Form>
    }
}
