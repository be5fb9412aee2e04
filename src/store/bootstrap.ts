// Data every installation needs, demo or not: the official calendar shipped in data/holidays
// (years already in the database are left as administrators set them) and the settings rows.
import { calendarYears, insertCalendarDays } from './calendar.ts';
import { bumpConfigVersion } from './config.ts';
import type { Db } from './db.ts';
import { loadShippedHolidays } from './holiday-files.ts';
import { lockUntilCommit, STARTUP_LOCKS } from './system.ts';

export async function ensureBaseData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await lockUntilCommit(tx, STARTUP_LOCKS.baseData);
    const years = await calendarYears(tx);
    const days = loadShippedHolidays().filter((d) => !years.has(Number(d.date.slice(0, 4))));
    if (!days.length && years.size) return;
    await insertCalendarDays(tx, days);
    await bumpConfigVersion(tx);
  });
}
