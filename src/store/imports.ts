// Imports of historical orders: each batch (who imported which file, when) and which orders it
// made, with how many of their events are history (the outbox never sends those); and the checks
// an import makes first: foreign rows imported before, case codes already taken here.
import type { Queryable, Tx } from './db.ts';
import { sql } from './sql.ts';

export async function insertImportBatch(tx: Tx, b: { at: Date; userId: number; profile: string; fileName: string | null; rows: number; imported: number }): Promise<number> {
  const r = await tx.query<{ id: number }>(sql`insert into import_batches (at, user_id, profile, file_name, rows, imported)
    values (${b.at}, ${b.userId}, ${b.profile}, ${b.fileName}, ${b.rows}, ${b.imported}) returning id`);
  return r.rows[0]!.id;
}

export async function recordImportedOrder(tx: Tx, x: { source: string; sourceId: string; orderId: number; batchId: number; events: number }): Promise<void> {
  await tx.query(sql`insert into imported_orders (source, source_id, order_id, batch_id, events)
    values (${x.source}, ${x.sourceId}, ${x.orderId}, ${x.batchId}, ${x.events})`);
}

/** The rows of this source among these foreign ids that were imported before, with the case code each became. */
export async function importedBefore(db: Queryable, source: string, sourceIds: readonly string[]): Promise<{ sourceId: string; code: string }[]> {
  const r = await db.query<{ source_id: string; code: string }>(sql`select i.source_id, o.code from imported_orders i join orders o on o.id = i.order_id
    where i.source = ${source} and i.source_id = any(${sourceIds}::text[])`);
  return r.rows.map((x) => ({ sourceId: x.source_id, code: x.code }));
}

/** The case codes among these that orders here already have (an import keeping another centre's codes). */
export async function takenCodes(db: Queryable, codes: readonly string[]): Promise<Set<string>> {
  const r = await db.query<{ code: string }>(sql`select code from orders where code = any(${codes}::text[])`);
  return new Set(r.rows.map((x) => x.code));
}
