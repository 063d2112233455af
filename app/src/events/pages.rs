//! Event pages: the public event page, new and edit forms, and listings.

use super::cover::{CoverBanner, CoverCard, CoverTile};
use super::{
    api::{
        get_event, list_group_events, list_upcoming_events, new_event_context, CancelEvent,
        CreateEvent, DeleteEvent, PublishEvent, RepeatEvent, UpdateEvent,
    },
    domain::{EventFormat, EventStatus},
    views::{EventFormValues, EventPage as EventListPage, EventSummary, EventView},
};
use crate::{
    accounts::views::CurrentUser,
    components::{ErrorPage, RequireUser},
    forms::{
        use_form, Confirm, Field, Form, FormMessage, FormState, Submit, TextArea, TimeZoneField,
    },
    rsvp::pages::RsvpCard,
};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

const EVENT_FIELDS: &[&str] = &[
    "title",
    "slug",
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
];

fn param(name: &'static str) -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get(name).unwrap_or_default()))
}

fn page_param() -> u32 {
    use_query_map().with_untracked(|q| q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0))
}

/// The fields shared by the new and edit forms.
#[component]
fn EventFields(form: FormState, values: EventFormValues) -> impl IntoView {
    let format = form.value("format", values.format.clone());
    view! {
        <Field form=form name="title" label="Title" value=values.title required=true maxlength=120usize />
        <div class="field">
            <label for="field-format">"Format"</label>
            <select id="field-format" name="format">
                {EventFormat::ALL.into_iter().map(|f| {
                    view! { <option value=f.as_str() selected=format == f.as_str()>{f.label()}</option> }
                }).collect_view()}
            </select>
        </div>
        <div class="field-row">
            <Field form=form name="start" label="Starts" kind="datetime-local" value=values.start required=true />
            <Field form=form name="end" label="Ends" kind="datetime-local" value=values.end required=true hint="Can be on a later day." />
        </div>
        <TimeZoneField form=form value=values.time_zone hint="Start and end are in this zone. Changing the zone keeps the times as typed." />
        <Field form=form name="venue_name" label="Venue (optional)" value=values.venue_name maxlength=120usize />
        <Field form=form name="venue_address" label="Address (optional)" value=values.venue_address maxlength=300usize autocomplete="street-address" />
        <Field form=form name="online_url" label="Online link (optional)" kind="url" value=values.online_url hint="Shown only to organizers and people going." />
        <Field form=form name="capacity" label="Capacity (optional)" kind="number" value=values.capacity hint="Leave empty for unlimited." />
        <div class="field-row">
            <Field form=form name="rsvp_opens" label="RSVPs open (optional)" kind="datetime-local" value=values.rsvp_opens hint="Empty: as soon as it is published." />
            <Field form=form name="rsvp_closes" label="RSVPs close (optional)" kind="datetime-local" value=values.rsvp_closes hint="Empty: when it starts." />
        </div>
        <TextArea form=form name="description" label="Description" value=values.description rows=8 maxlength=10_000usize hint="Markdown works. Up to 10,000 characters." />
    }
}

#[component]
pub fn NewEventPage() -> impl IntoView {
    // Resources live outside any Suspense (see `docs/architecture.md`).
    let group = param("slug");
    let context = Resource::new(move || group.get(), new_event_context);
    view! {
        <Title text="New event" />
        <RequireUser children=move |_user: CurrentUser| view! { <NewEventForm context=context /> } />
    }
}

#[component]
fn NewEventForm(
    context: Resource<Result<super::views::EventDefaults, crate::error::AppError>>,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match context.await {
                    Ok(context) => {
                        let action = ServerAction::<CreateEvent>::new();
                        let form = use_form(action);
                        let values = EventFormValues { time_zone: context.time_zone.clone(), format: "meetup".into(), ..Default::default() };
                        view! {
                            <section class="container narrow card">
                                <p class="eyebrow"><a href=format!("/g/{}", context.group_slug)>{context.group_name.clone()}</a></p>
                                <h1>"New event"</h1>
                                <p class="lede">"It starts as a draft that only organizers see. Publish it when it is ready."</p>
                                <Form action=action label="New event">
                                    <input type="hidden" name="group" value=context.group_slug.clone() />
                                    <FormMessage form=form fields=EVENT_FIELDS />
                                    <EventFields form=form values=values />
                                    <Field form=form name="slug" label="Web address (optional)" hint="Empty: made from the title and date, like rust-meetup-2026-12-01." />
                                    <Submit form=form label="Save draft" busy="Saving…" class="button button-primary" />
                                </Form>
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn event_resource() -> Resource<Result<EventView, crate::error::AppError>> {
    let slug = param("slug");
    let changes = crate::forms::page_changes();
    Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| get_event(slug),
    )
}

#[component]
pub fn EditEventPage() -> impl IntoView {
    let event = event_resource();
    view! {
        <Title text="Edit event" />
        <RequireUser children=move |_user: CurrentUser| view! { <EditEventForm event=event /> } />
    }
}

#[component]
fn EditEventForm(event: Resource<Result<EventView, crate::error::AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match event.await {
                    Ok(EventView { form: Some(values), slug, title, status, cover, format, .. }) if status != EventStatus::Cancelled => {
                        let action = ServerAction::<UpdateEvent>::new();
                        let form = use_form(action);
                        let cover_slug = slug.clone();
                        view! {
                            <Title text=format!("Edit event · {title}") />
                            <section class="container narrow card">
                                <p class="eyebrow"><a href=format!("/e/{slug}")>{title.clone()}</a></p>
                                <h1>"Edit event"</h1>
                                <Form action=action label="Edit event">
                                    <input type="hidden" name="event" value=slug.clone() />
                                    <FormMessage form=form fields=EVENT_FIELDS />
                                    <EventFields form=form values=values />
                                    <Submit form=form label="Save changes" class="button button-primary" />
                                </Form>
                            </section>
                            <CoverCard slug=cover_slug cover=cover format=format.label() />
                        }.into_any()
                    }
                    Ok(EventView { form: Some(_), .. }) => view! {
                        <ErrorPage error=crate::error::AppError::conflict("", "This event was cancelled and can no longer be changed.") />
                    }.into_any(),
                    Ok(_) => view! { <ErrorPage error=crate::error::AppError::Forbidden("Only the group's organizers can edit its events.".to_owned()) /> }.into_any(),
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn EventDetailPage() -> impl IntoView {
    let event = event_resource();
    let sponsors = crate::sponsors::public_pages::event_sponsors_resource();
    view! {
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match event.await {
                    Ok(event) => view! { <EventDetails event=event sponsors=sponsors /> }.into_any(),
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// schema.org `Event` data for search engines, as JSON-LD.
fn structured_data(event: &EventView) -> String {
    let status = match event.status {
        EventStatus::Cancelled => "https://schema.org/EventCancelled",
        _ => "https://schema.org/EventScheduled",
    };
    let mode = match (
        event.venue_name.is_some() || event.venue_address.is_some(),
        event.is_online,
    ) {
        (true, true) => "https://schema.org/MixedEventAttendanceMode",
        (false, true) => "https://schema.org/OnlineEventAttendanceMode",
        _ => "https://schema.org/OfflineEventAttendanceMode",
    };
    let mut data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.start_iso,
        "endDate": event.end_iso,
        "eventStatus": status,
        "eventAttendanceMode": mode,
        "description": event.blurb,
        "organizer": { "@type": "Organization", "name": event.group_name, "url": format!("/g/{}", event.group_slug) },
    });
    if event.venue_name.is_some() || event.venue_address.is_some() {
        data["location"] = serde_json::json!({
            "@type": "Place",
            "name": event.venue_name.clone().or(event.venue_address.clone()),
            "address": event.venue_address,
        });
    }
    script_json(&data)
}

/// JSON to put inside a `<script>` element: every `<`, `>` and `&` is written as a `\u`
/// escape, so no text (`</script>`, `<!--<script>`) can end or change the element.
fn script_json(data: &serde_json::Value) -> String {
    data.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[component]
fn EventDetails(
    event: EventView,
    sponsors: crate::sponsors::public_pages::SponsorsResource,
) -> impl IntoView {
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let json_ld = structured_data(&event);
    // `?preview` shows organizers the page exactly as the public sees it.
    let preview =
        use_query_map().with_untracked(|q| q.get("preview").is_some()) && event.form.is_some();
    let organizer = event.form.is_some() && !preview;
    let online_url = if preview {
        None
    } else {
        event.online_url.clone()
    };
    view! {
        <Title text=event.title.clone() />
        <Meta name="description" content=event.blurb.clone() />
        <Meta property="og:title" content=event.title.clone() />
        <Meta property="og:description" content=format!("{} · {}", event.when, event.group_name) />
        <Meta property="og:type" content="website" />
        <script type="application/ld+json" inner_html=json_ld></script>
        {preview.then(|| view! {
            <div class="banner banner-draft" role="status">
                <div class="container">
                    "Preview: this is the page as the public sees it. "
                    <a href=format!("/e/{}", event.slug)>"Back to managing it"</a>
                </div>
            </div>
        })}
        {match event.status {
            EventStatus::Cancelled => Some(view! {
                <div class="banner banner-cancelled" role="status">
                    <div class="container">
                        <strong>"This event is cancelled."</strong>
                        {event.cancel_reason.clone().map(|r| view! { " " <span>{r}</span> })}
                    </div>
                </div>
            }.into_any()),
            EventStatus::Draft if !preview => Some(view! {
                <div class="banner banner-draft" role="status">
                    <div class="container">"Draft: only organizers can see this page. This is how it will look once published."</div>
                </div>
            }.into_any()),
            _ => None,
        }}
        <section class="group-hero event-hero">
            <div class="container">
                <CoverBanner cover=event.cover.clone() format=event.format.label() />
                <p class="eyebrow">{event.format.label()} " · " <a href=format!("/g/{}", event.group_slug)>{event.group_name.clone()}</a></p>
                <h1 class:struck=event.status == EventStatus::Cancelled>{event.title.clone()}</h1>
                {done.map(|what| view! {
                    <p class="notice" role="status">{match what.as_str() {
                        "published" => "Published: everyone can see it now.",
                        "cancelled" => "The event is cancelled. Its page stays up with your reason.",
                        "going" => "You're going! Your ticket is in the RSVP box.",
                        "waitlisted" => "There are not enough seats left, so you're on the waitlist. You'll get a seat automatically when one frees up.",
                        "check_mail" => "Almost there: we mailed you a link. Your RSVP counts once you click it (it works for 48 hours).",
                        other => crate::rsvp::domain::not_going_message(other).unwrap_or("Changes saved."),
                    }}</p>
                })}
                <p class="when">
                    <time datetime=event.start_iso.clone()>{event.when.clone()}</time>
                    <span class="meta">" · " {event.time_zone.clone()}</span>
                </p>
                <crate::components::EventLocalTime starts_at=event.starts_at ends_at=event.ends_at zone=event.time_zone.clone() />
                {(event.status == EventStatus::Published).then(|| view! { <AddToCalendar links=event.calendar.clone() group=event.group_name.clone() /> }.into_any())}
            </div>
        </section>
        <div class="container group-body">
            <div>
                <section class="card place">
                    <h2>"Where"</h2>
                    {match (event.venue_name.clone(), event.venue_address.clone()) {
                        (None, None) => view! { <p>{if event.is_online { "Online" } else { "To be announced" }}</p> }.into_any(),
                        (name, address) => view! {
                            <p>
                                {name.map(|n| view! { <strong>{n}</strong> <br /> })}
                                {address}
                            </p>
                            {event.map_url.clone().map(|url| view! { <p><a href=url rel="noopener" target="_blank">"Find it on OpenStreetMap"</a></p> })}
                            {event.is_online.then(|| view! { <p>"Also online."</p> })}
                        }.into_any(),
                    }}
                    {online_url.map(|url| view! { <p class="meta">"Online link (organizers and people going): " <a href=url.clone()>{url.clone()}</a></p> })}
                    {event.capacity.map(|c| view! { <p class="meta">{format!("Capacity: {c} people")}</p> })}
                </section>
                {event.talks.cfp_open_until.clone().map(|until| view! {
                    <p class="notice cfp-banner">
                        {format!("Call for papers open until {until}. ")}
                        <a href=format!("/e/{}/submit", event.slug)>"Propose a talk"</a>
                    </p>
                })}
                {event.talks.reviewer.then(|| view! {
                    <p><a class="button" href=format!("/e/{}/review", event.slug)>"Review talks"</a></p>
                })}
                {(event.talks.lineup_published || event.talks.schedule_published).then(|| {
                    let slug = event.slug.clone();
                    let schedule = event.talks.schedule_published;
                    view! {
                        <p class="button-row">
                            {schedule.then(|| view! { <a class="button" href=format!("/e/{slug}/schedule")>"Schedule"</a> })}
                            <a class="button" href=format!("/e/{}/speakers", event.slug)>"Speakers and talks"</a>
                        </p>
                    }
                })}
                <article class="prose" inner_html=event.description_html.clone() />
                {(event.status != EventStatus::Draft || organizer).then(|| view! { <crate::sponsors::public_pages::EventSponsors data=sponsors /> })}
                <nav class="series" aria-label="Series">
                    {event.previous.clone().map(|p| view! { <a href=format!("/e/{}", p.slug)>"← Previous: " {p.title}</a> })}
                    {event.next.clone().map(|n| view! { <a href=format!("/e/{}", n.slug)>"Next: " {n.title} " →"</a> })}
                </nav>
            </div>
            <aside>
                {(event.status != EventStatus::Draft || organizer).then(|| view! { <RsvpCard panel=event.rsvp.clone() /> }.into_any())}
                <h2>"Organizers"</h2>
                <ul class="people">{event.organizers.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul>
                {organizer.then(|| view! { <OrganizerActions slug=event.slug.clone() status=event.status tools=Toolset::of(event.format, event.talks.has_cfp) /> })}
            </aside>
        </div>
    }
}

/// "Add to calendar": the event's `.ics`, Google and Outlook, and the group's feed.
#[component]
fn AddToCalendar(links: crate::calendar::CalendarLinks, group: String) -> impl IntoView {
    view! {
        <details class="add-to-calendar">
            <summary>"Add to calendar"</summary>
            <ul>
                <li><a href=links.ics.clone() download="">"Download .ics (Apple Calendar, Outlook, Thunderbird)"</a></li>
                <li><a href=links.google.clone() rel="noopener" target="_blank">"Google Calendar"</a></li>
                <li><a href=links.outlook.clone() rel="noopener" target="_blank">"Outlook.com"</a></li>
                <li><a href=links.group_webcal.clone()>{format!("Subscribe to all events of {group}")}</a></li>
            </ul>
            <crate::components::CopyField
                id="group-feed"
                label="Or paste this address into your calendar app:".to_owned()
                value=links.group_https.clone()
            />
        </details>
    }
}

/// Which organizer tools an event shows up front: people tools always; talk tools when it
/// takes talks (a conference, or any event with a call for papers); sponsorship for
/// conferences and hackathons. The rest waits under "More tools".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Toolset {
    pub talks: bool,
    pub reviews: bool,
    pub sponsorship: bool,
}

impl Toolset {
    pub fn of(format: EventFormat, has_cfp: bool) -> Self {
        Self {
            talks: has_cfp || format == EventFormat::Conference,
            reviews: has_cfp,
            sponsorship: matches!(format, EventFormat::Conference | EventFormat::Hackathon),
        }
    }
}

#[component]
fn OrganizerActions(slug: String, status: EventStatus, tools: Toolset) -> impl IntoView {
    let publish = ServerAction::<PublishEvent>::new();
    let publish_form = use_form(publish);
    let cancel = ServerAction::<CancelEvent>::new();
    let cancel_form = use_form(cancel);
    let delete = ServerAction::<DeleteEvent>::new();
    let delete_form = use_form(delete);
    let repeat = ServerAction::<RepeatEvent>::new();
    let repeat_form = use_form(repeat);
    let editable = status != EventStatus::Cancelled;
    let draft = status == EventStatus::Draft;
    let link = {
        let slug = slug.clone();
        move |path: &str, label: &'static str| {
            view! { <a class="button" href=format!("/e/{slug}{path}")>{label}</a> }
        }
    };
    let call_label = if tools.reviews {
        "Call for papers"
    } else {
        "Open a call for papers"
    };
    let program = view! {
        {link("/cfp", call_label)}
        {tools.reviews.then(|| link("/submissions", "Submissions"))}
        {tools.reviews.then(|| link("/review", "Review talks"))}
        {link("/schedule/edit", "Schedule")}
    };
    let (s2, s3, s4, s5) = (slug.clone(), slug.clone(), slug.clone(), slug.clone());
    view! {
        <section class="card organizer-actions" aria-label="Organizer actions">
            <h2>"Manage"</h2>
            {draft.then(|| view! {
                <div class="draft-publish">
                    <p>"This event is a draft: only organizers see it. Publish it to open RSVPs."</p>
                    <Form action=publish label="Publish">
                        <input type="hidden" name="event" value=s2 />
                        <FormMessage form=publish_form />
                        <Submit form=publish_form label="Publish" busy="Publishing…" class="button button-primary button-wide" />
                    </Form>
                </div>
            })}
            <h3>"Event and people"</h3>
            <p class="button-row">
                {editable.then(|| link("/edit", "Edit event"))}
                {draft.then(|| link("?preview", "Preview"))}
                {link("/attendees", "Attendees")}
                {(!draft).then(|| link("/check-in", "Check-in"))}
                {link("/announce", "Write to attendees")}
            </p>
            {tools.talks.then(|| view! {
                <h3>"Talks"</h3>
                <p class="button-row">{program}</p>
            }.into_any())}
            {tools.sponsorship.then(|| view! {
                <h3>"Partners"</h3>
                <p class="button-row">{link("/sponsorship", "Sponsorship")}</p>
            })}
            {(!tools.talks || !tools.sponsorship).then(|| view! {
                <details>
                    <summary>"More tools"</summary>
                    <p class="hint">"For events with a program or partners."</p>
                    <p class="button-row">
                        {(!tools.talks).then(|| link("/cfp", "Open a call for papers"))}
                        {(!tools.talks).then(|| link("/schedule/edit", "Schedule"))}
                        {(!tools.sponsorship).then(|| link("/sponsorship", "Sponsorship"))}
                    </p>
                </details>
            })}
            {draft.then(|| view! {
                <Confirm summary="Delete draft" class="button button-small">
                    <Form action=delete label="Delete draft">
                        <input type="hidden" name="event" value=s3 />
                        <p>"The draft and everything set up in it are deleted for good."</p>
                        <FormMessage form=delete_form />
                        <Submit form=delete_form label="Delete for good" busy="Deleting…" class="button button-danger" />
                    </Form>
                </Confirm>
            })}
            {editable.then(|| view! {
                <details>
                    <summary>"Cancel this event"</summary>
                    <Form action=cancel label="Cancel event">
                        <input type="hidden" name="event" value=s4 />
                        <FormMessage form=cancel_form fields=&["reason"] />
                        <Field form=cancel_form name="reason" label="Reason" required=true maxlength=500usize hint="Shown on the event page." />
                        <Submit form=cancel_form label="Cancel event" busy="Cancelling…" class="button button-danger" />
                    </Form>
                </details>
            })}
            <details>
                <summary>"Schedule the next one"</summary>
                <Form action=repeat label="Schedule more">
                    <input type="hidden" name="event" value=s5 />
                    <FormMessage form=repeat_form fields=&["repeat", "date", "count"] />
                    <div class="field">
                        <label for="field-repeat">"Repeat"</label>
                        <select id="field-repeat" name="repeat">
                            <option value="once">"Once, on a date"</option>
                            <option value="weekly">"Weekly"</option>
                            <option value="fortnightly">"Every two weeks"</option>
                            <option value="monthly">"Monthly, same weekday (e.g. 2nd Tuesday)"</option>
                        </select>
                    </div>
                    <Field form=repeat_form name="date" label="Date (for once)" kind="date" />
                    <Field form=repeat_form name="count" label="How many (for a series)" kind="number" value="3" />
                    <Submit form=repeat_form label="Create drafts" busy="Creating…" class="button" />
                </Form>
            </details>
        </section>
    }
}

/// A list of events with paging links.
#[component]
pub fn EventList(
    page: EventListPage,
    #[prop(optional)] show_group: bool,
    base: String,
    empty: &'static str,
    /// What to do about an empty list: (address, link text).
    #[prop(optional)]
    next: Option<(String, &'static str)>,
) -> impl IntoView {
    if page.events.is_empty() && page.page == 0 {
        return view! {
            <p class="empty">{empty}{next.map(|(href, label)| view! { " " <a href=href>{label}</a> })}</p>
        }
        .into_any();
    }
    let older = page
        .has_more
        .then(|| format!("{base}page={}", page.page + 1));
    let newer = (page.page > 0).then(|| format!("{base}page={}", page.page - 1));
    view! {
        <ul class="event-list">
            {page.events.into_iter().map(|e| view! { <EventItem event=e show_group=show_group /> }).collect_view()}
        </ul>
        <nav class="pager" aria-label="Pages">
            {newer.map(|href| view! { <a href=href>"← Previous page"</a> })}
            {older.map(|href| view! { <a href=href>"Next page →"</a> })}
        </nav>
    }
    .into_any()
}

#[component]
fn EventItem(event: EventSummary, show_group: bool) -> impl IntoView {
    let badge = match event.status {
        EventStatus::Cancelled => Some("Cancelled"),
        EventStatus::Draft => Some("Draft"),
        EventStatus::Published => None,
    };
    view! {
        <li class="event-card" class:cancelled=event.status == EventStatus::Cancelled>
            <CoverTile cover=event.cover />
            <div class="event-card-body">
            <p class="meta">{event.when}</p>
            <h3>
                <a href=format!("/e/{}", event.slug)>{event.title}</a>
                {badge.map(|b| view! { " " <span class="badge">{b}</span> })}
            </h3>
            <p class="meta">
                {event.format.label()}
                {event.place.map(|p| view! { " · " {p} })}
                {show_group.then(|| view! { " · " <a href=format!("/g/{}", event.group_slug)>{event.group_name}</a> })}
            </p>
            </div>
        </li>
    }
}

/// Upcoming events on the home page.
#[component]
pub fn UpcomingEvents() -> impl IntoView {
    let page = page_param();
    let events = Resource::new(move || page, list_upcoming_events);
    view! {
        <Suspense fallback=|| view! { <p>"Loading events…"</p> }>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(page) => view! { <EventList page=page show_group=true base="/?".to_owned() empty="No upcoming events yet. Start a group (the button above) and plan the first one." /> }.into_any(),
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

type Listing = Resource<Result<EventListPage, crate::error::AppError>>;

/// The three listings of a group page, made by the page outside its Suspense.
#[derive(Clone, Copy)]
pub struct GroupListings {
    upcoming: Listing,
    past: Listing,
    drafts: Listing,
}

impl GroupListings {
    pub fn new(group: Memo<String>) -> Self {
        let page = page_param();
        Self {
            upcoming: Resource::new(
                move || (group.get(), page),
                |(g, page)| list_group_events(g, "upcoming".into(), page),
            ),
            past: Resource::new(
                move || (group.get(), page),
                |(g, page)| list_group_events(g, "past".into(), page),
            ),
            drafts: Resource::new(
                move || group.get(),
                |g| list_group_events(g, "drafts".into(), 0),
            ),
        }
    }
}

/// A group's events: upcoming first, then past; drafts for organizers.
#[component]
pub fn GroupEvents(group: String, organizer: bool, listings: GroupListings) -> impl IntoView {
    let GroupListings {
        upcoming,
        past,
        drafts,
    } = listings;
    let base = format!("/g/{group}?");
    let (b1, b2) = (base.clone(), base);
    // An empty calendar says what to do: plan an event, or hear about the next one.
    let next = if organizer {
        (format!("/g/{group}/events/new"), "Plan the first one")
    } else {
        (
            format!("/g/{group}/calendar.ics"),
            "Subscribe to the group's calendar to hear about the next one",
        )
    };
    view! {
        {organizer.then(|| view! { <p><a class="button button-primary" href=format!("/g/{group}/events/new")>"New event"</a></p> })}
        <Suspense fallback=|| view! { <p>"Loading events…"</p> }>
            {move || {
                let (b1, b2, next) = (b1.clone(), b2.clone(), next.clone());
                Suspend::new(async move {
                    let (upcoming, past, drafts) = (upcoming.await, past.await, drafts.await);
                    match (upcoming, past, drafts) {
                        (Ok(upcoming), Ok(past), Ok(drafts)) => view! {
                            {(!drafts.events.is_empty()).then(|| view! {
                                <h2>"Drafts"</h2>
                                <EventList page=drafts base=String::new() empty="" />
                            })}
                            <h2>"Upcoming events"</h2>
                            <EventList page=upcoming base=b1 empty="No events scheduled yet." next=next />
                            <h2>"Past events"</h2>
                            <EventList page=past base=b2 empty="No past events." />
                        }.into_any(),
                        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => view! { <ErrorPage error=e /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::script_json;

    #[test]
    fn json_in_a_script_element_holds_no_angle_bracket_or_ampersand() {
        let title = "<!--<script></script> & </SCRIPT>";
        let text = script_json(&serde_json::json!({ "name": title }));
        assert!(!text.contains(['<', '>', '&']), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], title);
    }
}
