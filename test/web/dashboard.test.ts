// The leaders' dashboard (大屏): counters, the district map, the unit ranking and the hot issues;
// an early warning acknowledged with a note; and the reply check: a unit's reply that does not
// address the request is warned about, and the unit can still submit it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { localDate } from '../../src/domain/calendar.ts';
import { refreshMeasures } from '../../src/app/measures/refresh.ts';
import { raiseWarnings } from '../../src/app/measures/warnings.ts';
import { getCatalog } from '../../src/store/catalog.ts';
import { complaint, ids, type Ids } from '../helpers/fixtures.ts';
import type { Client } from '../helpers/platform.ts';
import { row, shot, startWeb, type Web } from './browser.ts';

let web: Web;
let I: Ids;
let operator: Client, dispatcher: Client, cgj: Client;
before(async () => {
  web = await startWeb();
  I = await ids(web.tp.db);
  [operator, dispatcher, cgj] = await Promise.all([web.tp.as('operator1'), web.tp.as('dispatcher1'), web.tp.as('handler-cgj')]);
});
after(() => web?.stop());

async function signed() {
  const o = (await operator.post('/api/orders', complaint(I))).body as { id: number; code: string };
  const d = await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit('cgj') });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  assert.equal((await cgj.post(`/api/orders/${o.id}/sign-for`)).status, 200);
  return o;
}

describe('the leaders\' dashboard and the reply check', () => {
  it('the leader sees the counters, the map, the unit ranking and the hot issues', async () => {
    for (let i = 0; i < 3; i++) await signed();
    const page = await web.staff('leader1', { width: 1600, height: 900 });
    await page.getByRole('menuitem', { name: /领导大屏/ }).click();
    await page.waitForURL(/\/dashboard$/);
    const counters = page.getByTestId('dashboard-counters');
    await counters.getByText('今日受理').waitFor();
    await page.getByTestId('chart-map').locator('canvas').waitFor();
    await page.getByTestId('chart-category-trend').locator('canvas').waitFor();
    await page.getByTestId('dashboard-ranking').locator('table').waitFor();
    const hot = page.getByTestId('hot-issues');
    await hot.getByText('热点诉求（近七日）').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=hot-issues] .ant-card-loading-content'));
    assert.match(await counters.innerText(), /今日受理\s*\d+/);
    await shot(page, 'dashboard');
    web.checkConsole();
  });

  it('a busy centre does not make the screen refetch on every change', async () => {
    const page = await web.staff('leader1', { width: 1600, height: 900 });
    await page.goto('/dashboard');
    await page.getByTestId('dashboard-counters').getByText('今日受理').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid=hot-issues] .ant-card-loading-content'));
    const asked = { dashboard: 0, hot: 0 };
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path === '/api/dashboard') asked.dashboard++;
      if (path === '/api/intake/hot-issues') asked.hot++;
    });
    // A new request every half second for five seconds: the live stream says so each time.
    for (let i = 0; i < 10; i++) {
      assert.equal((await operator.post('/api/orders', complaint(I))).status, 201);
      await page.waitForTimeout(500);
    }
    assert.ok(asked.dashboard <= 1, `the counters reload at most every 10 seconds (${asked.dashboard} in 5 s)`);
    assert.equal(asked.hot, 0, 'the hot issues wait for their own timer');
    web.checkConsole();
  });

  it('a leader acknowledges an early warning with a note, and it leaves the list', async () => {
    // Six residents of one street report the water stopped: a surge of 停水 there.
    for (let i = 0; i < 6; i++) {
      const r = await operator.post('/api/orders', complaint(I, { requestType: 'help', categoryId: I.category('100101'), title: `小区停水 ${i + 1}` }));
      assert.equal(r.status, 201);
    }
    const { tp } = web;
    await refreshMeasures(tp.db, tp.clock.now());
    const now = tp.clock.now();
    assert.ok((await raiseWarnings(tp.db, await getCatalog(tp.db), localDate(now), now)) >= 1);
    const leader = await tp.as('leader1');
    const w = (await leader.get('/api/warnings')).body.items.find((x: any) => x.kind === 'surge' && x.category?.code === '100101');
    assert.ok(w, 'the surge is raised');

    const page = await web.staff('leader1', { width: 1600, height: 900 });
    await page.goto('/dashboard');
    const item = page.getByTestId('dashboard-warnings').locator(`[data-warning-id="${w.id}"]`);
    await item.getByText(/停水类诉求 \d+ 件/).waitFor();
    await item.locator('[data-action=acknowledge]').click();
    await page.locator('#acknowledge-note').fill('已通知水务集团排查');
    await shot(page, 'dashboard-acknowledge');
    await page.locator('#acknowledge-ok').click();
    await page.getByText('预警已处置').waitFor();
    await item.waitFor({ state: 'detached' });
    const done = (await leader.get('/api/warnings?status=acknowledged')).body.items.find((x: any) => x.id === w.id);
    assert.equal(done?.note, '已通知水务集团排查');
    // Still gone after the screen reloads its data.
    await page.reload();
    await page.getByTestId('dashboard-counters').getByText('今日受理').waitFor();
    await page.getByTestId('dashboard-warnings').locator('.ant-list').waitFor();
    assert.equal(await page.locator(`[data-warning-id="${w.id}"]`).count(), 0);
    web.checkConsole();
  });

  it('a unit replying with an unrelated text is warned and can still submit', async () => {
    const o = await signed();
    const inbox = await web.staff('handler-cgj');
    await inbox.waitForURL(/\/inbox$/);
    await inbox.getByRole('tab', { name: /办理中/ }).click();
    const r = row(inbox, o.code);
    await r.locator('[data-action=reply]').click();
    const dialog = inbox.locator('.ant-modal:visible');
    await dialog.locator('#result').fill('已阅。');
    await inbox.locator('#dialog-ok').click();
    const warn = dialog.getByTestId('reply-warnings');
    await warn.getByText('回复检查提示').waitFor();
    await inbox.locator('#dialog-ok').getByText('仍然提交').waitFor();
    await shot(inbox, 'unit-reply-check');
    await inbox.locator('#dialog-ok').click();
    await inbox.getByText('办理回复成功').waitFor();
    web.checkConsole();
  });
});
