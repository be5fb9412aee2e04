// Reports over HTTP: made on demand and on a schedule, downloadable as Word and Excel in Chinese,
// the same report for the same period however often it is made, once per period whatever the
// number of server processes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { localDate, startOfLocalDay } from '../../src/domain/calendar.ts';
import { addDays, periodOf } from '../../src/domain/measures.ts';
import { duePeriods } from '../../src/reports/generate.ts';
import { unzip } from '../../src/reports/zip.ts';
import { complaint, ids, type Ids } from '../helpers/fixtures.ts';
import { onPostgres, startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';
import { sql } from '../../src/store/sql.ts';

let tp: TestPlatform & { databaseUrl?: string };
let I: Ids;
let leader: Client;
let day: string;
let hotTitle = '';
const codes: string[] = [];

async function download(c: Client, path: string): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Buffer }> {
  const r = await fetch(tp.url + path, { headers: { authorization: `Bearer ${c.token}` } });
  return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'), bytes: Buffer.from(await r.arrayBuffer()) };
}

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  day = localDate(tp.clock.now());
  tp.clock.set(new Date(startOfLocalDay(day).getTime() + 10 * 3_600_000));
  const [operator, dispatcher, swj, callback] = await Promise.all([tp.as('operator1'), tp.as('dispatcher1'), tp.as('handler-ut-water'), tp.as('callback1')]);
  for (let i = 0; i < 6; i++) {
    const r = await operator.post('/api/orders', complaint(I, { requestType: 'help', categoryId: I.category('100101'), title: `正阳路小区停水 ${i + 1}` }));
    assert.equal(r.status, 201);
    codes.push(r.body.code);
    if (i < 2) {
      assert.equal((await dispatcher.post(`/api/orders/${r.body.id}/dispatch`, { leadUnitId: I.unit('ut-water') })).status, 200);
      assert.equal((await swj.post(`/api/orders/${r.body.id}/sign-for`)).status, 200);
      assert.equal((await swj.post(`/api/orders/${r.body.id}/reply`, { result: '管道抢修完毕，已恢复供水' })).status, 200);
      assert.equal((await callback.post(`/api/orders/${r.body.id}/callback`, { satisfaction: 'satisfied', solved: true })).status, 200);
      assert.equal((await callback.post(`/api/orders/${r.body.id}/close`)).status, 200);
    }
  }
  // The next morning: yesterday's brief can be made.
  tp.clock.set(new Date(startOfLocalDay(addDays(day, 1)).getTime() + 8 * 3_600_000));
  leader = await tp.as('leader1');
});
after(() => tp.stop());

describe('reports on demand', () => {
  let id: number;

  it('makes yesterday\'s daily brief once; asking again gives the same report', async () => {
    const r = await leader.post('/api/reports', { kind: 'daily', period: day });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.kindZh, '每日简情');
    assert.equal(r.body.trigger, 'demand');
    assert.match(r.body.title, /每日简情$/);
    id = r.body.id;
    const again = await leader.post('/api/reports', { kind: 'daily', period: day });
    assert.equal(again.status, 200);
    assert.equal(again.body.id, id);
    const list = await leader.get('/api/reports?kind=daily');
    assert.ok(list.body.items.some((x: any) => x.id === id));
  });

  it('says what the measures say, with the hot issue and its example orders', async () => {
    const r = await leader.get(`/api/reports/${id}`);
    assert.equal(r.status, 200);
    const d = r.body.data;
    const m = (await leader.get(`/api/measures?period=${day}`)).body.values;
    assert.equal(d.figures.find((f: any) => f.key === 'received').current, m.counts.received);
    assert.equal(d.figures.find((f: any) => f.key === 'closed').current, m.counts.closed);
    assert.equal(d.figures.find((f: any) => f.key === 'satisfactionRate').current, m.rates.satisfactionRate);
    // The six requests about the stopped water are one hot issue, named by where and what.
    assert.match(d.hotIssues[0].title, /^城阳街道：正阳路小区停水 \d$/);
    assert.equal(d.hotIssues[0].count, 6);
    assert.ok(d.hotIssues[0].terms.includes('停水'), JSON.stringify(d.hotIssues[0].terms));
    hotTitle = d.hotIssues[0].title;
    assert.ok(d.hotIssues[0].examples.length > 0 && d.hotIssues[0].examples.every((e: any) => codes.includes(e.code) || e.code.startsWith(day.replaceAll('-', ''))));
    assert.equal(d.trend.rows.length, 7, 'the brief shows the week up to its day');
    assert.equal(d.byTerritory[0].name, '城阳街道');
    assert.match(d.summary[0], new RegExp(`共受理群众诉求 ${m.counts.received} 件`));
    assert.ok(d.warnings.some((w: any) => w.category.code === '100101'), 'the surge of 停水 is listed');
  });

  it('downloads as Word and Excel, in Chinese', async () => {
    const docx = await download(leader, `/api/reports/${id}/docx`);
    assert.equal(docx.status, 200);
    assert.equal(docx.type, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.match(docx.disposition!, /filename\*=UTF-8''.*%E6%AF%8F%E6%97%A5%E7%AE%80%E6%83%85/);
    const doc = unzip(docx.bytes).get('word/document.xml')!.toString('utf8');
    for (const t of ['每日简情', '一、总体情况', '五、热点问题', hotTitle, '关键词：', codes[0]!, '满意率']) assert.ok(doc.includes(t), t);
    const xlsx = await download(leader, `/api/reports/${id}/xlsx`);
    assert.equal(xlsx.status, 200);
    const files = unzip(xlsx.bytes);
    const book = files.get('xl/workbook.xml')!.toString('utf8');
    for (const s of ['概况', '走势', '分类', '区域', '热点问题', '示例工单', '超期单位', '满意度', '预警']) assert.ok(book.includes(`name="${s}"`), s);
    const strings = files.get('xl/sharedStrings.xml')!.toString('utf8');
    assert.ok(strings.includes('受理量') && strings.includes(hotTitle));
    // Rates are numbers shown as percentages, on their own rows.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as never);
    const cellOf = (sheet: string, label: string, col: number) => {
      const ws = wb.getWorksheet(sheet)!;
      for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return ws.getCell(r, col);
      assert.fail(`${sheet}: no row ${label}`);
    };
    const rate = cellOf('满意度', '满意率', 2);
    assert.equal(rate.value, 1, 'both rated orders satisfied');
    assert.equal(rate.numFmt, '0.0%');
    assert.notEqual(cellOf('满意度', '参评', 2).numFmt, '0.0%');
    assert.notEqual(cellOf('满意度', '不满意', 2).numFmt, '0.0%');
    assert.equal(cellOf('概况', '满意率', 2).numFmt, '0.0%');
    assert.notEqual(cellOf('概况', '受理量', 2).numFmt, '0.0%');
  });

  it('is the same, byte for byte, when made again for the same period', async () => {
    const first = { docx: await download(leader, `/api/reports/${id}/docx`), xlsx: await download(leader, `/api/reports/${id}/xlsx`), data: (await leader.get(`/api/reports/${id}`)).body.data };
    await tp.db.query(sql`delete from reports where id = ${id}`);
    const again = await leader.post('/api/reports', { kind: 'daily', period: day });
    assert.equal(again.status, 201);
    assert.notEqual(again.body.id, id);
    id = again.body.id;
    assert.deepEqual((await leader.get(`/api/reports/${id}`)).body.data, first.data);
    assert.ok((await download(leader, `/api/reports/${id}/docx`)).bytes.equals(first.docx.bytes), 'the same Word file');
    assert.ok((await download(leader, `/api/reports/${id}/xlsx`)).bytes.equals(first.xlsx.bytes), 'the same Excel file');
  });

  it('makes a special report on one matter', async () => {
    const r = await leader.post('/api/reports', { kind: 'special', period: `${addDays(day, -29)}..${day}`, subject: `category:${I.category('1001')}` });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.title, '关于“供水”类诉求情况的专报');
    const d = (await leader.get(`/api/reports/${r.body.id}`)).body.data;
    assert.equal(d.subject.label, '供水');
    assert.equal(d.byCategory[0].name, '停水');
    assert.equal(d.byTerritory[0].name, '城阳街道');
    assert.ok(d.hotIssues.length > 0);
    const codesOf = await tp.db.query<{ code: string }>(sql`select code from categories where id = any(${d.hotIssues.map((h: any) => h.categoryId)}::int[])`);
    assert.ok(codesOf.rows.every((c) => c.code.startsWith('1001')), 'only the matter\'s requests are clustered');
    const docx = await download(leader, `/api/reports/${r.body.id}/docx`);
    assert.ok(unzip(docx.bytes).get('word/document.xml')!.toString('utf8').includes('关于“供水”类诉求情况的专报'));
  });

  it('refuses unfinished periods and mismatched kinds with field errors; only leaders make reports', async () => {
    const today = localDate(tp.clock.now());
    const open = await leader.post('/api/reports', { kind: 'daily', period: today });
    assert.equal(open.status, 400);
    assert.equal(open.body.fields[0].field, 'period');
    assert.match(open.body.fields[0].message, /统计期尚未结束/);
    const kind = await leader.post('/api/reports', { kind: 'weekly', period: day });
    assert.equal(kind.status, 400);
    assert.match(kind.body.fields[0].message, /热点问题周报的统计期应为一周/);
    const subject = await leader.post('/api/reports', { kind: 'special', period: day });
    assert.deepEqual(subject.body.fields.map((f: any) => f.field), ['subject']);
    const bad = await leader.post('/api/reports', { kind: 'yearly', period: 'soon' });
    assert.deepEqual(bad.body.fields.map((f: any) => f.field).sort(), ['kind', 'period']);
    assert.equal((await (await tp.as('operator1')).post('/api/reports', { kind: 'daily', period: day })).status, 403);
    assert.equal((await (await tp.as('handler-cgj')).get('/api/reports')).status, 403);
    assert.equal((await leader.get('/api/reports/999999/docx')).status, 404);
  });
});

describe('reports on a schedule', () => {
  it('makes the missing daily, weekly and monthly reports, one per sweep, and then nothing more', async () => {
    const due = duePeriods(tp.clock.now());
    assert.deepEqual(due.map((d) => d.kind), ['daily', 'weekly', 'monthly']);
    assert.equal(due[0]!.period.key, day);
    assert.equal(due[1]!.period.key, periodOf('week', addDays(periodOf('week', localDate(tp.clock.now())).from, -1)).key);
    for (let i = 0; i < 3; i++) await tp.scheduler.tick();
    const rows = await tp.db.query<{ kind: string; period: string; trigger: string }>(sql`select kind, period, trigger from reports where subject = '' order by kind`);
    for (const d of due) assert.equal(rows.rows.filter((r) => r.kind === d.kind && r.period === d.period.key).length, 1, `${d.kind} ${d.period.key}`);
    assert.ok(rows.rows.some((r) => r.kind === 'monthly' && r.trigger === 'schedule'));
    const n = rows.rowCount;
    await tp.scheduler.tick();
    assert.equal((await tp.db.query(sql`select 1 from reports`)).rowCount, n + 1, 'only the special report besides');
  });

  it('two servers on one PostgreSQL database make each report once', { skip: !onPostgres() && 'needs DATABASE_URL' }, async () => {
    const second = await startTestPlatform({ sharing: tp });
    try {
      await tp.db.query(sql`delete from reports where subject = ''`);
      for (let i = 0; i < 3; i++) await Promise.all([tp.scheduler.tick(), second.scheduler.tick()]);
      const r = await tp.db.query<{ kind: string; n: number }>(sql`select kind, count(*)::int as n from reports where trigger = 'schedule' group by kind order by kind`);
      assert.deepEqual(r.rows, [{ kind: 'daily', n: 1 }, { kind: 'monthly', n: 1 }, { kind: 'weekly', n: 1 }]);
      // A restarted process remembers: nothing is made again.
      await second.stop();
      const third = await startTestPlatform({ sharing: tp });
      await third.scheduler.tick();
      await third.stop();
      assert.equal((await tp.db.query(sql`select 1 from reports where trigger = 'schedule'`)).rowCount, 3);
    } finally {
      await second.stop().catch(() => undefined);
    }
  });
});
