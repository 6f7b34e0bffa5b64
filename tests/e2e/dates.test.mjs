// Every date question answered with digit keys only, as an iPhone's numeric keypad types them
// (it has no "-"): each field brings up that keypad, takes 8 digits, and shows the date it read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, phonePage } from './helpers.mjs';
import { saved } from './roster.mjs';
import { idNumber } from './bench/roster-data.mjs';

const AT = '2025-06-06T10:00:00+08:00';

/** Types `digits` into the field one key at a time, as the keypad does, then leaves it. */
async function typeDigits(page, selector, digits) {
  assert.match(digits, /^\d+$/);
  const field = page.locator(selector);
  assert.equal(await field.getAttribute('inputmode'), 'numeric', `${selector} brings up the digit keypad`);
  await field.fill('');
  await field.pressSequentially(digits);
  await field.blur();
}

/** The field shows the date as read, the rules' way. */
async function showsDate(page, selector, date) {
  await page.waitForFunction(([s, d]) => document.querySelector(s)?.value === d, [selector, date]);
}

async function next(page, heading) {
  await page.getByRole('button', { name: '继续' }).click();
  await page.waitForFunction((h) => document.querySelector('main h1')?.textContent === h, heading);
  assert.equal(await page.locator('.error-summary').count(), 0, `no error on the way to ${heading}`);
}

test('the self-assessment is answered with digit keys only, every date question included', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/eligibility');
  await page.getByLabel('三级（高级工）').check();
  await next(page, '您的出生日期');
  // The hint gives the example in the form the keypad types.
  assert.match(await page.locator('#birth-date-hint').textContent(), /19900501/);
  await typeDigits(page, '#birth-date', '19950308');
  await showsDate(page, '#birth-date', '1995-03-08');
  await next(page, '您的学历');
  await page.getByLabel('大专（普通高等学校专科）').check();
  await page.getByLabel('已毕业').check();
  await page.locator('#related-yes').check();
  await page.locator('#assessed-yes').check();
  await next(page, '保卫管理员或相关职业的工作经历');
  await page.locator('#has-work-yes').check();
  await typeDigits(page, '#work-from-1', '20160701');
  await typeDigits(page, '#work-until-1', '20230630');
  await showsDate(page, '#work-until-1', '2023-06-30');
  await next(page, '本职业或相关职业的职业技能等级证书');
  await page.locator('#has-certificates-yes').check();
  await page.locator('#cert-1').selectOption({ label: '四级/中级工' });
  await typeDigits(page, '#cert-1-date', '20190915');
  await next(page, '专业对应的职称');
  await page.locator('#has-titles-yes').check();
  await page.locator('#title-1').selectOption({ index: 1 });
  await typeDigits(page, '#title-1-date', '20201201');
  await next(page, '自测结果');
  assert.equal(await page.locator('section.result .verdict').textContent(), '可以申报');

  // Going back shows each answer as it was read.
  await page.goto(page.url().replace('/eligibility/result', '/eligibility/work'));
  await page.locator('main h1').waitFor();
  assert.equal(await page.locator('#work-from-1').inputValue(), '2016-07-01');
  assert.deepEqual(problems, []);
  await context.close();
});

test('digits that cannot be one date keep what was typed and say how to write it, with the hint\'s example', async () => {
  const { context, page } = await phonePage({ at: AT });
  await open(page, '/eligibility');
  await page.getByLabel('三级（高级工）').check();
  await next(page, '您的出生日期');
  await typeDigits(page, '#birth-date', '199538');
  await page.getByRole('button', { name: '继续' }).click();
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.locator('#birth-date').inputValue(), '199538', 'what was typed stays');
  const error = await page.locator('.field.has-error .field-error').textContent();
  assert.match(error, /19900501/);
  assert.match(await page.locator('#birth-date-hint').textContent(), /19900501/);
  await context.close();
});

test('the tools\' date questions take digit keys only', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/sessions');
  await typeDigits(page, '#sessions-date', '20250701');
  await showsDate(page, '#sessions-date', '2025-07-01');
  await page.locator('main .stamp', { hasText: '2025-07-01' }).waitFor();

  await open(page, '/results');
  await typeDigits(page, '#last-subject', '20250712');
  await page.locator('[data-date]').waitFor();

  await open(page, '/retake');
  await typeDigits(page, '#first-evaluation', '20250512');
  await page.getByLabel('理论知识').check();
  await page.getByRole('button', { name: '查看' }).click();
  await page.locator('section.answer').waitFor();
  assert.match(await page.locator('section.answer').textContent(), /至2027-05-12（含）止/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an institution types its application date and a candidate\'s dates with digit keys only', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/drafts');
  await page.locator('#new-draft-name').fill('数字键盘培训中心');
  await page.getByRole('button', { name: '新建草稿' }).click();
  await page.locator('main h1', { hasText: '数字键盘培训中心' }).waitFor();
  await page.getByRole('link', { name: '2. 考期与申报日期' }).click();
  await typeDigits(page, '#draft-application-date', '20250606');
  await page.locator('[role=status]', { hasText: '名单按 2025-06-06 核对' }).waitFor();
  await page.getByRole('button', { name: '保存并返回' }).click();
  await page.getByRole('link', { name: '3. 考生名单' }).click();
  await page.getByRole('button', { name: '添加考生' }).click();
  await page.locator('main h1').filter({ hasText: '考生' }).waitFor();
  await page.locator('#c-name').fill('赵六');
  await page.locator('#c-level-three').check();
  await typeDigits(page, '#c-birth-date', '19900501');
  // A group application needs the number; its birth date agrees with the one typed.
  await page.locator('#c-id-number').fill(idNumber('1990-05-01', 321));
  await page.locator('#c-school').selectOption('college');
  await page.locator('#c-status-graduated').check();
  await page.getByRole('button', { name: '添加一段工作经历' }).click();
  await typeDigits(page, '#c-work-from-1', '20150101');
  await page.getByLabel('至今仍在做').check();
  await page.locator('[data-testid=verdict]', { hasText: '符合附录5第' }).waitFor();
  await saved(page);
  assert.deepEqual(problems, []);
  await context.close();
});
