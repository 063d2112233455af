//! The part of an event row that other domains share (server only).

use sqlx::FromRow;

/// What the other domains read of an event (talks, sponsors, the schedule): who owns it,
/// its name, zone, status and start. Their rows take it whole (`#[sqlx(flatten)]`) and
/// read through to it.
#[derive(FromRow, Clone)]
pub struct EventCore {
    pub event_id: i64,
    pub group_id: i64,
    pub slug: String,
    pub title: String,
    #[sqlx(try_from = "crate::stored::ZoneName")]
    pub time_zone: chrono_tz::Tz,
    #[sqlx(try_from = "String")]
    pub status: super::domain::EventStatus,
    pub starts_at: i64,
}

impl crate::groups::access::OfGroup for EventCore {
    fn group_id(&self) -> i64 {
        self.group_id
    }
}

/// A row that extends [`EventCore`] (in its field `event`) reads its fields as its own.
macro_rules! extends_event_core {
    ($row:ty) => {
        impl std::ops::Deref for $row {
            type Target = $crate::events::core_row::EventCore;

            fn deref(&self) -> &Self::Target {
                &self.event
            }
        }

        impl $crate::groups::access::OfGroup for $row {
            fn group_id(&self) -> i64 {
                self.event.group_id
            }
        }
    };
}
pub(crate) use extends_event_core;
