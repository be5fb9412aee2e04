// Open311 API keys. Administrators issue a key to an app and revoke it; only the key's SHA-256 is
// stored and the key itself is shown once. OPEN311_API_KEY, when set, is one more accepted key
// (for a deployment that configures its one client from the environment).
import { recordAdminEvent } from '../../app/admin.ts';
import type { User } from '../../app/auth.ts';
import type { AppContext } from '../../app/context.ts';
import { AppError, notFound } from '../../app/errors.ts';
import type { Queryable } from '../../store/db.ts';
import { randomSecret, sameSecret, sha256Hex } from '../signing.ts';

export interface ApiKeyRow {
  id: number;
  name: string;
  prefix: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

function presentKey(k: ApiKeyRow) {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return { id: k.id, name: k.name, prefix: k.prefix, createdAt: iso(k.created_at), revokedAt: iso(k.revoked_at), lastUsedAt: iso(k.last_used_at), active: !k.revoked_at };
}

export async function listKeys(db: Queryable) {
  const r = await db.query<ApiKeyRow>('select id, name, prefix, created_at, revoked_at, last_used_at from api_keys order by id');
  return r.rows.map(presentKey);
}

export async function issueKey(app: AppContext, user: User, name: string) {
  const key = randomSecret('o311_');
  const now = app.clock.now();
  const row = await app.db.transaction(async (tx) => {
    const r = await tx.query<ApiKeyRow>(
      `insert into api_keys (name, key_hash, prefix, created_by, created_at) values ($1, $2, $3, $4, $5)
       returning id, name, prefix, created_at, revoked_at, last_used_at`,
      [name, sha256Hex(key), key.slice(0, 9), user.id, now],
    );
    await recordAdminEvent(tx, user, now, 'api_key', r.rows[0]!.id, 'issue', { name, prefix: r.rows[0]!.prefix });
    return r.rows[0]!;
  });
  return { ...presentKey(row), key };
}

export async function revokeKey(app: AppContext, user: User, id: number) {
  const now = app.clock.now();
  return app.db.transaction(async (tx) => {
    const r = await tx.query<ApiKeyRow>(
      `update api_keys set revoked_at = coalesce(revoked_at, $2) where id = $1 returning id, name, prefix, created_at, revoked_at, last_used_at`,
      [id, now],
    );
    if (!r.rows[0]) throw notFound('API key', 'API key');
    await recordAdminEvent(tx, user, now, 'api_key', id, 'revoke', { name: r.rows[0].name });
    return presentKey(r.rows[0]);
  });
}

export interface Client {
  keyId: number | null;
  name: string;
}

/** The client a key belongs to, or null for an unknown or revoked key. Its last use is noted at most once a minute. */
export async function checkKey(app: AppContext, key: string): Promise<Client | null> {
  const env = process.env.OPEN311_API_KEY;
  if (env && sameSecret(env, key)) return { keyId: null, name: 'OPEN311_API_KEY' };
  const r = await app.db.query<{ id: number; name: string }>(
    `with k as (select id, name, last_used_at from api_keys where key_hash = $1 and revoked_at is null),
     u as (update api_keys a set last_used_at = $2 from k
           where a.id = k.id and (k.last_used_at is null or k.last_used_at not between $2::timestamptz - interval '1 minute' and $2::timestamptz))
     select id, name from k`,
    [sha256Hex(key), app.clock.now()],
  );
  return r.rows[0] ? { keyId: r.rows[0].id, name: r.rows[0].name } : null;
}

export const badKey = () => new AppError(403, 'invalid_api_key', 'api_key 无效或已被撤销', 'Invalid or revoked api_key');
