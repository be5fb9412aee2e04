-- Measures (issue 4). The events stay the source; these tables are projections the measures
-- sweep (src/jobs/measures.ts, src/app/measures/refresh.ts) keeps up to date, and can rebuild.

-- Orders whose events changed since the sweep last folded them. A statement trigger on the
-- event log writes here in the same transaction as the events, so nothing is missed whatever
-- order concurrent transactions commit in; the sweep deletes the rows it has handled.
create table measure_queue (
  id bigint generated always as identity primary key,
  order_id integer not null,
  -- the earliest event time behind the row: a report waits until nothing before its end is queued
  at timestamptz not null
);
create index measure_queue_at on measure_queue (at);

create or replace function minsheng_measure_enqueue() returns trigger language plpgsql as $$
begin
  insert into measure_queue (order_id, at) select order_id, min(at) from new_events group by order_id;
  return null;
end
$$;

create trigger order_events_measure_queue after insert on order_events
  referencing new table as new_events for each statement execute function minsheng_measure_enqueue();

-- Orders already in the database are folded by the first sweep.
insert into measure_queue (order_id, at) select id, accepted_at from orders order by id;

-- One row per order: its fixed scope keys and its marks (domain/measures.ts), as parallel arrays:
-- kind code, local day, unit, flags (1 on time, 2 called back, 4 solved, 8 satisfied,
-- 16 basically satisfied) and working milliseconds of handling (closes).
create table measure_facts (
  order_id integer primary key references orders(id),
  version integer not null,
  accepted_at timestamptz not null,
  accepted_day date not null,
  channel text not null,
  request_type text not null,
  category_id integer,
  territory_id integer,
  unit_id integer,
  phone text,
  repeat boolean not null default false,
  mk smallint[] not null,
  md date[] not null,
  mu integer[] not null,
  mf smallint[] not null,
  mms bigint[] not null,
  handling_from timestamptz,
  handling_to timestamptz,
  updated_at timestamptz not null
);
create index measure_facts_day on measure_facts (accepted_day);
create index measure_facts_repeat on measure_facts (phone, category_id, accepted_at) where phone is not null and category_id is not null;
create index measure_facts_handling on measure_facts (handling_from) where handling_from is not null;

-- Daily sums of the mark counters for every scope a mark counts in (dim, key): everything, a
-- unit and each unit above it, the order's category and territory and each node above them,
-- its channel, its request type. A period and scope is a sum over at most one row a day.
-- hist_b/hist_n: the closes' handling time in tenths of a working day -> how many.
create table measure_daily (
  dim text not null,
  key text not null,
  day date not null,
  received integer not null default 0,
  repeats integer not null default 0,
  valid integer not null default 0,
  answered integer not null default 0,
  dispatched integer not null default 0,
  second_dispatched integer not null default 0,
  signed integer not null default 0,
  signed_on_time integer not null default 0,
  replied integer not null default 0,
  replied_on_time integer not null default 0,
  rated integer not null default 0,
  satisfied integer not null default 0,
  basically_satisfied integer not null default 0,
  solved integer not null default 0,
  reopened integer not null default 0,
  closed integer not null default 0,
  closed_on_time integer not null default 0,
  closed_called_back integer not null default 0,
  went_overdue integer not null default 0,
  handling_ms bigint not null default 0,
  hist_b smallint[] not null default '{}',
  hist_n integer[] not null default '{}',
  primary key (dim, key, day)
);

-- Adds two sparse histograms (bucket arrays ascending), dropping buckets that come to zero.
create or replace function minsheng_hist_add(ab smallint[], an integer[], bb smallint[], bn integer[], out b smallint[], out n integer[])
language sql immutable as $$
  select coalesce(array_agg(x.b order by x.b), '{}'), coalesce(array_agg(x.n order by x.b), '{}')
  from (
    select u.b, sum(u.n)::int as n
    from (select t.b, t.n from unnest(ab, an) as t(b, n) union all select t.b, t.n from unnest(bb, bn) as t(b, n)) u
    group by u.b having sum(u.n) <> 0
  ) x
$$;

-- The marks that cost a unit points, for the assessment drill-down (one row per mark).
create table measure_penalties (
  order_id integer not null references orders(id),
  day date not null,
  unit_id integer not null,
  kind text not null
);
create index measure_penalties_unit on measure_penalties (unit_id, day);
create index measure_penalties_order on measure_penalties (order_id);

-- What the rollups were built against: the trees' paths (a node that moved means a rebuild; a
-- new node does not) and the calendar (changed days mean folding the orders handled across them).
create table measure_state (
  id smallint primary key check (id = 1),
  tree_paths jsonb,
  calendar_fingerprint text not null default '',
  calendar jsonb not null default '[]',
  refreshed_at timestamptz
);
insert into measure_state (id) values (1);
