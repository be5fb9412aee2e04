// The baseline: single-row autocommit INSERTs through the same driver into a table shaped like
// `orders` (same columns, defaults, indexes, unique constraints, the two foreign keys an accept
// fills), with a realistic `doc` jsonb taken from a demo order. Nothing else: no HTTP, no
// transaction block, no counter, no event row.
import type { Db } from '../src/store/db.ts';
import { sql } from '../src/store/sql.ts';
import { closedLoop, type RateResult } from './measure.ts';

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

/** The statement with its values bound, as every statement of the platform is (src/store/sql.ts). */
const insert = (v: unknown[]) => sql`insert into bench_raw (code, version, state, channel, request_type, category_id, grade, emergency, title, description,
    caller_name, caller_phone, anonymous, confidential, track_secret_hash, territory_id, address, lng, lat,
    accepted_at, idempotency_key, doc, updated_at)
  values (${v[0]}, 0, 'accepted', ${v[1]}, ${v[2]}, ${v[3]}, ${v[4]}, ${v[5]}, ${v[6]}, ${v[7]}, ${v[8]}, ${v[9]}, ${v[10]}, ${v[11]}, ${v[12]}, ${v[13]}, ${v[14]}, ${v[15]}, ${v[16]}, ${v[17]}, ${v[18]}, ${v[19]}, ${v[17]})`;

let serial = 0;

/** Rows inserted per second on `concurrency` connections (`count` is the rows written). */
export function rawInsertRate(
  db: Db, o: { concurrency: number; seconds: number; categoryId: number; territoryId: number; doc: string },
): Promise<RateResult> {
  return closedLoop(o.concurrency, o.seconds, () => {
    const n = ++serial;
    return db.query(insert([
      `R${String(n).padStart(8, '0')}`, 'phone', 'complaint', o.categoryId, 1, false, `夜间施工噪声扰民 ${n}`,
      '来电人反映小区旁工地每天夜里十一点以后仍在施工，噪声很大，影响休息，希望有关部门尽快处理。', '王丽',
      '13900001234', false, false, null, o.territoryId, '青岛市城阳区城阳街道正阳路 100 号', null, null, new Date(), null, o.doc,
    ]));
  });
}
