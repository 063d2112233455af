//! Parts the RSVP pages share (the signed-in RSVP box and ticket, and a guest's personal
//! link page): a ticket's body and the "Who's coming" choice.

use super::{
    domain::{ordinal, RsvpStatus},
    views::Ticket,
};
use leptos::prelude::*;

/// A ticket's event, holder and code (or place in line, or status).
#[component]
pub fn TicketBody(t: Ticket) -> impl IntoView {
    view! {
        <p class="eyebrow"><a href=format!("/e/{}", t.event)>"Back to the event"</a></p>
        <h1>{t.title.clone()}</h1>
        <p class="when">{t.when.clone()}</p>
        {t.place.clone().map(|p| view! { <p>{p}</p> })}
        <p><strong>{t.name.clone()}</strong> {(t.plus_ones > 0).then(|| format!(" + {} guest{}", t.plus_ones, if t.plus_ones == 1 { "" } else { "s" }))}</p>
        {match (t.status, t.code.clone(), t.qr_svg.clone()) {
            (RsvpStatus::Going, Some(code), Some(svg)) => view! {
                <div class="qr" inner_html=svg></div>
                <p class="ticket-code" aria-label="Check-in code">{code}</p>
                <p class="hint">{if t.checked_in { "Checked in. Enjoy!" } else { "Show this at the door." }}</p>
            }.into_any(),
            (RsvpStatus::Waitlisted, _, _) => view! {
                <p class="rsvp-status waitlisted" role="status">{format!("You're on the waitlist: {} in line. Your ticket appears here when you're let in.", ordinal(t.position.unwrap_or(1)))}</p>
            }.into_any(),
            (RsvpStatus::Removed, _, _) => view! {
                <p class="rsvp-status" role="status">"The organizers took you off this event's list."</p>
            }.into_any(),
            _ => view! {
                <p class="rsvp-status" role="status">"You're not going."</p>
            }.into_any(),
        }}
    }
}

/// The "Who's coming" choice: just me, or me and up to `max` guests.
#[component]
pub fn PlusOnesField(form: crate::forms::FormState, max: i64, current: i64) -> impl IntoView {
    let error = form.field_error("plus_ones");
    let current = form.value("plus_ones", current.to_string());
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for="field-plus_ones">"Who's coming"</label>
            <select id="field-plus_ones" name="plus_ones" aria-describedby="field-plus_ones-error">
                {(0..=max).map(|n| {
                    let label = match n {
                        0 => "Just me".to_owned(),
                        1 => "Me + 1 guest".to_owned(),
                        n => format!("Me + {n} guests"),
                    };
                    view! { <option value=n.to_string() selected=current == n.to_string()>{label}</option> }
                }).collect_view()}
            </select>
            {move || error.get().map(|m| view! { <p class="field-error" id="field-plus_ones-error">{m}</p> })}
        </div>
    }
}
