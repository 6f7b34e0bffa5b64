// Shared set-up for the end-to-end tests: one Chromium, phone-sized pages that record console
// errors and any request leaving the app's own server.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = process.env.PINGJIA_URL;
const ARTIFACTS = process.env.PINGJIA_ARTIFACTS ?? 'artifacts';
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;

before(async () => {
  assert.ok(BASE, 'PINGJIA_URL must name a running pingjia serve (cargo xtask test sets it)');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // As root Chromium cannot sandbox; the flags keep it off the (closed) network.
    chromiumSandbox: false,
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-gpu',
      '--no-first-run',
    ],
  });
});

after(async () => {
  await browser?.close();
});

/**
 * A 390×844 phone page. `at` fixes the clock (an ISO time with its offset), so answers that
 * depend on today are repeatable; `serviceWorkers: 'block'` makes a browser without them.
 */
export async function phonePage({ at, acceptDownloads = false, serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    acceptDownloads,
    serviceWorkers,
  });
  const page = await context.newPage();
  if (at) await page.clock.setFixedTime(new Date(at));
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(BASE) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.push(`request outside the app's origin: ${url}`);
    }
  });
  return { context, page, problems };
}

/** Opens a path of the app and waits for its heading. */
export async function open(page, pathname) {
  await page.goto(`${BASE}${pathname}`);
  await page.locator('main h1').waitFor();
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * axe-core's serious and critical violations on the page as it is. axe is evaluated through
 * the devtools protocol, as the page's Content-Security-Policy rightly refuses injected scripts.
 */
export async function seriousViolations(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await globalThis.axe.run(document);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}
