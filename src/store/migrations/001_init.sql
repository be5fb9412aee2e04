-- Minsheng schema, version 1. Runs on PostgreSQL 15+ and PGlite.
create extension if not exists pg_trgm;

create table territories (
  id integer generated always as identity primary key,
  code text not null unique,
  name text not null,
  level text not null check (level in ('district', 'street', 'community', 'grid')),
  parent_id integer references territories(id),
  -- ids from the root down, '/1/4/17/': a subtree is a prefix match
  path text not null,
  center_lng double precision,
  center_lat double precision
);

create table units (
  id integer generated always as identity primary key,
  code text not null unique,
  name text not null,
  kind text not null check (kind in ('centre', 'department', 'street', 'community', 'utility', 'company')),
  parent_id integer references units(id),
  path text not null,
  tier smallint not null check (tier between 1 and 3),
  duty_phone text,
  territory_id integer references territories(id),
  active boolean not null default true,
  created_at timestamptz not null default now()
);
create index units_path on units (path text_pattern_ops);

create table users (
  id integer generated always as identity primary key,
  username text not null unique,
  name text not null,
  role text not null check (role in ('operator', 'dispatcher', 'unit_handler', 'callback_agent', 'supervisor', 'leader', 'admin')),
  unit_id integer not null references units(id),
  password_hash text not null,
  active boolean not null default true,
  created_at timestamptz not null default now()
);

create table sessions (
  token_hash text primary key,
  user_id integer not null references users(id),
  created_at timestamptz not null,
  expires_at timestamptz not null
);

create table categories (
  id integer generated always as identity primary key,
  code text not null unique,
  name text not null,
  parent_id integer references categories(id),
  path text not null,
  active boolean not null default true
);

create table time_limit_rules (
  id integer generated always as identity primary key,
  request_type text,
  category_id integer references categories(id),
  grade smallint,
  emergency boolean,
  sign_for_value numeric not null check (sign_for_value > 0),
  sign_for_unit text not null check (sign_for_unit in ('workdays', 'hours')),
  handle_value numeric not null check (handle_value > 0),
  handle_unit text not null check (handle_unit in ('workdays', 'hours')),
  version integer not null default 1,
  active boolean not null default true
);

create table routing_rules (
  id integer generated always as identity primary key,
  category_id integer not null references categories(id),
  territory_id integer references territories(id),
  lead_unit_id integer not null references units(id),
  assist_unit_ids integer[] not null default '{}',
  active boolean not null default true
);

-- The official calendar: only the days that differ from the Monday-Friday week.
create table calendar_days (
  date date primary key,
  is_off_day boolean not null,
  name text not null
);

-- Versioned settings: calendar version, escalation policy.
create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- One row a day; the row lock makes case codes gapless under concurrency, across processes.
create table case_counters (
  day text primary key,
  last integer not null
);

create table orders (
  id integer generated always as identity primary key,
  code text not null unique,
  version integer not null,
  state text not null,
  channel text not null,
  request_type text not null,
  category_id integer references categories(id),
  grade smallint not null,
  emergency boolean not null,
  title text not null,
  description text not null,
  caller_name text,
  caller_phone text,
  anonymous boolean not null,
  confidential boolean not null,
  track_secret_hash text,
  territory_id integer references territories(id),
  address text,
  lng double precision,
  lat double precision,
  lead_unit_id integer references units(id),
  holder_unit_id integer references units(id),
  accepted_at timestamptz not null,
  dispatched_at timestamptz,
  sign_for_due timestamptz,
  handle_due timestamptz,
  signed_at timestamptz,
  replied_at timestamptz,
  closed_at timestamptz,
  escalation text not null default 'none',
  listed boolean not null default false,
  master_id integer references orders(id),
  idempotency_key text unique,
  -- the config_version this order's deadlines were last checked against (jobs/escalation.ts)
  config_checked integer not null default 0,
  -- the whole domain state (domain/order.ts Order), rebuilt from the events by the same fold
  doc jsonb not null,
  updated_at timestamptz not null
);
create index orders_state on orders (state);
create index orders_accepted_at on orders (accepted_at);
create index orders_handle_due on orders (handle_due) where state in ('dispatched', 'handling');
create index orders_caller_phone on orders (caller_phone);
create index orders_lead_unit on orders (lead_unit_id);

-- Every unit an order has been sent to, in any role: what a unit's user may see.
create table order_units (
  order_id integer not null references orders(id),
  unit_id integer not null references units(id),
  primary key (order_id, unit_id)
);
create index order_units_unit on order_units (unit_id);

-- The immutable event log: who, when, what, why. The audit trail and the source of the state.
create table order_events (
  id bigint generated always as identity primary key,
  order_id integer not null references orders(id),
  seq integer not null,
  type text not null,
  at timestamptz not null,
  actor_user_id integer references users(id),
  actor_unit_id integer references units(id),
  actor_role text not null,
  actor_name text not null,
  note text,
  data jsonb not null,
  unique (order_id, seq)
);
create index order_events_type_at on order_events (type, at);

-- Each escalation step happens once per order, level and deadline, whatever the number of processes.
create table escalations (
  order_id integer not null references orders(id),
  level text not null,
  due_at timestamptz not null,
  created_at timestamptz not null,
  primary key (order_id, level, due_at)
);

create table attachments (
  id integer generated always as identity primary key,
  name text not null,
  content_type text not null,
  size integer not null,
  data bytea not null,
  uploaded_by integer references users(id),
  created_at timestamptz not null
);

create table knowledge_articles (
  id integer generated always as identity primary key,
  title text not null,
  body text not null,
  category_id integer references categories(id),
  active boolean not null default true,
  updated_at timestamptz not null default now()
);

-- Append-only log of configuration changes (units, users, rules, calendar).
create table admin_events (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  actor_user_id integer references users(id),
  entity text not null,
  entity_id text not null,
  action text not null,
  data jsonb not null
);
