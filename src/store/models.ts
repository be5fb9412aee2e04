// The category classifier's versions (`intake_models`: claimed, then ready with the model's bytes
// or failed with the reason) and the labelled texts imported for it (`intake_training_texts`);
// with the counts that tell whether a new version is due.
import type { Queryable, Tx } from './db.ts';
import { sql } from './sql.ts';

/** Versions are claimed by one process at a time (advisory lock keys: src/app/measures/refresh.ts). */
const LOCK = 12345_0501;

export type ModelStatus = 'training' | 'ready' | 'failed';

export interface ModelRow {
  version: number;
  status: ModelStatus;
  examples: number;
  labels: number;
  metrics: Record<string, unknown> | null;
  error: string | null;
  claimedBy: string;
  claimedAt: Date;
  finishedAt: Date | null;
}

const ROW = sql.raw(`version, status, examples, labels, metrics, error, claimed_by as "claimedBy", claimed_at as "claimedAt", finished_at as "finishedAt"`);

/** The newest versions first. */
export async function modelVersions(db: Queryable, limit: number): Promise<ModelRow[]> {
  return (await db.query<ModelRow>(sql`select ${ROW} from intake_models order by version desc limit ${limit}`)).rows;
}

/** Wait until no other process claims a version (until the transaction ends). */
export async function lockModels(tx: Tx): Promise<void> {
  await tx.query(sql`select pg_advisory_xact_lock(${LOCK})`);
}

/** The newest version, whatever its status. */
export async function lastModel(tx: Tx): Promise<{ version: number; status: ModelStatus; claimedAt: Date } | null> {
  const r = await tx.query<{ version: number; status: ModelStatus; claimed_at: Date }>(
    sql`select version, status, claimed_at from intake_models order by version desc limit 1`);
  const row = r.rows[0];
  return row ? { version: row.version, status: row.status, claimedAt: new Date(row.claimed_at) } : null;
}

/** A 'training' version whose process stopped: failed. */
export async function markAbandoned(tx: Tx, version: number, at: Date): Promise<void> {
  await tx.query(sql`update intake_models set status = 'failed', error = 'abandoned: the training process stopped', finished_at = ${at}
    where version = ${version}`);
}

/** The newest ready version: how far in the event log and the imported texts it read, and its number of examples. */
export async function lastReadyModel(tx: Tx): Promise<{ eventCursor: number; importCursor: number; examples: number } | null> {
  const r = await tx.query<{ event_cursor: number; import_cursor: number; examples: number }>(
    sql`select event_cursor, import_cursor, examples from intake_models where status = 'ready' order by version desc limit 1`);
  const row = r.rows[0];
  return row ? { eventCursor: row.event_cursor, importCursor: row.import_cursor, examples: row.examples } : null;
}

/** Orders closed (or answered at once) since a position in the event log. */
export async function closedSince(tx: Tx, eventId: number): Promise<number> {
  return (await tx.query<{ n: number }>(
    sql`select count(*)::int as n from order_events where id > ${eventId} and type in ('closed', 'answered')`)).rows[0]!.n;
}

/** Texts imported since a position (an `intake_training_texts` id). */
export async function textsSince(tx: Tx, importId: number): Promise<number> {
  return (await tx.query<{ n: number }>(sql`select count(*)::int as n from intake_training_texts where id > ${importId}`)).rows[0]!.n;
}

/** The labelled examples there are: closed orders with a category and imported texts. */
export async function labelledCount(tx: Tx): Promise<number> {
  const r = await tx.query<{ n: number }>(sql`
    select (select count(*) from orders where state = 'closed' and category_id is not null)
         + (select count(*) from intake_training_texts) as n`);
  return Number(r.rows[0]!.n);
}

/** Where the event log and the imported texts end now: what a version claimed now reads up to. */
export async function trainingPositions(tx: Tx): Promise<{ eventCursor: number; importCursor: number }> {
  const r = await tx.query<{ e: number; i: number }>(
    sql`select coalesce((select max(id) from order_events), 0) as e, coalesce((select max(id) from intake_training_texts), 0) as i`);
  return { eventCursor: Number(r.rows[0]!.e), importCursor: Number(r.rows[0]!.i) };
}

/** Claim a version: its row, 'training', with the positions it reads up to and who trains it. */
export async function insertTraining(tx: Tx, version: number, at: { eventCursor: number; importCursor: number }, claimedBy: string, now: Date): Promise<void> {
  await tx.query(sql`insert into intake_models (version, status, event_cursor, import_cursor, claimed_by, claimed_at)
    values (${version}, 'training', ${at.eventCursor}, ${at.importCursor}, ${claimedBy}, ${now})`);
}

/** A trained version: ready with the model's bytes and figures (unless it is no longer 'training'). */
export async function markReady(
  db: Queryable, version: number, m: { bytes: Uint8Array; examples: number; labels: number; metrics: Record<string, unknown> }, now: Date,
): Promise<void> {
  await db.query(sql`update intake_models set status = 'ready', model = ${Buffer.from(m.bytes)}, examples = ${m.examples}, labels = ${m.labels},
      metrics = ${JSON.stringify(m.metrics)}, finished_at = ${now}
    where version = ${version} and status = 'training'`);
}

/** A version whose training failed, with the reason (unless it is no longer 'training'). */
export async function markFailed(db: Queryable, version: number, error: string, now: Date): Promise<void> {
  await db.query(sql`update intake_models set status = 'failed', error = ${error}, finished_at = ${now} where version = ${version} and status = 'training'`);
}

/** The newest ready version's number (null: none). */
export async function newestReadyVersion(db: Queryable): Promise<number | null> {
  const r = await db.query<{ version: number | null }>(sql`select max(version) as version from intake_models where status = 'ready'`);
  return r.rows[0]?.version ?? null;
}

/** A version's model bytes and when it was trained. */
export async function modelBytes(db: Queryable, version: number): Promise<{ model: Uint8Array; finishedAt: Date } | null> {
  const row = (await db.query<{ model: Uint8Array; finished_at: Date }>(sql`select model, finished_at from intake_models where version = ${version}`)).rows[0];
  return row ? { model: row.model, finishedAt: row.finished_at } : null;
}

// ---- imported texts ----------------------------------------------------------------------------

/** The most recently imported texts. */
export async function recentTrainingTexts(db: Queryable, limit: number): Promise<{ text: string; categoryId: number }[]> {
  const r = await db.query<{ text: string; category_id: number }>(sql`select text, category_id from intake_training_texts order by id desc limit ${limit}`);
  return r.rows.map((x) => ({ text: x.text, categoryId: x.category_id }));
}

/** Insert imported texts in one statement. */
export async function insertTrainingTexts(
  tx: Tx, texts: readonly { id: string | null; text: string; categoryId: number }[], importedBy: number, at: Date,
): Promise<void> {
  await tx.query(sql`insert into intake_training_texts (external_id, text, category_id, imported_by, imported_at)
    select id, text, category_id, ${importedBy}, ${at}
    from unnest(${texts.map((x) => x.id)}::text[], ${texts.map((x) => x.text)}::text[], ${texts.map((x) => x.categoryId)}::int[]) as t(id, text, category_id)`);
}
