// The deadline endpoint against the State Council notices for 2025 and 2026, and the calendar as
// data that administrators keep (a change recomputes open orders' deadlines).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ids, complaint, type Ids } from '../helpers/fixtures.ts';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

let tp: TestPlatform;
let I: Ids;

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
});
after(() => tp.stop());

const deadline = async (start: string, workdays: number) => {
  const r = await tp.anon.get(`/api/calendar/deadline?start=${encodeURIComponent(start)}&workdays=${workdays}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.deadline as string;
};

describe('GET /api/calendar/deadline', () => {
  // [accepted at, working days, due (24:00 of the Nth working day, as the next day's 00:00 +08:00), why]
  const cases: [string, number, string, string][] = [
    ['2025-09-30T10:00:00+08:00', 1, '2025-10-10T00:00:00+08:00', 'National Day and Mid-Autumn 2025: Oct 1-8 off, so Oct 9'],
    ['2025-09-26T16:00:00+08:00', 1, '2025-09-29T00:00:00+08:00', 'Sunday Sep 28 2025 is a make-up working day'],
    ['2025-10-09T09:00:00+08:00', 2, '2025-10-12T00:00:00+08:00', 'Saturday Oct 11 2025 is a make-up working day: Oct 10, Oct 11'],
    ['2025-01-24T10:00:00+08:00', 3, '2025-02-06T00:00:00+08:00', 'Spring Festival 2025: Jan 26 (Sun) worked, Jan 28-Feb 4 off, Feb 8 (Sat) worked'],
    ['2025-04-30T10:00:00+08:00', 1, '2025-05-07T00:00:00+08:00', 'Labour Day 2025: May 1-5 off, so May 6'],
    ['2025-12-31T23:30:00+08:00', 1, '2026-01-05T00:00:00+08:00', 'New Year 2026: Jan 1-3 off, Jan 4 (Sun) worked'],
    ['2026-02-13T10:00:00+08:00', 1, '2026-02-15T00:00:00+08:00', 'Saturday Feb 14 2026 is a make-up working day'],
    ['2026-02-14T10:00:00+08:00', 1, '2026-02-25T00:00:00+08:00', 'Spring Festival 2026: Feb 15-23 off, Feb 28 (Sat) worked'],
    ['2026-09-30T10:00:00+08:00', 1, '2026-10-09T00:00:00+08:00', 'National Day 2026: Oct 1-7 off'],
    ['2026-09-30T10:00:00Z', 1, '2026-10-09T00:00:00+08:00', 'a UTC time is placed on its Shanghai day'],
    ['2026-11-20T10:00:00+08:00', 0, '2026-11-21T00:00:00+08:00', 'zero working days: the end of the same day'],
  ];
  for (const [start, n, due, why] of cases) {
    it(`${why}`, async () => assert.equal(await deadline(start, n), due));
  }

  it('the same day gives the same deadline, early or late', async () => {
    assert.equal(await deadline('2025-09-30T00:10:00+08:00', 3), await deadline('2025-09-30T23:50:00+08:00', 3));
  });

  it('rejects a bad start or a negative count with field errors', async () => {
    const bad = await tp.anon.get('/api/calendar/deadline?start=yesterday&workdays=1');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.fields[0].field, 'query.start');
    const neg = await tp.anon.get('/api/calendar/deadline?start=2025-01-01T00:00:00%2B08:00&workdays=-1');
    assert.equal(neg.status, 400);
    assert.equal(neg.body.fields[0].field, 'query.workdays');
    const missing = await tp.anon.get('/api/calendar/deadline?workdays=1');
    assert.equal(missing.status, 400);
  });
});

describe('administrators keep the calendar', () => {
  it("adds next year's notice, and a change moves open orders' deadlines", async () => {
    const admin = await tp.as('admin1');
    const operator = await tp.as('operator1');
    const dispatcher = await tp.as('dispatcher1');
    const days = (await admin.get('/api/calendar/days?year=2026')).body.items;
    assert.ok(days.some((d: any) => d.date === '2026-10-01' && d.isOffDay));

    const o = (await operator.post('/api/orders', complaint(I))).body;
    const d = (await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('cgj') })).body;
    const due = new Date(d.handleDue);
    // Declare the working day before the deadline a holiday: the deadline moves one working day on.
    const dayBefore = new Date(due.getTime() - 12 * 3_600_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const year = Number(dayBefore.slice(0, 4));
    const current = (await admin.get(`/api/calendar/days?year=${year}`)).body.items;
    const put = await admin.put('/api/calendar/days', { year, days: [...current, { date: dayBefore, isOffDay: true, name: '临时调整' }] });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal((await operator.put('/api/calendar/days', { year, days: [] })).status, 403);
    await tp.scheduler.tick();
    const after = (await dispatcher.get(`/api/orders/${o.id}`)).body;
    assert.ok(new Date(after.handleDue) > due, `deadline moved from ${d.handleDue} to ${after.handleDue}`);
    const ev = after.events.find((e: any) => e.type === 'deadlines_recomputed');
    assert.ok(ev, 'the move is an event on the order');
    assert.equal(ev.actor.role, 'system');
    // Put the calendar back.
    await admin.put('/api/calendar/days', { year, days: current });
  });
});
