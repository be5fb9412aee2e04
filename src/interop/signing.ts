// Signed messages between platforms (links, webhooks): HMAC-SHA256 over "<unix seconds>.<body>",
// sent as `X-Minsheng-Signature: t=<unix seconds>,v1=<hex>`. The receiver recomputes it with the
// shared secret and refuses a signature more than five minutes from its own clock. Secrets and
// API keys are random; keys are kept only as their SHA-256.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-minsheng-signature';
export const TOLERANCE_SECONDS = 300;

export function sign(secret: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export type Verdict = { ok: true } | { ok: false; zh: string; en: string };

export function verify(secret: string, body: string, header: string | undefined, nowSeconds = Math.floor(Date.now() / 1000)): Verdict {
  if (!header) return { ok: false, zh: '缺少签名', en: 'Missing signature' };
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  const v1 = parts.v1 ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, zh: '签名格式不正确', en: 'Malformed signature' };
  if (Math.abs(nowSeconds - t) > TOLERANCE_SECONDS) return { ok: false, zh: '签名已过期', en: 'Signature timestamp out of tolerance' };
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) return { ok: false, zh: '签名不正确', en: 'Bad signature' };
  return { ok: true };
}

export function randomSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Compare two strings in constant time (through their hashes, so lengths do not leak). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
