// Data every installation needs, demo or not: the official calendar shipped in data/holidays
// (years already in the database are left as administrators set them) and the settings rows.
import type { Db } from './db.ts';
import { loadShippedHolidays } from './holiday-files.ts';
import { bumpConfigVersion } from './catalog.ts';

export async function ensureBaseData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [12345_0002]);
    const have = await tx.query<{ y: number }>(`select distinct extract(year from date)::int as y from calendar_days`);
    const years = new Set(have.rows.map((r) => r.y));
    const days = loadShippedHolidays().filter((d) => !years.has(Number(d.date.slice(0, 4))));
    if (!days.length && years.size) return;
    for (let i = 0; i < days.length; i += 200) {
      const chunk = days.slice(i, i + 200);
      await tx.query(
        `insert into calendar_days (date, is_off_day, name)
         select * from unnest($1::date[], $2::boolean[], $3::text[]) on conflict (date) do nothing`,
        [chunk.map((d) => d.date), chunk.map((d) => d.isOffDay), chunk.map((d) => d.name)],
      );
    }
    await bumpConfigVersion(tx);
  });
}
