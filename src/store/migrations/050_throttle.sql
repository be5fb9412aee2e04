-- Throttling of the endpoints anyone on the internet can call (src/app/throttle.ts): hits counted
-- per (what, subject, fixed window), shared by every server process. Old windows are deleted by
-- the sweep.
create table throttle_hits (
  key text not null,
  window_start timestamptz not null,
  hits integer not null,
  primary key (key, window_start)
);
create index throttle_hits_window on throttle_hits (window_start);
