-- Interoperability (issue 6): Open311 keys and requests, links with other platforms (the police
-- platform 110, a higher or lower 12345 centre), webhooks, the durable outbox that delivers to all
-- of them, and imports of historical orders.

-- Open311 API keys: only the SHA-256 of a key is kept; the key is shown once, when issued.
create table api_keys (
  id integer generated always as identity primary key,
  name text not null,
  key_hash text not null unique,
  -- the first characters of the key, so an administrator can tell keys apart
  prefix text not null,
  created_by integer references users(id),
  created_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz
);

-- Requests that came in through Open311: the token a client may poll, who sent it, its attributes.
create table open311_requests (
  order_id integer primary key references orders(id),
  token text not null unique,
  -- null when the key came from the OPEN311_API_KEY environment variable
  api_key_id integer references api_keys(id),
  client text not null,
  attributes jsonb not null default '{}',
  created_at timestamptz not null
);

-- A link with another platform. kind 'centre': another Minsheng instance, above us ('up': it
-- dispatches to us) or below us ('down': we dispatch to it through unit_id, the unit that stands
-- for it in our tree). kind 'police': the 110 platform. The shared HMAC secret is either set by
-- an administrator (secret, never returned by the API) or read from an environment variable
-- (secret_env), so that it is never in the repository.
create table interop_links (
  id integer generated always as identity primary key,
  code text not null unique,
  name text not null,
  kind text not null check (kind in ('centre', 'police')),
  direction text check (direction in ('up', 'down')),
  unit_id integer unique references units(id),
  peer_url text not null,
  secret text,
  secret_env text,
  active boolean not null default true,
  created_at timestamptz not null,
  check (kind = 'police' or direction is not null),
  check (direction is distinct from 'down' or unit_id is not null)
);

-- Which local order stands for which order across a link: 'out' we sent it down, 'in' it came
-- from above. remote_code is the other side's case code.
create table link_orders (
  link_id integer not null references interop_links(id),
  order_id integer not null references orders(id),
  direction text not null check (direction in ('in', 'out')),
  remote_code text,
  active boolean not null default true,
  updated_at timestamptz not null,
  primary key (link_id, order_id)
);
create index link_orders_remote on link_orders (link_id, remote_code);

-- Messages received over a link, keyed by the sender's message id: each is applied once, and a
-- repeated message gets the first answer again.
create table link_inbox (
  link_id integer not null references interop_links(id),
  message_id text not null,
  type text not null,
  received_at timestamptz not null,
  order_id integer references orders(id),
  result jsonb not null,
  primary key (link_id, message_id)
);

-- Webhook subscriptions. The secret signs every delivery (HMAC-SHA256); it is shown once.
create table webhooks (
  id integer generated always as identity primary key,
  name text not null,
  url text not null,
  events text[] not null,
  -- only orders of this unit and the units below it (null: every order)
  unit_id integer references units(id),
  secret text not null,
  active boolean not null default true,
  created_by integer references users(id),
  created_at timestamptz not null
);

-- The outbox reads order_events by id. The cursor row is locked by the process that enqueues.
create table interop_cursor (
  name text primary key,
  last_event_id bigint not null,
  -- when the first missing id after the cursor was first seen (an uncommitted or rolled-back insert)
  gap_seen_at timestamptz
);
insert into interop_cursor (name, last_event_id) select 'outbox', coalesce(max(id), 0) from order_events;

-- Everything to deliver: webhook calls and link messages, each once per (event, target, topic).
-- Claimed with FOR UPDATE SKIP LOCKED and leased while sending; retried with exponential back-off.
create table interop_deliveries (
  id bigint generated always as identity primary key,
  kind text not null check (kind in ('webhook', 'link')),
  target_id integer not null,
  event_id bigint not null references order_events(id),
  topic text not null,
  order_id integer not null references orders(id),
  -- deliveries with the same key go out in id order (the messages of one order over one link)
  ordering_key text,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'delivered', 'failed')),
  attempts integer not null default 0,
  max_attempts integer not null,
  next_attempt_at timestamptz not null,
  lease_until timestamptz,
  claim text,
  last_status integer,
  last_error text,
  response jsonb,
  created_at timestamptz not null,
  delivered_at timestamptz,
  unique (event_id, kind, target_id, topic)
);
create index interop_deliveries_due on interop_deliveries (next_attempt_at) where status in ('pending', 'sending');
create index interop_deliveries_ordering on interop_deliveries (ordering_key, id) where status <> 'delivered';
create index interop_deliveries_status on interop_deliveries (status, id);
create index interop_deliveries_order on interop_deliveries (order_id);

-- Every attempt, delivered or not: the delivery log.
create table interop_attempts (
  id bigint generated always as identity primary key,
  delivery_id bigint not null references interop_deliveries(id),
  at timestamptz not null,
  http_status integer,
  error text,
  duration_ms integer not null
);
create index interop_attempts_delivery on interop_attempts (delivery_id);

-- Imports of historical orders: one batch per file, and the foreign id of every imported order
-- (a second import of the same row is refused). `events` imported events are history: the
-- outbox does not send them.
create table import_batches (
  id integer generated always as identity primary key,
  at timestamptz not null,
  user_id integer references users(id),
  profile text not null,
  file_name text,
  rows integer not null,
  imported integer not null
);

create table imported_orders (
  source text not null,
  source_id text not null,
  order_id integer not null unique references orders(id),
  batch_id integer not null references import_batches(id),
  events integer not null,
  primary key (source, source_id)
);
