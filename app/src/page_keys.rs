//! What a public page shows, summed up in a key: the server keeps each page as visitors
//! without a session get it under this key (server/src/http/page_cache.rs) and sends the key's
//! hash as the page's ETag, so the key must change whenever the page would.
//!
//! Every key is one query of counters, counts and last-change instants (`revision`,
//! `rsvp_seq`, `updated_at`, …) over the rows the page reads, plus which of the page's
//! instants have passed (the RSVP window, the call for papers, the event's start and end).
//! An event's pages (the event, its talks, speakers, sponsors and schedule) share one key
//! that covers all of them; a group's page and the home page have their own. Instants are
//! whole seconds, so a page whose rows changed in the last two seconds is not kept (see
//! `settled`). What no column of a key covers (a room renamed, a track's colour) shows once
//! the kept page expires, within a minute.

use crate::{db::Db, error::AppResult};
use sqlx::{any::AnyRow, Row};

/// A page anyone may see the same way when not signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicPage {
    Home,
    Group(String),
    Event(String),
    Talk(String, i64),
    Speakers(String),
    Sponsors(String),
    Schedule(String),
}

impl PublicPage {
    /// The public page at `path` (no query), if it is one.
    pub fn at(path: &str) -> Option<Self> {
        if path == "/" {
            return Some(Self::Home);
        }
        let parts: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        let slug = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        match parts.as_slice() {
            ["g", group] => slug(group).map(Self::Group),
            ["e", event] => slug(event).map(Self::Event),
            ["e", event, "speakers"] => slug(event).map(Self::Speakers),
            ["e", event, "sponsors"] => slug(event).map(Self::Sponsors),
            ["e", event, "schedule"] => slug(event).map(Self::Schedule),
            ["e", event, "talks", id] => {
                let number: i64 = id.parse().ok().filter(|n: &i64| n.to_string() == *id)?;
                slug(event).map(|slug| Self::Talk(slug, number))
            }
            _ => None,
        }
    }
}

/// The key of `page` now, or `None` when it is not kept (an unknown or draft event or group,
/// a schedule not published).
pub async fn key(db: &Db, page: &PublicPage) -> AppResult<Option<String>> {
    let now = crate::db::now();
    let facts = match page {
        PublicPage::Schedule(slug) => {
            return Ok(crate::schedule::public::page_key(db, slug)
                .await?
                .map(|key| format!("schedule {key}")))
        }
        PublicPage::Event(slug)
        | PublicPage::Talk(slug, _)
        | PublicPage::Speakers(slug)
        | PublicPage::Sponsors(slug) => {
            let row = sqlx::query(EVENT_KEY)
                .bind(slug)
                .bind(now)
                .fetch_optional(db.pool())
                .await?;
            row.map(|row| numbers(&row))
                .transpose()?
                .filter(|n| n[1] != DRAFT)
        }
        PublicPage::Group(slug) => sqlx::query(GROUP_KEY)
            .bind(slug)
            .bind(now)
            .fetch_optional(db.pool())
            .await?
            .map(|row| numbers(&row))
            .transpose()?,
        PublicPage::Home => Some(numbers(&sqlx::query(HOME_KEY).fetch_one(db.pool()).await?)?)
            // The home page lists what is upcoming: a minute's precision is enough for that.
            .map(|mut n| {
                n.push(now / 60);
                n
            }),
    };
    Ok(facts.map(|n| format!("{page:?} {n:?}")))
}

const DRAFT: i64 = 0;

/// Whether a kept page under `key` can be trusted at `now`: instants are kept in whole
/// seconds, so a second change within the second of the first leaves the key as it was. A
/// key that names an instant of the last two seconds (or a clock ahead of this one) is not
/// settled: such a page is rendered afresh, neither kept nor validated.
pub fn settled(key: &str, now: i64) -> bool {
    key.split(|c: char| !c.is_ascii_digit())
        .filter_map(|number| number.parse::<i64>().ok())
        .all(|number| !(now - 2..=now + 3600).contains(&number))
}

/// Every column of a key query, each a bigint (a column that is not fails the key, and the
/// page is rendered afresh instead of kept).
fn numbers(row: &AnyRow) -> Result<Vec<i64>, sqlx::Error> {
    (0..row.len()).map(|i| row.try_get::<i64, _>(i)).collect()
}

/// `$1` the event's slug, `$2` now.
const EVENT_KEY: &str = "
select e.event_id,
  cast(case e.status when 'draft' then 0 when 'published' then 1 else 2 end as bigint),
  e.revision, e.updated_at, e.rsvp_seq,
  cast((case when e.rsvp_opens_at <= $2 then 1 else 0 end)
     + (case when coalesce(e.rsvp_closes_at, e.starts_at) <= $2 then 1 else 0 end)
     + (case when e.starts_at <= $2 then 2 else 0 end)
     + (case when e.ends_at <= $2 then 4 else 0 end) as bigint),
  cast(coalesce((select (case when c.opens_at <= $2 then 1 else 0 end)
                      + (case when c.closes_at <= $2 then 2 else 0 end)
                      + (case when c.lineup_published_at is null then 0 else 4 end)
                 from cfp c where c.event_id = e.event_id), -1) as bigint),
  cast(coalesce((select c.updated_at from cfp c where c.event_id = e.event_id), 0) as bigint),
  (select g.updated_at from meetup_group g where g.group_id = e.group_id),
  (select count(*) from group_member m where m.group_id = e.group_id),
  cast((select coalesce(max(a.updated_at), 0) from group_member m
        join account a on a.account_id = m.account_id where m.group_id = e.group_id) as bigint),
  (select count(*) from talk t where t.event_id = e.event_id),
  cast((select coalesce(max(t.updated_at), 0) from talk t where t.event_id = e.event_id) as bigint),
  (select count(*) from talk t join talk_speaker s on s.talk_id = t.talk_id
   where t.event_id = e.event_id),
  cast((select coalesce(max(a.updated_at), 0) from talk t
        join talk_speaker s on s.talk_id = t.talk_id
        join account a on a.account_id = s.account_id where t.event_id = e.event_id) as bigint),
  cast((select coalesce(max(p.updated_at), 0) from talk t
        join talk_speaker s on s.talk_id = t.talk_id
        join speaker_profile p on p.account_id = s.account_id where t.event_id = e.event_id)
       as bigint),
  (select count(*) from track k where k.event_id = e.event_id),
  (select count(*) from sponsorship s where s.event_id = e.event_id),
  cast((select coalesce(max(s.updated_at), 0) from sponsorship s where s.event_id = e.event_id)
       as bigint),
  cast((select coalesce(max(p.updated_at), 0) from sponsorship s
        join partner p on p.partner_id = s.partner_id where s.event_id = e.event_id) as bigint),
  cast((select coalesce(sum(p.logo_version), 0) from sponsorship s
        join partner p on p.partner_id = s.partner_id where s.event_id = e.event_id) as bigint),
  cast((select count(*) + coalesce(sum(t.version), 0) from sponsor_tier t
        where t.event_id = e.event_id) as bigint),
  cast(coalesce((select v.updated_at from event_cover v where v.event_id = e.event_id), 0)
       as bigint),
  (select count(*) from published_session p where p.event_id = e.event_id),
  cast((select coalesce(max(p.updated_at), 0) from published_session p
        where p.event_id = e.event_id) as bigint),
  cast((select coalesce(max(v.number), 0) from schedule_version v where v.event_id = e.event_id)
       as bigint),
  (select count(*) from event n where n.series_id = e.series_id),
  cast((select coalesce(max(n.updated_at), 0) from event n where n.series_id = e.series_id)
       as bigint),
  cast((select coalesce(sum(n.revision), 0) from event n where n.series_id = e.series_id)
       as bigint)
from event e where e.slug = $1";

/// `$1` the group's slug, `$2` now.
const GROUP_KEY: &str = "
select g.group_id, g.updated_at,
  (select count(*) from group_member m where m.group_id = g.group_id),
  cast((select coalesce(max(a.updated_at), 0) from group_member m
        join account a on a.account_id = m.account_id where m.group_id = g.group_id) as bigint),
  (select count(*) from event e where e.group_id = g.group_id),
  cast((select coalesce(max(e.updated_at), 0) from event e where e.group_id = g.group_id)
       as bigint),
  cast((select coalesce(sum(e.revision), 0) from event e where e.group_id = g.group_id)
       as bigint),
  (select count(*) from event e where e.group_id = g.group_id and e.starts_at <= $2),
  (select count(*) from event e where e.group_id = g.group_id and e.ends_at <= $2),
  cast((select coalesce(max(v.updated_at), 0) from event e
        join event_cover v on v.event_id = e.event_id where e.group_id = g.group_id) as bigint),
  (select count(*) from partner p where p.group_id = g.group_id),
  cast((select coalesce(max(p.updated_at), 0) from partner p where p.group_id = g.group_id)
       as bigint),
  cast((select coalesce(sum(p.logo_version), 0) from partner p where p.group_id = g.group_id)
       as bigint)
from meetup_group g where g.slug = $1";

const HOME_KEY: &str = "
select (select count(*) from meetup_group),
  cast((select coalesce(max(updated_at), 0) from meetup_group) as bigint),
  (select count(*) from event),
  cast((select coalesce(max(updated_at), 0) from event) as bigint),
  cast((select coalesce(max(updated_at), 0) from event_cover) as bigint),
  cast((select coalesce(max(updated_at), 0) from instance_setting) as bigint)";

#[cfg(test)]
mod tests {
    use super::{settled, PublicPage};

    #[test]
    fn a_key_naming_an_instant_of_the_last_two_seconds_is_not_settled() {
        let now = 1_900_000_000;
        assert!(settled("Event(\"m\") [1, 1, 0, 1899999990, 7]", now));
        assert!(!settled("Event(\"m\") [1, 1, 0, 1899999998, 7]", now));
        assert!(!settled("Event(\"m\") [1, 1, 0, 1900000000, 7]", now));
        assert!(!settled("schedule m (3, 1900000005)", now), "a clock ahead");
        assert!(settled("Home [2, 0, 0, 0, 0, 0, 31666666]", now));
    }

    #[test]
    fn public_pages_are_found_by_their_path_and_nothing_else_is() {
        assert_eq!(PublicPage::at("/"), Some(PublicPage::Home));
        assert_eq!(
            PublicPage::at("/g/rust"),
            Some(PublicPage::Group("rust".into()))
        );
        assert_eq!(
            PublicPage::at("/e/meetup"),
            Some(PublicPage::Event("meetup".into()))
        );
        assert_eq!(
            PublicPage::at("/e/meetup/talks/12"),
            Some(PublicPage::Talk("meetup".into(), 12))
        );
        assert_eq!(
            PublicPage::at("/e/meetup/speakers"),
            Some(PublicPage::Speakers("meetup".into()))
        );
        assert_eq!(
            PublicPage::at("/e/meetup/sponsors"),
            Some(PublicPage::Sponsors("meetup".into()))
        );
        assert_eq!(
            PublicPage::at("/e/meetup/schedule"),
            Some(PublicPage::Schedule("meetup".into()))
        );
        for private in [
            "/e/meetup/edit",
            "/e/meetup/attendees",
            "/e/meetup/talks/12/edit",
            "/e/meetup/talks/012",
            "/e/meetup/talks/x",
            "/e/",
            "/e//speakers",
            "/g/rust/settings",
            "/account",
            "/api/get_event",
            "/e/meetup/schedule.ics",
        ] {
            assert_eq!(PublicPage::at(private), None, "{private}");
        }
    }
}
