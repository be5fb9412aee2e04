-- Generated reports (issue 4): the daily brief, the weekly hot-issue report, the monthly analysis
-- and special reports. One row per (kind, period, subject): whichever process inserts it first
-- generates it, in the same transaction, so no report is generated twice and a crash leaves none
-- half made.
create table reports (
  id integer generated always as identity primary key,
  kind text not null check (kind in ('daily', 'weekly', 'monthly', 'special')),
  period text not null,
  -- special reports: 'category:12' or 'territory:5'; '' for the others
  subject text not null default '',
  title text not null,
  period_from date not null,
  period_to date not null,
  data jsonb not null,
  docx bytea not null,
  xlsx bytea not null,
  trigger text not null check (trigger in ('schedule', 'demand')),
  requested_by integer references users(id),
  created_at timestamptz not null,
  unique (kind, period, subject)
);
create index reports_created on reports (created_at desc);
