//! RSVP pages: the RSVP box on event pages, the attendee list, the door, tickets and
//! "My events".

use super::parts::TicketBody;
use super::{
    api::{
        check_in_list, get_ticket, list_attendees, my_events, CheckIn, PromoteAttendee,
        RemoveAttendee, RsvpGoing, RsvpNotGoing, UndoCheckIn, UpdateRsvpSettings,
    },
    domain::{ordinal, RsvpStatus, MAX_QUESTION_CHARS, WAITLIST_RULE},
    views::{
        Attendee, AttendeeList, DoorList, MyEvent, MyEventsView, RsvpState, RsvpWindow, Ticket,
    },
};
use crate::{
    accounts::views::CurrentUser,
    components::{status_encode as encode, ErrorPage, RequireUser},
    error::AppError,
    forms::{use_form, Confirm, Field, Form, FormMessage, Submit},
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn slug_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("slug").unwrap_or_default()))
}

fn query(name: &'static str) -> Memo<String> {
    let q = use_query_map();
    Memo::new(move |_| q.with(|q| q.get(name).unwrap_or_default()))
}

fn party(plus_ones: i64) -> String {
    match plus_ones {
        0 => "just you".to_owned(),
        1 => "you and 1 guest".to_owned(),
        n => format!("you and {n} guests"),
    }
}

fn seats_line(capacity: Option<i64>, taken: i64, waitlist: i64) -> String {
    let seats = match capacity {
        Some(c) => format!("{taken} of {c} seats taken"),
        None => format!("{taken} going"),
    };
    match waitlist {
        0 => seats,
        1 => format!("{seats} · 1 party waiting"),
        n => format!("{seats} · {n} parties waiting"),
    }
}

/// The RSVP box of an event page (its data comes with the event).
#[component]
pub fn RsvpCard(panel: RsvpState) -> impl IntoView {
    let going = ServerAction::<RsvpGoing>::new();
    let going_form = use_form(going);
    let leave = ServerAction::<RsvpNotGoing>::new();
    let leave_form = use_form(leave);
    let mine = panel.mine.clone();
    let status = mine.as_ref().map(|m| m.status);
    let is_in = matches!(status, Some(RsvpStatus::Going | RsvpStatus::Waitlisted));
    // Seats a party could have: the free seats, plus its own while going.
    let own = match &mine {
        Some(m) if m.status == RsvpStatus::Going => 1 + m.plus_ones,
        _ => 0,
    };
    let room = panel.capacity.map(|c| c - panel.taken + own);
    let current_plus = going_form.value(
        "plus_ones",
        mine.as_ref()
            .map(|m| m.plus_ones.to_string())
            .unwrap_or_else(|| "0".to_owned()),
    );
    let options: Vec<(i64, String)> = (0..=panel.max_plus_ones)
        .map(|n| {
            let who = match n {
                0 => "Just me".to_owned(),
                1 => "Me + 1 guest".to_owned(),
                n => format!("Me + {n} guests"),
            };
            let fits = room.is_none_or(|room| n < room);
            let note = match status {
                Some(RsvpStatus::Waitlisted) => "",
                Some(RsvpStatus::Going) if !fits => {
                    " (not enough seats: moves you to the waitlist)"
                }
                _ if !fits => " (full: joins the waitlist)",
                _ => "",
            };
            (n, format!("{who}{note}"))
        })
        .collect();
    let submit_label = match status {
        Some(RsvpStatus::Going | RsvpStatus::Waitlisted) => "Update RSVP",
        _ if room.is_some_and(|r| r < 1) => "Join the waitlist",
        _ => "I'm going",
    };
    let answers = mine.as_ref().map(|m| m.answers.clone()).unwrap_or_default();
    let slug = panel.event.clone();
    let login = format!("/login?next={}", encode(&format!("/e/{slug}")));
    let (s1, s2, s3) = (slug.clone(), slug.clone(), slug.clone());
    view! {
        <section class="card rsvp" aria-labelledby="rsvp-heading">
            <h2 id="rsvp-heading">"RSVP"</h2>
            <p class="seats" aria-label="Seats">{seats_line(panel.capacity, panel.taken, panel.waitlist)}</p>
            {mine.clone().map(|m| match m.status {
                RsvpStatus::Going => view! {
                    <p class="rsvp-status going" role="status">
                        <strong>"You're going"</strong> " (" {party(m.plus_ones)} "). "
                        <a href=format!("/e/{s1}/ticket")>"Your ticket"</a>
                    </p>
                }.into_any(),
                RsvpStatus::Waitlisted => view! {
                    <p class="rsvp-status waitlisted" role="status">
                        <strong>"You're on the waitlist"</strong>
                        {format!(": {} in line ({}).", ordinal(m.position.unwrap_or(1)), party(m.plus_ones))}
                    </p>
                }.into_any(),
                RsvpStatus::NotGoing => view! { <p class="rsvp-status" role="status">"You said you're not going."</p> }.into_any(),
                RsvpStatus::Removed => view! { <p class="rsvp-status" role="status">"The organizers took you off this event's list."</p> }.into_any(),
            })}
            {mine.as_ref().filter(|m| m.held).map(|_| view! {
                <p class="hint">"Confirm your email address to keep this: seats of accounts that don't within a day of signing up go to the next in line. "
                    <a href="/account">"Your account"</a></p>
            })}
            {panel.online_url.clone().map(|url| view! {
                <p class="online-link">"Join online: " <a href=url.clone() rel="noopener">{url.clone()}</a></p>
            })}
            {match panel.window.clone() {
                RsvpWindow::Open if !panel.signed_in => view! {
                    <super::guest_pages::GuestRsvpForm panel=panel.clone() login=login />
                }.into_any(),
                RsvpWindow::Open if status == Some(RsvpStatus::Removed) => ().into_any(),
                RsvpWindow::Open => view! {
                    <Form action=going label="RSVP">
                        <input type="hidden" name="event" value=s2 />
                        <FormMessage form=going_form fields=&["plus_ones", "answer_1", "answer_2", "answer_3", "answer_4", "answer_5"] />
                        {(panel.max_plus_ones > 0).then(|| {
                            let error = going_form.field_error("plus_ones");
                            view! {
                                <div class="field" class:invalid=move || error.get().is_some()>
                                    <label for="field-plus_ones">"Who's coming"</label>
                                    <select id="field-plus_ones" name="plus_ones" aria-describedby="field-plus_ones-error">
                                        {options.into_iter().map(|(n, label)| view! {
                                            <option value=n.to_string() selected=current_plus == n.to_string()>{label}</option>
                                        }).collect_view()}
                                    </select>
                                    {move || error.get().map(|m| view! { <p class="field-error" id="field-plus_ones-error">{m}</p> })}
                                </div>
                            }
                        })}
                        {panel.questions.iter().map(|q| {
                            let name: &'static str = match q.position { 1 => "answer_1", 2 => "answer_2", 3 => "answer_3", 4 => "answer_4", _ => "answer_5" };
                            let label = q.prompt.clone();
                            let value = answers.iter().find(|(p, _)| *p == q.position).map(|(_, a)| a.clone()).unwrap_or_default();
                            view! { <Field form=going_form name=name label=label value=value maxlength=500usize /> }
                        }).collect_view()}
                        <Submit form=going_form label=submit_label busy="Sending…" class="button button-primary" />
                    </Form>
                }.into_any(),
                RsvpWindow::NotYet(opens) => view! { <p class="meta">{format!("RSVPs open {opens}.")}</p> }.into_any(),
                RsvpWindow::Closed => view! { <p class="meta">"RSVPs are closed."</p> }.into_any(),
                RsvpWindow::Over => view! { <p class="meta">"This event is over."</p> }.into_any(),
                RsvpWindow::Cancelled => view! { <p class="meta">"No RSVPs: the event was called off."</p> }.into_any(),
                RsvpWindow::NotPublished => view! { <p class="meta">"RSVPs open once the event is published."</p> }.into_any(),
            }}
            {(is_in && matches!(panel.window, RsvpWindow::Open | RsvpWindow::Closed | RsvpWindow::NotYet(_))).then(|| view! {
                <Confirm summary="I can't go after all">
                    <Form action=leave label="Not going">
                        <input type="hidden" name="event" value=s3 />
                        <p>"Your seats go to the next people waiting, if anyone is. You can RSVP again while seats are free."</p>
                        <FormMessage form=leave_form />
                        <Submit form=leave_form label="Yes, cancel my RSVP" busy="Sending…" class="button button-danger" />
                    </Form>
                </Confirm>
            })}
            {panel.capacity.is_some().then(|| view! { <p class="hint waitlist-rule">{WAITLIST_RULE}</p> })}
            {panel.attendees.clone().map(|people| view! {
                <h3>"Who's going"</h3>
                <ul class="people">
                    {people.into_iter().map(|(name, plus)| view! {
                        <li><crate::components::Avatar name=name.clone() />{name}{(plus > 0).then(|| format!(" +{plus}"))}</li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

/// `/e/:slug/attendees`: the organizers' list.
#[component]
pub fn AttendeesPage() -> impl IntoView {
    // Resources are made here, outside any Suspense: made inside one, a first pass's copy
    // would run on the server after its owner is gone.
    let slug = slug_param();
    let changes = crate::forms::page_changes();
    let list = Resource::new(
        move || (slug.get(), changes.get()),
        |(slug, _)| list_attendees(slug),
    );
    view! {
        <Title text="Attendees" />
        <RequireUser children=move |_user: CurrentUser| view! { <Attendees list=list /> } />
    }
}

#[component]
fn Attendees(list: Resource<Result<AttendeeList, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! {
                        <Title text=format!("Attendees · {}", list.title) />
                        <AttendeeTables list=list />
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AttendeeTables(list: AttendeeList) -> impl IntoView {
    let done = use_query_map().with_untracked(|q| q.get("done"));
    let remove = ServerAction::<RemoveAttendee>::new();
    let remove_form = use_form(remove);
    let promote = ServerAction::<PromoteAttendee>::new();
    let promote_form = use_form(promote);
    let (going, rest): (Vec<Attendee>, Vec<Attendee>) = list
        .people
        .clone()
        .into_iter()
        .partition(|p| p.status == RsvpStatus::Going);
    let (waiting, others): (Vec<Attendee>, Vec<Attendee>) = rest
        .into_iter()
        .partition(|p| p.status == RsvpStatus::Waitlisted);
    let asked: Vec<String> = list
        .questions
        .iter()
        .filter(|q| !q.is_empty())
        .cloned()
        .collect();
    let slug = list.event.clone();
    let free = list.capacity.map(|c| c - list.taken).unwrap_or(i64::MAX);
    let labels = asked.clone();
    let row = move |p: Attendee, actions: bool| {
        let slug = slug.clone();
        let labels = labels.clone();
        let promote_label = (p.status == RsvpStatus::Waitlisted).then(|| {
            let need = 1 + p.plus_ones - free;
            if need > 0 {
                format!("Let in (+{need} capacity)")
            } else {
                "Let in".to_owned()
            }
        });
        let id = p.rsvp_id.to_string();
        let id2 = id.clone();
        let slug2 = slug.clone();
        view! {
            <tr>
                {p.position.map(|n| view! { <td data-label="In line">{n}</td> })}
                <th scope="row"><crate::components::Avatar name=p.name.clone() />{p.name.clone()}</th>
                <td data-label="Email"><a href=format!("mailto:{}", p.email)>{p.email.clone()}</a></td>
                <td data-label="Guests">{if p.plus_ones > 0 { format!("+{}", p.plus_ones) } else { "–".to_owned() }}</td>
                {p.answers.iter().enumerate().map(|(i, a)| view! { <td data-label=labels.get(i).cloned().unwrap_or_default()>{a.clone()}</td> }).collect_view()}
                <td data-label="Answered">{p.answered.clone()}</td>
                <td data-label="Checked in">{if p.checked_in { "✓ in" } else { "–" }}</td>
                <td class="row-actions">
                    {promote_label.map(|label| view! {
                        <Form action=promote label=format!("Let {} in", p.name)>
                            <input type="hidden" name="event" value=slug.clone() />
                            <input type="hidden" name="rsvp" value=id.clone() />
                            <button type="submit" class="button button-small">{label}</button>
                        </Form>
                    })}
                    {actions.then(|| view! {
                        <Confirm summary="Remove" class="button button-small">
                            <Form action=remove label=format!("Remove {}", p.name)>
                                <input type="hidden" name="event" value=slug2 />
                                <input type="hidden" name="rsvp" value=id2 />
                                <p>{format!("{} loses their seat and gets a mail saying so.", p.name)}</p>
                                <button type="submit" class="button button-small button-danger">{format!("Remove {}", p.name)}</button>
                            </Form>
                        </Confirm>
                    })}
                </td>
            </tr>
        }
    };
    let head = move |with_position: bool, asked: &[String]| {
        view! {
            <thead>
                <tr>
                    {with_position.then(|| view! { <th scope="col">"#"</th> })}
                    <th scope="col">"Name"</th>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Guests"</th>
                    {asked.iter().map(|q| view! { <th scope="col">{q.clone()}</th> }).collect_view()}
                    <th scope="col">"Answered"</th>
                    <th scope="col">"Checked in"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
        }
    };
    let row2 = row.clone();
    let row3 = row.clone();
    let slug = list.event.clone();
    view! {
        <section class="container page">
            <p class="eyebrow"><a href=format!("/e/{slug}")>{list.title.clone()}</a></p>
            <h1>"Attendees"</h1>
            {done.map(|what| view! {
                <p class="notice" role="status">{match what.as_str() {
                    "removed" => "Removed. Whoever fits from the waitlist was let in.",
                    "promoted" => "Let in from the waitlist.",
                    _ => "Settings saved.",
                }}</p>
            })}
            <FormMessage form=remove_form />
            <FormMessage form=promote_form />
            <dl class="stats">
                <div><dt>"Seats taken"</dt><dd>{match list.capacity { Some(c) => format!("{} / {c}", list.taken), None => format!("{} (no limit)", list.taken) }}</dd></div>
                <div><dt>"Waitlist"</dt><dd>{list.waitlist}</dd></div>
                <div><dt>"Checked in"</dt><dd>{list.checked_in}</dd></div>
            </dl>
            <p class="button-row">
                <a class="button" href=format!("/e/{slug}/attendees.csv") download="">"Download CSV"</a>
                <a class="button" href=format!("/e/{slug}/check-in")>"Check-in at the door"</a>
            </p>
            <h2>{format!("Going ({})", going.len())}</h2>
            {if going.is_empty() { view! { <p class="empty">"Nobody yet. Share the event page, or write to your group, to fill the seats."</p> }.into_any() } else { view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Going"><table class="people-table" aria-label="Going">
                    {head(false, &asked)}
                    <tbody>{going.into_iter().map(|p| row(p, true)).collect_view()}</tbody>
                </table></div>
            }.into_any() }}
            <h2>{format!("Waitlist ({})", waiting.len())}</h2>
            {if waiting.is_empty() { view! { <p class="empty">"Nobody is waiting."</p> }.into_any() } else { view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Waitlist"><table class="people-table" aria-label="Waitlist">
                    {head(true, &asked)}
                    <tbody>{waiting.into_iter().map(|p| row2(p, true)).collect_view()}</tbody>
                </table></div>
            }.into_any() }}
            <h2>{format!("Not going ({})", others.len())}</h2>
            {if others.is_empty() { view! { <p class="empty">"Nobody."</p> }.into_any() } else { view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Not going"><table class="people-table" aria-label="Not going">
                    {head(false, &asked)}
                    <tbody>{others.into_iter().map(|p| row3(p, false)).collect_view()}</tbody>
                </table></div>
            }.into_any() }}
            {(!list.sponsor_guests.is_empty()).then(|| view! {
                <h2>{format!("Sponsor guests ({})", list.sponsor_guests.len())}</h2>
                <div class="table-wrap" tabindex="0" role="region" aria-label="Sponsor guests"><table class="people-table" aria-label="Sponsor guests">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Guest of"</th></tr></thead>
                    <tbody>{list.sponsor_guests.iter().map(|(name, partner)| view! {
                        <tr><td>{name.clone()}</td><td>{format!("Sponsor guest ({partner})")}</td></tr>
                    }).collect_view()}</tbody>
                </table></div>
            })}
            <RsvpSettings list=list />
        </section>
    }
}

const SETTINGS_FIELDS: &[&str] = &[
    "capacity",
    "max_plus_ones",
    "question_1",
    "question_2",
    "question_3",
    "question_4",
    "question_5",
];

#[component]
fn RsvpSettings(list: AttendeeList) -> impl IntoView {
    let action = ServerAction::<UpdateRsvpSettings>::new();
    let form = use_form(action);
    let names = [
        "question_1",
        "question_2",
        "question_3",
        "question_4",
        "question_5",
    ];
    let labels = [
        "Question 1",
        "Question 2",
        "Question 3",
        "Question 4",
        "Question 5",
    ];
    view! {
        <section class="card narrow settings" aria-labelledby="rsvp-settings">
            <h2 id="rsvp-settings">"RSVP settings"</h2>
            <Form action=action label="RSVP settings">
                <input type="hidden" name="event" value=list.event.clone() />
                <FormMessage form=form fields=SETTINGS_FIELDS />
                <Field form=form name="capacity" label="Capacity" kind="number" value=list.capacity.map(|c| c.to_string()).unwrap_or_default() hint="Seats for people and their guests. Empty for unlimited. Raising it lets people in from the waitlist." />
                <Field form=form name="max_plus_ones" label="Guests per person" kind="number" value=list.max_plus_ones.to_string() hint="0 to 10." />
                <div class="field checkbox">
                    <input type="checkbox" id="field-attendees_public" name="attendees_public" value="on" checked=list.attendees_public />
                    <label for="field-attendees_public">"Show the names of people going on the event page"</label>
                </div>
                <div class="field checkbox">
                    <input type="checkbox" id="field-reminders" name="reminders" value="on" checked=list.reminders />
                    <label for="field-reminders">"Mail everyone going a reminder a day before"</label>
                </div>
                <p class="hint">{format!("Questions people answer when they RSVP (optional, up to {MAX_QUESTION_CHARS} characters each; answers up to 500).")}</p>
                {names.into_iter().zip(labels).enumerate().map(|(i, (name, label))| {
                    let value = list.questions.get(i).cloned().unwrap_or_default();
                    view! { <Field form=form name=name label=label value=value maxlength=MAX_QUESTION_CHARS /> }
                }).collect_view()}
                <Submit form=form label="Save settings" class="button button-primary" />
            </Form>
        </section>
    }
}

/// `/e/:slug/check-in`: the door, made for a phone.
#[component]
pub fn CheckInPage() -> impl IntoView {
    let slug = slug_param();
    let q = query("q");
    let last = query("last");
    let list = Resource::new(
        move || (slug.get(), q.get(), last.get()),
        |(slug, q, last)| check_in_list(slug, q, last),
    );
    view! {
        <Title text="Check-in" />
        <RequireUser children=move |_user: CurrentUser| view! { <Door list=list /> } />
    }
}

#[component]
fn Door(list: Resource<Result<DoorList, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! {
                        <Title text=format!("Check-in · {}", list.title) />
                        <DoorView list=list />
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DoorView(list: DoorList) -> impl IntoView {
    let check = ServerAction::<CheckIn>::new();
    let check_form = use_form(check);
    let undo = ServerAction::<UndoCheckIn>::new();
    let undo_form = use_form(undo);
    let q = use_query_map().with_untracked(|m| m.get("q").unwrap_or_default());
    let code = use_query_map().with_untracked(|m| m.get("code").unwrap_or_default());
    let slug = list.event.clone();
    let (s1, s2, s3) = (slug.clone(), slug.clone(), slug.clone());
    let (q1, q2, q3) = (q.clone(), q.clone(), q.clone());
    view! {
        <section class="container page door">
            <p class="eyebrow"><a href=format!("/e/{slug}")>{list.title.clone()}</a></p>
            <h1>"Check-in"</h1>
            <p class="door-count" role="status" aria-label="Checked in">
                <strong>{list.checked_in}</strong> " / " {list.going} " checked in"
            </p>
            {list.last.clone().map(|p| {
                let message = if p.checked_in {
                    format!("✓ {} is checked in{}.", p.name, if p.plus_ones > 0 { format!(" with {} guest{}", p.plus_ones, if p.plus_ones == 1 { "" } else { "s" }) } else { String::new() })
                } else {
                    format!("{} is no longer checked in.", p.name)
                };
                let checked = p.checked_in;
                view! {
                    // After each check-in (or undo) the result takes the focus, so the next
                    // scan starts there.
                    <div class="notice door-last" role="status" tabindex="-1" autofocus=true>
                        <p>{message}</p>
                        {checked.then(|| view! {
                            <Form action=undo label="Undo check-in" class="inline-form">
                                <input type="hidden" name="event" value=s1.clone() />
                                <input type="hidden" name="code" value=p.code.clone() />
                                <input type="hidden" name="q" value=q1.clone() />
                                <button type="submit" class="link-button">"Undo"</button>
                            </Form>
                        })}
                    </div>
                }
            })}
            <FormMessage form=undo_form />
            // Kept as it is when the page changes after a check-in: the camera stays on.
            <div id="door-camera" data-keep="">
                <crate::rsvp::scan::CameraScan />
            </div>
            <Form action=check label="Check in by code" class="door-code">
                <input type="hidden" name="event" value=s2 />
                <input type="hidden" name="q" value=q2 />
                <FormMessage form=check_form fields=&["code"] />
                <Field form=check_form name="code" label="Ticket code" value=code autocomplete="off" hint="The code under the QR code, like ABCDE-FGHJK." />
                <Submit form=check_form label="Check in" busy="Checking…" class="button button-primary" />
            </Form>
            <form method="get" action=format!("/e/{slug}/check-in") class="door-search" role="search">
                <div class="field">
                    <label for="door-q">"Search by name"</label>
                    <input id="door-q" type="search" name="q" value=q3 autocomplete="off" />
                </div>
                <button type="submit" class="button">"Search"</button>
            </form>
            <ul class="door-list" aria-label="People going">
                {list.matches.into_iter().map(|p| {
                    let s = s3.clone();
                    let q = q.clone();
                    view! {
                        <li class:checked=p.checked_in>
                            <span class="door-name"><crate::components::Avatar name=p.name.clone() />{p.name.clone()}{(p.plus_ones > 0).then(|| format!(" +{}", p.plus_ones))}</span>
                            {if p.checked_in {
                                view! { <span class="badge">"Checked in"</span> }.into_any()
                            } else {
                                view! {
                                    <Form action=check label=format!("Check in {}", p.name) class="inline-form">
                                        <input type="hidden" name="event" value=s />
                                        <input type="hidden" name="code" value=p.code.clone() />
                                        <input type="hidden" name="q" value=q />
                                        <button type="submit" class="button button-small button-primary">{format!("Check in {}", p.name)}</button>
                                    </Form>
                                }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// `/e/:slug/ticket`: the signed-in person's ticket.
#[component]
pub fn TicketPage() -> impl IntoView {
    let slug = slug_param();
    let ticket = Resource::new(move || slug.get(), get_ticket);
    view! {
        <Title text="Your ticket" />
        <RequireUser children=move |_user: CurrentUser| view! { <TicketView ticket=ticket /> } />
    }
}

#[component]
fn TicketView(ticket: Resource<Result<Ticket, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match ticket.await {
                    Ok(t) => view! {
                        <Title text=format!("Your ticket · {}", t.title) />
                        <section class="container narrow card ticket" aria-label="Ticket">
                            <TicketBody t=t />
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/me/events`: what the signed-in person is going to or waiting for.
#[component]
pub fn MyEventsPage() -> impl IntoView {
    let events = OnceResource::new(my_events());
    let feed = crate::calendar::pages::personal_feed_resource();
    let sponsorships = OnceResource::new(crate::sponsors::api::my_sponsorships());
    view! {
        <Title text="My events" />
        <crate::components::MeTabs current="/me/events" />
        <crate::dashboard::pages::OrganizerHomeSection />
        <RequireUser children=move |_user: CurrentUser| view! {
            <MyEventLists events=events />
            <crate::sponsors::portal_pages::MySponsorships list=sponsorships />
            <section class="container narrow"><crate::calendar::pages::PersonalFeed feed=feed back="/me/events" /></section>
        } />
    }
}

#[component]
fn MyEventLists(events: OnceResource<Result<MyEventsView, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| view! { <p class="container">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(events) => view! {
                        <section class="container page">
                            <h1>"My events"</h1>
                            <h2>"Upcoming"</h2>
                            <MyEventList events=events.upcoming empty="Nothing planned. Find an event on the home page." />
                            <h2>"Past"</h2>
                            <MyEventList events=events.past empty="No past events yet." />
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorPage error=error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MyEventList(events: Vec<MyEvent>, empty: &'static str) -> impl IntoView {
    if events.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <ul class="event-list">
            {events.into_iter().map(|e| {
                let standing = match (e.status, e.position) {
                    (RsvpStatus::Waitlisted, Some(n)) => format!("Waitlisted: {} in line", ordinal(n)),
                    (status, _) => status.label().to_owned(),
                };
                view! {
                    <li class="event-card" class:cancelled=e.cancelled>
                        <p class="meta">{e.when}</p>
                        <h3>
                            <a href=format!("/e/{}", e.slug)>{e.title}</a>
                            {e.cancelled.then(|| view! { " " <span class="badge">"Cancelled"</span> })}
                        </h3>
                        <p class="meta">
                            <span class="badge">{standing}</span>
                            {(e.plus_ones > 0).then(|| format!(" +{} ", e.plus_ones))}
                            " · " {e.group_name}
                            {(e.status == RsvpStatus::Going).then(|| view! { " · " <a href=format!("/e/{}/ticket", e.slug)>"Ticket"</a> })}
                        </p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
