// Administrators' configuration changes: units, users, categories, territories, time-limit and
// routing rules, escalation settings, knowledge articles. Each change is one transaction that
// also appends to `admin_events` (who, when, what) and bumps the config version, so every
// process picks up the new configuration on its next request.
import { hashPassword } from './auth.ts';
import type { AppContext } from './context.ts';
import { AppError, field, invalid, notFound } from './errors.ts';
import {
  bumpConfigVersion, insertAdminEvent, insertTreeRow, lockTreeNode, movePaths, setTreeParent, setTreePath, treePath, updateById,
  type EditableTable, type TreeTable,
} from '../store/config.ts';
import type { Queryable, Tx } from '../store/db.ts';
import type { User } from './auth.ts';

export type { TreeTable };

/** Append who did what to which record, and when, to `admin_events`; call it inside the change's transaction. */
export async function recordAdminEvent(tx: Queryable, user: Pick<User, 'id'>, at: Date, entity: string, entityId: number | string, action: string, data: unknown): Promise<void> {
  await insertAdminEvent(tx, { at, actorUserId: user.id, entity, entityId: String(entityId), action, data });
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

/** The path of the parent a node goes under ('/' for none); 400 when there is no such parent. */
async function parentPathOf(tx: Tx, table: TreeTable, parentId: number | null): Promise<string> {
  if (parentId === null) return '/';
  const path = await treePath(tx, table, parentId);
  if (path === null) throw invalid([field('parentId', '上级不存在', 'No such parent')]);
  return path;
}

/** Insert a node of a tree table and set its path under its parent. */
export async function insertTreeNode(tx: Tx, table: TreeTable, values: Record<string, unknown>, parentId: number | null): Promise<number> {
  const parentPath = await parentPathOf(tx, table, parentId);
  const id = await insertTreeRow(tx, table, values, parentId);
  await setTreePath(tx, table, id, `${parentPath}${id}/`);
  return id;
}

/** Move a node under a new parent: its whole subtree's paths follow. Refuses a move into its own subtree. */
export async function moveTreeNode(tx: Tx, table: TreeTable, id: number, parentId: number | null): Promise<void> {
  const oldPath = await lockTreeNode(tx, table, id);
  if (oldPath === null) throw notFound('记录', 'record');
  const parentPath = await parentPathOf(tx, table, parentId);
  if (parentId !== null && parentPath.startsWith(oldPath)) throw invalid([field('parentId', '不能移动到自己的下级之下', 'Cannot move a node under its own subtree')]);
  const newPath = `${parentPath}${id}/`;
  await setTreeParent(tx, table, id, parentId);
  await movePaths(tx, table, oldPath, newPath);
}

/** Update the given columns of one row (undefined ones are left alone); unknown ids are a 404. */
export async function updateRow(tx: Tx, table: EditableTable, id: number, values: Record<string, unknown>): Promise<void> {
  const given = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  if (!Object.keys(given).length) return;
  if ((await updateById(tx, table, id, given)) === 0) throw notFound('记录', 'record');
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
