// Open311 API keys (`api_keys`): each issued key's name, its first characters and its SHA-256
// (never the key itself), when it was revoked and last used.
import type { Queryable, Tx } from './db.ts';
import { sql } from './sql.ts';

export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const COLUMNS = sql`id, name, prefix, created_at, revoked_at, last_used_at`;

export async function listApiKeys(db: Queryable): Promise<ApiKeyRow[]> {
  const r = await db.query<ApiKeyRow>(sql`select ${COLUMNS} from api_keys order by id`);
  return r.rows;
}

export async function insertApiKey(tx: Tx, k: { name: string; keyHash: string; prefix: string; createdBy: number; at: Date }): Promise<ApiKeyRow> {
  const r = await tx.query<ApiKeyRow>(sql`insert into api_keys (name, key_hash, prefix, created_by, created_at)
    values (${k.name}, ${k.keyHash}, ${k.prefix}, ${k.createdBy}, ${k.at}) returning ${COLUMNS}`);
  return r.rows[0]!;
}

/** Revoke a key (a key revoked before keeps its first revocation time); null when there is no such key. */
export async function revokeApiKey(tx: Tx, id: number, at: Date): Promise<ApiKeyRow | null> {
  const r = await tx.query<ApiKeyRow>(sql`update api_keys set revoked_at = coalesce(revoked_at, ${at}) where id = ${id} returning ${COLUMNS}`);
  return r.rows[0] ?? null;
}

/** The unrevoked key with this hash, its use noted at most once a minute (in the same statement). */
export async function useApiKey(db: Queryable, keyHash: string, now: Date): Promise<{ id: number; name: string } | null> {
  const r = await db.query<{ id: number; name: string }>(sql`
    with k as (select id, name, last_used_at from api_keys where key_hash = ${keyHash} and revoked_at is null),
    u as (update api_keys a set last_used_at = ${now} from k
          where a.id = k.id and (k.last_used_at is null or k.last_used_at not between ${now}::timestamptz - interval '1 minute' and ${now}::timestamptz))
    select id, name from k`);
  return r.rows[0] ?? null;
}
