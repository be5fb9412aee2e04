-- Department assessment (issue 4, seed 004): each measure's baseline and weight, set by
-- administrators. Defaults follow Haimen's assessment (on-time, completion, satisfaction,
-- second-dispatch rates) plus sign-for timeliness, resolution and reopen rates.
create table assessment_rules (
  measure text primary key,
  baseline double precision not null check (baseline >= 0 and baseline <= 1),
  weight double precision not null check (weight >= 0),
  points_per_pct double precision not null check (points_per_pct >= 0),
  active boolean not null default true
);

insert into assessment_rules (measure, baseline, weight, points_per_pct) values
  ('onTimeCloseRate', 0.95, 25, 2.5),
  ('closeRate', 0.98, 15, 2),
  ('satisfactionRate', 0.90, 25, 2.5),
  ('secondDispatchRate', 0.05, 10, 2),
  ('signOnTimeRate', 0.95, 10, 1),
  ('solveRate', 0.85, 10, 1),
  ('reopenRate', 0.05, 5, 1);

-- Beijing-style "three rates" composite weights, and the early-warning policy.
insert into settings (key, value) values
  ('assessment', '{"threeRates": {"response": 0.1, "solve": 0.45, "satisfaction": 0.45}}'),
  ('warnings', '{"weeks": 4, "sigmas": 3, "minExcess": 2, "minCount": 5}')
on conflict (key) do nothing;
