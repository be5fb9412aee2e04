-- Early warnings from hot issues (issue 5): besides one category surging in one street (kind
-- 'surge', 013), a cluster of similar requests (by text and place) far above what the same
-- weekday of the previous weeks saw of it (kind 'hot_issue'). A hot-issue warning is named by its
-- label and terms and keeps the orders behind it; category and street are the cluster's most
-- frequent ones. It is keyed by (day, hot_key), hot_key being its earliest order; the sweep
-- matches a regrown cluster to the day's warning it overlaps, so it is raised once.
alter table warnings add column kind text not null default 'surge';
alter table warnings add constraint warnings_kind check (kind in ('surge', 'hot_issue'));
alter table warnings add column hot_key text;
alter table warnings add column label text;
alter table warnings add column terms text[];
alter table warnings add column order_ids integer[];
alter table warnings add constraint warnings_hot_named check (kind <> 'hot_issue' or (hot_key is not null and label is not null and terms is not null and order_ids is not null));
alter table warnings drop constraint warnings_day_category_id_territory_id_key;
-- A cluster whose requests name no category or no street (e.g. portal requests nobody has
-- classified yet) is still a hot issue: its category and street may be null. A category surge
-- always has both (domain/warnings.ts counts leaf category x street), so its key stays unique.
alter table warnings alter column category_id drop not null, alter column territory_id drop not null;
alter table warnings add constraint warnings_surge_keyed check (kind <> 'surge' or (category_id is not null and territory_id is not null));
create unique index warnings_surge_key on warnings (day, category_id, territory_id) where kind = 'surge';
create unique index warnings_hot_key on warnings (day, hot_key) where kind = 'hot_issue';

-- When a throttled sweep last ran, shared by every process: one claims the run with a
-- conditional update, the others skip until the interval has passed.
create table sweep_runs (
  name text primary key,
  ran_at timestamptz not null
);
