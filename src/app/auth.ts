// Log-in and sessions. Passwords are hashed with Argon2id (memory-hard); sessions live in the
// database (a token's SHA-256), so any server process can check any session.
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Actor } from '../domain/order.ts';
import { ROLE_ZH, type Role } from '../domain/types.ts';
import { abilitiesOf } from '../policy/abilities.ts';
import { deskOf } from '../policy/desks.ts';
import type { Queryable } from '../store/db.ts';
import { AppError } from './errors.ts';
import { attempt, LIMITS, type Limit } from './throttle.ts';

export const SESSION_HOURS = 12;

export interface User {
  id: number;
  username: string;
  name: string;
  role: Role;
  unitId: number;
  unitName: string;
  /** The unit's tree path: a unit handler sees orders of this unit and below. */
  unitPath: string;
}

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

const USER_SQL = `select u.id, u.username, u.name, u.role, u.unit_id as "unitId", n.name as "unitName", n.path as "unitPath"
  from users u join units n on n.id = u.unit_id`;

/** Log in; wrong passwords are limited per username and per client address (app/throttle.ts). */
export function login(db: Queryable, username: string, password: string, now: Date, address: string): Promise<{ token: string; user: User; expiresAt: Date }> {
  const counters: [Limit, string][] = [[LIMITS.wrongPasswordsPerUser, username.toLowerCase()], [LIMITS.wrongPasswordsPerAddress, address]];
  return attempt(db, counters, now, () => checkPassword(db, username, password, now), (e) => e instanceof AppError && e.code === 'bad_credentials');
}

async function checkPassword(db: Queryable, username: string, password: string, now: Date): Promise<{ token: string; user: User; expiresAt: Date }> {
  const r = await db.query<User & { password_hash: string; active: boolean }>(
    `select u.password_hash, u.active, x.* from users u join (${USER_SQL}) x on x.id = u.id where u.username = $1`,
    [username],
  );
  const row = r.rows[0];
  // Verify against a dummy hash when the user does not exist, so timing does not reveal usernames.
  const ok = await verify(row?.password_hash ?? DUMMY_HASH, password).catch(() => false);
  if (!row || !ok || !row.active) {
    throw new AppError(401, 'bad_credentials', '用户名或密码错误', 'Wrong username or password');
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await db.query('insert into sessions (token_hash, user_id, created_at, expires_at) values ($1, $2, $3, $4)', [sha256(token), row.id, now, expiresAt]);
  const { password_hash: _p, active: _a, ...user } = row;
  return { token, user, expiresAt };
}

export async function authenticate(db: Queryable, token: string, now: Date): Promise<User | null> {
  const r = await db.query<User>(
    `select x.* from sessions s join (${USER_SQL} where u.active) x on x.id = s.user_id where s.token_hash = $1 and s.expires_at > $2`,
    [sha256(token), now],
  );
  return r.rows[0] ?? null;
}

export async function logout(db: Queryable, token: string): Promise<void> {
  await db.query('delete from sessions where token_hash = $1', [sha256(token)]);
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$HyyzeIxLG017mMnjOLDcGg$lF7XgJsbAwc8fajrR1dcb6Uucrcdss55wDw1Vv4ImWI';
