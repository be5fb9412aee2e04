// Throttling (限流) of what anyone on the internet can call: the portal's submission and photo
// upload, tracking a request by its code and check, and logging in. Hits are counted in the
// database in fixed windows (what, subject, window start), so every server process behind the
// load balancer counts the same hits and a restart forgets nothing.
//
// What is counted:
// - attempts at a secret (`attempt`): checks for one case code (the check may be the phone's
//   last 4 digits: 10 wrong ones an hour make 10,000 combinations take months), passwords for
//   one username and from one address; a right answer is given back;
// - volume from one address (`take`, declared on the route as `config: { throttle }` and taken
//   in the server's first hook, before the body is read): portal submissions, photo uploads,
//   tracking lookups. The limits are generous: many residents may share one carrier address.
// A throttled request gets 429 with Retry-After and a message in Chinese and English, and nothing
// of it is written.
import type { Queryable } from '../store/db.ts';
import { countHit, deleteHitsBefore, uncountHit } from '../store/throttle.ts';
import { AppError } from './errors.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

export interface Limit {
  /** The counter's name, the first part of its key. */
  name: string;
  max: number;
  windowMs: number;
}

export const LIMITS = {
  wrongChecksPerCode: { name: 'track-fail', max: 10, windowMs: HOUR },
  lookupsPerAddress: { name: 'track-ip', max: 300, windowMs: 10 * MIN },
  submissionsPerAddress: { name: 'submit-ip', max: 60, windowMs: HOUR },
  uploadsPerAddress: { name: 'upload-ip', max: 200, windowMs: HOUR },
  wrongPasswordsPerUser: { name: 'login-fail-user', max: 10, windowMs: 15 * MIN },
  wrongPasswordsPerAddress: { name: 'login-fail-ip', max: 50, windowMs: 15 * MIN },
} satisfies Record<string, Limit>;

/** 429 with the seconds until the window ends (sent as Retry-After). */
export class TooManyRequests extends AppError {
  constructor(retryAfter: number) {
    const minutes = Math.max(1, Math.ceil(retryAfter / 60));
    super(429, 'too_many_requests', `操作过于频繁，请 ${minutes} 分钟后再试`, `Too many attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, [], { 'retry-after': String(retryAfter) });
  }
}

const windowOf = (l: Limit, now: Date) => new Date(Math.floor(now.getTime() / l.windowMs) * l.windowMs);
const keyOf = (l: Limit, subject: string) => `${l.name}:${subject}`;

/** Count one hit of `subject`; refuses (the hit stays counted) when it goes over the limit. */
export async function take(db: Queryable, l: Limit, subject: string, now: Date): Promise<void> {
  const hits = await countHit(db, keyOf(l, subject), windowOf(l, now));
  if (hits > l.max) throw new TooManyRequests(Math.ceil((windowOf(l, now).getTime() + l.windowMs - now.getTime()) / 1000));
}

async function giveBack(db: Queryable, l: Limit, subject: string, now: Date): Promise<void> {
  await uncountHit(db, keyOf(l, subject), windowOf(l, now));
}

/**
 * An attempt at a secret (a check, a password), counted against each (limit, subject) before it
 * runs, so that guesses sent in parallel cannot all slip in before the first failure is counted;
 * given back unless it failed the way `isFailure` says (a right answer, or the database failing,
 * costs nothing).
 */
export async function attempt<T>(db: Queryable, counters: [Limit, string][], now: Date, run: () => Promise<T>, isFailure: (e: unknown) => boolean): Promise<T> {
  const taken: [Limit, string][] = [];
  const giveAllBack = () => Promise.all(taken.map(([l, s]) => giveBack(db, l, s, now)));
  for (const [l, s] of counters) {
    try {
      await take(db, l, s, now);
    } catch (e) {
      await giveAllBack(); // the refusing counter keeps its hit; the others did not see an attempt
      throw e;
    }
    taken.push([l, s]);
  }
  try {
    const r = await run();
    await giveAllBack();
    return r;
  } catch (e) {
    if (!isFailure(e)) await giveAllBack();
    throw e;
  }
}

/** The sweep: forget windows that ended more than a day ago. */
export async function forgetOldHits(db: Queryable, now: Date): Promise<number> {
  return deleteHitsBefore(db, new Date(now.getTime() - 24 * HOUR));
}
