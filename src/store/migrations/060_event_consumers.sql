-- One cursor mechanism for everything that reads the event log after the fact (src/events/):
-- each consumer's position in `order_events`, locked by the process that reads on.
create table event_cursors (
  name text primary key,
  last_event_id bigint not null,
  -- when the first missing id after the cursor was first seen (an uncommitted or rolled-back insert)
  gap_seen_at timestamptz
);

-- The outbox's cursor moves over.
insert into event_cursors (name, last_event_id, gap_seen_at) select name, last_event_id, gap_seen_at from interop_cursor;
drop table interop_cursor;

-- The search index's.
insert into event_cursors (name, last_event_id)
select 'search index', coalesce((select position from intake_cursors where name = 'search:events'), 0);
delete from intake_cursors where name = 'search:events';

-- The measures: a consumer takes over from the trigger that queued changed orders; what is
-- queued stays queued (measure_queue remains the list of orders to fold again).
insert into event_cursors (name, last_event_id) select 'measures', coalesce(max(id), 0) from order_events;
drop trigger order_events_measure_queue on order_events;
drop function minsheng_measure_enqueue();

-- The early warnings start from the end of the log: today's are raised with the next request.
insert into event_cursors (name, last_event_id) select 'early warnings', coalesce(max(id), 0) from order_events;
insert into event_cursors (name, last_event_id) select 'hot-issue warnings', coalesce(max(id), 0) from order_events;
