//! The seat ledger of an event (server only): parties going and sponsors' passes hold its
//! seats ([`queries::seats_taken`] counts both), and whenever seats free up the waitlist moves
//! here. RSVPs, the hold sweep and sponsorships change seats through this module; it imports
//! none of them, so the arrows point one way (sponsors → rsvp, never back).

use super::{
    domain::{promotions, RsvpStatus, Seats, Waiting},
    mails::{self, Change},
    queries::{self, EventSeats},
};
use crate::{
    db::{self, Tx},
    error::AppResult,
};

/// Lets in every waiting party that fits, in line order, and tells them so; returns their
/// RSVP ids.
pub(crate) async fn let_in(
    tx: &mut Tx,
    event: &EventSeats,
    capacity: Option<i64>,
    now: i64,
    site: &str,
) -> AppResult<Vec<i64>> {
    let event_id = event.event_id;
    let line = queries::waitlist(&mut **tx, event_id).await?;
    if line.is_empty() {
        return Ok(Vec::new());
    }
    let taken = queries::seats_taken(&mut **tx, event_id).await?;
    let line: Vec<Waiting> = line
        .into_iter()
        .map(|(id, size)| Waiting { id, size })
        .collect();
    let promoted = promotions(Seats { capacity, taken }, &line);
    for id in &promoted {
        queries::set_status(tx, *id, RsvpStatus::Going.as_str(), now).await?;
        mails::notify(tx, event, *id, Change::LetIn, site).await?;
    }
    Ok(promoted)
}

/// After seats held elsewhere changed (a sponsor's passes), in `tx`: takes the event's lock
/// and lets in whoever now fits from the waitlist.
pub(crate) async fn seats_changed(tx: &mut Tx, event_id: i64, site: &str) -> AppResult<()> {
    let event = queries::lock_event_by_id(tx, event_id).await?;
    let_in(tx, &event, event.capacity, db::now(), site).await?;
    Ok(())
}
