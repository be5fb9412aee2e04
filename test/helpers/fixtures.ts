// Names for the demo city's ids, and request bodies a test can tweak.
import { getCatalog } from '../../src/store/catalog.ts';
import type { Db } from '../../src/store/db.ts';

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
