// Configuration that administrators change through the API: the calendar, time-limit and routing
// rules, the unit, category and territory trees. Every change bumps `config_version` in the same
// transaction; a process keeps a copy only as long as the version in the database is the same,
// so a second process never works from stale rules.
import { makeCalendar, type CalendarDay } from '../domain/calendar.ts';
import type { Catalog, TreeNode } from '../domain/catalog.ts';
import { DEFAULT_ESCALATION, type EscalationPolicy } from '../domain/escalation.ts';
import type { RequestType, TimeLimitRule, UnitKind, TerritoryLevel } from '../domain/types.ts';
import type { Db, Queryable } from './db.ts';
import { sql } from './sql.ts';

export async function configVersion(db: Queryable): Promise<number> {
  const r = await db.query<{ value: number }>(`select value from settings where key = 'config_version'`);
  return Number(r.rows[0]?.value ?? 0);
}

/** Call inside every transaction that changes configuration. */
export async function bumpConfigVersion(db: Queryable): Promise<void> {
  await db.query(
    `insert into settings (key, value) values ('config_version', '1'::jsonb)
     on conflict (key) do update set value = to_jsonb((settings.value)::int + 1), updated_at = now()`,
  );
}

const cache = new WeakMap<Db, Catalog>();

export async function getCatalog(db: Db): Promise<Catalog> {
  const version = await configVersion(db);
  const hit = cache.get(db);
  if (hit && hit.version === version) return hit;
  const c = await loadCatalog(db, version);
  cache.set(db, c);
  return c;
}

async function loadCatalog(db: Queryable, version: number): Promise<Catalog> {
  const [days, limits, routes, units, territories, categories, esc] = await Promise.all([
    db.query<{ date: string; is_off_day: boolean; name: string }>('select date, is_off_day, name from calendar_days order by date'),
    db.query<Record<string, unknown>>('select * from time_limit_rules where active order by id'),
    db.query<Record<string, unknown>>('select * from routing_rules where active order by id'),
    db.query<Record<string, unknown>>('select * from units order by id'),
    db.query<Record<string, unknown>>('select * from territories order by id'),
    db.query<Record<string, unknown>>('select * from categories order by id'),
    db.query<{ value: Partial<EscalationPolicy> }>(`select value from settings where key = 'escalation'`),
  ]);
  const calendarDays: CalendarDay[] = days.rows.map((d) => ({ date: d.date, isOffDay: d.is_off_day, name: d.name }));
  return {
    version,
    calendar: makeCalendar(calendarDays, version),
    escalation: { ...DEFAULT_ESCALATION, ...(esc.rows[0]?.value ?? {}) },
    timeLimitRules: limits.rows.map(rowToTimeLimitRule),
    routingRules: routes.rows.map((r) => ({
      id: r.id as number, categoryId: r.category_id as number, territoryId: (r.territory_id as number | null) ?? null,
      leadUnitId: r.lead_unit_id as number, assistUnitIds: (r.assist_unit_ids as number[]) ?? [],
    })),
    units: new Map(units.rows.map((r) => [r.id as number, {
      ...node(r), kind: r.kind as UnitKind, tier: r.tier as number, dutyPhone: r.duty_phone as string | null,
      territoryId: r.territory_id as number | null, active: r.active as boolean,
    }])),
    territories: new Map(territories.rows.map((r) => [r.id as number, {
      ...node(r), level: r.level as TerritoryLevel, centerLng: r.center_lng as number | null, centerLat: r.center_lat as number | null,
    }])),
    categories: new Map(categories.rows.map((r) => [r.id as number, { ...node(r), active: r.active as boolean }])),
  };
}

function node(r: Record<string, unknown>): TreeNode {
  return { id: r.id as number, code: r.code as string, name: r.name as string, parentId: (r.parent_id as number | null) ?? null, path: r.path as string };
}

export function rowToTimeLimitRule(r: Record<string, unknown>): TimeLimitRule {
  return {
    id: r.id as number,
    requestType: (r.request_type as RequestType | null) ?? null,
    categoryId: (r.category_id as number | null) ?? null,
    grade: (r.grade as number | null) ?? null,
    emergency: (r.emergency as boolean | null) ?? null,
    signFor: { value: Number(r.sign_for_value), unit: r.sign_for_unit as 'workdays' | 'hours' },
    handle: { value: Number(r.handle_value), unit: r.handle_unit as 'workdays' | 'hours' },
    version: r.version as number,
  };
}

/** A time-limit rule by id, also one no longer active (open orders may still run under it). */
export async function timeLimitRuleById(db: Queryable, id: number): Promise<TimeLimitRule | null> {
  const r = await db.query<Record<string, unknown>>(sql`select * from time_limit_rules where id = ${id}`);
  return r.rows[0] ? rowToTimeLimitRule(r.rows[0]) : null;
}
