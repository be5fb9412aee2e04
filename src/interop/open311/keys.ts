// Open311 API keys. Administrators issue a key to an app and revoke it; only the key's SHA-256 is
// stored and the key itself is shown once. OPEN311_API_KEY, when set, is one more accepted key
// (for a deployment that configures its one client from the environment).
import { recordAdminEvent } from '../../app/admin.ts';
import type { User } from '../../app/auth.ts';
import type { AppContext } from '../../app/context.ts';
import { AppError, notFound } from '../../app/errors.ts';
import { insertApiKey, listApiKeys, revokeApiKey, useApiKey, type ApiKeyRow } from '../../store/api-keys.ts';
import type { Queryable } from '../../store/db.ts';
import { randomSecret, sameSecret, sha256Hex } from '../signing.ts';

function presentKey(k: ApiKeyRow) {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return { id: k.id, name: k.name, prefix: k.prefix, createdAt: iso(k.created_at), revokedAt: iso(k.revoked_at), lastUsedAt: iso(k.last_used_at), active: !k.revoked_at };
}

export async function listKeys(db: Queryable) {
  return (await listApiKeys(db)).map(presentKey);
}

export async function issueKey(app: AppContext, user: User, name: string) {
  const key = randomSecret('o311_');
  const now = app.clock.now();
  const row = await app.db.transaction(async (tx) => {
    const k = await insertApiKey(tx, { name, keyHash: sha256Hex(key), prefix: key.slice(0, 9), createdBy: user.id, at: now });
    await recordAdminEvent(tx, user, now, 'api_key', k.id, 'issue', { name, prefix: k.prefix });
    return k;
  });
  return { ...presentKey(row), key };
}

export async function revokeKey(app: AppContext, user: User, id: number) {
  const now = app.clock.now();
  return app.db.transaction(async (tx) => {
    const k = await revokeApiKey(tx, id, now);
    if (!k) throw notFound('API key', 'API key');
    await recordAdminEvent(tx, user, now, 'api_key', id, 'revoke', { name: k.name });
    return presentKey(k);
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
  const k = await useApiKey(app.db, sha256Hex(key), app.clock.now());
  return k ? { keyId: k.id, name: k.name } : null;
}

export const badKey = () => new AppError(403, 'invalid_api_key', 'api_key 无效或已被撤销', 'Invalid or revoked api_key');
