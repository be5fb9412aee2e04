-- Early warnings (issue 4): one category surging in one street on one day against the same
-- weekday of the previous weeks. Keyed by (day, category, territory): raised once, its count
-- kept up to date during the day.
create table warnings (
  id integer generated always as identity primary key,
  day date not null,
  category_id integer not null references categories(id),
  territory_id integer not null references territories(id),
  count integer not null,
  baseline integer[] not null,
  mean double precision not null,
  sd double precision not null,
  threshold double precision not null,
  status text not null default 'open' check (status in ('open', 'acknowledged')),
  raised_at timestamptz not null,
  acknowledged_by integer references users(id),
  acknowledged_at timestamptz,
  note text,
  unique (day, category_id, territory_id)
);
create index warnings_open on warnings (day desc) where status = 'open';
