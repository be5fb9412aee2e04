// The catalog: the configuration administrators change through the API (the calendar, time-limit
// and routing rules, escalation policy, the unit, category and territory trees), loaded whole.
// Every change bumps `config_version` (./config.ts) in the same transaction; a process keeps a
// copy only as long as the version in the database is the same, so a second process never works
// from stale rules. The tree tables are read here; the other tables by their own modules.
import { makeCalendar } from '../domain/calendar.ts';
import type { Catalog, TreeNode } from '../domain/catalog.ts';
import { DEFAULT_ESCALATION } from '../domain/escalation.ts';
import type { UnitKind, TerritoryLevel } from '../domain/types.ts';
import { calendarDays } from './calendar.ts';
import { configVersion, escalationSetting } from './config.ts';
import type { Db, Queryable } from './db.ts';
import { activeRoutingRules, activeTimeLimitRules } from './rules.ts';
import { sql } from './sql.ts';

// Time-limit rules are ./rules.ts's; re-exported for the callers that look for it here.
export { timeLimitRuleById } from './rules.ts';

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
    calendarDays(db),
    activeTimeLimitRules(db),
    activeRoutingRules(db),
    db.query<Record<string, unknown>>(sql`select * from units order by id`),
    db.query<Record<string, unknown>>(sql`select * from territories order by id`),
    db.query<Record<string, unknown>>(sql`select * from categories order by id`),
    escalationSetting(db),
  ]);
  return {
    version,
    calendar: makeCalendar(days, version),
    escalation: { ...DEFAULT_ESCALATION, ...esc },
    timeLimitRules: limits,
    routingRules: routes,
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
