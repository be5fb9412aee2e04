// Reads the shipped official holiday calendar (data/holidays/*.json, from NateScarlet/holiday-cn).
// File format: { year, papers, days: [{ name, date: 'YYYY-MM-DD', isOffDay }] }.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isValidDate, type CalendarDay } from '../domain/calendar.ts';

const DEFAULT_DIR = fileURLToPath(new URL('../../data/holidays/', import.meta.url));

interface YearFile {
  file: string;
  year: number;
  days: CalendarDay[];
}

function parseYearFile(file: string, text: string): YearFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`holiday file ${file}: invalid JSON (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null) throw new Error(`holiday file ${file}: not an object`);
  const obj = raw as { year?: unknown; days?: unknown };
  const fromName = Number(/^(\d{4})\.json$/.exec(file.split(/[\\/]/).pop() ?? '')?.[1]);
  const year = typeof obj.year === 'number' && Number.isInteger(obj.year) ? obj.year : fromName;
  if (!Number.isInteger(year)) throw new Error(`holiday file ${file}: missing integer "year"`);
  if (!Array.isArray(obj.days)) throw new Error(`holiday file ${file}: "days" must be an array`);
  const days: CalendarDay[] = obj.days.map((d: unknown, i: number) => {
    const e = d as { name?: unknown; date?: unknown; isOffDay?: unknown } | null;
    if (
      typeof e !== 'object' || e === null ||
      typeof e.date !== 'string' || !isValidDate(e.date) ||
      typeof e.isOffDay !== 'boolean' ||
      typeof e.name !== 'string'
    ) {
      throw new Error(`holiday file ${file}: days[${i}] must be { name: string, date: 'YYYY-MM-DD', isOffDay: boolean }`);
    }
    return { name: e.name, date: e.date, isOffDay: e.isOffDay };
  });
  return { file, year, days };
}

/**
 * All listed days from every *.json in `dir` (default: the shipped data/holidays), sorted by
 * date and de-duplicated by date: an entry from a later year's file wins over an entry for
 * the same date from an earlier year's file (e.g. 2019.json lists late December 2018).
 */
export function loadShippedHolidays(dir: string = DEFAULT_DIR): CalendarDay[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const years = files.map((f) => parseYearFile(f, readFileSync(join(dir, f), 'utf8')));
  years.sort((a, b) => a.year - b.year || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const byDate = new Map<string, CalendarDay>();
  for (const y of years) for (const d of y.days) byDate.set(d.date, d);
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
