-- The home page's key (app/src/page_keys.rs) reads the newest change of any event on every
-- visit without a session: an index makes that one step instead of a scan of every event.
create index event_updated_idx on event (updated_at);
