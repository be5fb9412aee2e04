// Configuration writes and their bookkeeping: the `settings` rows (the config version every
// process compares its cached catalog with, the escalation policy), the audit log
// `admin_events`, and the rows of the tree tables (units, categories, territories) and of the
// other tables administrators edit column by column. The tree rules themselves (a path under its
// parent, no move into its own subtree) are app/admin.ts's.
import type { EscalationPolicy } from '../domain/escalation.ts';
import type { Queryable, Tx } from './db.ts';
import { inSubtree } from './fragments.ts';
import { sql } from './sql.ts';

export type TreeTable = 'units' | 'categories' | 'territories';
/** The tables whose rows administrators edit by id (`updateById`). */
export type EditableTable = TreeTable | 'users' | 'time_limit_rules' | 'routing_rules' | 'knowledge_articles';

// ---- settings ----

export async function configVersion(db: Queryable): Promise<number> {
  const r = await db.query<{ value: number }>(sql`select value from settings where key = 'config_version'`);
  return Number(r.rows[0]?.value ?? 0);
}

/** Call inside every transaction that changes configuration. */
export async function bumpConfigVersion(db: Queryable): Promise<void> {
  await db.query(sql`insert into settings (key, value) values ('config_version', '1'::jsonb)
    on conflict (key) do update set value = to_jsonb((settings.value)::int + 1), updated_at = now()`);
}

/** The escalation policy as set (the defaults fill what is not). */
export async function escalationSetting(db: Queryable): Promise<Partial<EscalationPolicy>> {
  const r = await db.query<{ value: Partial<EscalationPolicy> }>(sql`select value from settings where key = 'escalation'`);
  return r.rows[0]?.value ?? {};
}

export async function setEscalationSetting(db: Queryable, policy: Partial<EscalationPolicy>): Promise<void> {
  await db.query(sql`insert into settings (key, value) values ('escalation', ${JSON.stringify(policy)})
    on conflict (key) do update set value = excluded.value, updated_at = now()`);
}

// ---- admin_events ----

export async function insertAdminEvent(db: Queryable, e: { at: Date; actorUserId: number; entity: string; entityId: string; action: string; data: unknown }): Promise<void> {
  await db.query(sql`insert into admin_events (at, actor_user_id, entity, entity_id, action, data)
    values (${e.at}, ${e.actorUserId}, ${e.entity}, ${e.entityId}, ${e.action}, ${JSON.stringify(e.data ?? null)})`);
}

// ---- tree tables ----

/** A node's path, or null when there is no such node. */
export async function treePath(db: Queryable, table: TreeTable, id: number): Promise<string | null> {
  const r = await db.query<{ path: string }>(sql`select path from ${sql.ident(table)} where id = ${id}`);
  return r.rows[0]?.path ?? null;
}

/** A node's path, its row locked until the transaction ends; null when there is no such node. */
export async function lockTreeNode(tx: Tx, table: TreeTable, id: number): Promise<string | null> {
  const r = await tx.query<{ path: string }>(sql`select path from ${sql.ident(table)} where id = ${id} for update`);
  return r.rows[0]?.path ?? null;
}

/** Insert a node with an empty path (its id is not known before): set it with `setTreePath`. */
export async function insertTreeRow(tx: Tx, table: TreeTable, values: Record<string, unknown>, parentId: number | null): Promise<number> {
  const cols = Object.keys(values);
  const r = await tx.query<{ id: number }>(sql`insert into ${sql.ident(table)} (${sql.join(cols.map((c) => sql.ident(c)))}, parent_id, path)
    values (${sql.join(cols.map((c) => sql`${values[c]}`))}, ${parentId}, '') returning id`);
  return r.rows[0]!.id;
}

export async function setTreePath(tx: Tx, table: TreeTable, id: number, path: string): Promise<void> {
  await tx.query(sql`update ${sql.ident(table)} set path = ${path} where id = ${id}`);
}

export async function setTreeParent(tx: Tx, table: TreeTable, id: number, parentId: number | null): Promise<void> {
  await tx.query(sql`update ${sql.ident(table)} set parent_id = ${parentId} where id = ${id}`);
}

/** Every path of the subtree at `oldPath` moves to start with `newPath` instead. */
export async function movePaths(tx: Tx, table: TreeTable, oldPath: string, newPath: string): Promise<void> {
  await tx.query(sql`update ${sql.ident(table)} set path = ${newPath} || substr(path, length(${oldPath}) + 1) where ${inSubtree(sql`path`, oldPath)}`);
}

/** Any unit at all (an empty database has none). */
export async function hasUnits(db: Queryable): Promise<boolean> {
  const r = await db.query<{ n: number }>(sql`select count(*)::int as n from units`);
  return r.rows[0]!.n !== 0;
}

// ---- any editable table ----

/** Set the given columns (at least one) of one row; returns how many rows there were (0 or 1). */
export async function updateById(tx: Tx, table: EditableTable, id: number, values: Record<string, unknown>): Promise<number> {
  const sets = Object.entries(values).map(([c, v]) => sql`${sql.ident(c)} = ${v}`);
  const r = await tx.query(sql`update ${sql.ident(table)} set ${sql.join(sets)} where id = ${id}`);
  return r.rowCount;
}
