// The baseline: single-row autocommit INSERTs through the same driver into a table shaped like
// `orders` (same columns, defaults, indexes, unique constraints, the two foreign keys an accept
// fills), with a realistic `doc` jsonb taken from a demo order. Nothing else: no HTTP, no
// transaction block, no counter, no event row.
import { performance } from 'node:perf_hooks';
import type { Db } from '../src/store/db.ts';

export interface RawResult {
  concurrency: number;
  rows: number;
  seconds: number;
  rate: number;
  /** Per-statement latency seen from Node, ms. */
  p50: number;
  p99: number;
}

export async function createRawTable(db: Db): Promise<void> {
  await db.exec(`
    drop table if exists bench_raw;
    create table bench_raw (like orders including all);
    alter table bench_raw add foreign key (category_id) references categories(id);
    alter table bench_raw add foreign key (territory_id) references territories(id);
  `);
}

export async function dropRawTable(db: Db): Promise<void> {
  await db.exec('drop table if exists bench_raw');
}

const INSERT = `insert into bench_raw (code, version, state, channel, request_type, category_id, grade, emergency, title, description,
    caller_name, caller_phone, anonymous, confidential, track_secret_hash, territory_id, address, lng, lat,
    accepted_at, idempotency_key, doc, updated_at)
  values ($1, 0, 'accepted', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $18)`;

let serial = 0;

export async function rawInsertRate(
  db: Db, o: { concurrency: number; seconds: number; categoryId: number; territoryId: number; doc: string },
): Promise<RawResult> {
  const lat: number[] = [];
  const stopAt = performance.now() + o.seconds * 1000;
  const t0 = performance.now();
  const worker = async () => {
    while (performance.now() < stopAt) {
      const n = ++serial;
      const t = performance.now();
      await db.query(INSERT, [
        `R${String(n).padStart(8, '0')}`, 'phone', 'complaint', o.categoryId, 1, false, `夜间施工噪声扰民 ${n}`,
        '来电人反映小区旁工地每天夜里十一点以后仍在施工，噪声很大，影响休息，希望有关部门尽快处理。', '王丽',
        '13900001234', false, false, null, o.territoryId, '青岛市城阳区城阳街道正阳路 100 号', null, null, new Date(), null, o.doc,
      ]);
      lat.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const at = (p: number) => lat[Math.min(lat.length - 1, Math.ceil(p * lat.length) - 1)] ?? 0;
  return { concurrency: o.concurrency, rows: lat.length, seconds, rate: lat.length / seconds, p50: at(0.5), p99: at(0.99) };
}
