// The other tools: fees, sessions with the calendar file, retakes, results, the service window,
// exam rules and settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { open, phonePage, screenshot } from './helpers.mjs';

const AT = '2025-06-06T10:00:00+08:00';

test('a level-3 retake of the practical skills costs 883 yuan', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/fees');
  assert.equal(await page.locator('[data-total]').getAttribute('data-total'), '1036');
  await page.getByLabel('补考', { exact: true }).check();
  await page.getByLabel('操作技能').check();
  await page.waitForFunction(() => document.querySelector('[data-total]')?.dataset.total === '883');
  await page.getByLabel('二级（技师）').check();
  await page.getByLabel('综合测评').check();
  await page.waitForFunction(() => document.querySelector('[data-total]')?.dataset.total === '1215');
  // On 2025-06-06 the July session still takes applications; its payment window:
  assert.match(await page.locator('.payment-window').textContent(), /2025年7月评价的缴费时间：2025-05-21 至 2025-06-20/);
  // Another session of the level can be chosen; 二级 is not evaluated in October.
  assert.equal(await page.locator('#fee-session option:not([disabled])').count(), 4);
  await page.getByLabel('考期', { exact: true }).selectOption({ label: '2025年11月评价' });
  assert.match(await page.locator('.payment-window').textContent(), /2025-09-21 至 2025-10-20/);
  assert.equal(await page.locator('.account-number').textContent(), '03005062038');
  await screenshot(page, 'fees-retake-390x844');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the sessions page gives both deadlines and downloads an .ics file of the dates, each with the caveat', async () => {
  const { context, page, problems } = await phonePage({ at: AT, acceptDownloads: true });
  await open(page, '/sessions');
  await page.getByLabel('查询日期').fill('2025-06-01');
  const level3 = page.locator('li.next-session').first();
  const text = await level3.textContent();
  assert.match(text, /2025年7月评价/);
  assert.match(text, /团体申报（经培训机构或院校，通过自助经办系统）截止：2025-06-15/);
  assert.match(text, /个人申报须到业务窗口现场办理（仅周五开放），最晚2025-06-13（周五）/);
  assert.match(text, /以上日期可能根据国家及本市要求或节假日调整/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    level3.getByRole('button', { name: '加入日历（.ics）' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'pingjia-2025-07.ics');
  const ics = await readFile(await download.path(), 'utf8');
  const unfolded = ics.replace(/\r\n /g, '');
  const events = unfolded.split('BEGIN:VEVENT').slice(1);
  assert.equal(events.length, 5);
  const starts = events.map((e) => e.match(/DTSTART;VALUE=DATE:(\d+)/)[1]);
  assert.deepEqual(starts, ['20250615', '20250613', '20250620', '20250624', '20250701']);
  assert.match(events[4], /DTEND;VALUE=DATE:20250801/);
  assert.match(unfolded, /SUMMARY:保卫管理员2025年7月考期：团体申报截止/);
  assert.match(unfolded, /SUMMARY:保卫管理员2025年7月考期：个人现场申报最后一个周五/);
  assert.ok(events.every((e) => e.includes('DESCRIPTION:以上日期可能')), 'every event carries the caveat');
  assert.ok(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75));
  await screenshot(page, 'sessions-390x844');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a retake shows the validity, what remains and costs, and the forfeiture warning', async () => {
  const { context, page, problems } = await phonePage({ at: '2025-08-01T10:00:00+08:00' });
  await open(page, '/retake');
  await page.getByRole('button', { name: '查看' }).click();
  await page.locator('.error-summary').waitFor();
  await page.getByLabel('首次考核日期').fill('2025-07-12');
  await page.getByLabel('理论知识').check();
  await page.getByRole('button', { name: '查看' }).click();
  const answer = page.locator('section.answer');
  await answer.waitFor();
  const text = await answer.textContent();
  assert.match(text, /至2027-07-12（含）止/);
  assert.match(text, /尚需补考：操作技能/);
  assert.match(text, /883元/);
  assert.match(text, /视为放弃补考机会/);
  assert.match(text, /2025年9月/, 'September is the first session still open on 08-01');
  await screenshot(page, 'retake-390x844');
  assert.deepEqual(problems, []);
  await context.close();
});

test('results, the service window and exam rules answer from the rules', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/results');
  await page.getByLabel('最后一科考核日期').fill('2025-09-27');
  await page.waitForFunction(() => document.querySelector('[data-date]')?.dataset.date === '2025-10-30');
  // Both dates: the notice does not say whether marking is involved.
  assert.equal(await page.locator('[data-date-marking]').getAttribute('data-date-marking'), '2025-11-13');
  assert.deepEqual(await page.locator('.results-dates dt').allTextContents(), [
    '一般（20个工作日内）',
    '涉及阅卷或工件检测（30个工作日内）',
  ]);

  await open(page, '/service');
  assert.equal(await page.locator('.status').getAttribute('data-open'), 'true', 'Friday 10:00 is open');
  assert.equal(await page.locator('a[href="tel:02154732857"]').count(), 1);

  await open(page, '/conduct');
  const items = 'section.consequence > ul > li[data-code]';
  assert.equal(await page.locator(items).count(), 17);
  // False materials also name 四-1's bar; the closing paragraph applies to all.
  assert.match(await page.locator(`${items}[data-code="1"]`).textContent(), /2年内、情节严重的5年内/);
  assert.equal(await page.locator('li.reason[data-code="found_after_the_event"]').count(), 1);
  await page.getByLabel('搜索（例如：手机）').fill('手机');
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, items);
  assert.equal(await page.locator(items).getAttribute('data-code'), '3-1');
  await page.getByLabel('搜索（例如：手机）').fill('xyz-nothing');
  await page.getByText('没有找到相符的行为。').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('larger text and high contrast are applied and remembered', async () => {
  const { context, page } = await phonePage();
  await open(page, '/settings');
  await page.getByLabel('大字').check();
  await page.getByLabel('高对比度').check();
  await page.reload();
  await page.locator('main h1').waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.className), 'large-text high-contrast');
  assert.equal(await page.getByLabel('大字').isChecked(), true);
  await screenshot(page, 'settings-large-contrast-390x844');
  await context.close();
});
