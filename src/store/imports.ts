// Imports of historical orders: each batch (who imported which file, when) and which orders it
// made, with how many of their events are history (the outbox never sends those).
import type { Tx } from './db.ts';
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
