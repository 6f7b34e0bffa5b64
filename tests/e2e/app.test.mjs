// The app shell: loading, language, and the first-visit promises.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, phonePage, screenshot, seriousViolations } from './helpers.mjs';

test('the home page opens in Chinese, with no errors and no outside requests', async () => {
  const { context, page, problems } = await phonePage({ at: '2025-06-06T10:00:00+08:00' });
  await open(page, '/');
  assert.equal(await page.title(), '保卫管理员职业技能评价助手');
  assert.equal(await page.locator('h1').textContent(), '保卫管理员职业技能评价助手');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.locator('ul.levels li').count(), 3);
  assert.match(await page.locator('.citation').textContent(), /沪企保协〔2025〕17号 一/);
  assert.match(await page.locator('main .stamp').first().textContent(), /2025\.1/);
  assert.equal(await page.locator('.banner').count(), 0, 'no end-of-schedule banner in 2025');
  await screenshot(page, 'home-zh-390x844');
  assert.deepEqual(problems, []);
  await context.close();
});

test('after the last session the home page says no official schedule is known', async () => {
  const { context, page } = await phonePage({ at: '2026-11-23T10:00:00+08:00' });
  await open(page, '/');
  assert.match(await page.locator('.banner').textContent(), /考期已全部结束/);
  await context.close();
});

test('English is chosen with the switch and still chosen after a reload', async () => {
  const { context, page, problems } = await phonePage();
  await open(page, '/');
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForFunction(() => document.querySelector('h1')?.textContent?.startsWith('Security'));
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.title(), 'Security administrator skill evaluation helper');

  await page.reload();
  await page.locator('h1').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Security administrator skill evaluation helper');
  assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
  await screenshot(page, 'home-en-390x844');

  // Another page keeps the choice, and so does its title.
  await page.getByRole('link', { name: 'Fees' }).click();
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Fees');
  assert.equal(await page.title(), 'Fees · Security administrator skill evaluation helper');
  assert.equal(new URL(page.url()).pathname, '/fees');

  await page.getByRole('button', { name: '简体中文' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.deepEqual(problems, []);
  await context.close();
});

test('every page has its own address, a heading, and no serious accessibility violations', async () => {
  const pages = [
    ['/', 'home'],
    ['/eligibility', 'eligibility-level'],
    ['/eligibility/education', 'eligibility-education'],
    ['/fees', 'fees'],
    ['/sessions', 'sessions'],
    ['/retake', 'retake'],
    ['/results', 'results'],
    ['/service', 'service'],
    ['/conduct', 'conduct'],
    ['/settings', 'settings'],
    ['/no-such-page', 'not-found'],
  ];
  const { context, page, problems } = await phonePage({ at: '2025-06-06T10:00:00+08:00' });
  for (const [pathname, name] of pages) {
    await open(page, pathname);
    assert.ok((await page.locator('main h1').textContent()).length > 0, `${pathname} has a heading`);
    assert.deepEqual(await seriousViolations(page), [], `axe on ${pathname}`);
    await screenshot(page, `page-${name}-390x844`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('Back returns to the previous page and focus moves to the new heading', async () => {
  const { context, page } = await phonePage();
  await open(page, '/');
  await page.getByRole('link', { name: '考场纪律' }).click();
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === '考场纪律');
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  await page.goBack();
  await page.waitForFunction(() => location.pathname === '/' && document.querySelector('main h1')?.textContent === '保卫管理员职业技能评价助手');
  await context.close();
});

test('after the first load, moving through every tool makes no network request', async () => {
  const { context, page, problems } = await phonePage({ at: '2025-06-06T10:00:00+08:00' });
  await open(page, '/');
  await page.waitForLoadState('networkidle');
  const requests = [];
  // Chromium itself re-reads the tab icon when the address changes; that is the browser's
  // request, not the app's, and the icon is not needed to answer anything.
  page.on('request', (req) => {
    if (!req.url().endsWith('/icon.svg')) requests.push(req.url());
  });
  for (const name of ['资格自测', '费用', '考期', '补考', '成绩与证书', '办事指南', '考场纪律']) {
    await page.getByRole('link', { name }).first().click();
    await page.waitForFunction((n) => document.querySelector('main h1') && location.pathname !== '/', name);
    await page.goBack();
    await page.waitForFunction(() => location.pathname === '/');
  }
  await page.getByRole('link', { name: '设置' }).click();
  await page.waitForFunction(() => location.pathname === '/settings');
  assert.deepEqual(requests, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the questions can be answered with the keyboard alone', async () => {
  const { context, page } = await phonePage({ at: '2025-06-06T10:00:00+08:00' });
  await open(page, '/eligibility');
  // Tab from the top: skip link, app name, two language buttons, back link, then the radios.
  await page.locator('#level-three').focus();
  await page.keyboard.press('Space');
  assert.equal(await page.locator('#level-three').isChecked(), true);
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#level-two').isChecked(), true);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '继续');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === '您的出生日期');
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'birth-date');
  await page.keyboard.type('1990-05-01');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === '您的学历');
  await context.close();
});

test('the pages still read well on a 1280-pixel screen', async () => {
  const { context, page } = await phonePage({ at: '2025-06-06T10:00:00+08:00' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await open(page, '/');
  const width = await page.locator('main').evaluate((m) => m.getBoundingClientRect().width);
  assert.ok(width <= 800, `the text column stays readable (${width}px)`);
  await screenshot(page, 'home-1280');
  await open(page, '/fees');
  await screenshot(page, 'fees-1280');
  await context.close();
});
