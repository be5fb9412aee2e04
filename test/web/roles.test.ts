// Every other role's main path through its screen: a unit returns a misrouted order and the
// dispatcher sees why; a unit asks for an extension and the dispatcher approves it; a street
// sends an order down to a community; the supervisor sees overdue orders by unit and issues a
// supervision notice; the leader's numbers; the administrator's configuration screens; Excel
// export of a list; and the English switch.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { complaint, ids, type Ids } from '../helpers/fixtures.ts';
import type { Client } from '../helpers/platform.ts';
import { row, shot, startWeb, type Web } from './browser.ts';

let web: Web;
let I: Ids;
let operator: Client, dispatcher: Client, cgj: Client, street: Client;
before(async () => {
  web = await startWeb();
  I = await ids(web.tp.db);
  [operator, dispatcher, cgj, street] = await Promise.all([
    web.tp.as('operator1'), web.tp.as('dispatcher1'), web.tp.as('handler-cgj'), web.tp.as('handler-st-chengyang'),
  ]);
});
after(() => web?.stop());

const DAY = 86_400_000;

async function dispatched(unit: string, body: Record<string, unknown> = {}) {
  const o = (await operator.post('/api/orders', complaint(I, body))).body;
  const d = await dispatcher.post(`/api/orders/${o.id}/dispatch`, { leadUnitId: I.unit(unit) });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  return d.body as { id: number; code: string };
}

describe('each role through its screen', () => {
  it('a unit returns a misrouted order; the dispatcher sees the reason and dispatches it again', async () => {
    const o = await dispatched('cgj', { title: '小区内违章搭建阳光房' });
    const unit = await web.staff('handler-cgj');
    await row(unit, o.code).locator('[data-action=return]').click();
    await unit.locator('.ant-modal:visible textarea').fill('该问题属于小区物业管理范围，应由住建局处理，非本单位职责。');
    await unit.locator('#dialog-ok').click();
    await unit.getByText('退单成功').waitFor();

    const page = await web.staff('dispatcher1');
    await row(page, o.code).getByText('退回1次').waitFor();
    // The row opens from the keyboard too: it takes the focus, Enter selects it.
    await row(page, o.code).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('return-reasons').getByText(/应由住建局处理/).waitFor();
    await shot(page, 'dispatcher-returned');
    await page.getByTestId('dispatch-workbench').locator('[data-action=dispatch]').click();
    const lead = page.locator('#dispatch-lead');
    await lead.click();
    await lead.fill('住房和城乡');
    await page.locator('.ant-select-item-option:visible').filter({ hasText: '住房和城乡建设局' }).first().click();
    await page.locator('#dialog-ok').click();
    await page.getByText('派单成功').waitFor();
    const after = (await dispatcher.get(`/api/orders/${o.id}`)).body;
    assert.equal(after.leadUnit.code, 'zjj');
    assert.equal(after.counts.secondDispatch, 1, 'counted as a second dispatch');
    web.checkConsole();
  });

  it('a unit asks for an extension; the dispatcher approves it', async () => {
    const o = await dispatched('cgj', { title: '道路破损需协调施工' });
    assert.equal((await cgj.post(`/api/orders/${o.id}/sign-for`)).status, 200);
    const unit = await web.staff('handler-cgj');
    await unit.getByRole('tab', { name: /办理中/ }).click();
    await row(unit, o.code).locator('[data-action=requestExtension]').click();
    const dialog = unit.locator('.ant-modal:visible');
    await dialog.locator('#days').fill('5');
    await dialog.locator('#reason').fill('需协调燃气管线迁改，工期较长');
    await unit.locator('#dialog-ok').click();
    await unit.getByText('申请延期成功').waitFor();

    const page = await web.staff('dispatcher1');
    await page.getByRole('tab', { name: /延期审批/ }).click();
    const r = row(page, o.code);
    await r.getByText(/需协调燃气管线迁改/).waitFor();
    await shot(page, 'dispatcher-extensions');
    await r.locator('[data-action=decideExtension]').click();
    await page.locator('.ant-modal:visible').getByText('5 个工作日').first().waitFor();
    await page.locator('#dialog-ok').click();
    await page.getByText('审批延期成功').waitFor();
    const after = (await dispatcher.get(`/api/orders/${o.id}`)).body;
    assert.equal(after.counts.extension, 1);
    assert.equal(after.pendingExtension, null);
    web.checkConsole();
  });

  it('a street sends an order down to its community, which finds it in its inbox', async () => {
    const o = await dispatched('st-chengyang', { title: '楼道堆放杂物影响通行' });
    assert.equal((await street.post(`/api/orders/${o.id}/sign-for`)).status, 200);
    const page = await web.staff('handler-st-chengyang');
    await page.getByRole('tab', { name: /办理中/ }).click();
    await row(page, o.code).locator('[data-action=sendDown]').click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.locator('#toUnitId').click();
    await dialog.locator('#toUnitId').fill('后田');
    await page.locator('.ant-select-item-option:visible').filter({ hasText: '后田社区' }).first().click();
    await page.locator('#dialog-ok').click();
    await page.getByText('下派成功').waitFor();

    const community = await web.staff('handler-cm-370214001001');
    await row(community, o.code).locator('[data-action=signFor]').waitFor();
    web.checkConsole();
  });

  it('the supervisor sees overdue orders by unit and issues a supervision notice', async () => {
    const real = Date.now();
    web.tp.clock.set(new Date(real - 20 * DAY));
    let o: { id: number; code: string };
    try {
      o = await dispatched('cgj', { title: '工地扬尘长期未治理' });
    } finally {
      web.tp.clock.set(new Date(real));
    }
    await web.tp.scheduler.tick();
    const page = await web.staff('supervisor1');
    await page.waitForURL(/\/supervise$/);
    await page.getByTestId('by-unit').getByText(/城市管理局/).first().waitFor();
    await page.getByTestId('supervise-chart').locator('canvas').waitFor();
    const r = row(page, o.code);
    await r.waitFor();
    assert.equal(await r.getAttribute('data-colour'), 'overdue');
    await shot(page, 'supervisor');
    await r.locator('[data-action=supervise]').click();
    await page.locator('.ant-modal:visible textarea').fill('请于今日内办结并回复，逾期将通报。');
    await page.locator('#dialog-ok').click();
    await page.getByText('督办成功').waitFor();
    await page.goto(`/orders/${o.code}`);
    await page.getByTestId('timeline').getByText('请于今日内办结并回复').waitFor();
    web.checkConsole();
  });

  it('the leader sees today\'s numbers and charts', async () => {
    const page = await web.staff('leader1');
    await page.waitForURL(/\/overview$/);
    const stats = page.getByTestId('overview-stats');
    await stats.getByText('今日受理').waitFor();
    await page.getByTestId('chart-category').locator('canvas').waitFor();
    await page.getByTestId('chart-trend').locator('canvas').waitFor();
    const today = await web.tp.anon.get('/api/health');
    assert.equal(today.status, 200);
    assert.match(await stats.innerText(), /今日受理\s*\d+/);
    await shot(page, 'leader');
    web.checkConsole();
  });

  it('the administrator keeps units, categories, rules, the calendar and the knowledge base', async () => {
    const page = await web.staff('admin1');
    await page.waitForURL(/\/admin\/units$/);
    await page.getByText('城阳区城市管理局(区综合行政执法局)').waitFor();
    await shot(page, 'admin-units');
    for (const [path, text, name] of [
      ['/admin/categories', '环境保护', 'admin-categories'],
      ['/admin/limits', '个工作日', 'admin-limits'],
      ['/admin/routing', '施工噪声', 'admin-routing'],
      ['/admin/calendar', '国庆节', 'admin-calendar'],
      ['/admin/users', 'operator1', 'admin-users'],
    ] as const) {
      await page.goto(path);
      await page.getByText(text).first().waitFor();
      if (name === 'admin-categories' || name === 'admin-limits' || name === 'admin-calendar') await shot(page, name);
    }
    await page.goto('/knowledge');
    await page.getByRole('button', { name: /新建知识/ }).click();
    await page.locator('#kb-title').fill('公共自行车租还点查询');
    await page.locator('#kb-body').fill('可通过城阳公交APP查询公共自行车租还点位置和可借车辆数，故障车辆请拨打车身服务电话报修。');
    await page.locator('#dialog-ok').click();
    await page.getByText('已保存').waitFor();
    const found = await operator.get(`/api/knowledge?q=${encodeURIComponent('公共自行车')}`);
    assert.equal(found.body.items.length, 1, 'operators now find the new article');
    await shot(page, 'admin-knowledge');
    web.checkConsole();
  });

  it('exports the filtered list to Excel with Chinese headers, every page', async () => {
    const page = await web.staff('dispatcher1');
    await page.goto('/orders');
    await page.getByTestId('orders').locator('tr[data-code]').first().waitFor();
    const total = (await dispatcher.get('/api/orders?pageSize=1')).body.total as number;
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const ws = wb.worksheets[0]!;
    const headers = (ws.getRow(1).values as unknown[]).map(String);
    assert.ok(headers.includes('工单编号') && headers.includes('标题'), `Chinese headers: ${headers.join(' ')}`);
    assert.equal(ws.actualRowCount - 1, total, 'all pages, not only the first 20');
    web.checkConsole();
  });

  it('switches to English and keeps the choice', async () => {
    const page = await web.staff('operator1');
    await page.getByText('EN', { exact: true }).click();
    await page.getByText('Intake desk').first().waitFor();
    await page.getByText('Save & open case').first().waitFor();
    await page.reload();
    await page.getByText('Intake desk').first().waitFor();
    await shot(page, 'operator-en');
    await page.getByText('中文', { exact: true }).click();
    await page.getByText('受理台').first().waitFor();
    web.checkConsole();
  });
});
