// Writes the demo city (src/demo/city.ts) into an empty database: territory, units, users,
// categories, rules, knowledge articles, then a year of past work orders (src/demo/history.ts).
import { hash } from '@node-rs/argon2';
import type { Db, Tx } from '../store/db.ts';
import { bumpConfigVersion, hasUnits } from '../store/config.ts';
import { insertArticle } from '../store/knowledge.ts';
import { insertRoutingRule, insertTimeLimitRule } from '../store/rules.ts';
import { lockUntilCommit, STARTUP_LOCKS } from '../store/system.ts';
import { insertUser } from '../store/users.ts';
import { insertTreeNode, type TreeTable } from '../app/admin.ts';
import * as city from './city.ts';
import { knowledgeArticles } from './texts.ts';
import { generateHistory, type HistoryOptions } from './history.ts';

export async function isEmpty(db: Db): Promise<boolean> {
  return !(await hasUnits(db));
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
    await lockUntilCommit(tx, STARTUP_LOCKS.demoSeed);
    const territories = await insertTree(tx, 'territories', city.territories, (t) => ({
      code: t.code, name: t.name, level: t.level, center_lng: t.center[0], center_lat: t.center[1],
    }));
    const units = await insertTree(tx, 'units', city.units, (u) => ({
      code: u.code, name: u.name, kind: u.kind, tier: u.tier, duty_phone: u.dutyPhone,
      territory_id: u.territoryCode ? territories.get(u.territoryCode) ?? null : null,
    }));
    const categories = await insertTree(tx, 'categories', city.categories, (c) => ({ code: c.code, name: c.name }));
    for (const [i, u] of city.users.entries()) {
      await insertUser(tx, { username: u.username, name: u.name, role: u.role, unitId: units.get(u.unitCode)!, passwordHash: hashes[i]! });
    }
    for (const r of city.timeLimitRules) {
      await insertTimeLimitRule(tx, {
        requestType: r.requestType, categoryId: r.categoryCode ? categories.get(r.categoryCode)! : null, grade: r.grade, emergency: r.emergency,
        signFor: r.signFor, handle: r.handle,
      });
    }
    for (const r of city.routingRules) {
      await insertRoutingRule(tx, {
        categoryId: categories.get(r.categoryCode)!, territoryId: r.territoryCode ? territories.get(r.territoryCode)! : null, leadUnitId: units.get(r.leadUnitCode)!,
        assistUnitIds: r.assistUnitCodes.map((c) => units.get(c)!),
      });
    }
    for (const a of knowledgeArticles) {
      await insertArticle(tx, { title: a.title, body: a.body, categoryId: categories.get(a.categoryCode) ?? null });
    }
    await bumpConfigVersion(tx);
  });
  const orders = await generateHistory(db, now, history);
  return { orders };
}
