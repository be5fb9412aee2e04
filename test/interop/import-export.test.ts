// Export any filtered list to CSV and Excel (Chinese headers, the viewer's masking), and import
// historical orders from CSV or Excel, all or nothing, with a report of which rows, which fields
// and why; a foreign export (NYC 311) maps onto our categories, units and time zone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { fold } from '../../src/domain/order.ts';
import { docToOrder, loadEvents } from '../../src/store/orders.ts';
import { ids, complaint, type Ids } from '../helpers/fixtures.ts';
import { startTestPlatform, type Client, type TestPlatform } from '../helpers/platform.ts';
import { FIXTURES, hasShared, SHARED, startReceiver } from './support.ts';
import { sql } from '../../src/store/sql.ts';

let tp: TestPlatform;
let I: Ids;
let admin: Client, operator: Client, dispatcher: Client, cgj: Client;

before(async () => {
  tp = await startTestPlatform();
  I = await ids(tp.db);
  [admin, operator, dispatcher, cgj] = await Promise.all([tp.as('admin1'), tp.as('operator1'), tp.as('dispatcher1'), tp.as('handler-cgj')]);
});
const receivers: Array<{ close(): Promise<void> }> = [];
after(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await tp.stop();
});

async function download(c: Client, path: string) {
  const r = await fetch(tp.url + path, { headers: { authorization: `Bearer ${c.token}` } });
  return { status: r.status, type: r.headers.get('content-type') ?? '', disposition: r.headers.get('content-disposition') ?? '', bytes: Buffer.from(await r.arrayBuffer()) };
}

const csvRows = (bytes: Buffer) => parse(bytes.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
const count = async () => (await tp.db.query<{ n: number }>(sql`select count(*)::int as n from orders`)).rows[0]!.n;

describe('export', () => {
  it('writes the filtered list to CSV with Chinese headers, times in Beijing time, and the same rows as the list', async () => {
    const list = await admin.get('/api/orders?state=closed&pageSize=200');
    const f = await download(admin, '/api/orders/export?format=csv&state=closed');
    assert.equal(f.status, 200);
    assert.match(f.type, /text\/csv/);
    assert.match(f.disposition, /attachment; .*filename\*=UTF-8''%E5%B7%A5%E5%8D%95/);
    assert.deepEqual([...f.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM so that Excel reads UTF-8');
    const rows = csvRows(f.bytes);
    assert.equal(rows.length, list.body.total);
    assert.deepEqual(rows.map((r) => r['工单编号']), list.body.items.map((o: any) => o.code), 'the list\'s order');
    for (const h of ['工单编号', '受理时间', '诉求类型', '分类', '标题', '联系电话', '状态', '主办单位', '办理时限', '办理结果', '办结时间', '回访满意度']) assert.ok(h in rows[0]!, h);
    const o = list.body.items[0];
    const row = rows[0]!;
    assert.equal(row['状态'], '已办结');
    assert.equal(row['受理时间'], new Date(new Date(o.acceptedAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' '));
    assert.ok(rows.some((r) => r['办理结果']), 'the reply or the answer is there');
  });

  it('writes Excel with the same rows', async () => {
    const f = await download(admin, '/api/orders/export?format=xlsx&state=closed&channel=phone');
    assert.equal(f.status, 200);
    assert.match(f.type, /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(f.bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    assert.equal(ws.getRow(1).getCell(1).value, '工单编号');
    const list = await admin.get('/api/orders?state=closed&channel=phone&pageSize=1');
    assert.equal(ws.rowCount - 1, list.body.total);
  });

  it('shows a unit only its orders, with a confidential caller masked as on screen', async () => {
    const o = await operator.post('/api/orders', complaint(I, { caller: { name: '孙保密', phone: '13911112222', confidential: true } }));
    await dispatcher.post(`/api/orders/${o.body.id}/dispatch`, { leadUnitId: I.unit('cgj') });
    const mine = csvRows((await download(cgj, '/api/orders/export?format=csv')).bytes);
    const screen = await cgj.get('/api/orders?pageSize=200');
    assert.equal(mine.length, screen.body.total, 'what the unit sees, no more');
    const row = mine.find((r) => r['工单编号'] === o.body.code)!;
    assert.equal(row['联系电话'], '139****2222');
    assert.equal(row['来电人'], '孙**');
    const centre = csvRows((await download(admin, `/api/orders/export?format=csv&q=${o.body.code}`)).bytes);
    assert.equal(centre[0]!['联系电话'], '13911112222', 'centre staff see it');
  });

  it('refuses a bad filter in both languages', async () => {
    const r = await admin.get('/api/orders/export?format=pdf&state=lost');
    assert.equal(r.status, 400);
    const fields = r.body.fields.map((f: any) => f.field);
    assert.ok(fields.includes('query.format') && fields.some((f: string) => f.startsWith('query.state')), fields.join());
    assert.ok(r.body.fields.every((f: any) => f.message && f.messageEn));
    assert.equal((await tp.anon.get('/api/orders/export')).status, 401);
  });
});

const NATIVE_HEAD = '工单编号,受理时间,渠道,诉求类型,分类编码,标题,诉求内容,来电人,联系电话,区域编码,地址,状态,主办单位编码,派单时间,签收时间,回复时间,办理结果,办结时间,回访满意度,是否解决';
const nativeCsv = (rows: string[]) => [NATIVE_HEAD, ...rows].join('\n');
const GOOD = [
  'HIST-0001,2025-03-03 09:10:00,电话,投诉,020101,工地夜间施工,正阳路工地夜间施工噪声扰民,张三,13900001111,37021400100101,正阳路 8 号,已办结,cgj,2025-03-03 10:00:00,2025-03-03 15:00:00,2025-03-05 11:00:00,已责令停工整改,2025-03-06 16:00:00,满意,是',
  'HIST-0002,2025-03-04 14:00:00,网站,咨询,110303,居住证办理,咨询居住证办理材料,,,,,已办结,,,,,已告知办理材料,2025-03-04 14:05:00,,',
  ',2025-03-05 08:30:00,app,求助,100101,停水,小区停水两天,李四,13900002222,,,待派单,,,,,,,,',
];

async function importNative(body: Record<string, unknown>) {
  return admin.post('/api/import/orders', { profile: 'minsheng', format: 'csv', ...body });
}

describe('import: our own format', () => {
  it('reports a dry run without writing, then imports all rows as real history', async () => {
    const before = await count();
    const dry = await importNative({ content: nativeCsv(GOOD), dryRun: true, fileName: '历史工单.csv' });
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.equal(dry.body.ok, true);
    assert.deepEqual([dry.body.report.rows, dry.body.report.valid, dry.body.report.invalid], [3, 3, 0]);
    assert.deepEqual(dry.body.report.summary.states, { closed: 2, pending_dispatch: 1 });
    assert.equal(await count(), before, 'a dry run writes nothing');

    const r = await importNative({ content: nativeCsv(GOOD), fileName: '历史工单.csv' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.report.imported, 3);
    assert.equal(await count(), before + 3);
    const [c1, c2, c3] = r.body.report.orders;
    assert.equal(c1.slice(0, 8), '20250303', 'case codes of the day it was accepted');
    const o1 = (await admin.get(`/api/orders/${c1}`)).body;
    assert.deepEqual(o1.events.map((e: any) => e.type), ['accepted', 'registered', 'dispatched', 'signed_for', 'replied', 'called_back', 'closed']);
    assert.equal(o1.acceptedAt, '2025-03-03T01:10:00.000Z', 'Beijing time');
    assert.equal(o1.closedAt, '2025-03-06T08:00:00.000Z');
    assert.equal(o1.leadUnit.code, 'cgj');
    assert.equal(o1.lastCallback.satisfaction, 'satisfied');
    assert.equal(o1.externalRef.importedCode, 'HIST-0001');
    assert.ok(o1.handleDue, 'the deadline the rules gave at dispatch');
    const o2 = (await admin.get(`/api/orders/${c2}`)).body;
    assert.deepEqual([o2.state, o2.closeKind], ['closed', 'immediate']);
    const o3 = (await admin.get(`/api/orders/${c3}`)).body;
    assert.equal(o3.state, 'pending_dispatch');
    assert.equal(o3.channel, 'app');
    // the projection is the fold of the imported events, as for every order
    for (const code of [c1, c2, c3]) {
      const row = (await tp.db.query<{ id: number; doc: Record<string, unknown> }>(sql`select id, doc from orders where code = ${code}`)).rows[0]!;
      assert.deepEqual(JSON.parse(JSON.stringify(docToOrder(row.doc))), JSON.parse(JSON.stringify(fold(row.id, code, await loadEvents(tp.db, row.id)))));
    }
    // an imported open order goes on like any other
    const d = await dispatcher.post(`/api/orders/${c3}/dispatch`, { leadUnitId: I.unit('ut-water') });
    assert.equal(d.status, 200);

    const again = await importNative({ content: nativeCsv(GOOD) });
    assert.equal(again.status, 400, 'the same rows twice');
    assert.match(again.body.report.errors[0].message, /已导入过/);
  });

  it('reports every wrong row and field, in both languages, and imports nothing', async () => {
    const before = await count();
    const bad = [
      GOOD[0]!.replace('HIST-0001', 'HIST-0101'),
      'HIST-0102,2025-02-30 09:00,电话,投诉,020101,标题,内容,王五,1390000abcd,,,已办结,nobody,,,,,,,',
      'HIST-0103,2025-03-03 09:10:00,传真,抱怨,999999,,内容,,,,,已办结,cgj,2025-03-03 08:00:00,,,,2025-03-02 10:00:00,很满意,',
      'HIST-0104,2025-03-03 09:10:00,电话,投诉,020101,标题,内容,,,,,办理中,cgj,2025-03-03 10:00:00,,,,,,',
      'HIST-0105,2025-03-03 09:10:00,电话,投诉,020101,标题,内容,,,,,待回访,cgj,2025-03-03 10:00:00,2025-03-03 09:00:00,2025-03-03 12:00:00,已处理,,,',
    ];
    const r = await importNative({ content: nativeCsv(bad) });
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'validation_failed');
    assert.match(r.body.message, /4 行有误，未导入任何数据/);
    assert.equal(await count(), before, 'all or nothing');
    const rep = r.body.report;
    assert.deepEqual([rep.rows, rep.valid, rep.invalid], [5, 1, 4]);
    const at = (row: number) => rep.errors.filter((e: any) => e.row === row).map((e: any) => e.column).sort();
    assert.deepEqual(at(3), ['主办单位编码', '受理时间', '联系电话'], 'row 3: impossible date, bad phone, unknown unit');
    assert.deepEqual(at(4), ['分类编码', '回访满意度', '回复时间', '标题', '渠道', '诉求类型'].sort());
    assert.deepEqual(at(5), ['状态'], 'a state the times do not lead to');
    assert.deepEqual(at(6), ['签收时间'], 'signed for before it was dispatched');
    assert.ok(rep.errors.every((e: any) => e.message && e.messageEn));
    assert.ok(r.body.fields.some((f: any) => f.field === 'rows.3.受理时间'));
    assert.ok(rep.summary.errorsByReason.length > 0);
  });

  it('reads Excel (dates as date cells), text/csv bodies and GB18030 files', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('工单');
    ws.addRow(['受理时间', '诉求类型', '标题', '诉求内容', '分类编码', '办结时间', '办理结果']);
    ws.addRow([new Date(Date.UTC(2025, 4, 6, 9, 30)), '咨询', '公积金提取', '咨询公积金提取条件', '040501', new Date(Date.UTC(2025, 4, 6, 9, 35)), '已告知']);
    const b64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
    const x = await admin.post('/api/import/orders', { format: 'xlsx', encoding: 'base64', content: b64 });
    assert.equal(x.status, 201, JSON.stringify(x.body));
    const o = (await admin.get(`/api/orders/${x.body.report.orders[0]}`)).body;
    assert.equal(o.acceptedAt, '2025-05-06T01:30:00.000Z', 'the time shown in the cell, read as Beijing time');
    assert.equal(o.state, 'closed');

    const t = await fetch(`${tp.url}/api/import/orders?profile=minsheng&dryRun=true`, {
      method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv; charset=utf-8' }, body: nativeCsv([GOOD[2]!]),
    });
    const tb = await t.json() as any;
    assert.equal(t.status, 200);
    assert.equal(tb.report.valid, 1);

    // "受理时间,诉求类型,标题,诉求内容\n2025-01-02 10:00,建议,增设公交站,建议增设公交站" saved by Chinese Excel: GB18030
    const gb = Buffer.from('cadcc0edcab1bce42ccbdfc7f3c0e0d0cd2cb1eacce22ccbdfc7f3c4dac8dd0a323032352d30312d30322031303a30302cbda8d2e92cd4f6c9e8b9abbdbbd5be2cbda8d2e9d4f6c9e8b9abbdbbd5be', 'hex');
    const g = await admin.post('/api/import/orders', { format: 'csv', encoding: 'base64', content: gb.toString('base64'), dryRun: true });
    assert.equal(g.status, 200, JSON.stringify(g.body));
    assert.equal(g.body.report.valid, 1);

    assert.equal((await admin.post('/api/import/orders', { format: 'csv', content: '标题\n只有标题' })).status, 400, 'required columns missing');
    assert.equal((await operator.post('/api/import/orders', { format: 'csv', content: nativeCsv(GOOD) })).status, 403);
    const badBody = await admin.post('/api/import/orders', { format: 'doc', content: '' });
    assert.equal(badBody.status, 400);
    assert.deepEqual(badBody.body.fields.map((f: any) => f.field).sort(), ['content', 'format']);
  });

  it('round-trips: an export imports cleanly', async () => {
    const f = await download(admin, '/api/orders/export?format=csv&state=closed,pending_dispatch,withdrawn');
    const r = await admin.post('/api/import/orders', { format: 'csv', content: f.bytes.toString('utf8'), dryRun: true });
    assert.equal(r.status, 200, JSON.stringify(r.body.report?.summary?.errorsByReason));
    assert.equal(r.body.report.invalid, 0, JSON.stringify(r.body.report.errors.slice(0, 3)));
    assert.equal(r.body.report.valid, csvRows(f.bytes).length);
    assert.ok(r.body.report.warnings.every((w: any) => w.column === '工单编号'), 'only: these codes are taken here');
  });
});

describe('import: NYC 311', () => {
  const file = readFileSync(FIXTURES + 'nyc311/synthetic-nyc311.csv', 'utf8');

  it('maps complaint types, agencies and New York times, and reports the dirty rows', async () => {
    const r = await admin.post('/api/import/orders', { profile: 'nyc311', format: 'csv', content: file, dryRun: true });
    assert.equal(r.status, 200);
    const rep = r.body.report;
    assert.equal(r.body.ok, false);
    assert.deepEqual([rep.rows, rep.valid, rep.invalid], [11, 7, 4]);
    const cols = (row: number) => rep.errors.filter((e: any) => e.row === row).map((e: any) => e.column).sort();
    assert.deepEqual(cols(7), ['Closed Date'], 'closed before created');
    assert.deepEqual(cols(8), ['Agency', 'Complaint Type'], 'DOF has no counterpart here');
    assert.deepEqual(cols(9), ['Created Date'], 'unreadable date');
    assert.deepEqual(cols(10), ['Complaint Type']);
    const warn = (row: number) => rep.warnings.filter((w: any) => w.row === row).map((w: any) => w.messageEn);
    assert.ok(warn(2).some((m: string) => /Mojibake/.test(m)));
    assert.ok(warn(6).some((m: string) => /zero duration/.test(m)));
    assert.ok(warn(12).some((m: string) => /imported as open/.test(m)));
    assert.deepEqual(rep.summary.states, { closed: 4, handling: 1, dispatched: 2 });
  });

  it('imports the clean rows as history, the outbox leaves them alone, and a second import is refused', async () => {
    await tp.scheduler.tick(); // what happened before the subscription is not its news
    const hook = await startReceiver();
    receivers.push(hook);
    await admin.post('/api/interop/webhooks', { name: '观察', url: hook.url, events: ['order.closed', 'order.new_for_unit'] });
    const lines = file.trimEnd().split('\n');
    const clean = [lines[0], ...lines.slice(1).filter((l) => !/^9000000[6-9],/.test(l))].join('\n');
    const r = await admin.post('/api/import/orders', { profile: 'nyc311', format: 'csv', content: clean, fileName: 'nyc.csv' });
    assert.equal(r.status, 201, JSON.stringify(r.body.report?.errors));
    assert.equal(r.body.report.imported, 7);
    const byKey = async (key: string) => {
      const row = (await tp.db.query<{ code: string }>(sql`select code from orders where doc->'externalRef'->>'nyc311Key' = ${key}`)).rows[0]!;
      return (await admin.get(`/api/orders/${row.code}`)).body;
    };
    const heat = await byKey('90000001');
    assert.equal(heat.acceptedAt, '2023-01-16T01:00:00.000Z', '8 PM in New York in winter is 01:00 UTC');
    assert.equal(heat.category.code, '100401');
    assert.equal(heat.leadUnit.code, 'zjj');
    assert.equal(heat.channel, 'phone');
    assert.equal(heat.state, 'closed');
    const reply = heat.events.find((e: any) => e.type === 'replied');
    assert.match(reply.data.result, /landlord’s heating/, 'the mojibake is repaired');
    const noise = await byKey('90000002');
    assert.equal(noise.acceptedAt, '2023-07-05T03:15:00.000Z', '11:15 PM in New York in summer is 03:15 UTC');
    assert.equal(noise.leadUnit.code, 'gafj');
    const parking = await byKey('90000003');
    assert.deepEqual([parking.state, parking.holderUnit.code], ['handling', 'gafj']);
    const sewer = await byKey('90000010');
    assert.deepEqual([sewer.state, sewer.closeKind], ['closed', 'immediate'], 'answered by 311 itself');
    assert.equal((await byKey('90000011')).state, 'dispatched');

    await tp.scheduler.tick();
    assert.equal(hook.received.length, 0, 'imported history sends nothing');

    const again = await admin.post('/api/import/orders', { profile: 'nyc311', format: 'csv', content: clean });
    assert.equal(again.status, 400);
    assert.equal(again.body.report.invalid, 7);
  });

  it('takes the real NYC 311 sample (when ../shared is present)', async (t) => {
    if (!hasShared('nyc311/nyc311_2023-02-28_sample4999.csv')) {
      t.skip('../shared/data/nyc311 is absent');
      return;
    }
    const content = readFileSync(SHARED + 'nyc311/nyc311_2023-02-28_sample4999.csv', 'utf8');
    const r = await admin.post('/api/import/orders', { profile: 'nyc311', format: 'csv', content, dryRun: true });
    assert.equal(r.status, 200);
    const rep = r.body.report;
    assert.equal(rep.rows, 4999);
    assert.ok(rep.valid / rep.rows > 0.99, `${rep.valid} of ${rep.rows} map cleanly`);
    assert.ok(rep.errors.every((e: any) => e.column === 'Closed Date'), 'the dirty rows are the closed-before-created ones');
    assert.ok(rep.summary.warningsByReason.some((w: any) => /Mojibake/.test(w.messageEn)));
  });
});

