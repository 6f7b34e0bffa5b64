// The built app, served by a real `pingjia serve`, in Debian's Chromium at a phone's size.
// Run by `cargo xtask test`, which starts the server and sets PINGJIA_URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.PINGJIA_URL;
const ARTIFACTS = process.env.PINGJIA_ARTIFACTS ?? 'artifacts';
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

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

/** A phone-sized page that records console errors and any request leaving the server. */
async function phonePage() {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    if (!req.url().startsWith(BASE) && !req.url().startsWith('data:')) {
      problems.push(`request outside the app's origin: ${req.url()}`);
    }
  });
  return { context, page, problems };
}

async function openHome(page) {
  await page.goto(`${BASE}/`);
  await page.locator('h1').waitFor();
}

async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

test('the home page opens in Chinese, with no errors and no outside requests', async () => {
  const { context, page, problems } = await phonePage();
  await openHome(page);
  assert.equal(await page.title(), '保卫管理员职业技能评价助手');
  assert.equal(await page.locator('h1').textContent(), '保卫管理员职业技能评价助手');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.locator('ul.levels li').count(), 3);
  assert.match(await page.locator('.citation').textContent(), /沪企保协〔2025〕17号 一/);
  await screenshot(page, 'home-zh-390x844');
  assert.deepEqual(problems, []);
  await context.close();
});

test('English is chosen with the switch and still chosen after a reload', async () => {
  const { context, page, problems } = await phonePage();
  await openHome(page);
  await page.getByRole('button', { name: 'English' }).click();
  await assert.doesNotReject(
    page.waitForFunction(() => document.querySelector('h1')?.textContent?.startsWith('Security')),
  );
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.title(), 'Security Administrator Skill Evaluation Helper');

  await page.reload();
  await page.locator('h1').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Security Administrator Skill Evaluation Helper');
  assert.equal(
    await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'),
    'true',
  );
  await screenshot(page, 'home-en-390x844');

  await page.getByRole('button', { name: '简体中文' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the home page has no serious or critical accessibility violations (axe)', async () => {
  const { context, page } = await phonePage();
  await openHome(page);
  await page.addScriptTag({ path: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`);
  });
  assert.deepEqual(violations, []);
  await context.close();
});
