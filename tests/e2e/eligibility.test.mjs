// 资格自测: the questions one per page, to a positive and a negative result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, phonePage, screenshot, seriousViolations } from './helpers.mjs';
import { idNumber } from './bench/roster-data.mjs';

const AT = '2025-06-06T10:00:00+08:00';

async function next(page, heading) {
  await page.getByRole('button', { name: '继续' }).click();
  if (heading) await page.waitForFunction((h) => document.querySelector('main h1')?.textContent === h, heading);
}

/** Answers the level and birth-date questions and arrives at the schooling question. */
async function levelAndBirth(page, level, birth) {
  await open(page, '/eligibility');
  await page.getByLabel(level).check();
  await next(page, '您的出生日期');
  await page.getByLabel('出生日期', { exact: true }).fill(birth);
  await next(page, '您的学历');
}

test('a college graduate of an assessed related programme can apply for level 3', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await levelAndBirth(page, '三级（高级工）', '1995-03-08');
  await page.getByLabel('大专（普通高等学校专科）').check();
  await page.getByLabel('已毕业').check();
  await page.locator('#related-yes').check();
  await page.locator('#assessed-yes').check();
  await next(page, '保卫管理员或相关职业的工作经历');
  await page.locator('#has-work-no').check();
  await next(page, '本职业或相关职业的职业技能等级证书');
  await page.locator('#has-certificates-no').check();
  await next(page, '专业对应的职称');
  await page.locator('#has-titles-no').check();
  await next(page, '自测结果');
  assert.equal(new URL(page.url()).pathname, '/eligibility/result');
  const result = page.locator('section.result');
  assert.equal(await result.count(), 1);
  assert.match(await result.getAttribute('class'), /eligible/);
  assert.equal(await result.locator('.verdict').textContent(), '可以申报');
  assert.match(await result.locator('.route.met').first().textContent(), /经评估论证/);
  // The clause opens to its words.
  await result.locator('details.clause summary').first().click();
  assert.match(await result.locator('details.clause[open] blockquote').first().textContent(), /经评估论证/);
  assert.match(await page.locator('main .stamp').textContent(), /2025-06-06/);
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'eligibility-positive-390x844');
  assert.deepEqual(problems, []);
  await context.close();
});

test('without the minimum education the result says no, what is missing, and that time will not do it', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await levelAndBirth(page, '二级（技师）', '1980-01-15');
  await page.getByLabel('高中、中专、职高或以下').check();
  await next(page, '保卫管理员或相关职业的工作经历');
  await page.locator('#has-work-yes').check();
  await page.locator('#work-from-1').fill('2010-03-01');
  await page.getByLabel('至今仍在做').check();
  await next(page, '本职业或相关职业的职业技能等级证书');
  await page.locator('#has-certificates-no').check();
  await next(page, '专业对应的职称');
  await page.locator('#has-titles-no').check();
  await next(page, '自测结果');
  const result = page.locator('section.result');
  assert.equal(await result.locator('.verdict').textContent(), '暂不符合申报条件');
  assert.match(await result.textContent(), /大学专科/);
  assert.match(await result.locator('.qualifies-from').textContent(), /仅靠时间无法满足/);
  assert.ok((await result.locator('.route .reason').count()) >= 5, 'each unmet route says what it lacks');
  await screenshot(page, 'eligibility-negative-390x844');
  assert.deepEqual(problems, []);
  await context.close();
});

test('errors are summarised and focused, and what was typed stays in the field', async () => {
  const { context, page } = await phonePage({ at: AT });
  await open(page, '/eligibility');
  await next(page);
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true);
  assert.match(await page.locator('.error-summary').textContent(), /请选择要自测的等级/);
  assert.equal(new URL(page.url()).pathname, '/eligibility', 'an error keeps the page');

  await page.getByLabel('一级（高级技师）').check();
  await next(page, '您的出生日期');
  await page.getByLabel('出生日期', { exact: true }).fill('1990-02-30');
  await next(page);
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.getByLabel('出生日期', { exact: true }).inputValue(), '1990-02-30');
  // The summary's link leads to the field.
  await page.locator('.error-summary a').first().click();
  assert.equal(new URL(page.url()).hash, '#birth-date');

  await page.locator('#id-number').fill('11010519491231003X');
  await page.getByLabel('出生日期', { exact: true }).fill('');
  await next(page);
  await page.waitForFunction(() => document.querySelector('.error-summary')?.textContent?.includes('校验位'));
  assert.equal(await page.locator('#id-number').inputValue(), '11010519491231003X');
  assert.equal(await page.locator('input[required]').count(), 0, 'no browser pop-up validation');
  await screenshot(page, 'eligibility-error-390x844');
  await context.close();
});

test('going back to change one answer keeps the others, also after a reload', async () => {
  const { context, page } = await phonePage({ at: AT });
  await levelAndBirth(page, '三级（高级工）', '1991-07-07');
  await page.getByLabel('本科').check();
  await page.getByLabel('已毕业').check();
  await next(page, '保卫管理员或相关职业的工作经历');

  await page.getByRole('link', { name: '返回' }).click();
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === '您的学历');
  assert.equal(await page.getByLabel('本科').isChecked(), true);
  await page.getByRole('link', { name: '返回' }).click();
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === '您的出生日期');
  assert.equal(await page.getByLabel('出生日期', { exact: true }).inputValue(), '1991-07-07');
  await page.getByLabel('出生日期', { exact: true }).fill('1992-08-08');
  await next(page, '您的学历');
  assert.equal(await page.getByLabel('本科').isChecked(), true, 'the later answer is kept');

  // The answers are remembered on the device.
  await page.reload();
  await page.locator('main h1').waitFor();
  assert.equal(await page.getByLabel('本科').isChecked(), true);
  await page.goto(page.url().replace('/eligibility/education', '/eligibility/birth'));
  await page.locator('main h1').waitFor();
  assert.equal(await page.getByLabel('出生日期', { exact: true }).inputValue(), '1992-08-08');

  // And can be cleared in the settings.
  await page.goto(page.url().replace('/eligibility/birth', '/settings'));
  await page.getByRole('button', { name: '清除资格自测记录' }).click();
  await page.goto(page.url().replace('/settings', '/eligibility/birth'));
  await page.locator('main h1').waitFor();
  assert.equal(await page.getByLabel('出生日期', { exact: true }).inputValue(), '');
  await context.close();
});

test('an identity number stands in for the birth date and is never stored', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/eligibility');
  await page.getByLabel('三级（高级工）').check();
  await next(page, '您的出生日期');
  // Born 1990-05-01, with its GB 11643 check character.
  const id = idNumber('1990-05-01', 123);
  const first17 = id.slice(0, 17);
  await page.locator('#id-number').fill(id);
  await next(page, '您的学历');
  // Saving follows the answers as they change; wait for it rather than race it.
  await page.waitForFunction(() => (localStorage.getItem('pingjia.self-assessment') ?? '').includes('1990-05-01'), null, { timeout: 5000 });
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  assert.ok(!stored.includes(first17), 'the identity number is not in localStorage');
  await page.getByRole('link', { name: '返回' }).click();
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === '您的出生日期');
  assert.equal(await page.getByLabel('出生日期', { exact: true }).inputValue(), '1990-05-01');
  // A birth date that contradicts the number is refused on the spot.
  await page.getByLabel('出生日期', { exact: true }).fill('1990-05-02');
  await next(page);
  await page.waitForFunction(() => document.querySelector('.error-summary')?.textContent?.includes('不一致'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a level-4 certificate and four years of work after it open level 3; a half-filled title is caught', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await levelAndBirth(page, '三级（高级工）', '1988-11-30');
  await page.getByLabel('大专（普通高等学校专科）').check();
  await page.getByLabel('已毕业').check();
  await next(page, '保卫管理员或相关职业的工作经历');
  await page.locator('#has-work-yes').check();
  // Seven years of work: not the ten of route 1.
  await page.locator('#work-from-1').fill('2018-03-01');
  await page.getByLabel('至今仍在做').check();
  await next(page, '本职业或相关职业的职业技能等级证书');
  await page.locator('#has-certificates-yes').check();
  await page.locator('#cert-1').selectOption({ label: '四级/中级工' });
  await page.locator('#cert-1-date').fill('2020-01-01');
  await next(page, '专业对应的职称');
  await page.locator('#has-titles-yes').check();
  await page.locator('#title-1-date').fill('2024-01-01');
  await next(page);
  await page.waitForFunction(() => document.querySelector('.error-summary')?.textContent?.includes('第1个职称'));
  // Removing the only title leaves the question unanswered: asked again, not taken as "none".
  await page.getByRole('button', { name: '删除' }).click();
  await next(page);
  await page.waitForFunction(() => document.querySelector('.error-summary')?.textContent?.includes('请选择是否有对应的职称'));
  await page.locator('#has-titles-no').check();
  await next(page, '自测结果');
  const result = page.locator('section.result');
  assert.equal(await result.locator('.verdict').textContent(), '可以申报');
  const met = await result.locator('.route.met').allTextContents();
  assert.equal(met.length, 1);
  assert.match(met[0], /四级\/中级工职业资格.*满4年/);
  // The session to enter, with the group deadline and the individual one (last open Friday).
  const session = await result.locator('.next-session').textContent();
  assert.match(session, /2025年7月评价/);
  assert.match(session, /最晚2025-06-13（周五）/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('work, certificates and titles ask yes or no first; "no" is an answer kept, and a slip loses nothing', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await levelAndBirth(page, '三级（高级工）', '1990-05-01');
  await page.getByLabel('本科').check();
  await page.getByLabel('已毕业').check();
  await next(page, '保卫管理员或相关职业的工作经历');
  assert.equal(await page.getByRole('button', { name: '添加一段工作经历' }).count(), 0, 'no rows before the answer');

  // Going on with neither answer is asked again, not taken as "none".
  await next(page);
  await page.locator('.error-summary').waitFor();
  assert.match(await page.locator('.error-summary').textContent(), /请选择是否做过相关工作/);
  await page.locator('.error-summary a').first().click();
  assert.equal(new URL(page.url()).hash, '#has-work-yes');

  // "Yes" opens a first row; a slip to "no" hides it and gives it back on "yes".
  await page.locator('#has-work-yes').check();
  await page.locator('#work-from-1').fill('2016-07-01');
  await page.locator('#has-work-no').check();
  assert.equal(await page.locator('#work-from-1').count(), 0);
  await page.locator('#has-work-yes').check();
  assert.equal(await page.locator('#work-from-1').inputValue(), '2016-07-01');
  assert.deepEqual(await seriousViolations(page), []);

  // "No" and on: the rows go, the answer stays, on the device too.
  await page.locator('#has-work-no').check();
  await next(page, '本职业或相关职业的职业技能等级证书');
  await page.getByRole('link', { name: '返回' }).click();
  await page.waitForFunction(() => document.querySelector('main h1')?.textContent === '保卫管理员或相关职业的工作经历');
  assert.equal(await page.locator('#has-work-no').isChecked(), true);
  assert.equal(await page.locator('#work-from-1').count(), 0);
  await page.waitForFunction(() => (localStorage.getItem('pingjia.self-assessment') ?? '').includes('"none":["work"]'), null, { timeout: 5000 });
  await page.reload();
  await page.locator('main h1').waitFor();
  assert.equal(await page.locator('#has-work-no').isChecked(), true, 'kept after a reload');
  await next(page, '本职业或相关职业的职业技能等级证书');
  await page.locator('#has-certificates-no').check();
  await next(page, '专业对应的职称');
  await page.locator('#has-titles-no').check();
  await next(page, '自测结果');
  assert.equal(await page.locator('section.result .verdict').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});
