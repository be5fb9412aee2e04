// Browser tests: the real platform (test/helpers/platform.ts) serving the built UI, driven by
// playwright-core through Debian's chromium. Each role gets its own browser context (its own
// session cookie). Every page records console errors and uncaught exceptions; `done()` fails the
// test on any. Screenshots go to test-results/screenshots (ignored by git), or with
// MINSHENG_SCREENSHOTS=1 (`npm run screenshots`) to docs/screenshots, the README's pictures.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureWebBuild } from '../../scripts/web-build.ts';
import { PASSWORD, startTestPlatform, type TestPlatform } from '../helpers/platform.ts';

/** Where screenshots go: the README's pictures only when refreshed on purpose. */
export const README_SCREENSHOTS = !!process.env.MINSHENG_SCREENSHOTS;
export const SCREENSHOTS = fileURLToPath(new URL(README_SCREENSHOTS ? '../../docs/screenshots/' : '../../test-results/screenshots/', import.meta.url));

/** Launch flags for Debian's chromium (../shared/docs/stack-notes.md). playwright adds a new, empty --user-data-dir itself. */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--lang=zh-CN', '--font-render-hinting=none',
];

export interface Web {
  tp: TestPlatform;
  browser: Browser;
  /** A logged-in page of a staff user, in a context of its own. */
  staff(username: string, opts?: PageOpts): Promise<Page>;
  /** A page of the portal (no log-in). */
  portal(opts?: PageOpts): Promise<Page>;
  /** A fresh page on `base` (another server process), logged in as `username`. */
  staffOn(base: string, username: string, opts?: PageOpts): Promise<Page>;
  /** Fails on any console error or page error seen so far (minus the allowed ones). */
  checkConsole(): void;
  stop(): Promise<void>;
}

export interface PageOpts {
  width?: number;
  height?: number;
  /** Console errors that the test provokes on purpose (e.g. a failed save): matched and ignored. */
  allow?: RegExp[];
  mobile?: boolean;
}

interface Problem {
  where: string;
  text: string;
}

export async function startWeb(o: { sharing?: TestPlatform } = {}): Promise<Web> {
  ensureWebBuild(() => undefined);
  const [started, launched] = await Promise.allSettled([
    startTestPlatform({ sharing: o.sharing }),
    chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS }),
  ]);
  if (started.status === 'rejected' || launched.status === 'rejected') {
    // Stop whichever did start, so that the test fails instead of hanging on an open server.
    if (started.status === 'fulfilled') await started.value.stop();
    if (launched.status === 'fulfilled') await launched.value.close();
    throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
  }
  const [tp, browser] = [started.value, launched.value];
  const problems: Problem[] = [];
  const contexts: BrowserContext[] = [];

  const newContext = (base: string, opts: PageOpts) => browser.newContext({
      baseURL: base,
      viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      deviceScaleFactor: 1,
      isMobile: opts.mobile ?? false,
      hasTouch: opts.mobile ?? false,
      acceptDownloads: true,
    });

  const watch = async (context: BrowserContext, opts: PageOpts = {}) => {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const allow = opts.allow ?? [];
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const text = `${m.text()} ${m.location().url ?? ''}`;
      if (!allow.some((r) => r.test(text))) problems.push({ where: page.url(), text });
    });
    page.on('pageerror', (e) => problems.push({ where: page.url(), text: `uncaught: ${e.message}` }));
    return page;
  };

  const open = async (base: string, opts: PageOpts = {}) => {
    const context = await newContext(base, opts);
    contexts.push(context);
    return watch(context, opts);
  };

  // One logged-in context per user and server (its session cookie); each call opens a new page in it.
  const sessions = new Map<string, BrowserContext>();
  const loginOn = async (base: string, username: string, opts: PageOpts = {}) => {
    const key = `${base} ${username} ${opts.width ?? ''}`;
    const known = sessions.get(key);
    if (known) {
      // A user works in one tab: close the earlier one (its timers and live stream).
      await Promise.all(known.pages().map((p) => p.close()));
      const page = await watch(known, opts);
      await page.goto('/');
      await page.getByTestId('who').waitFor();
      return page;
    }
    const page = await open(base, opts);
    await page.goto('/');
    await page.locator('#username').fill(username);
    await page.locator('#password').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('who').waitFor();
    sessions.set(key, page.context());
    return page;
  };

  return {
    tp,
    browser,
    staff: (u, opts) => loginOn(tp.url, u, opts),
    staffOn: (base, u, opts) => loginOn(base, u, opts),
    portal: async (opts) => {
      const page = await open(tp.url, opts);
      await page.goto('/portal/');
      return page;
    },
    checkConsole() {
      const list = problems.splice(0);
      assert.deepEqual(list, [], `browser console errors:\n${list.map((p) => `  ${p.where}: ${p.text}`).join('\n')}`);
    },
    async stop() {
      await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
      await browser.close();
      await tp.stop();
    },
  };
}

/** Saves <name>.png (the page as the user sees it, viewport only unless `full`) in SCREENSHOTS. */
export async function shot(page: Page, name: string, full = false): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  if (full) await page.evaluate(() => window.scrollTo(0, 0));
  // Let antd's transitions, the charts' short animations and the fonts settle (for the README's pictures).
  await page.waitForTimeout(README_SCREENSHOTS ? 500 : 100);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: full, animations: 'disabled' });
}

/** The row of an order (by case code) in the visible table. */
export function row(page: Page, code: string) {
  return page.locator(`tr[data-code="${code}"]:visible`);
}
