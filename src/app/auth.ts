// Log-in and sessions. Passwords are hashed with Argon2id (memory-hard); sessions live in the
// database (a token's SHA-256), so any server process can check any session.
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Actor } from '../domain/order.ts';
import { ROLE_ZH } from '../domain/types.ts';
import { abilitiesOf } from '../policy/abilities.ts';
import { deskOf } from '../policy/desks.ts';
import type { Queryable } from '../store/db.ts';
import { deleteSession, insertSession, userForLogin, userOfSession, type User } from '../store/users.ts';
import { AppError } from './errors.ts';
import { attempt, LIMITS, type Limit } from './throttle.ts';

export const SESSION_HOURS = 12;

export type { User };

/** The logged-in user as the session hands it to the web app: what their role may do and the screens of their desk. */
export function sessionView(u: User) {
  return { ...u, roleZh: ROLE_ZH[u.role], abilities: abilitiesOf(u), desk: deskOf(u) };
}

export function actorOf(u: User): Actor {
  return { userId: u.id, role: u.role, unitId: u.unitId, name: u.name };
}

export const hashPassword = (password: string) => hash(password);

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** Log in; wrong passwords are limited per username and per client address (app/throttle.ts). */
export function login(db: Queryable, username: string, password: string, now: Date, address: string): Promise<{ token: string; user: User; expiresAt: Date }> {
  const counters: [Limit, string][] = [[LIMITS.wrongPasswordsPerUser, username.toLowerCase()], [LIMITS.wrongPasswordsPerAddress, address]];
  return attempt(db, counters, now, () => checkPassword(db, username, password, now), (e) => e instanceof AppError && e.code === 'bad_credentials');
}

async function checkPassword(db: Queryable, username: string, password: string, now: Date): Promise<{ token: string; user: User; expiresAt: Date }> {
  const found = await userForLogin(db, username);
  // Verify against a dummy hash when the user does not exist, so timing does not reveal usernames.
  const ok = await verify(found?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
  if (!found || !ok || !found.active) {
    throw new AppError(401, 'bad_credentials', '用户名或密码错误', 'Wrong username or password');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await insertSession(db, { tokenHash: sha256(token), userId: found.user.id, createdAt: now, expiresAt });
  return { token, user: found.user, expiresAt };
}

export async function authenticate(db: Queryable, token: string, now: Date): Promise<User | null> {
  return userOfSession(db, sha256(token), now);
}

export async function logout(db: Queryable, token: string): Promise<void> {
  await deleteSession(db, sha256(token));
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$HyyzeIxLG017mMnjOLDcGg$lF7XgJsbAwc8fajrR1dcb6Uucrcdss55wDw1Vv4ImWI';
