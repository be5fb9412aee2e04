// The operator's screen with the keyboard alone: Tab through the call, pick the category by
// pinyin initials and the place by typing, see the caller's history and a possible duplicate,
// Alt+E for an emergency, Ctrl+S to save, Ctrl+Enter to answer from the knowledge base; and a
// failed save that loses nothing and, retried, records the call once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { indexSearch } from '../../src/app/intake/search.ts';
import { complaint, ids, type Ids } from '../helpers/fixtures.ts';
import type { Client } from '../helpers/platform.ts';
import { shot, startWeb, type Web } from './browser.ts';

let web: Web;
let I: Ids;
let api: Client;
before(async () => {
  web = await startWeb();
  I = await ids(web.tp.db);
  api = await web.tp.as('operator2');
  // The knowledge panel searches the index the background sweep keeps (jobs are off in tests): build it now.
  await indexSearch(web.tp.db, web.tp.clock.now());
});
after(() => web?.stop());

const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName ?? '');

async function tabTo(page: Page, id: string, max = 12) {
  const path: string[] = [];
  for (let i = 0; i < max; i++) {
    const at = await focused(page);
    if (at === id) return;
    path.push(at);
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached #${id} (went ${path.join(' → ')} → ${await focused(page)})`);
}

describe('the operator records calls with the keyboard alone', () => {
  it('saves a complaint with Ctrl+S: history, pinyin category, place, duplicate and emergency', async () => {
    // An open order at the same place about the same matter, from an earlier call.
    const earlier = await api.post('/api/orders', complaint(I, { register: true, caller: { name: '赵先生', phone: '13700001234', anonymous: false, confidential: false } }));
    assert.equal(earlier.status, 201);

    const page = await web.staff('operator1');
    await page.waitForURL(/\/intake$/);
    const started = Date.now();
    await page.waitForFunction(() => document.activeElement?.id === 'intake-phone', undefined, { timeout: 5000 });
    await page.keyboard.type('13700001234');
    await page.getByTestId('caller-history').getByText(earlier.body.code).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('赵先生');
    await tabTo(page, 'intake-type');
    await page.keyboard.type('投诉');
    await page.keyboard.press('Enter');
    await tabTo(page, 'intake-category');
    await page.keyboard.type('sgzs');
    await page.locator('.ant-select-item-option:visible').filter({ hasText: '施工噪声' }).first().waitFor();
    await page.keyboard.press('Enter');
    await tabTo(page, 'intake-territory');
    await page.keyboard.type('后田 第一');
    await page.locator('.ant-cascader-menu-item:visible').filter({ hasText: '第一网格' }).first().waitFor();
    await page.keyboard.press('Enter');
    await tabTo(page, 'intake-address');
    await page.keyboard.type('城阳街道正阳路 100 号');
    await page.keyboard.press('Tab');
    assert.equal(await page.locator('#intake-title').inputValue(), '施工噪声', 'the title starts as the category name');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('正阳路工地夜间施工噪声');
    await page.keyboard.press('Tab');
    await page.keyboard.type('来电人反映正阳路 100 号附近工地每晚十一点后仍施工，噪声扰民，要求查处。');
    await page.keyboard.press('Alt+E');
    assert.equal(await page.locator('#intake-emergency').getAttribute('aria-checked'), 'true', 'Alt+E marks an emergency');
    await page.getByTestId('duplicates').getByText(earlier.body.code).waitFor();
    await page.getByTestId('unit-suggestion').getByText(/城市管理局/).waitFor();
    await shot(page, 'operator');
    await page.keyboard.press('Control+S');
    const codeText = (await page.getByTestId('case-code').innerText()).trim();
    assert.match(codeText, /^\d{8}-\d{5}$/);
    const seconds = (Date.now() - started) / 1000;
    assert.ok(seconds < 60, `recorded in ${seconds.toFixed(1)} s`);
    await shot(page, 'operator-saved');
    const saved = await api.get(`/api/orders/${codeText}`);
    assert.equal(saved.body.state, 'pending_dispatch', 'saved and registered, waiting for dispatch');
    assert.equal(saved.body.emergency, true);
    assert.equal(saved.body.category.name, '施工噪声');
    assert.equal(saved.body.place.territory.name, '第一网格');
    assert.equal(saved.body.caller.phone, '13700001234');
    // Enter: the next call, with an empty form and the focus back on the phone.
    await page.keyboard.press('Enter');
    await page.getByTestId('saved').waitFor({ state: 'detached' });
    assert.equal(await page.locator('#intake-phone').inputValue(), '');
    assert.equal(await focused(page), 'intake-phone');
    web.checkConsole();
  });

  it('answers a consultation at once from the knowledge base with Ctrl+Enter', async () => {
    const page = await web.staff('operator1');
    await page.waitForURL(/\/intake$/);
    await page.waitForFunction(() => document.activeElement?.id === 'intake-phone');
    await page.keyboard.type('13600005678');
    await tabTo(page, 'intake-type');
    await page.keyboard.type('咨询');
    await page.keyboard.press('Enter');
    await tabTo(page, 'intake-category');
    await page.keyboard.type('ylbx');
    await page.locator('.ant-select-item-option:visible').filter({ hasText: '养老保险' }).first().waitFor();
    await page.keyboard.press('Enter');
    await tabTo(page, 'intake-title');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('咨询社保缴费记录查询方式');
    await page.keyboard.press('Tab');
    await page.keyboard.type('来电人想查询自己历年的社保缴费记录，询问查询渠道。');
    await page.keyboard.press('Alt+K');
    assert.equal(await focused(page), 'kb-search');
    await page.keyboard.type('社保缴费');
    const hit = page.getByTestId('kb-item').filter({ hasText: '社保缴费记录如何查询' });
    await hit.waitFor();
    await page.keyboard.press('Tab');
    while (!(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'kb-use'))) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    // The cited article fills the answer and the answer takes the focus (once the screen has settled).
    await page.waitForFunction(() => document.activeElement?.id === 'intake-answer', null, { timeout: 3_000 });
    assert.match(await page.locator('#intake-answer').inputValue(), /青岛人社APP/);
    await shot(page, 'operator-knowledge');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('saved').getByText('已即时答复办结').or(page.getByText('已即时答复并办结')).first().waitFor();
    const code = (await page.getByTestId('case-code').innerText()).trim();
    const o = await api.get(`/api/orders/${code}`);
    assert.equal(o.body.state, 'closed');
    assert.equal(o.body.closeKind, 'immediate');
    web.checkConsole();
  });

  it('retries a failed answer-at-once as an answer, not as a new case', async () => {
    const page = await web.staff('operator1', { allow: [/status of 502/] });
    await page.waitForURL(/\/intake$/);
    let failed = 0;
    await page.route('**/api/orders', async (route) => {
      if (route.request().method() === 'POST' && failed === 0) {
        failed++;
        await route.fulfill({ status: 502, contentType: 'application/json', body: JSON.stringify({ error: 'bad_gateway', message: '网关错误', messageEn: 'Bad gateway' }) });
        return;
      }
      await route.continue();
    });
    await page.waitForFunction(() => document.activeElement?.id === 'intake-phone');
    await page.keyboard.type('13500008888');
    await tabTo(page, 'intake-type');
    await page.keyboard.type('咨询');
    await page.keyboard.press('Enter');
    await tabTo(page, 'intake-category');
    await page.keyboard.type('ylbx');
    await page.locator('.ant-select-item-option:visible').filter({ hasText: '养老保险' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#intake-title').fill('咨询养老保险缴费年限');
    await page.locator('#intake-description').fill('来电人咨询养老保险最低缴费年限。');
    await page.locator('#intake-answer').fill('养老保险累计缴费满15年，达到法定退休年龄后可按月领取基本养老金。');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('save-error').waitFor();
    await page.getByTestId('save-error').getByRole('button').click();
    await page.getByTestId('saved').waitFor();
    const code = (await page.getByTestId('case-code').innerText()).trim();
    const o = await api.get(`/api/orders/${code}`);
    assert.equal(o.body.state, 'closed', 'the retry answered at once, as the failed save meant to');
    assert.equal(o.body.closeKind, 'immediate');
    web.checkConsole();
  });

  it('a failed save keeps what was typed, even across a reload, and the retry records the call once', async () => {
    const page = await web.staff('operator1', { allow: [/status of 502/] });
    await page.waitForURL(/\/intake$/);
    // The first save reaches the server but its answer is lost on the way back.
    let failed = 0;
    await page.route('**/api/orders', async (route) => {
      if (route.request().method() === 'POST' && failed === 0) {
        failed++;
        await route.fetch();
        await route.fulfill({ status: 502, contentType: 'application/json', body: JSON.stringify({ error: 'bad_gateway', message: '网关错误', messageEn: 'Bad gateway' }) });
        return;
      }
      await route.continue();
    });
    await page.waitForFunction(() => document.activeElement?.id === 'intake-phone');
    await page.keyboard.type('13500009999');
    await tabTo(page, 'intake-category');
    await page.keyboard.type('ldbl');
    await page.locator('.ant-select-item-option:visible').filter({ hasText: '路灯不亮' }).first().waitFor();
    await page.keyboard.press('Enter');
    await tabTo(page, 'intake-title');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('小区门口路灯不亮');
    await page.keyboard.press('Tab');
    await page.keyboard.type('城子社区门口三盏路灯一周不亮，夜间出行不便。');
    await page.keyboard.press('Control+S');
    await page.getByTestId('save-error').waitFor();
    assert.equal(await page.locator('#intake-title').inputValue(), '小区门口路灯不亮', 'the form keeps what was typed');
    await shot(page, 'operator-save-failed');

    await page.reload();
    await page.getByTestId('draft-restored').waitFor();
    assert.equal(await page.locator('#intake-phone').inputValue(), '13500009999', 'the draft survives a reload');
    assert.match(await page.locator('#intake-description').inputValue(), /三盏路灯/);
    await page.keyboard.press('Control+S');
    const code = (await page.getByTestId('case-code').innerText()).trim();
    const list = await api.get('/api/orders?phone=13500009999');
    assert.equal(list.body.total, 1, 'one order for the call, not two');
    assert.equal(list.body.items[0].code, code, 'the retry answers with the order the failed save created');
    web.checkConsole();
  });
});
