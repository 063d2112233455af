//! Builds the organizer home (server only).

use super::{
    queries,
    views::{Attention, HomeEvent, HomeGroup, OrganizerView},
};
use crate::{
    accounts::views::CurrentUser,
    db::{self, Db},
    error::AppResult,
    events::time::describe_in,
};

/// How many of the next events the home lists.
const NEXT_EVENTS: i64 = 6;

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

pub async fn home(db: &Db, user: &CurrentUser) -> AppResult<Option<OrganizerView>> {
    let groups = queries::groups(db.pool(), user.account_id).await?;
    if groups.is_empty() {
        return Ok(None);
    }
    let now = db::now();
    let events = queries::next_events(db.pool(), user.account_id, now, NEXT_EVENTS).await?;
    let talks = queries::waiting_talks(db.pool(), user.account_id, now).await?;
    let failed = queries::failed_mails(db.pool(), user.account_id).await?;
    let mut attention = Vec::new();
    for e in events
        .iter()
        .filter(|e| e.status == crate::events::domain::EventStatus::Draft)
    {
        attention.push(Attention {
            text: format!("“{}” is a draft: publish it when it's ready.", e.title),
            href: format!("/e/{}", e.slug),
        });
    }
    for t in &talks {
        let text = if t.state == crate::talks::domain::TalkState::Submitted {
            format!(
                "{} for “{}” {} for your decision.",
                plural(t.talks, "talk", "talks"),
                t.title,
                if t.talks == 1 { "waits" } else { "wait" }
            )
        } else {
            format!(
                "{} for “{}” accepted, not yet confirmed by the speakers.",
                plural(t.talks, "talk", "talks"),
                t.title
            )
        };
        attention.push(Attention {
            text,
            href: format!("/e/{}/submissions", t.slug),
        });
    }
    for f in &failed {
        attention.push(Attention {
            text: format!(
                "{} of {} could not be delivered.",
                plural(f.mails, "mail", "mails"),
                f.name
            ),
            href: format!("/g/{}/outbox", f.slug),
        });
    }
    Ok(Some(OrganizerView {
        groups: groups
            .into_iter()
            .map(|g| HomeGroup {
                owner: g.role == crate::groups::domain::Role::Owner,
                slug: g.slug,
                name: g.name,
            })
            .collect(),
        events: events
            .into_iter()
            .map(|e| HomeEvent {
                when: describe_in(e.starts_at, e.ends_at, e.time_zone),
                draft: e.status == crate::events::domain::EventStatus::Draft,
                slug: e.slug,
                title: e.title,
                group_name: e.group_name,
                going: e.going,
                capacity: e.capacity,
                waiting: e.waiting,
            })
            .collect(),
        attention,
    }))
}
