// The leaders' dashboard (大屏): counters, the district map, the unit ranking and the hot issues;
// and the reply check: a unit's reply that does not address the request is warned about, and the
// unit can still submit it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
