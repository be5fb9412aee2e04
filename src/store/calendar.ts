// The official calendar (`calendar_days`): only the days that differ from the Monday-Friday
// week, holidays and the weekend days made working days (调休上班).
import type { CalendarDay } from '../domain/calendar.ts';
import type { Queryable, Tx } from './db.ts';
import { sql, type Sql } from './sql.ts';

const inYear = (year: number): Sql => sql`date between ${`${year}-01-01`} and ${`${year}-12-31`}`;

/** The days in date order, of one year or all. */
export async function calendarDays(db: Queryable, year?: number): Promise<CalendarDay[]> {
  const r = await db.query<{ date: string; is_off_day: boolean; name: string }>(
    sql`select date, is_off_day, name from calendar_days ${sql.where(year ? [inYear(year)] : [])} order by date`);
  return r.rows.map((d) => ({ date: d.date, isOffDay: d.is_off_day, name: d.name }));
}

/** The years that have at least one day. */
export async function calendarYears(db: Queryable): Promise<Set<number>> {
  const r = await db.query<{ y: number }>(sql`select distinct extract(year from date)::int as y from calendar_days`);
  return new Set(r.rows.map((x) => x.y));
}

/** Add days, leaving those already there as they are; 200 to a statement. */
export async function insertCalendarDays(tx: Tx, days: readonly CalendarDay[]): Promise<void> {
  for (let i = 0; i < days.length; i += 200) {
    const chunk = days.slice(i, i + 200);
    await tx.query(sql`insert into calendar_days (date, is_off_day, name)
      select * from unnest(${chunk.map((d) => d.date)}::date[], ${chunk.map((d) => d.isOffDay)}::boolean[], ${chunk.map((d) => d.name)}::text[])
      on conflict (date) do nothing`);
  }
}

/** Replace a year's days with these (one by one: a date listed twice takes its last entry). */
export async function replaceCalendarYear(tx: Tx, year: number, days: readonly CalendarDay[]): Promise<void> {
  await tx.query(sql`delete from calendar_days where ${inYear(year)}`);
  for (const d of days) {
    await tx.query(sql`insert into calendar_days (date, is_off_day, name) values (${d.date}, ${d.isOffDay}, ${d.name})
      on conflict (date) do update set is_off_day = excluded.is_off_day, name = excluded.name`);
  }
}
