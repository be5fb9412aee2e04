// 报告 Reports through the browser: a leader makes yesterday's daily brief on demand, finds it in
// the list, downloads the Word file (a real .docx, authenticated by the session cookie alone),
// reads its content on the page, and is told beside the field that today's period has not ended.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { localDate, startOfLocalDay } from '../../src/domain/calendar.ts';
import { addDays } from '../../src/domain/measures.ts';
import { unzip } from '../../src/reports/zip.ts';
import { complaint, ids, type Ids } from '../helpers/fixtures.ts';
import type { Client } from '../helpers/platform.ts';
import { shot, startWeb, type Web } from './browser.ts';

let web: Web;
let I: Ids;
let leader: Client;
let today: string;
let yesterday: string;
const codes: string[] = [];

before(async () => {
  web = await startWeb();
  I = await ids(web.tp.db);
  const now = web.tp.clock.now();
  today = localDate(now);
  yesterday = addDays(today, -1);
  // Yesterday morning six residents reported that the water had stopped (the platform's clock
  // moved back while they call, then forward again: the browser's "yesterday" is that day).
  web.tp.clock.set(new Date(startOfLocalDay(yesterday).getTime() + 10 * 3_600_000));
  try {
    const operator = await web.tp.as('operator1');
    for (let i = 0; i < 6; i++) {
      const r = await operator.post('/api/orders', complaint(I, { requestType: 'help', categoryId: I.category('100101'), title: `正阳路小区停水 ${i + 1}` }));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      codes.push(r.body.code);
    }
  } finally {
    web.tp.clock.set(now);
  }
  leader = await web.tp.as('leader1');
});
after(() => web?.stop());

describe('报告 reports', () => {
  it('a leader makes yesterday\'s daily brief, finds it in the list, downloads it as Word and reads it', async () => {
    const page = await web.staff('leader1', { width: 1600, height: 900, allow: [/status of 400/] });
    await page.getByRole('menuitem', { name: /报告$/ }).click();
    await page.waitForURL(/\/reports$/);
    const form = page.getByTestId('make-report');
    await form.waitFor();
    // The daily brief of the last day that has ended is proposed.
    assert.equal(await page.getByTestId('report-period-key').innerText(), yesterday);
    await page.locator('#report-generate').click();
    await page.getByTestId('report-made').getByText(/每日简情/).first().waitFor();

    const made = (await leader.get('/api/reports?kind=daily')).body.items.find((r: any) => r.period === yesterday);
    assert.ok(made, 'the report was made');
    assert.equal(made.trigger, 'demand');
    const row = page.locator(`tr[data-report-id="${made.id}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /每日简情[\s\S]*按需生成/);

    // Word: a plain link; the session cookie is the only credential.
    const [download] = await Promise.all([page.waitForEvent('download'), row.locator('[data-format=docx]').click()]);
    assert.match(download.suggestedFilename(), /每日简情.*\.docx$/);
    const doc = unzip(readFileSync((await download.path())!)).get('word/document.xml')!.toString('utf8');
    for (const s of ['每日简情', '一、总体情况', '停水']) assert.ok(doc.includes(s), s);
    const xlsx = await page.request.get(`/api/reports/${made.id}/xlsx`);
    assert.equal(xlsx.status(), 200);
    assert.equal(xlsx.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK');
    await page.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await shot(page, 'reports');

    // The content on the page: the summary, the figures, the hot issue with its orders.
    await row.locator('[data-action=view]').click();
    const view = page.getByTestId('report-view');
    await view.getByText(/共受理群众诉求/).first().waitFor();
    await page.getByTestId('report-figures').getByText('受理量').first().waitFor();
    const hot = page.getByTestId('report-hot-issues');
    await hot.getByText(/停水/).first().waitFor();
    const link = hot.locator('a[href^="/orders/"]').first();
    assert.ok(codes.includes((await link.innerText()).trim()), 'an example order of the hot issue');
    await shot(page, 'report-view');
    await page.locator('.ant-drawer-close').click();
    web.checkConsole();
  });

  it('says beside the period that today has not ended', async () => {
    const page = await web.staff('leader1', { width: 1600, height: 900, allow: [/status of 400/] });
    await page.goto('/reports');
    const period = page.locator('#report-period');
    await period.click();
    await period.fill(today);
    await period.press('Enter');
    await page.getByTestId('report-period-key').getByText(today).waitFor();
    await page.locator('#report-generate').click();
    const error = page.getByTestId('make-report').locator('.ant-form-item-explain-error');
    await error.getByText(/统计期尚未结束/).waitFor();
    assert.equal((await leader.get('/api/reports?kind=daily')).body.items.filter((r: any) => r.period === today).length, 0);
    // Choosing another day clears the message.
    await period.click();
    await period.fill(yesterday);
    await period.press('Enter');
    await error.waitFor({ state: 'detached' });
    web.checkConsole();
  });

  it('a special report on one matter needs its subject', async () => {
    const page = await web.staff('leader1', { width: 1600, height: 900 });
    await page.goto('/reports');
    const form = page.getByTestId('make-report');
    await form.getByText('专报', { exact: true }).click();
    // The last 30 days up to yesterday are proposed.
    await page.getByTestId('report-period-key').getByText(`${addDays(yesterday, -29)}..${yesterday}`).waitFor();
    await page.locator('#report-generate').click();
    await form.locator('.ant-form-item-explain-error').getByText('请选择专报事项').waitFor();
    const subject = page.locator('#report-subject');
    await subject.click();
    await subject.fill('供水');
    await page.locator('.ant-select-tree-node-content-wrapper:visible').filter({ hasText: /^供水$/ }).first().click();
    await page.locator('#report-generate').click();
    await page.getByTestId('report-made').getByText('关于“供水”类诉求情况的专报', { exact: false }).first().waitFor();
    const made = (await leader.get('/api/reports?kind=special')).body.items[0];
    assert.equal(made.subject, `category:${I.category('1001')}`);
    assert.equal(made.period, `${addDays(yesterday, -29)}..${yesterday}`);
    await page.locator(`tr[data-report-id="${made.id}"]`).waitFor();
    web.checkConsole();
  });

  it('the list filters by kind and exports to Excel', async () => {
    const page = await web.staff('leader1', { width: 1600, height: 900 });
    await page.goto('/reports');
    const list = page.getByTestId('report-list');
    await list.locator('tr[data-report-id]').first().waitFor();
    await page.getByTestId('report-kind-filter').getByText('月度分析报告').click();
    await list.getByText('暂无报告').or(list.locator('tr[data-kind=monthly]').first()).waitFor();
    assert.equal(await list.locator('tr[data-kind=daily]').count(), 0);
    await page.getByTestId('report-kind-filter').getByText('全部').click();
    await list.locator('tr[data-kind=daily]').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    web.checkConsole();
  });
});
