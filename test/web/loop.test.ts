// The closed loop through the UI, each role on its own screen: a resident submits on the portal
// at phone width, the dispatcher dispatches with the suggested unit, the unit's inbox shows the
// order without a reload, the handler signs for it and replies with a photo, the callback agent
// records satisfaction and closes it, and the resident reads the reply and rates the result.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { row, shot, startWeb, type Web } from './browser.ts';

let web: Web;
before(async () => {
  web = await startWeb();
});
after(() => web?.stop());

/** A small PNG: the photo a resident attaches. */
export const PHOTO = {
  name: 'scene.png',
  mimeType: 'image/png',
  buffer: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAM0lEQVR4nGP8z8Dwn4ECwESJ5lEDRg0YNWDUgFEDRg0YNWDUgFEDRg0YNWDUgFEDqGEAAEfeA/0MTZe7AAAAAElFTkSuQmCC',
    'base64',
  ),
};

async function pickCascader(page: Page, id: string, search: string, option: RegExp) {
  await page.locator(`#${id}`).click();
  await page.locator(`#${id}`).fill(search);
  await page.locator('.ant-cascader-menu-item:visible').filter({ hasText: option }).first().click();
}

let code = '';
let check = '';

describe('the closed loop through the UI', () => {
  it('a resident submits a request on the portal at phone width and gets the code and check', async () => {
    const page = await web.portal({ width: 375, height: 812, mobile: true });
    await shot(page, 'portal-home');
    await page.getByTestId('go-submit').click();
    await page.getByText('投诉', { exact: true }).click();
    await pickCascader(page, 'portal-category', '施工', /施工噪声/);
    await pickCascader(page, 'portal-territory', '后田 第一', /第一网格/);
    await page.locator('#portal-address').fill('城阳街道正阳路 188 号工地');
    await page.locator('#portal-title').fill('工地夜间施工噪声扰民');
    await page.locator('#portal-description').fill('正阳路 188 号工地每天夜里十一点以后还在打桩施工，噪声很大，孩子无法入睡，希望尽快制止。');
    await page.locator('input[type=file]').setInputFiles(PHOTO);
    await page.locator('.ant-upload-list-item-done, .ant-upload-list-item-container:has(img)').first().waitFor();
    await page.locator('#portal-name').fill('刘女士');
    await page.locator('#portal-phone').fill('13912345678');
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 375, `the form fits a 375-pixel screen (scroll width ${scroll})`);
    await shot(page, 'portal-submit', true);
    await page.getByTestId('portal-submit').click();
    await page.getByTestId('submitted').waitFor();
    code = (await page.getByTestId('portal-code').innerText()).trim();
    check = (await page.getByTestId('portal-check').innerText()).trim();
    assert.match(code, /^\d{8}-\d{5}$/);
    assert.equal(check, '5678', 'the check is the phone number\'s last four digits');
    await shot(page, 'portal-submitted');
    web.checkConsole();
  });

  let inbox: Page;
  it('the dispatcher sees it with the suggested unit and deadline, and dispatches; the unit\'s inbox shows it without a reload', async () => {
    inbox = await web.staff('handler-cgj');
    await inbox.waitForURL(/\/inbox$/);
    await inbox.getByTestId('inbox-sign').waitFor();
    assert.equal(await row(inbox, code).count(), 0, 'not yet in the unit\'s inbox');

    const page = await web.staff('dispatcher1');
    await page.waitForURL(/\/dispatch$/);
    await row(page, code).click();
    const bench = page.getByTestId('dispatch-workbench');
    await bench.getByText('工地夜间施工噪声扰民').waitFor();
    const preview = page.getByTestId('dispatch-preview');
    await preview.getByText(/城市管理局/).waitFor();
    assert.match(await preview.innerText(), /派单后办理时限\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await shot(page, 'dispatcher');
    await bench.locator('[data-action=dispatch]').click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByText(/城市管理局/).first().waitFor();
    await page.locator('#dialog-ok').click();
    await page.getByText('派单成功').waitFor();
    await row(page, code).waitFor({ state: 'detached' });
    web.checkConsole();

    // The unit's inbox, open all along, shows the new order by itself.
    await row(inbox, code).waitFor({ timeout: 10_000 });
    assert.match(await row(inbox, code).innerText(), /剩/);
  });

  it('the unit handler signs for it and replies with text and a photo', async () => {
    await row(inbox, code).locator('[data-action=signFor]').click();
    await inbox.locator('#dialog-ok').click();
    await inbox.getByText('签收成功').waitFor();
    await inbox.getByRole('tab', { name: /办理中/ }).click();
    const r = row(inbox, code);
    await r.waitFor();
    await shot(inbox, 'unit-inbox');
    await r.locator('[data-action=reply]').click();
    const dialog = inbox.locator('.ant-modal:visible');
    await dialog.locator('#result').fill('经现场核查，该工地夜间违规施工属实，已责令停止夜间施工并立案处罚，今后将加强巡查。');
    await dialog.locator('input[type=file]').setInputFiles(PHOTO);
    await dialog.locator('.ant-upload-list-item-done, .ant-upload-list-item-container:has(img)').first().waitFor();
    await inbox.locator('#dialog-ok').click();
    await inbox.getByText('办理回复成功').waitFor();
    await r.waitFor({ state: 'detached' });
    web.checkConsole();
  });

  it('the callback agent records satisfaction and closes it', async () => {
    const page = await web.staff('callback1');
    await page.waitForURL(/\/callback$/);
    const r = row(page, code);
    await r.locator('[data-action=callback]').click();
    const dialog = page.locator('.ant-modal:visible');
    await dialog.getByText('已责令停止夜间施工').waitFor();
    await dialog.getByText('满意', { exact: true }).click();
    await shot(page, 'callback');
    await page.locator('#dialog-ok').click();
    await page.getByText('回访成功').waitFor();
    await page.getByRole('tab', { name: /已回访待办结/ }).click();
    await row(page, code).locator('[data-action=close]').click();
    await page.locator('#dialog-ok').click();
    await page.getByText('办结成功').waitFor();
    web.checkConsole();
  });

  it('the order\'s page shows the whole timeline and no more steps for the dispatcher', async () => {
    const page = await web.staff('dispatcher1');
    await page.goto(`/orders/${code}`);
    await page.getByTestId('order-state').getByText('已办结').waitFor();
    const timeline = await page.getByTestId('timeline').innerText();
    for (const step of ['受理', '立案', '派单', '签收', '办理回复', '回访', '办结']) assert.ok(timeline.includes(step), `timeline has ${step}`);
    assert.match(await page.getByTestId('order-reply').innerText(), /已责令停止夜间施工/);
    const actions = await page.getByTestId('order-actions').locator('button[data-action]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-action')));
    assert.deepEqual(actions.sort(), ['evaluate', 'reopen'], 'a closed order: the dispatcher may only evaluate or reopen it');
    await shot(page, 'order-detail', true);
    web.checkConsole();
  });

  it('the resident reads the reply on the portal and rates the result', async () => {
    const page = await web.portal({ width: 375, height: 812, mobile: true });
    await page.getByTestId('go-track').click();
    await page.locator('#track-code').fill(code);
    await page.locator('#track-check').fill(check);
    await page.getByTestId('track-submit').click();
    await page.getByTestId('track-state').getByText('已办结').waitFor();
    assert.match(await page.getByTestId('track-replies').innerText(), /已责令停止夜间施工/);
    await page.getByTestId('rate').getByText('满意', { exact: true }).click();
    await page.getByTestId('rate-submit').click();
    await page.getByText('感谢您的评价').waitFor();
    await page.getByTestId('track-result').getByText('满意').waitFor();
    await shot(page, 'portal-track', true);
    web.checkConsole();
  });

  it('an anonymous resident gets a tracking secret to check with', async () => {
    const page = await web.portal({ width: 375, height: 812, mobile: true });
    await page.getByTestId('go-submit').click();
    await page.getByText('建议', { exact: true }).click();
    await page.locator('#portal-title').fill('建议在公园增设健身器材');
    await page.locator('#portal-description').fill('城阳世纪公园东门附近居民多，健身器材少，建议增设一批。');
    await page.locator('#portal-anonymous').click();
    await page.locator('#portal-phone').waitFor({ state: 'detached' });
    await page.getByTestId('portal-submit').click();
    const secret = (await page.getByTestId('portal-check').innerText()).trim();
    assert.match(secret, /^\d{6}$/, 'a generated six-digit secret');
    await page.getByTestId('track-now').click();
    await page.getByTestId('track-state').getByText('已受理').waitFor();
    web.checkConsole();
  });
});
