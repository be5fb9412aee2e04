// Writes the demo city (src/demo/city.ts) into an empty database: territory, units, users,
// categories, rules, knowledge articles, then a year of past work orders (src/demo/history.ts).
import { hash } from '@node-rs/argon2';
import type { Db, Tx } from '../store/db.ts';
import { bumpConfigVersion } from '../store/catalog.ts';
import { insertTreeNode, type TreeTable } from '../app/admin.ts';
import * as city from './city.ts';
import { knowledgeArticles } from './texts.ts';
import { generateHistory, type HistoryOptions } from './history.ts';

export async function isEmpty(db: Db): Promise<boolean> {
  const r = await db.query<{ n: number }>('select count(*)::int as n from units');
  return r.rows[0]!.n === 0;
}

async function insertTree<T extends { code: string; parentCode: string | null }>(tx: Tx, table: TreeTable, items: readonly T[], values: (t: T) => Record<string, unknown>): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const pending = [...items];
  while (pending.length) {
    const before = pending.length;
    for (let i = 0; i < pending.length; i++) {
      const t = pending[i]!;
      if (t.parentCode !== null && !ids.has(t.parentCode)) continue;
      ids.set(t.code, await insertTreeNode(tx, table, values(t), t.parentCode === null ? null : ids.get(t.parentCode)!));
      pending.splice(i--, 1);
    }
    if (pending.length === before) throw new Error(`${table}: parents missing for ${pending.map((p) => p.code).join(', ')}`);
  }
  return ids;
}

export interface SeedResult {
  orders: number;
}

export async function seedDemo(db: Db, now: Date, history: Partial<HistoryOptions> = {}): Promise<SeedResult> {
  // One hash per user (each with its own salt), computed before the transaction.
  const hashes = await Promise.all(city.users.map(() => hash(city.DEMO_PASSWORD)));
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [12345_0003]);
    const territories = await insertTree(tx, 'territories', city.territories, (t) => ({
      code: t.code, name: t.name, level: t.level, center_lng: t.center[0], center_lat: t.center[1],
    }));
    const units = await insertTree(tx, 'units', city.units, (u) => ({
      code: u.code, name: u.name, kind: u.kind, tier: u.tier, duty_phone: u.dutyPhone,
      territory_id: u.territoryCode ? territories.get(u.territoryCode) ?? null : null,
    }));
    const categories = await insertTree(tx, 'categories', city.categories, (c) => ({ code: c.code, name: c.name }));
    for (const [i, u] of city.users.entries()) {
      await tx.query('insert into users (username, name, role, unit_id, password_hash) values ($1, $2, $3, $4, $5)', [u.username, u.name, u.role, units.get(u.unitCode), hashes[i]]);
    }
    for (const r of city.timeLimitRules) {
      await tx.query(
        `insert into time_limit_rules (request_type, category_id, grade, emergency, sign_for_value, sign_for_unit, handle_value, handle_unit)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [r.requestType, r.categoryCode ? categories.get(r.categoryCode) : null, r.grade, r.emergency, r.signFor.value, r.signFor.unit, r.handle.value, r.handle.unit],
      );
    }
    for (const r of city.routingRules) {
      await tx.query('insert into routing_rules (category_id, territory_id, lead_unit_id, assist_unit_ids) values ($1, $2, $3, $4)', [
        categories.get(r.categoryCode), r.territoryCode ? territories.get(r.territoryCode) : null, units.get(r.leadUnitCode),
        r.assistUnitCodes.map((c) => units.get(c)),
      ]);
    }
    for (const a of knowledgeArticles) {
      await tx.query('insert into knowledge_articles (title, body, category_id) values ($1, $2, $3)', [a.title, a.body, categories.get(a.categoryCode) ?? null]);
    }
    await bumpConfigVersion(tx);
  });
  const orders = await generateHistory(db, now, history);
  return { orders };
}
