-- Smart intake (issue 5): the request classifier's models, imported training texts, the
-- full-text index over knowledge articles and closed orders' replies. Runs on PostgreSQL 15+
-- and PGlite.

-- Labelled texts imported from a CSV (id,text,label): training material beside closed orders.
create table intake_training_texts (
  id integer generated always as identity primary key,
  external_id text,
  text text not null,
  category_id integer not null references categories(id),
  imported_by integer references users(id),
  imported_at timestamptz not null
);

-- The classifier, versioned. A process trains the next version only after inserting its row
-- ('training'), so two processes never train the same version; every process suggests with
-- the newest 'ready' one. `event_cursor` is the last order_events.id whose closed orders were
-- in the training set, `import_cursor` the last intake_training_texts.id.
create table intake_models (
  version integer primary key,
  status text not null check (status in ('training', 'ready', 'failed')),
  event_cursor bigint not null,
  import_cursor integer not null,
  examples integer not null default 0,
  labels integer not null default 0,
  -- cross-validated accuracy and macro-F1, per-label figures, training time
  metrics jsonb,
  model bytea,
  error text,
  claimed_by text not null,
  claimed_at timestamptz not null,
  finished_at timestamptz
);

-- One row per searchable document: a knowledge article or a closed order's reply. The words
-- are the text pipeline's (src/text/pipeline.ts), space-separated, so to_tsvector('simple')
-- only has to split on spaces: the same index on PostgreSQL and PGlite.
create table search_docs (
  id integer generated always as identity primary key,
  kind text not null check (kind in ('article', 'reply')),
  ref_id integer not null,
  title text not null,
  body text not null,
  category_id integer,
  title_words text not null,
  body_words text not null,
  tsv tsvector generated always as (
    setweight(to_tsvector('simple', title_words), 'A') || setweight(to_tsvector('simple', body_words), 'B')
  ) stored,
  active boolean not null default true,
  -- the article's updated_at or the order's closed_at this row was built from
  source_at timestamptz not null,
  indexed_at timestamptz not null,
  unique (kind, ref_id)
);
-- The index is read far more often than written, and written in batches by a sweep: entries go
-- straight into the GIN tree (fastupdate off) instead of a pending list that every search would
-- have to scan until the next vacuum (PGlite runs no autovacuum at all).
create index search_docs_tsv on search_docs using gin (tsv) with (fastupdate = off);

-- Document frequency of each indexed word: the search keeps a query's rarest words.
create table search_terms (
  term text primary key,
  df integer not null
);

-- Positions of the intake sweeps (the search index reads order_events by id).
create table intake_cursors (
  name text primary key,
  position bigint not null
);
