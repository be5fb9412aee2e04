// The official Chinese working-day calendar (法定节假日 + 调休), as pure functions over data.
//
// Time zone: Asia/Shanghai is a fixed UTC+08:00 with no DST since 1991, so local dates are
// computed with integer arithmetic on epoch milliseconds (no Intl, no host time zone).
// Dates are 'YYYY-MM-DD' strings; internally they are turned into epoch-day numbers
// (days since 1970-01-01) so that walking the calendar is cheap.
//
// No I/O and no clock reads here: every function is a pure function of its arguments.

import type { Limit } from './types.ts';

export interface CalendarDay {
  /** 'YYYY-MM-DD' */
  date: string;
  /** true = a holiday (day off); false = a weekend day made a working day (调休上班). */
  isOffDay: boolean;
  name: string;
}

export interface Calendar {
  version: number;
  /** Listed days off (may include weekend days; harmless). */
  offDays: ReadonlySet<string>;
  /** Listed working days (调休上班), normally Saturdays/Sundays. */
  workDays: ReadonlySet<string>;
  /** date → holiday name, for both kinds of listed day. */
  names: ReadonlyMap<string, string>;
}

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
const SHANGHAI_OFFSET_MS = 8 * MS_PER_HOUR;

// ---------------------------------------------------------------------------
// Civil-date arithmetic (proleptic Gregorian; H. Hinnant's days_from_civil / civil_from_days).

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 (epoch day 0) was a Thursday. */
function weekdayOfEpochDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isCodeDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const DATE_DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9] as const;

/** Parses 'YYYY-MM-DD' to an epoch day, or NaN when malformed or non-existent. */
function epochDayOf(s: string): number {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  for (const i of DATE_DIGIT_POSITIONS) if (!isCodeDigit(s.charCodeAt(i))) return NaN;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

function requireEpochDay(date: string): number {
  const day = epochDayOf(date);
  if (Number.isNaN(day)) throw new RangeError(`invalid date (expected an existing YYYY-MM-DD): ${JSON.stringify(date)}`);
  return day;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return n >= 0 && n < 10_000 ? String(n).padStart(4, '0') : String(n);
}

function dateOfEpochDay(day: number): string {
  const [y, m, d] = civilFromDays(day);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

function requireTime(instant: Date, what: string): number {
  const t = instant instanceof Date ? instant.getTime() : NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${what}: invalid Date`);
  return t;
}

/** Epoch day of the Asia/Shanghai local date containing instant t (ms). */
function localEpochDay(t: number): number {
  return Math.floor((t + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** Instant (ms) of 00:00 Asia/Shanghai on the given epoch day. */
function startMsOfEpochDay(day: number): number {
  return day * MS_PER_DAY - SHANGHAI_OFFSET_MS;
}

// ---------------------------------------------------------------------------
// Calendars

/** Epoch day → isOffDay for every listed day. Built once per calendar object. */
const overrideCache = new WeakMap<Calendar, Map<number, boolean>>();

function overridesOf(cal: Calendar): Map<number, boolean> {
  let map = overrideCache.get(cal);
  if (map === undefined) {
    // Calendars not built by makeCalendar: if a date is in both sets, "off" wins (as in isWorkingDay).
    map = new Map();
    for (const date of cal.workDays) {
      const day = epochDayOf(date);
      if (!Number.isNaN(day)) map.set(day, false);
    }
    for (const date of cal.offDays) {
      const day = epochDayOf(date);
      if (!Number.isNaN(day)) map.set(day, true);
    }
    overrideCache.set(cal, map);
  }
  return map;
}

function isWorkingEpochDay(day: number, overrides: Map<number, boolean>): boolean {
  const off = overrides.get(day);
  if (off !== undefined) return !off;
  const wd = weekdayOfEpochDay(day);
  return wd !== 0 && wd !== 6;
}

/**
 * Builds a calendar from listed days. When the same date is listed more than once the
 * later entry wins. Throws RangeError on a malformed date. Treat the result as immutable.
 */
export function makeCalendar(days: Iterable<CalendarDay>, version = 0): Calendar {
  const offDays = new Set<string>();
  const workDays = new Set<string>();
  const names = new Map<string, string>();
  const overrides = new Map<number, boolean>();
  for (const entry of days) {
    const day = requireEpochDay(entry.date);
    if (entry.isOffDay) {
      offDays.add(entry.date);
      workDays.delete(entry.date);
    } else {
      workDays.add(entry.date);
      offDays.delete(entry.date);
    }
    names.set(entry.date, entry.name);
    overrides.set(day, entry.isOffDay);
  }
  const cal: Calendar = Object.freeze({ version, offDays, workDays, names });
  overrideCache.set(cal, overrides);
  return cal;
}

/** Mon–Fri unless listed as a day off; Sat/Sun only if listed as a working day. */
export function isWorkingDay(date: string, cal: Calendar): boolean {
  return isWorkingEpochDay(requireEpochDay(date), overridesOf(cal));
}

/** Years (ascending) that have at least one listed day, by the year of the listed date. */
export function coveredYears(cal: Calendar): number[] {
  const years = new Set<number>();
  for (const set of [cal.offDays, cal.workDays]) {
    for (const date of set) {
      const y = Number(date.slice(0, 4));
      if (Number.isInteger(y)) years.add(y);
    }
  }
  return [...years].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------
// Local dates in Asia/Shanghai

/** The Asia/Shanghai local date (YYYY-MM-DD) containing the instant. */
export function localDate(instant: Date): string {
  return dateOfEpochDay(localEpochDay(requireTime(instant, 'localDate')));
}

/** 00:00 Asia/Shanghai at the start of the date. */
export function startOfLocalDay(date: string): Date {
  return new Date(startMsOfEpochDay(requireEpochDay(date)));
}

/** 24:00 Asia/Shanghai at the end of the date (= 00:00 of the next day). */
export function endOfLocalDay(date: string): Date {
  return new Date(startMsOfEpochDay(requireEpochDay(date) + 1));
}

/** The date `days` calendar days after `date` (default 1; may be negative). */
export function nextDate(date: string, days = 1): string {
  if (!Number.isInteger(days)) throw new RangeError(`nextDate: days must be an integer, got ${days}`);
  return dateOfEpochDay(requireEpochDay(date) + days);
}

// ---------------------------------------------------------------------------
// Deadlines and elapsed working time

/**
 * An order accepted on local day D (any time of day, working day or not) with a limit of
 * n working days is due at the END (24:00 Asia/Shanghai) of the n-th working day after D.
 * D itself never counts; n = 0 gives the end of D. Throws RangeError for negative or
 * non-integer n. Years without calendar data fall back to the Mon–Fri rule.
 */
export function addWorkingDays(start: Date, n: number, cal: Calendar): Date {
  const t = requireTime(start, 'addWorkingDays');
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`addWorkingDays: n must be a non-negative integer, got ${n}`);
  }
  const overrides = overridesOf(cal);
  let day = localEpochDay(t);
  let remaining = n;
  while (remaining > 0) {
    day += 1;
    if (isWorkingEpochDay(day, overrides)) remaining -= 1;
  }
  return new Date(startMsOfEpochDay(day + 1));
}

/** workdays → addWorkingDays; hours → start + value clock hours (holidays do not stop the clock). */
export function deadline(start: Date, limit: Limit, cal: Calendar): Date {
  if (limit.unit === 'workdays') return addWorkingDays(start, limit.value, cal);
  if (limit.unit === 'hours') {
    const t = requireTime(start, 'deadline');
    if (!Number.isFinite(limit.value) || limit.value < 0) {
      throw new RangeError(`deadline: hours must be a non-negative number, got ${limit.value}`);
    }
    return new Date(t + Math.round(limit.value * MS_PER_HOUR));
  }
  throw new RangeError(`deadline: unknown limit unit ${JSON.stringify((limit as { unit: unknown }).unit)}`);
}

/**
 * Elapsed working time between two instants, in (fractional) working days: for each local
 * working day, the fraction of its 24 hours covered by [from, to]. 0 if to <= from.
 */
export function workingDaysBetween(from: Date, to: Date, cal: Calendar): number {
  const a = requireTime(from, 'workingDaysBetween');
  const b = requireTime(to, 'workingDaysBetween');
  if (b <= a) return 0;
  const overrides = overridesOf(cal);
  const firstDay = localEpochDay(a);
  const lastDay = localEpochDay(b);
  let ms = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    if (!isWorkingEpochDay(day, overrides)) continue;
    const s = startMsOfEpochDay(day);
    const lo = a > s ? a : s;
    const hi = b < s + MS_PER_DAY ? b : s + MS_PER_DAY;
    if (hi > lo) ms += hi - lo;
  }
  // Sum integer milliseconds first and divide once, so whole days come out exact.
  return ms / MS_PER_DAY;
}

// ---------------------------------------------------------------------------
// Formatting and parsing

/** ISO 8601 in Asia/Shanghai with a +08:00 offset and no milliseconds, e.g. '2025-10-10T00:00:00+08:00'. */
export function formatShanghai(instant: Date): string {
  const t = requireTime(instant, 'formatShanghai');
  const local = t + SHANGHAI_OFFSET_MS;
  const day = Math.floor(local / MS_PER_DAY);
  const msOfDay = local - day * MS_PER_DAY;
  const secs = Math.floor(msOfDay / 1000);
  const hh = Math.floor(secs / 3600);
  const mm = Math.floor((secs % 3600) / 60);
  const ss = secs % 60;
  return `${dateOfEpochDay(day)}T${pad2(hh)}:${pad2(mm)}:${pad2(ss)}+08:00`;
}

const INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * Strict ISO 8601: 'YYYY-MM-DDTHH:mm[:ss[.fraction]]' with 'Z' or '±HH:MM' (no offset =
 * Asia/Shanghai local time), or a bare 'YYYY-MM-DD' (= 00:00 Asia/Shanghai). Fractions
 * beyond milliseconds are truncated. Returns null for anything invalid.
 */
export function parseInstant(s: string): Date | null {
  if (typeof s !== 'string') return null;
  const m = INSTANT_RE.exec(s);
  if (m === null) return null;
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  const h = hs === undefined ? 0 : Number(hs);
  const mi = mis === undefined ? 0 : Number(mis);
  const sec = ss === undefined ? 0 : Number(ss);
  if (h > 23 || mi > 59 || sec > 59) return null;
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  let offsetMs = SHANGHAI_OFFSET_MS;
  if (zone === 'Z') {
    offsetMs = 0;
  } else if (zone !== undefined) {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offsetMs = (zone[0] === '-' ? -1 : 1) * (oh * MS_PER_HOUR + om * 60_000);
  }
  const t = daysFromCivil(y, mo, d) * MS_PER_DAY + h * MS_PER_HOUR + mi * 60_000 + sec * 1000 + ms - offsetMs;
  const out = new Date(t);
  return Number.isNaN(out.getTime()) ? null : out;
}

/** True for a 'YYYY-MM-DD' string naming a date that exists. */
export function isValidDate(s: string): boolean {
  return !Number.isNaN(epochDayOf(s));
}
