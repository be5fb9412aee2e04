// Administrators' configuration changes: units, users, categories, territories, time-limit and
// routing rules, escalation settings, knowledge articles. Each change is one transaction that
// also appends to `admin_events` (who, when, what) and bumps the config version, so every
// process picks up the new configuration on its next request.
import { hashPassword } from './auth.ts';
import type { AppContext } from './context.ts';
import { AppError, field, invalid, notFound } from './errors.ts';
import { bumpConfigVersion } from '../store/catalog.ts';
import type { Queryable, Tx } from '../store/db.ts';
import type { User } from './auth.ts';

export type TreeTable = 'units' | 'categories' | 'territories';

/** Append who did what to which record, and when, to `admin_events`; call it inside the change's transaction. */
export async function recordAdminEvent(tx: Queryable, user: Pick<User, 'id'>, at: Date, entity: string, entityId: number | string, action: string, data: unknown): Promise<void> {
  await tx.query(
    'insert into admin_events (at, actor_user_id, entity, entity_id, action, data) values ($1, $2, $3, $4, $5, $6)',
    [at, user.id, entity, String(entityId), action, JSON.stringify(data ?? null)],
  );
}

/** Run a configuration change and record it. */
export async function configChange<T>(app: AppContext, user: User, entity: string, action: string, run: (tx: Tx) => Promise<{ id: number | string; result: T; data?: unknown }>): Promise<T> {
  return app.db.transaction(async (tx) => {
    const { id, result, data } = await run(tx);
    await recordAdminEvent(tx, user, app.clock.now(), entity, id, action, data ?? result);
    await bumpConfigVersion(tx);
    return result;
  });
}

/** Insert a node of a tree table and set its path under its parent. */
export async function insertTreeNode(tx: Tx, table: TreeTable, values: Record<string, unknown>, parentId: number | null): Promise<number> {
  let parentPath = '/';
  if (parentId !== null) {
    const p = await tx.query<{ path: string }>(`select path from ${table} where id = $1`, [parentId]);
    if (!p.rows[0]) throw invalid([field('parentId', '上级不存在', 'No such parent')]);
    parentPath = p.rows[0].path;
  }
  const cols = Object.keys(values);
  const r = await tx.query<{ id: number }>(
    `insert into ${table} (${cols.join(', ')}, parent_id, path) values (${cols.map((_, i) => `$${i + 1}`).join(', ')}, $${cols.length + 1}, '') returning id`,
    [...Object.values(values), parentId],
  );
  const id = r.rows[0]!.id;
  await tx.query(`update ${table} set path = $2 where id = $1`, [id, `${parentPath}${id}/`]);
  return id;
}

/** Move a node under a new parent: its whole subtree's paths follow. Refuses a move into its own subtree. */
export async function moveTreeNode(tx: Tx, table: TreeTable, id: number, parentId: number | null): Promise<void> {
  const cur = await tx.query<{ path: string }>(`select path from ${table} where id = $1 for update`, [id]);
  if (!cur.rows[0]) throw notFound('记录', 'record');
  const oldPath = cur.rows[0].path;
  let parentPath = '/';
  if (parentId !== null) {
    const p = await tx.query<{ path: string }>(`select path from ${table} where id = $1`, [parentId]);
    if (!p.rows[0]) throw invalid([field('parentId', '上级不存在', 'No such parent')]);
    if (p.rows[0].path.startsWith(oldPath)) throw invalid([field('parentId', '不能移动到自己的下级之下', 'Cannot move a node under its own subtree')]);
    parentPath = p.rows[0].path;
  }
  const newPath = `${parentPath}${id}/`;
  await tx.query(`update ${table} set parent_id = $2 where id = $1`, [id, parentId]);
  await tx.query(`update ${table} set path = $2 || substr(path, length($1) + 1) where path like $1 || '%'`, [oldPath, newPath]);
}

/** Update the given columns of one row; unknown ids are a 404. */
export async function updateRow(tx: Tx, table: string, id: number, values: Record<string, unknown>): Promise<void> {
  const cols = Object.keys(values).filter((k) => values[k] !== undefined);
  if (!cols.length) return;
  const r = await tx.query(
    `update ${table} set ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')} where id = $1`,
    [id, ...cols.map((c) => values[c])],
  );
  if (r.rowCount === 0) throw notFound('记录', 'record');
}

export async function uniqueOr409<T>(p: Promise<T>, fieldName: string): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if ((e as { code?: string }).code === '23505') {
      throw new AppError(409, 'duplicate', '已存在相同编码或名称的记录', 'A record with this code or name already exists', [field(fieldName, '已被占用', 'Already taken')]);
    }
    throw e;
  }
}

export { hashPassword };
