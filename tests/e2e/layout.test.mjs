// The candidate's pages on a 390×844 phone and a 1280 screen, as a person meets them: three
// personas answer the self-assessment with digit keys only and read a result that leads with
// what matters and fits the height budget; no page scrolls sideways in either language; focus
// stands out on every kind of control.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, phonePage, screenshot, seriousViolations } from './helpers.mjs';

const PHONE = { width: 390, height: 844 };

async function next(page, heading) {
  await page.getByRole('button', { name: '继续' }).click();
  await page.waitForFunction((h) => document.querySelector('main h1')?.textContent === h, heading);
}

async function digits(page, selector, text) {
  await page.locator(selector).fill('');
  await page.locator(selector).pressSequentially(text);
}

/** Answers the questions for `persona` with digit keys only and arrives at the result. */
async function answer(page, persona) {
  await open(page, '/eligibility');
  await page.getByLabel(persona.level).check();
  await next(page, '您的出生日期');
  await digits(page, '#birth-date', persona.birth);
  await next(page, '您的学历');
  await page.getByLabel(persona.school).check();
  if (persona.graduated) await page.getByLabel('已毕业').check();
  if (persona.related !== undefined) await page.locator(`#related-${persona.related ? 'yes' : 'no'}`).check();
  if (persona.assessed !== undefined) await page.locator(`#assessed-${persona.assessed ? 'yes' : 'no'}`).check();
  await next(page, '保卫管理员或相关职业的工作经历');
  if (persona.work) {
    await page.locator('#has-work-yes').check();
    await digits(page, '#work-from-1', persona.work);
    await page.getByLabel('至今仍在做').check();
  } else {
    await page.locator('#has-work-no').check();
  }
  await next(page, '本职业或相关职业的职业技能等级证书');
  if (persona.certificate) {
    await page.locator('#has-certificates-yes').check();
    await page.locator('#cert-1').selectOption({ label: persona.certificate.level });
    await digits(page, '#cert-1-date', persona.certificate.date);
  } else {
    await page.locator('#has-certificates-no').check();
  }
  await next(page, '专业对应的职称');
  await page.locator('#has-titles-no').check();
  await next(page, '自测结果');
}

const PERSONAS = [
  {
    name: 'a bachelor of an assessed related programme, five years at work',
    at: '2025-06-06T10:00:00+08:00',
    level: '三级（高级工）', birth: '19950308', school: '本科', graduated: true,
    related: true, assessed: true, work: '20200601',
    eligible: true,
  },
  {
    name: 'a college graduate with a 2021 level-3 certificate, for level 2',
    at: '2026-06-05T10:00:00+08:00',
    level: '二级（技师）', birth: '19900308', school: '大专（普通高等学校专科）', graduated: true,
    related: true, assessed: false, work: '20150601',
    certificate: { level: '三级/高级工', date: '20210301' },
    eligible: true,
  },
  {
    name: 'a 19-year-old who finished senior secondary school',
    at: '2025-06-06T10:00:00+08:00',
    level: '三级（高级工）', birth: '20060301', school: '高中、中专、职高或以下',
    eligible: false,
  },
];

for (const persona of PERSONAS) {
  test(`${persona.name}: the result leads with the verdict, the date and the session, within the height budget`, async () => {
    const { context, page, problems } = await phonePage({ at: persona.at });
    await answer(page, persona);
    const result = page.locator('section.result');
    await result.waitFor();
    assert.equal(await result.locator('.verdict').textContent(), persona.eligible ? '可以申报' : '暂不符合申报条件');

    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const budget = persona.eligible ? 1400 : 1600;
    assert.ok(height <= budget, `the result page is ${height} px tall at 390×844, budget ${budget}`);

    // The first screen holds the verdict, what the date is, and (if any) the session to enter.
    const top = (selector) => page.locator(selector).first().evaluate((el) => el.getBoundingClientRect().top);
    assert.ok((await top('section.result .verdict')) < PHONE.height, 'the verdict on the first screen');
    if (persona.eligible) {
      assert.ok((await top('section.result .next-session')) < PHONE.height, 'the session on the first screen');
    } else {
      const lead = await result.locator('.qualifies-from').textContent();
      assert.match(lead, /仅靠时间无法满足：首先需要达到最低学历要求/);
      assert.match(await result.locator('.lead-reasons').textContent(), /不能代替/);
      assert.ok((await top('section.result .lead-reasons')) < PHONE.height, 'what to do on the first screen');
      // The other routes fold away, closed.
      assert.equal(await result.locator('details.other-routes').getAttribute('open'), null);
    }
    assert.deepEqual(await seriousViolations(page), []);
    await screenshot(page, `result-${persona.eligible ? 'eligible' : 'not-eligible'}-${persona.birth}-390x844`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a candidate who cannot apply yet is shown the nearest route and the day it is met', async () => {
  const { context, page } = await phonePage({ at: '2025-06-06T10:00:00+08:00' });
  await answer(page, {
    level: '三级（高级工）', birth: '19900308', school: '大专（普通高等学校专科）', graduated: true,
    related: false, assessed: false, work: '20200101',
  });
  const nearest = page.locator('section.result .route.nearest');
  await nearest.waitFor();
  assert.match(await nearest.textContent(), /2030-01-01/);
  assert.match(await page.locator('section.result .qualifies-from').textContent(), /2030-01-01起符合条件/);
  await context.close();
});

const PAGES = ['/', '/eligibility', '/fees', '/sessions', '/retake', '/results', '/service', '/conduct', '/settings', '/drafts'];

test('no page is wider than a 390 px phone, in Chinese or in English, also when a date is past the notice', async () => {
  // After the notice's period, answers carry the out-of-date note with the association's site.
  const { context, page } = await phonePage({ at: '2026-12-07T10:00:00+08:00' });
  const wide = [];
  for (const lang of ['简体中文', 'English']) {
    for (const path of PAGES) {
      await open(page, path);
      await page.locator(`.language-switch button[lang]`, { hasText: lang }).click();
      await page.waitForTimeout(50);
      // Open every folded part, so what is inside counts too.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      if (scroll > client) wide.push(`${path} (${lang}): ${scroll} > ${client}`);
    }
  }
  assert.deepEqual(wide, []);
  // The association's address is a named link, not a bare address.
  await open(page, '/conduct');
  await page.locator('.language-switch button[lang]', { hasText: '简体中文' }).click();
  const link = page.locator('main a', { hasText: '协会官网' }).first();
  assert.match(await link.getAttribute('href'), /^https?:\/\//);
  await context.close();
});

test('in English, headings, legends, buttons and table heads are English and in sentence case', async () => {
  const { context, page } = await phonePage({ at: '2025-06-06T10:00:00+08:00' });
  const found = [];
  for (const path of PAGES) {
    await open(page, path);
    await page.locator('.language-switch button[lang]', { hasText: 'English' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    const texts = await page.evaluate(() => [...document.querySelectorAll('h1, h2, h3, legend, summary, th, button, label')]
      // A language's own name is marked with its language, and stays in its own script.
      .filter((el) => el.closest('[lang]')?.getAttribute('lang') === 'en' && el.offsetParent !== null)
      .map((el) => ({
        // A clause reference ends a sentence ("…, notice, 2(4)"): not a heading.
        tag: el.matches('details.clause > summary') ? 'reference' : el.tagName.toLowerCase(),
        text: el.textContent.replace(/\s+/g, ' ').trim(),
      })));
    for (const { tag, text } of texts) {
      // The notice's number and a Chinese term glossed in brackets stay as written.
      const bare = text.replaceAll('沪企保协〔2025〕17号', '').replace(/[（(][^()（）]*[）)]/g, '');
      if (/[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e]/.test(bare)) found.push(`${path} <${tag}> not English: ${text}`);
      if (tag === 'label' || tag === 'reference') continue;
      const words = bare.split(/\s+/).filter((w) => /^[A-Za-z]{4,}/.test(w));
      if (/^[a-z]/.test(bare)) found.push(`${path} <${tag}> starts in lower case: ${text}`);
      const capitalised = words.slice(1).filter((w) => /^[A-Z][a-z]/.test(w) && !['Shanghai', 'English', 'Chinese'].includes(w));
      if (words.length >= 3 && capitalised.length * 2 >= words.length - 1) found.push(`${path} <${tag}> in title case: ${text}`);
    }
  }
  await page.locator('.language-switch button[lang]', { hasText: '简体中文' }).click();
  assert.deepEqual(found, []);
  await context.close();
});

/** The contrast ratio of two CSS colours (rgb/rgba), per WCAG. */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test('focus stands out on links, buttons, radios and checkboxes: 3:1 or more against what is behind', async () => {
  const { context, page } = await phonePage({ at: '2025-06-06T10:00:00+08:00' });
  const checked = [];
  const look = async (selector) => {
    const el = page.locator(selector).first();
    await el.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    return page.evaluate((sel) => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      const colours = [];
      if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) colours.push(style.outlineColor);
      for (const m of style.boxShadow.matchAll(/rgba?\([^)]*\)/g)) colours.push(m[0]);
      colours.push(style.backgroundColor);
      // What is behind: the nearest ancestor with a background.
      let behind = 'rgb(255, 255, 255)';
      for (let p = el.parentElement; p; p = p.parentElement) {
        const bg = getComputedStyle(p).backgroundColor;
        if (!/rgba\(0, 0, 0, 0\)|transparent/.test(bg)) { behind = bg; break; }
      }
      return { sel, tag: el.tagName, colours: colours.filter((c) => !/rgba\(\d+, \d+, \d+, 0\)/.test(c)), behind };
    }, selector);
  };
  await open(page, '/');
  checked.push(await look('main a'));
  checked.push(await look('.language-switch button'));
  await open(page, '/eligibility');
  checked.push(await look('#level-three'));
  checked.push(await look('button[type=submit]'));
  await open(page, '/retake');
  checked.push(await look('main input[type=checkbox]'));
  for (const c of checked) {
    const best = Math.max(...c.colours.map((colour) => contrast(colour, c.behind)));
    assert.ok(best >= 3, `${c.sel} (${c.tag}): focus colours ${c.colours.join(', ')} on ${c.behind}: best ${best.toFixed(2)}:1`);
  }
  await context.close();
});

test('the sessions page is a table true for the day: a countdown while open, a projection said as one', async () => {
  const { context, page, problems } = await phonePage({ at: '2025-06-11T10:00:00+08:00' });
  await open(page, '/sessions');
  const july = page.locator('table.schedule tr[data-month="2025-07"]');
  await july.waitFor();
  assert.match(await july.textContent(), /申报中，还剩 5 天/);
  assert.match(await july.textContent(), /2025-06-13/, 'the last Friday for individuals');
  assert.match(await page.locator('[data-today=open]').textContent(), /还剩 5 天/);
  // A level filter keeps the sessions of that level only: October is 三级 only.
  await page.getByLabel('二级', { exact: true }).check();
  await page.waitForFunction(() => !document.querySelector('table.schedule tr[data-month="2025-10"]'));
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scroll <= client, `the table fits the phone: ${scroll} > ${client}`);
  await screenshot(page, 'sessions-table-390x844');

  // After the 2025 notice: a projected window containing the day is said as a projection.
  await page.clock.setFixedTime(new Date('2026-06-01T10:00:00+08:00'));
  await page.locator('#sessions-date').fill('2026-06-01');
  await page.locator('#sessions-date').blur();
  await page.locator('[data-today=projected]').waitFor();
  assert.equal(await page.locator('[data-today=none]').count(), 0);
  assert.match(await page.locator('[data-today=projected]').textContent(), /推测/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('"I don\'t know" is an answer of its own, and a result that turns on it says "may" and what each answer gives', async () => {
  const { context, page, problems } = await phonePage({ at: '2025-06-06T10:00:00+08:00' });
  await open(page, '/eligibility');
  await page.getByLabel('三级（高级工）').check();
  await next(page, '您的出生日期');
  await digits(page, '#birth-date', '20030308');
  await next(page, '您的学历');
  await page.getByLabel('大专（普通高等学校专科）').check();
  await page.getByLabel('已毕业').check();
  await page.locator('#related-yes').check();
  // The question explains itself and where to find out.
  assert.match(await page.locator('fieldset', { hasText: '经评估论证' }).textContent(), /招生简章/);
  await page.locator('#assessed-unknown').check();
  await next(page, '保卫管理员或相关职业的工作经历');
  await page.locator('#has-work-no').check();
  await next(page, '本职业或相关职业的职业技能等级证书');
  await page.locator('#has-certificates-no').check();
  await next(page, '专业对应的职称');
  await page.locator('#has-titles-no').check();
  await next(page, '自测结果');
  const result = page.locator('section.result');
  assert.equal(await result.locator('.verdict').textContent(), '可能符合申报条件');
  const depends = await result.locator('.depends-on').textContent();
  assert.match(depends, /该专业是否经评估论证/);
  assert.match(depends, /如果是：可以申报（附录5第6条）/);
  assert.match(depends, /如果否：暂不符合申报条件/);
  // Kept on the device as "unknown", not as no.
  await page.waitForFunction(() => (localStorage.getItem('pingjia.self-assessment') ?? '').includes('"assessed":"unknown"'));
  assert.deepEqual(problems, []);
  await context.close();
});
