// Working-day calendar: checked against the State Council holiday notices for 2025
// (国办发明电〔2024〕12号) and 2026 (国办发明电〔2025〕7号) as shipped in data/holidays.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addWorkingDays,
  coveredYears,
  deadline,
  endOfLocalDay,
  formatShanghai,
  isValidDate,
  isWorkingDay,
  localDate,
  makeCalendar,
  nextDate,
  parseInstant,
  startOfLocalDay,
  workingDaysBetween,
  type Calendar,
} from '../../src/domain/calendar.ts';
import type { Limit } from '../../src/domain/types.ts';
import { loadShippedHolidays } from '../../src/store/holiday-files.ts';

const shipped = loadShippedHolidays();
const cal: Calendar = makeCalendar(shipped, 1);

function at(s: string): Date {
  const d = parseInstant(s);
  assert.ok(d, `test fixture should parse: ${s}`);
  return d;
}

function due(accepted: string, n: number, c: Calendar = cal): string {
  return formatShanghai(addWorkingDays(at(accepted), n, c));
}

describe('shipped data', () => {
  it('loads 2015–2026 with the late-December 2018 entries from 2019.json', () => {
    assert.deepEqual(coveredYears(cal), [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    assert.ok(!coveredYears(cal).includes(2027), '2027 has no notice yet');
    assert.equal(isWorkingDay('2018-12-29', cal), true); // Saturday worked, listed in 2019.json
    assert.equal(isWorkingDay('2018-12-31', cal), false);
  });

  it('is sorted by date with no duplicate dates', () => {
    const dates = shipped.map((d) => d.date);
    assert.deepEqual(dates, [...new Set(dates)].sort());
  });

  it('keeps the holiday names', () => {
    assert.equal(cal.names.get('2025-10-01'), '国庆节、中秋节');
    assert.equal(cal.names.get('2026-02-14'), '春节');
    assert.equal(cal.version, 1);
  });

  it('a later year file wins over an earlier one for the same date', () => {
    const dir = mkdtempSync(join(tmpdir(), 'holidays-'));
    try {
      writeFileSync(join(dir, '2030.json'), JSON.stringify({ year: 2030, papers: [], days: [
        { name: '元旦', date: '2030-12-31', isOffDay: false },
        { name: '元旦', date: '2030-01-01', isOffDay: true },
      ] }));
      writeFileSync(join(dir, '2031.json'), JSON.stringify({ year: 2031, papers: [], days: [
        { name: '元旦', date: '2030-12-31', isOffDay: true },
      ] }));
      const days = loadShippedHolidays(dir);
      assert.deepEqual(days, [
        { name: '元旦', date: '2030-01-01', isOffDay: true },
        { name: '元旦', date: '2030-12-31', isOffDay: true },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('isWorkingDay', () => {
  const cases: Array<[string, boolean, string]> = [
    ['2025-09-26', true, 'ordinary Friday'],
    ['2025-09-27', false, 'ordinary Saturday'],
    ['2025-09-28', true, 'Sunday worked before National Day 2025'],
    ['2025-10-01', false, 'National Day'],
    ['2025-10-06', false, 'Mid-Autumn (merged into National Day 2025)'],
    ['2025-10-08', false, 'last day of National Day 2025'],
    ['2025-10-09', true, 'first working day after National Day 2025'],
    ['2025-10-11', true, 'Saturday worked after National Day 2025'],
    ['2025-10-12', false, 'ordinary Sunday'],
    ['2025-01-26', true, 'Sunday worked before Spring Festival 2025'],
    ['2025-01-27', true, 'Monday between make-up day and Spring Festival 2025'],
    ['2025-01-28', false, 'Spring Festival eve 2025'],
    ['2025-02-04', false, 'last day of Spring Festival 2025'],
    ['2025-02-08', true, 'Saturday worked after Spring Festival 2025'],
    ['2025-04-27', true, 'Sunday worked before Labour Day 2025'],
    ['2025-05-05', false, 'Labour Day 2025'],
    ['2025-05-06', true, 'after Labour Day 2025'],
    ['2026-01-01', false, 'New Year 2026'],
    ['2026-01-02', false, 'New Year 2026 (Friday)'],
    ['2026-01-04', true, 'Sunday worked after New Year 2026'],
    ['2026-02-14', true, 'Saturday worked before Spring Festival 2026'],
    ['2026-02-15', false, 'Spring Festival 2026'],
    ['2026-02-23', false, 'last day of Spring Festival 2026 (Monday)'],
    ['2026-02-24', true, 'first working day after Spring Festival 2026'],
    ['2026-02-28', true, 'Saturday worked after Spring Festival 2026'],
    ['2026-04-26', false, 'no make-up Sunday before Labour Day 2026'],
    ['2026-05-04', false, 'Labour Day 2026 (Monday)'],
    ['2026-05-09', true, 'Saturday worked after Labour Day 2026'],
    ['2026-09-20', true, 'Sunday worked before National Day 2026'],
    ['2026-09-25', false, 'Mid-Autumn 2026 (Friday)'],
    ['2026-10-10', true, 'Saturday worked after National Day 2026'],
    ['2027-10-01', true, 'no 2027 data yet: plain weekday rule (Friday)'],
    ['2027-10-02', false, 'no 2027 data yet: plain weekday rule (Saturday)'],
  ];
  for (const [date, expected, why] of cases) {
    it(`${date} → ${expected} (${why})`, () => assert.equal(isWorkingDay(date, cal), expected));
  }

  it('rejects malformed dates', () => {
    assert.throws(() => isWorkingDay('2025-13-01', cal), RangeError);
    assert.throws(() => isWorkingDay('2025-10-1', cal), RangeError);
  });
});

describe('addWorkingDays: due at 24:00 of the Nth working day after the day of acceptance', () => {
  const cases: Array<[string, number, string, string]> = [
    // National Day 2025: Sep 28 (Sun) worked, Oct 1–8 off, Oct 11 (Sat) worked.
    ['2025-09-30T10:00:00+08:00', 1, '2025-10-10T00:00:00+08:00', 'Tue before the holiday → end of Oct 9'],
    ['2025-09-30T10:00:00+08:00', 2, '2025-10-11T00:00:00+08:00', '→ end of Fri Oct 10'],
    ['2025-09-30T10:00:00+08:00', 3, '2025-10-12T00:00:00+08:00', '→ end of make-up Sat Oct 11'],
    ['2025-09-30T10:00:00+08:00', 4, '2025-10-14T00:00:00+08:00', '→ skips Sun Oct 12, end of Mon Oct 13'],
    ['2025-09-26T15:00:00+08:00', 1, '2025-09-29T00:00:00+08:00', 'Fri → make-up Sun Sep 28'],
    ['2025-09-28T09:00:00+08:00', 3, '2025-10-10T00:00:00+08:00', 'accepted on make-up Sunday: Sep 29, Sep 30, Oct 9'],
    // Accepted on a holiday.
    ['2025-10-03T09:00:00+08:00', 1, '2025-10-10T00:00:00+08:00', 'accepted on a holiday → end of Oct 9'],
    ['2025-10-03T09:00:00+08:00', 3, '2025-10-12T00:00:00+08:00', 'accepted on a holiday → end of make-up Sat Oct 11'],
    // Accepted on a make-up Saturday.
    ['2025-10-11T09:00:00+08:00', 1, '2025-10-14T00:00:00+08:00', 'accepted on make-up Saturday → end of Mon Oct 13'],
    // Spring Festival 2025: Jan 26 (Sun) worked, Jan 28–Feb 4 off, Feb 8 (Sat) worked.
    ['2025-01-24T10:00:00+08:00', 1, '2025-01-27T00:00:00+08:00', 'Fri → make-up Sun Jan 26'],
    ['2025-01-24T10:00:00+08:00', 2, '2025-01-28T00:00:00+08:00', '→ Mon Jan 27'],
    ['2025-01-24T10:00:00+08:00', 3, '2025-02-06T00:00:00+08:00', '→ skips Jan 28–Feb 4, Wed Feb 5'],
    ['2025-01-24T10:00:00+08:00', 6, '2025-02-09T00:00:00+08:00', '→ make-up Sat Feb 8'],
    ['2025-01-24T10:00:00+08:00', 7, '2025-02-11T00:00:00+08:00', '→ skips Sun Feb 9, Mon Feb 10'],
    ['2025-01-27T18:00:00+08:00', 1, '2025-02-06T00:00:00+08:00', 'last working day before the holiday'],
    // Spring Festival 2026: Feb 14 (Sat) worked, Feb 15–23 off, Feb 28 (Sat) worked.
    ['2026-02-13T16:00:00+08:00', 1, '2026-02-15T00:00:00+08:00', 'Fri → make-up Sat Feb 14'],
    ['2026-02-13T16:00:00+08:00', 2, '2026-02-25T00:00:00+08:00', '→ skips Feb 15–23, Tue Feb 24'],
    ['2026-02-20T11:00:00+08:00', 5, '2026-03-01T00:00:00+08:00', 'accepted during the holiday → make-up Sat Feb 28'],
    ['2026-02-20T11:00:00+08:00', 6, '2026-03-03T00:00:00+08:00', '→ skips Sun Mar 1, Mon Mar 2'],
    ['2026-02-12T09:00:00+08:00', 10, '2026-03-05T00:00:00+08:00', '10 working days across the whole holiday'],
    // Labour Day 2025: Apr 27 (Sun) worked, May 1–5 off.
    ['2025-04-25T10:00:00+08:00', 1, '2025-04-28T00:00:00+08:00', 'Fri → make-up Sun Apr 27'],
    ['2025-04-30T10:00:00+08:00', 1, '2025-05-07T00:00:00+08:00', 'Wed before the holiday → Tue May 6'],
    // Labour Day 2026: May 1–5 off, May 9 (Sat) worked, no make-up day before.
    ['2026-04-24T10:00:00+08:00', 1, '2026-04-28T00:00:00+08:00', 'Fri → Sun Apr 26 is NOT worked → Mon Apr 27'],
    ['2026-04-30T10:00:00+08:00', 1, '2026-05-07T00:00:00+08:00', 'Thu before the holiday → Wed May 6'],
    ['2026-04-30T10:00:00+08:00', 4, '2026-05-10T00:00:00+08:00', '→ make-up Sat May 9'],
    // New Year 2026: Jan 1–3 off, Jan 4 (Sun) worked; the walk crosses the year boundary.
    ['2025-12-31T20:00:00+08:00', 1, '2026-01-05T00:00:00+08:00', 'New Year’s Eve → make-up Sun Jan 4'],
    ['2025-12-31T20:00:00+08:00', 2, '2026-01-06T00:00:00+08:00', '→ Mon Jan 5'],
    // National Day 2026 / Mid-Autumn 2026.
    ['2026-09-18T10:00:00+08:00', 1, '2026-09-21T00:00:00+08:00', 'Fri → make-up Sun Sep 20'],
    ['2026-09-24T10:00:00+08:00', 1, '2026-09-29T00:00:00+08:00', 'Thu → skips Mid-Autumn Sep 25–27'],
    ['2026-09-30T10:00:00+08:00', 2, '2026-10-10T00:00:00+08:00', 'Oct 1–7 off → Oct 8, Oct 9'],
    // Year without data (2027): plain weekday rule.
    ['2027-09-30T10:00:00+08:00', 1, '2027-10-02T00:00:00+08:00', '2027 not published: Thu → Fri Oct 1'],
    ['2026-12-31T10:00:00+08:00', 1, '2027-01-02T00:00:00+08:00', 'walk enters 2027 (no data): Fri Jan 1'],
    // n = 0 → end of the day of acceptance, whatever kind of day it is.
    ['2025-09-30T10:00:00+08:00', 0, '2025-10-01T00:00:00+08:00', 'n=0 on a working day'],
    ['2025-10-03T09:00:00+08:00', 0, '2025-10-04T00:00:00+08:00', 'n=0 on a holiday'],
    ['2025-10-11T23:59:59+08:00', 0, '2025-10-12T00:00:00+08:00', 'n=0 on a make-up Saturday'],
  ];
  for (const [accepted, n, expected, why] of cases) {
    it(`${accepted} + ${n} → ${expected} (${why})`, () => assert.equal(due(accepted, n), expected));
  }

  it('late at night and early morning of the same local day give the same deadline', () => {
    const early = due('2025-09-30T00:10:00+08:00', 1);
    const late = due('2025-09-30T23:30:00+08:00', 1);
    assert.equal(early, '2025-10-10T00:00:00+08:00');
    assert.equal(late, early);
    // Also for a Saturday make-up day and a UTC-written input.
    assert.equal(due('2025-10-11T00:10:00+08:00', 2), due('2025-10-11T23:30:00+08:00', 2));
    assert.equal(due('2025-10-11T15:30:00Z', 2), '2025-10-15T00:00:00+08:00'); // = Oct 11 23:30 local
  });

  it('uses the Shanghai local date, not the UTC date', () => {
    // 2025-10-08T15:30Z = Oct 8 23:30 local (holiday); 16:30Z = Oct 9 00:30 local (working day).
    assert.equal(due('2025-10-08T15:30:00Z', 1), '2025-10-10T00:00:00+08:00');
    assert.equal(due('2025-10-08T16:30:00Z', 1), '2025-10-11T00:00:00+08:00');
  });

  it('rejects negative and non-integer n', () => {
    const start = at('2025-09-30T10:00:00+08:00');
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => addWorkingDays(start, n, cal), RangeError, String(n));
    }
  });

  it('works with a calendar built by hand and with an empty calendar', () => {
    const custom = makeCalendar([
      { date: '2025-07-01', isOffDay: true, name: 'local holiday' },
      { date: '2025-07-05', isOffDay: false, name: 'make-up' },
      { date: '2025-07-05', isOffDay: true, name: 'make-up cancelled' }, // later entry wins
    ]);
    assert.equal(isWorkingDay('2025-07-05', custom), false);
    assert.equal(custom.names.get('2025-07-05'), 'make-up cancelled');
    assert.equal(due('2025-06-30T10:00:00+08:00', 1, custom), '2025-07-03T00:00:00+08:00');
    const empty = makeCalendar([]);
    assert.deepEqual(coveredYears(empty), []);
    assert.equal(due('2025-09-30T10:00:00+08:00', 1, empty), '2025-10-02T00:00:00+08:00');
  });
});

describe('deadline', () => {
  const cases: Array<[string, Limit, string, string]> = [
    ['2025-09-30T10:00:00+08:00', { value: 3, unit: 'workdays' }, '2025-10-12T00:00:00+08:00', 'workdays'],
    ['2025-09-30T22:00:00+08:00', { value: 4, unit: 'hours' }, '2025-10-01T02:00:00+08:00', 'hours across midnight into a holiday'],
    ['2025-10-01T10:00:00+08:00', { value: 24, unit: 'hours' }, '2025-10-02T10:00:00+08:00', 'hours ignore holidays'],
    ['2025-12-31T23:30:00+08:00', { value: 2, unit: 'hours' }, '2026-01-01T01:30:00+08:00', 'hours across the year boundary'],
    ['2025-09-30T10:00:00+08:00', { value: 0.5, unit: 'hours' }, '2025-09-30T10:30:00+08:00', 'fractional hours'],
  ];
  for (const [start, limit, expected, why] of cases) {
    it(`${start} + ${limit.value} ${limit.unit} → ${expected} (${why})`, () => {
      assert.equal(formatShanghai(deadline(at(start), limit, cal)), expected);
    });
  }

  it('rejects negative limits', () => {
    assert.throws(() => deadline(at('2025-09-30T10:00:00+08:00'), { value: -1, unit: 'hours' }, cal), RangeError);
    assert.throws(() => deadline(at('2025-09-30T10:00:00+08:00'), { value: -1, unit: 'workdays' }, cal), RangeError);
  });
});

describe('workingDaysBetween', () => {
  const cases: Array<[string, string, number, string]> = [
    ['2025-09-30T06:00:00+08:00', '2025-09-30T18:00:00+08:00', 0.5, 'half of one working day'],
    ['2025-09-19T10:00:00+08:00', '2025-09-22T10:00:00+08:00', 1, 'Fri 10:00 → Mon 10:00 over an ordinary weekend'],
    ['2025-09-19T00:00:00+08:00', '2025-09-26T00:00:00+08:00', 5, 'a whole ordinary week'],
    ['2025-09-30T12:00:00+08:00', '2025-10-09T12:00:00+08:00', 1, 'over National Day 2025: half of Sep 30 + half of Oct 9'],
    ['2025-10-01T00:00:00+08:00', '2025-10-09T00:00:00+08:00', 0, 'entirely inside the holiday'],
    ['2025-09-27T00:00:00+08:00', '2025-09-29T00:00:00+08:00', 1, 'ordinary Saturday + make-up Sunday'],
    ['2025-09-30T10:00:00+08:00', '2025-10-10T00:00:00+08:00', 14 / 24 + 1, 'up to the 1-working-day deadline'],
    ['2026-02-13T12:00:00+08:00', '2026-02-25T00:00:00+08:00', 0.5 + 1 + 1, 'Spring Festival 2026: Fri half + make-up Sat + Tue'],
    ['2025-09-30T18:00:00+08:00', '2025-09-30T10:00:00+08:00', 0, 'to before from'],
    ['2025-09-30T10:00:00+08:00', '2025-09-30T10:00:00+08:00', 0, 'empty interval'],
    ['2025-09-30T01:00:00Z', '2025-09-30T13:00:00Z', 0.5, 'UTC inputs within one Shanghai day'],
  ];
  for (const [from, to, expected, why] of cases) {
    it(`${from} → ${to} = ${expected.toFixed(4)} (${why})`, () => {
      const got = workingDaysBetween(at(from), at(to), cal);
      assert.ok(Math.abs(got - expected) < 1e-9, `got ${got}, expected ${expected}`);
    });
  }

  it('whole days come out exact', () => {
    assert.equal(workingDaysBetween(at('2025-09-19T10:00:00+08:00'), at('2025-09-22T10:00:00+08:00'), cal), 1);
  });
});

describe('local dates', () => {
  it('localDate uses UTC+8', () => {
    assert.equal(localDate(new Date('2025-09-30T15:59:59.999Z')), '2025-09-30');
    assert.equal(localDate(new Date('2025-09-30T16:00:00.000Z')), '2025-10-01');
    assert.equal(localDate(new Date(0)), '1970-01-01');
    assert.equal(localDate(new Date('1969-12-31T15:59:59Z')), '1969-12-31');
  });

  it('startOfLocalDay / endOfLocalDay', () => {
    assert.equal(startOfLocalDay('2025-10-01').toISOString(), '2025-09-30T16:00:00.000Z');
    assert.equal(endOfLocalDay('2025-10-01').toISOString(), '2025-10-01T16:00:00.000Z');
    assert.equal(formatShanghai(endOfLocalDay('2025-12-31')), '2026-01-01T00:00:00+08:00');
    assert.equal(formatShanghai(endOfLocalDay('2024-02-28')), '2024-02-29T00:00:00+08:00');
    assert.throws(() => startOfLocalDay('2025-02-30'), RangeError);
  });

  const next: Array<[string, number | undefined, string]> = [
    ['2025-12-31', undefined, '2026-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2025-10-01', 30, '2025-10-31'],
    ['2025-10-01', 0, '2025-10-01'],
    ['2000-02-28', 366, '2001-02-28'],
  ];
  for (const [date, days, expected] of next) {
    it(`nextDate(${date}, ${days}) = ${expected}`, () => assert.equal(nextDate(date, days), expected));
  }

  const valid: Array<[string, boolean]> = [
    ['2025-10-01', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2025-02-29', false],
    ['2025-02-30', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-10-00', false],
    ['2025-1-01', false],
    ['2025-10-01T00:00', false],
    ['20251001', false],
    ['', false],
  ];
  for (const [s, expected] of valid) {
    it(`isValidDate(${JSON.stringify(s)}) = ${expected}`, () => assert.equal(isValidDate(s), expected));
  }
});

describe('parseInstant / formatShanghai', () => {
  const ok: Array<[string, string, string]> = [
    ['2025-10-01T08:00:00+08:00', '2025-10-01T08:00:00+08:00', 'explicit +08:00'],
    ['2025-10-01T00:00:00Z', '2025-10-01T08:00:00+08:00', 'Z'],
    ['2025-09-30T16:00:00Z', '2025-10-01T00:00:00+08:00', 'Z crossing the local date'],
    ['2025-10-01T08:00', '2025-10-01T08:00:00+08:00', 'no offset, no seconds = Shanghai local'],
    ['2025-10-01T08:00:00', '2025-10-01T08:00:00+08:00', 'no offset = Shanghai local'],
    ['2025-10-01T08:00:00.123-05:00', '2025-10-01T21:00:00+08:00', 'negative offset with milliseconds'],
    ['2025-10-01T12:00:00+05:30', '2025-10-01T14:30:00+08:00', 'half-hour offset'],
    ['2025-10-01T00:30:00-00:00', '2025-10-01T08:30:00+08:00', '-00:00'],
    ['2025-10-01', '2025-10-01T00:00:00+08:00', 'bare date = 00:00 Shanghai'],
    ['2024-02-29T23:59:59Z', '2024-03-01T07:59:59+08:00', 'leap day'],
    ['2025-10-01T08:00:00.123456Z', '2025-10-01T16:00:00+08:00', 'microseconds are accepted'],
  ];
  for (const [input, expected, why] of ok) {
    it(`${input} → ${expected} (${why})`, () => assert.equal(formatShanghai(at(input)), expected));
  }

  it('keeps milliseconds in the Date', () => {
    assert.equal(at('2025-10-01T08:00:00.123-05:00').toISOString(), '2025-10-01T13:00:00.123Z');
    assert.equal(at('2025-10-01T08:00:00.5Z').toISOString(), '2025-10-01T08:00:00.500Z');
    assert.equal(at('2025-10-01T08:00:00.123456Z').toISOString(), '2025-10-01T08:00:00.123Z');
    assert.equal(at('2025-10-01T08:00').toISOString(), '2025-10-01T00:00:00.000Z');
  });

  const bad = [
    '2025-13-01T00:00:00Z',
    '2025-00-01T00:00:00Z',
    '2025-02-30',
    '2025-02-29T00:00:00Z',
    '2025-04-31T10:00:00+08:00',
    '2025-10-01T24:00:00Z',
    '2025-10-01T23:60:00Z',
    '2025-10-01T12:00:60Z',
    '2025-10-01T12Z',
    '2025-10-01T12:00:00+0800',
    '2025-10-01T12:00:00+08',
    '2025-10-01T12:00:00+24:00',
    '2025-10-01T12:00:00+08:60',
    '2025-10-01 12:00:00',
    '2025-10-01T12:00:00z',
    ' 2025-10-01',
    '2025-10-01 ',
    '2025-10-01T',
    '2025-10-01T12:00:00.Z',
    '2025-1-1',
    '25-10-01',
    'garbage',
    '',
  ];
  for (const input of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => assert.equal(parseInstant(input), null));
  }

  it('formatShanghai drops milliseconds and always writes +08:00', () => {
    assert.equal(formatShanghai(new Date('2025-10-09T16:00:00.999Z')), '2025-10-10T00:00:00+08:00');
    assert.equal(formatShanghai(new Date(0)), '1970-01-01T08:00:00+08:00');
    assert.equal(formatShanghai(new Date('2025-12-31T15:59:59Z')), '2025-12-31T23:59:59+08:00');
    assert.throws(() => formatShanghai(new Date(Number.NaN)), RangeError);
  });

  it('round-trips through formatShanghai', () => {
    for (const s of ['2025-10-10T00:00:00+08:00', '2026-02-28T23:59:59+08:00', '2027-01-01T12:34:56+08:00']) {
      assert.equal(formatShanghai(at(s)), s);
    }
  });
});
