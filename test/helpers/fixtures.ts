// Names for the demo city's ids, and request bodies a test can tweak.
import { getCatalog } from '../../src/store/catalog.ts';
import type { User } from '../../src/app/auth.ts';
import type { Db } from '../../src/store/db.ts';
import { sql } from '../../src/store/sql.ts';

export interface Ids {
  unit(code: string): number;
  category(code: string): number;
  territory(code: string): number;
}

export async function ids(db: Db): Promise<Ids> {
  const c = await getCatalog(db);
  const find = (m: Map<number, { code: string; id: number }>, kind: string) => (code: string) => {
    for (const v of m.values()) if (v.code === code) return v.id;
    throw new Error(`no ${kind} ${code}`);
  };
  return { unit: find(c.units, 'unit'), category: find(c.categories, 'category'), territory: find(c.territories, 'territory') };
}

let n = 0;
/** A complaint about construction noise at night in a grid of 城阳街道. */
export function complaint(i: Ids, over: Record<string, unknown> = {}) {
  n++;
  return {
    channel: 'phone',
    requestType: 'complaint',
    categoryId: i.category('020101'),
    title: `夜间施工噪声扰民 ${n}`,
    description: '来电人反映小区旁工地每天夜里十一点以后仍在施工，噪声很大，影响休息，希望有关部门尽快处理。',
    caller: { name: '王丽', phone: `1390000${String(1000 + n).slice(-4)}`, anonymous: false, confidential: false },
    place: { territoryId: i.territory('37021400100101'), address: '青岛市城阳区城阳街道正阳路 100 号' },
    ...over,
  };
}

/** Six residents of one estate about one new batching plant, in their own words: a hot issue. */
export const PLANT_COMPLAINTS: readonly (readonly [title: string, description: string])[] = [
  ['丽城小区旁搅拌站噪音扰民', '来电人反映丽城小区南侧新建的混凝土搅拌站日夜作业，噪音和粉尘很大。'],
  ['投诉丽城小区附近搅拌站', '丽城小区附近搅拌站夜间生产，搅拌机噪音扰民，灰尘落满阳台。'],
  ['丽城小区搅拌站粉尘噪音污染', '来电人称丽城小区旁的搅拌站每天凌晨还在运转，噪音粉尘污染严重。'],
  ['搅拌站扰民', '丽城小区居民反映附近搅拌站车辆和机器噪音很大，晚上无法休息。'],
  ['丽城小区边上搅拌站违规生产', '丽城小区边上的搅拌站是否有手续，夜里作业噪音扰民，要求查处。'],
  ['丽城小区附近搅拌站扬尘', '丽城小区附近的搅拌站扬尘严重，噪音也大，希望环保部门处理。'],
];

/** A demo user as the session knows them (role, unit and its tree path). */
export async function userOf(db: Db, username: string): Promise<User> {
  const r = await db.query<User>(sql`select u.id, u.username, u.name, u.role, u.unit_id as "unitId", n.name as "unitName", n.path as "unitPath"
    from users u join units n on n.id = u.unit_id where u.username = ${username}`);
  if (!r.rows[0]) throw new Error(`no user ${username}`);
  return r.rows[0];
}
