// Staff users and their log-in sessions (`users`, `sessions`). A user comes back as the app's
// `User`: the row with its unit's name and tree path, which decides what the user may see.
import type { Role } from '../domain/types.ts';
import type { Queryable } from './db.ts';
import { sql } from './sql.ts';

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

/** A user's columns as `User`, from `users u join units n` (USERS). */
const USER_COLUMNS = sql`u.id, u.username, u.name, u.role, u.unit_id as "unitId", n.name as "unitName", n.path as "unitPath"`;
const USERS = sql`users u join units n on n.id = u.unit_id`;

/** A user by username, with what log-in checks: the password's hash and whether the user is active. */
export async function userForLogin(db: Queryable, username: string): Promise<{ user: User; passwordHash: string; active: boolean } | null> {
  const r = await db.query<User & { password_hash: string; active: boolean }>(
    sql`select u.password_hash, u.active, ${USER_COLUMNS} from ${USERS} where u.username = ${username}`);
  const row = r.rows[0];
  if (!row) return null;
  const { password_hash: passwordHash, active, ...user } = row;
  return { user, passwordHash, active };
}

/** The active user of an unexpired session. */
export async function userOfSession(db: Queryable, tokenHash: string, now: Date): Promise<User | null> {
  const r = await db.query<User>(sql`select ${USER_COLUMNS} from sessions s join ${USERS} on u.id = s.user_id
    where u.active and s.token_hash = ${tokenHash} and s.expires_at > ${now}`);
  return r.rows[0] ?? null;
}

export async function insertSession(db: Queryable, s: { tokenHash: string; userId: number; createdAt: Date; expiresAt: Date }): Promise<void> {
  await db.query(sql`insert into sessions (token_hash, user_id, created_at, expires_at) values (${s.tokenHash}, ${s.userId}, ${s.createdAt}, ${s.expiresAt})`);
}

export async function deleteSession(db: Queryable, tokenHash: string): Promise<void> {
  await db.query(sql`delete from sessions where token_hash = ${tokenHash}`);
}

/** Log the user out everywhere (a new password, a disabled user). */
export async function deleteSessionsOf(db: Queryable, userId: number): Promise<void> {
  await db.query(sql`delete from sessions where user_id = ${userId}`);
}

export interface UserListed extends Omit<User, 'unitPath'> {
  active: boolean;
}

/** Every user, active or not, for the administrators' list. */
export async function listUsers(db: Queryable): Promise<UserListed[]> {
  const r = await db.query<UserListed>(
    sql`select u.id, u.username, u.name, u.role, u.unit_id as "unitId", n.name as "unitName", u.active from ${USERS} order by u.id`);
  return r.rows;
}

export interface Staff {
  id: number;
  name: string;
  role: string;
  unitId: number;
}

/** The active users, as actors of the demo's history. */
export async function activeStaff(db: Queryable): Promise<Staff[]> {
  const r = await db.query<Staff>(
    sql`select id, name, role, unit_id as "unitId" from users where active order by id`);
  return r.rows;
}

export async function insertUser(db: Queryable, u: { username: string; name: string; role: Role; unitId: number; passwordHash: string }): Promise<number> {
  const r = await db.query<{ id: number }>(sql`insert into users (username, name, role, unit_id, password_hash)
    values (${u.username}, ${u.name}, ${u.role}, ${u.unitId}, ${u.passwordHash}) returning id`);
  return r.rows[0]!.id;
}
