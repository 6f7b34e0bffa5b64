// An institution's group application drafts, in a real browser against a real server: made,
// filled in with the self-assessment's questions, checked by the rules, kept in IndexedDB
// across reloads and offline, and loaded as a program of its own only when opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, open, phonePage, screenshot, seriousViolations } from './helpers.mjs';
import { seedDraft } from './seed.mjs';
import { addCandidate, rosterRows, saved } from './roster.mjs';

const AT = '2025-06-06T10:00:00+08:00';
// Valid identity numbers (GB 11643 check digit): born 1949-12-31 and 1980-01-01.
const ID_A = '11010519491231002X';
const ID_B = '110105198001010016';

/** How many entries the operation log in IndexedDB holds. */
async function loggedOperations(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open('pingjia');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const count = db.transaction('ops').objectStore('ops').count();
      count.onsuccess = () => { resolve(count.result); db.close(); };
      count.onerror = () => reject(count.error);
    };
  }));
}

test('a candidate visit does not load the drafts program; a drafts page does', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  const loaded = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await open(page, '/');
  await page.waitForLoadState('networkidle');
  assert.ok(!loaded.some((p) => p.startsWith('/pingjia-drafts')), `first visit loaded ${loaded.join(', ')}`);
  await page.getByRole('link', { name: '团体申报' }).click();
  await page.locator('main h1', { hasText: '团体申报草稿' }).waitFor();
  assert.ok(loaded.includes('/pingjia-drafts_bg.wasm'));
  // A reload at a drafts address asks for the program's wasm once: index.html's early request
  // is the one the loader uses, not a second download on a slow connection.
  loaded.length = 0;
  await page.reload();
  await page.locator('main h1', { hasText: '团体申报草稿' }).waitFor();
  assert.deepEqual(loaded.filter((p) => p === '/pingjia-drafts_bg.wasm'), ['/pingjia-drafts_bg.wasm']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an institution builds a roster that is checked, totalled and kept across reloads', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  page.on('dialog', (d) => d.accept());
  await open(page, '/drafts');
  await page.locator('#new-draft-name').fill('上海某保安培训学校');
  await page.getByRole('button', { name: '新建草稿' }).click();
  await page.locator('main h1', { hasText: '上海某保安培训学校' }).waitFor();
  const draftUrl = page.url();
  assert.match(new URL(draftUrl).pathname, /^\/drafts\/[0-9a-f]{32}$/);
  assert.deepEqual(await page.locator('.task-status').allTextContents(), ['进行中', '未开始', '未开始', '暂不能开始']);

  await page.getByRole('link', { name: '1. 机构信息' }).click();
  await page.locator('#draft-contact').fill('王老师 021-12345678');
  await page.getByRole('button', { name: '保存并返回' }).click();
  await page.getByRole('link', { name: '2. 考期与申报日期' }).click();
  await page.locator('#session-2025-09').check();
  await page.locator('#draft-application-date').fill('2025-06-06');
  await page.getByRole('button', { name: '保存并返回' }).click();
  await page.getByRole('link', { name: '3. 考生名单' }).click();

  await addCandidate(page, { name: '张三', id: ID_A });
  await addCandidate(page, { name: '李四', id: ID_B });
  // A second row with 张三's number is flagged on both rows.
  await addCandidate(page, { name: '张三（重复）', id: ID_A.toLowerCase() });
  let rows = await rosterRows(page);
  assert.deepEqual(rows.map((r) => [r.name, r.verdict]), [
    ['张三', '待补全'], ['李四', '符合条件'], ['张三（重复）', '待补全'],
  ]);
  assert.equal(rows[1].id, '110***********0016', 'identity numbers are masked on screen');
  assert.deepEqual(rows.map((r) => r.level), ['三级', '三级', '三级']);
  // Only a row that can apply is charged: the fee column adds up to the total.
  assert.deepEqual(rows.map((r) => r.fee), ['—（不计）', '1036 元', '—（不计）']);
  assert.match(await page.locator('table.roster tbody tr').first().textContent(), /身份证号与第 3 行（张三（重复））相同/);
  // Revealing one number shows it whole.
  await page.locator('table.roster tbody tr').nth(1).getByRole('button').click();
  assert.equal((await rosterRows(page))[1].id, ID_B);

  // Correct the duplicate: both rows become eligible.
  await page.getByRole('link', { name: '张三（重复）' }).click();
  // The editor says the same as the roster, in the rules' words.
  assert.match(await page.locator('[data-testid=verdict]').textContent(), /待补全身份证号与第 1 行（张三）相同/);
  await page.locator('#c-id-number').fill('310101199003071230');
  await page.locator('[data-testid=verdict]', { hasText: '符合附录5第' }).waitFor();
  await page.locator('#c-name').fill('王五');
  await page.getByRole('button', { name: '核对并返回名单' }).click();
  await page.locator('main h1', { hasText: '考生名单' }).waitFor();
  rows = await rosterRows(page);
  assert.deepEqual(rows.map((r) => r.verdict), ['符合条件', '符合条件', '符合条件']);
  const feeColumn = rows.reduce((sum, r) => sum + (Number.parseInt(r.fee, 10) || 0), 0);
  // Below 600 px every candidate is a card, and nothing scrolls sideways.
  assert.equal(await page.locator('table.roster tbody tr').first().evaluate((tr) => getComputedStyle(tr).display), 'block');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390, 'no sideways scroll at 390 px');

  // Filter and search.
  await page.locator('#roster-search').fill('李');
  assert.deepEqual((await rosterRows(page)).map((r) => r.name), ['李四']);
  await page.locator('#roster-search').fill('');
  await page.locator('#roster-filter').selectOption('incomplete');
  assert.equal((await rosterRows(page)).length, 0);
  await page.locator('#roster-filter').selectOption('all');

  await saved(page);
  assert.ok(await loggedOperations(page) >= 4, 'every change is in the operation log');
  await screenshot(page, 'drafts-roster-390x844');
  assert.deepEqual(await seriousViolations(page), []);

  // The check task totals the fees of the eligible.
  await page.getByRole('link', { name: '返回任务列表' }).click();
  await page.getByRole('link', { name: '4. 核对、费用与导出' }).click();
  await page.locator('[data-testid=grand-total]').waitFor();
  assert.equal(await page.locator('[data-testid=grand-total]').textContent(), '3108 元');
  assert.equal(feeColumn, 3108, 'the roster\'s fee column adds up to the total');
  assert.match(await page.locator('main').textContent(), /合计（符合条件的 3 人）：/);
  assert.match(await page.locator('table.totals').first().textContent(), /3 人/);
  assert.equal(await page.locator('[data-testid=count-Eligible]').textContent(), '3');
  assert.deepEqual(await seriousViolations(page), []);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, 'drafts-check-1280');

  // A reload finds everything.
  await page.reload();
  await page.locator('[data-testid=grand-total]').waitFor();
  assert.equal(await page.locator('[data-testid=grand-total]').textContent(), '3108 元');
  await page.goto(draftUrl);
  await page.locator('main h1', { hasText: '上海某保安培训学校' }).waitFor();
  assert.deepEqual(await page.locator('.task-status').allTextContents(), ['已完成', '已完成', '已完成', '进行中']);

  // On a wide screen each name and number keeps to one line (a wrapped one has two boxes).
  await page.getByRole('link', { name: '3. 考生名单' }).click();
  await page.locator('table.roster tbody tr').first().waitFor();
  const lines = await page.locator('table.roster tbody td.name a, table.roster tbody td.id-number span')
    .evaluateAll((els) => els.map((el) => el.getClientRects().length));
  assert.deepEqual(lines, [1, 1, 1, 1, 1, 1]);
  await screenshot(page, 'drafts-roster-1280');
  assert.deepEqual(problems, []);
  await context.close();
});

test('edits made offline are kept, and a reload offline finds them', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/drafts');
  // The service worker has the drafts program once it controls the page.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10000 });
  await context.setOffline(true);
  await page.locator('#new-draft-name').fill('离线机构');
  await page.getByRole('button', { name: '新建草稿' }).click();
  await page.locator('main h1', { hasText: '离线机构' }).waitFor();
  await page.getByRole('link', { name: '3. 考生名单' }).click();
  await addCandidate(page, { name: '赵六', id: ID_B });
  await saved(page);
  await page.reload();
  await page.locator('table.roster tbody tr').first().waitFor();
  assert.deepEqual((await rosterRows(page)).map((r) => r.name), ['赵六']);
  assert.deepEqual(problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED')), []);
  await context.close();
});

test('a draft deleted by mistake comes back with undo', async () => {
  const { context, page } = await phonePage({ at: AT });
  page.on('dialog', (d) => d.accept());
  await open(page, '/drafts');
  await page.locator('#new-draft-name').fill('要删除的草稿');
  await page.getByRole('button', { name: '新建草稿' }).click();
  await page.locator('main h1', { hasText: '要删除的草稿' }).waitFor();
  await page.getByRole('link', { name: '所有草稿' }).click();
  const card = page.locator('.draft-card', { hasText: '要删除的草稿' });
  await card.getByRole('button', { name: '删除' }).click();
  await page.getByRole('button', { name: '撤销' }).click();
  await card.waitFor();
  await card.getByRole('button', { name: '归档' }).click();
  // Reloaded once the archiving is kept (a reload a moment after the click could come first).
  await page.locator('summary', { hasText: '已归档（1）' }).waitFor();
  await saved(page);
  await page.reload();
  await page.locator('summary', { hasText: '已归档（1）' }).waitFor();

  // A candidate removed by mistake comes back too.
  await page.locator('summary', { hasText: '已归档（1）' }).click();
  await card.getByRole('link').click();
  await page.getByRole('link', { name: '3. 考生名单' }).click();
  await addCandidate(page, { name: '误删', id: ID_B });
  await page.getByRole('link', { name: '误删' }).click();
  await page.getByRole('button', { name: '删除此考生' }).click();
  await page.locator('main h1', { hasText: '考生名单' }).waitFor();
  assert.equal(await page.locator('table.roster tbody tr').count(), 0);
  await page.getByRole('button', { name: '撤销' }).click();
  await page.locator('table.roster tbody tr', { hasText: '误删' }).waitFor();
  await saved(page);
  await page.reload();
  await page.locator('table.roster tbody tr', { hasText: '误删' }).waitFor();
  await context.close();
});

test('two tabs on one draft: a change saved in one shows in the other', async () => {
  const { context, page: first, problems } = await phonePage({ at: AT });
  await open(first, '/drafts');
  await first.locator('#new-draft-name').fill('两个窗口');
  await first.getByRole('button', { name: '新建草稿' }).click();
  await first.locator('main h1', { hasText: '两个窗口' }).waitFor();
  await first.getByRole('link', { name: '3. 考生名单' }).click();
  await addCandidate(first, { name: '甲', id: ID_A });
  await saved(first);
  const rosterUrl = first.url();

  const second = await context.newPage();
  await second.goto(rosterUrl);
  await second.locator('table.roster tbody tr').first().waitFor();
  assert.deepEqual((await rosterRows(second)).map((r) => r.name), ['甲']);

  // The first tab renames the candidate; the second, left open on the roster, follows.
  await first.getByRole('link', { name: '甲' }).click();
  await first.locator('#c-name').fill('甲（改名）');
  await saved(first);
  await second.locator('table.roster tbody tr', { hasText: '甲（改名）' }).waitFor();
  // And the other way round, on the draft itself.
  await second.getByRole('link', { name: '返回任务列表' }).click();
  await second.getByRole('link', { name: '1. 机构信息' }).click();
  await second.locator('#draft-institution').fill('两个窗口（改）');
  await saved(second);
  // The first tab, still open, shows the new name when it goes back to the task list.
  await first.getByRole('link', { name: '返回名单' }).click();
  await first.getByRole('link', { name: '返回任务列表' }).click();
  await first.locator('main h1', { hasText: '两个窗口（改）' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a newer version opened elsewhere gets the drafts: this tab saves what was typed, then asks for a reload', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/drafts');
  await page.locator('#new-draft-name').fill('新旧版本');
  await page.getByRole('button', { name: '新建草稿' }).click();
  await page.locator('main h1', { hasText: '新旧版本' }).waitFor();
  await page.getByRole('link', { name: '1. 机构信息' }).click();
  await saved(page);
  const version = await page.evaluate(async () => (await indexedDB.databases()).find((d) => d.name === 'pingjia').version);
  // In one task, a contact is typed (its save is 300 ms away) and a newer version of the app
  // asks for the next schema. To IndexedDB a second connection in this page is what another
  // tab's would be; here the order is certain.
  const stored = await page.evaluate((next) => new Promise((resolve, reject) => {
    const input = document.querySelector('#draft-contact');
    input.value = '王老师 021-12345678';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const request = indexedDB.open('pingjia', next);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const all = db.transaction('drafts').objectStore('drafts').getAll();
      all.onsuccess = () => { resolve(all.result.map((d) => d.contact)); db.close(); };
      all.onerror = () => reject(all.error);
    };
  }), version + 1);
  assert.deepEqual(stored, ['王老师 021-12345678'], 'the typed contact was saved before the newer version took the database');
  const status = page.locator('[data-testid=save-status]');
  await status.filter({ hasText: '本工具的新版本已在另一个标签页中打开' }).waitFor();
  assert.ok(await page.getByRole('button', { name: '重新加载此页面' }).isVisible());
  // Reloaded as this same (older) version, the page cannot open the upgraded database: it says
  // why, rather than that there is no such draft.
  await page.reload();
  await page.locator('main h1', { hasText: '无法打开这份草稿' }).waitFor();
  await status.filter({ hasText: '此页面仍是旧版本' }).waitFor();
  assert.ok(await page.getByRole('button', { name: '重新加载此页面' }).isVisible());
  assert.deepEqual(problems, []);
  await context.close();
});

test('an older version holding the drafts in another tab: this tab says it waits, and opens once that tab lets go', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  const older = await context.newPage();
  await older.goto(`${BASE}/`);
  // As an older app would: it holds the database on an older schema and ignores a request to let go.
  await older.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open('pingjia', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('drafts');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => { window.olderConnection = request.result; resolve(); };
  }));
  await page.goto(`${BASE}/drafts`);
  const status = page.locator('[data-testid=save-status]');
  await status.filter({ hasText: '正在等待其他标签页' }).waitFor();
  await older.evaluate(() => window.olderConnection.close());
  await status.filter({ hasText: '草稿保存在本设备' }).waitFor();
  await page.locator('#new-draft-name').fill('等待之后');
  await page.getByRole('button', { name: '新建草稿' }).click();
  await page.locator('main h1', { hasText: '等待之后' }).waitFor();
  await saved(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test('when the device is full the page says so and editing goes on in memory', async () => {
  const { context, page } = await phonePage({ at: AT });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(BASE).origin, quotaSize: 1 });
  try {
    await open(page, '/drafts');
    await page.locator('#new-draft-name').fill('空间不足');
    await page.getByRole('button', { name: '新建草稿' }).click();
    await page.locator('main h1', { hasText: '空间不足' }).waitFor();
    // Chromium aborts the commit; the page names the likely cause and keeps the draft in memory.
    await page.locator('[data-testid=save-status]', { hasText: '存储空间已满' }).waitFor();
    assert.match(await page.locator('[data-testid=save-status]').textContent(), /未能保存/);
    // A file is then the way to keep the roster: the status offers the export.
    assert.ok(await page.getByRole('link', { name: '导出名单文件备份' }).isVisible());
    await page.getByRole('link', { name: '3. 考生名单' }).click();
    await addCandidate(page, { name: '内存中', id: ID_B });
    assert.deepEqual((await rosterRows(page)).map((r) => [r.name, r.verdict]), [['内存中', '符合条件']]);
    // Each change is tried again, and fails again, and says so. (Waited for as any status but
    // "saving", so a failure shows what the page said instead.)
    const status = page.locator('[data-testid=save-status]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=save-status]')?.textContent.includes('正在保存'));
    assert.match(await status.textContent(), /未能保存.*存储空间已满/);
  } finally {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(BASE).origin });
    await context.close();
  }
});

test('where the browser refuses IndexedDB the page says so and still works', async () => {
  const { context, page } = await phonePage({ at: AT });
  // As some private windows do: opening a database is refused.
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await open(page, '/drafts');
  await page.locator('[data-testid=save-status]', { hasText: '无法保存在本设备' }).waitFor();
  await page.locator('#new-draft-name').fill('不能保存');
  await page.getByRole('button', { name: '新建草稿' }).click();
  await page.locator('main h1', { hasText: '不能保存' }).waitFor();
  assert.match(await page.locator('[data-testid=save-status]').textContent(), /关闭此页面后内容会丢失/);
  // This draft is in the page, so a file is offered to keep it.
  assert.ok(await page.getByRole('link', { name: '导出名单文件备份' }).isVisible());
  // One that could be on the device is not in the page: it cannot be exported from here.
  await page.goto(`${BASE}/drafts/${'c'.repeat(32)}/check`);
  await page.locator('main h1', { hasText: '无法打开这份草稿' }).waitFor();
  assert.match(await page.locator('[data-testid=save-status]').textContent(), /无法保存在本设备/);
  assert.equal(await page.getByRole('link', { name: '导出名单文件备份' }).count(), 0);
  // Sync cannot keep an account here: the page says so, and the server is not asked to open one
  // that this device would then forget.
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/sync')) asked.push(r.url()); });
  await page.goto(`${BASE}/drafts/sync`);
  await page.getByText('同步需要把草稿保存在本设备上').waitFor();
  await page.locator('#sync-name').fill('无痕窗口中的机构');
  await page.getByRole('button', { name: '开通' }).click();
  await page.locator('[role=alert]', { hasText: '草稿无法保存在本设备上，因此无法开通或加入同步' }).waitFor();
  assert.deepEqual(asked, []);
  await context.close();
});

test('the drafts list says how much of the device is used', async () => {
  const { context, page } = await phonePage({ at: AT });
  await open(page, '/drafts');
  await page.locator('[data-testid=storage-usage]').waitFor();
  assert.match(await page.locator('[data-testid=storage-usage]').textContent(), /本设备已用 \d+(\.\d)? [KMG]B，可用约 \d+(\.\d)? [KMG]B/);
  await context.close();
});

test('a draft checked under an earlier rulebook lists the rows whose verdict changed', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/drafts');
  const draftId = 'aa'.repeat(16);
  const candidateId = 'bb'.repeat(16);
  // A draft as an earlier version of the rules left it: 钱七 was eligible by route 1.
  await seedDraft(page, {
    id: draftId, institution: '旧规则的草稿', checked_with: '2024.9', verdicts: [[candidateId, 'eligible:1']],
  }, [{ id: candidateId, entry: { name: '钱七', level: 'three', retake: [], candidate: {} } }]);
  await page.goto(`${BASE}/drafts/${draftId}`);
  const banner = page.locator('[data-testid=rulebook-changes]');
  await banner.waitFor();
  assert.match(await banner.textContent(), /由 2024\.9 版更新为 2025\.1 版/);
  assert.match(await banner.textContent(), /第 1 行 钱七：现为“待补全”/);
  // The new verdicts are recorded: the next visit has nothing to report.
  await saved(page);
  await page.reload();
  await page.locator('main h1', { hasText: '旧规则的草稿' }).waitFor();
  await page.locator('.task-status').first().waitFor();
  assert.equal(await banner.count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a long roster draws 25 rows and shows more on request', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/drafts');
  const draftId = 'dd'.repeat(16);
  await seedDraft(page, { id: draftId, institution: '长名单' }, Array.from({ length: 55 }, (_, i) => ({
    id: `e${String(i).padStart(31, '0')}`,
    entry: { name: `考生${i + 1}` },
  })));
  await page.goto(`${BASE}/drafts/${draftId}/candidates`);
  await page.locator('table.roster tbody tr').nth(24).waitFor();
  assert.equal(await page.locator('table.roster tbody tr').count(), 25);
  assert.match(await page.locator('.roster-counts').textContent(), /待补全 55/);
  await page.getByRole('button', { name: '再显示 25 人（还有 30 人）' }).click();
  await page.getByRole('button', { name: '再显示 5 人（还有 5 人）' }).click();
  await page.locator('table.roster tbody tr').nth(54).waitFor();
  assert.equal((await rosterRows(page)).at(-1).name, '考生55');
  // A long roster is seen in one go: a larger step, or every row.
  await page.reload();
  await page.locator('table.roster tbody tr').nth(24).waitFor();
  await page.locator('#roster-page-size').selectOption('100');
  await page.locator('table.roster tbody tr').nth(54).waitFor();
  await page.locator('#roster-page-size').selectOption('25');
  await page.locator('table.roster tbody tr').nth(25).waitFor({ state: 'detached' });
  await page.getByRole('button', { name: '全部显示（共 55 人）' }).click();
  await page.locator('table.roster tbody tr').nth(54).waitFor();
  assert.equal(await page.getByRole('button', { name: /全部显示/ }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a name that looks like markup is shown as typed, in the row and in the rows that name it', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/drafts');
  const draftId = 'de'.repeat(16);
  const marked = '<img src=x onerror="window.injected=1">"李&四\'';
  const other = '<b>王五</b>';
  // The same number on both rows: each row's summary names the other candidate.
  const candidate = { birth_date: '', id_number: '110105199001010016', schooling: [], work: [], certificates: [], titles: [] };
  await seedDraft(page, { id: draftId, institution: '名字' }, [
    { id: `f${'0'.repeat(30)}1`, entry: { name: marked, candidate } },
    { id: `f${'0'.repeat(30)}2`, entry: { name: other, candidate } },
  ]);
  await page.goto(`${BASE}/drafts/${draftId}/candidates`);
  await page.locator('table.roster tbody tr').nth(1).waitFor();
  assert.deepEqual((await rosterRows(page)).map((r) => r.name), [marked, other]);
  const table = page.locator('table.roster tbody');
  assert.equal(await table.locator('img, b').count(), 0, 'no element is made from a name');
  assert.ok((await table.locator('tr').first().textContent()).includes(`与第 2 行（${other}）相同`));
  assert.equal(await page.evaluate(() => window.injected), undefined);
  // The row's link still opens that candidate.
  await page.getByRole('link', { name: marked }).click();
  assert.equal(await page.locator('#c-name').inputValue(), marked);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the drafts pages follow the language switch and pass axe on a phone', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/drafts');
  await page.locator('#new-draft-name').fill('语言');
  await page.getByRole('button', { name: '新建草稿' }).click();
  await page.locator('main h1', { hasText: '语言' }).waitFor();
  assert.deepEqual(await seriousViolations(page), []);
  await page.getByRole('link', { name: '3. 考生名单' }).click();
  await page.getByRole('button', { name: '添加考生' }).click();
  await page.locator('#c-name').waitFor();
  // Submitting an empty candidate lists what to fill in, beside each field.
  await page.getByRole('button', { name: '核对并返回名单' }).click();
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /请填写姓名。.*请选择申报等级。.*团体申报须填写身份证号。/s);
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'drafts-candidate-errors-390x844');
  // The header's switch belongs to the app; the drafts program follows it.
  await page.getByRole('button', { name: 'English' }).click();
  await summary.filter({ hasText: "Enter the candidate's name." }).waitFor();
  await page.locator('main h1', { hasText: 'Candidate 1' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the candidate editor is short: the birth date read from the number, schooling one list, removal set apart', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/drafts');
  await page.locator('#new-draft-name').fill('短表单');
  await page.getByRole('button', { name: '新建草稿' }).click();
  await page.locator('main h1', { hasText: '短表单' }).waitFor();
  await page.getByRole('link', { name: '3. 考生名单' }).click();
  await page.getByRole('button', { name: '添加考生' }).click();
  await page.locator('#c-name').fill('张三');
  await page.locator('#c-level-three').check();
  // Without a number the birth date is asked for; a number that carries one replaces it.
  await page.locator('#c-birth-date').waitFor();
  await page.locator('#c-id-number').fill(ID_B);
  await page.locator('p.derived', { hasText: '出生日期：1980-01-01（从身份证号读出）' }).waitFor();
  assert.equal(await page.locator('input#c-birth-date').count(), 0, 'not asked twice');
  // The schooling is one list.
  await page.locator('#c-school').selectOption('college');
  await page.locator('#c-status-graduated').check();
  await page.getByRole('button', { name: '添加一段工作经历' }).click();
  await page.locator('#c-work-from-1').fill('20150101');
  await page.getByLabel('至今仍在做').check();
  await page.locator('[data-testid=verdict]', { hasText: '符合附录5第' }).waitFor();

  // 3,512 px before this layout, filled in the same way.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height <= 3000, `the filled editor is ${height} px tall at 390×844, budget 3,000`);
  const box = (selector) => page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
  });
  const primary = await box('form button[type=submit]');
  const remove = await box('button.warning');
  assert.ok(remove.top - primary.bottom >= 48, `removal ${remove.top - primary.bottom} px below the primary button`);
  assert.equal(await page.locator('form button.warning').count(), 0, 'removal is outside the form');
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'drafts-candidate-editor-390x844');

  // A birth date already written stays editable, next to the number.
  await page.locator('#c-id-number').fill('');
  await page.locator('#c-birth-date').fill('19800101');
  await page.locator('#c-id-number').fill(ID_B);
  assert.equal(await page.locator('input#c-birth-date').inputValue(), '1980-01-01', 'kept, written as a date');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a candidate added and left empty does not stay in the roster; one with a name does', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/drafts');
  await page.locator('#new-draft-name').fill('空白考生');
  await page.getByRole('button', { name: '新建草稿' }).click();
  await page.locator('main h1', { hasText: '空白考生' }).waitFor();
  await page.getByRole('link', { name: '3. 考生名单' }).click();
  await page.getByRole('button', { name: '添加考生' }).click();
  await page.locator('#c-name').waitFor();
  await page.getByRole('link', { name: '返回名单' }).click();
  await page.locator('main h1', { hasText: '考生名单' }).waitFor();
  await page.locator('.roster-counts', { hasText: '待补全 0' }).waitFor();
  assert.equal(await page.locator('table.roster tbody tr').count(), 0);
  assert.equal(await page.getByText('已从名单中删除').count(), 0, 'nothing to undo: nothing was typed');

  await page.getByRole('button', { name: '添加考生' }).click();
  await page.locator('#c-name').fill('只填了姓名');
  await page.getByRole('link', { name: '返回名单' }).click();
  await page.locator('table.roster tbody tr', { hasText: '只填了姓名' }).waitFor();
  await saved(page);
  await page.reload();
  await page.locator('table.roster tbody tr', { hasText: '只填了姓名' }).waitFor();
  assert.equal(await page.locator('table.roster tbody tr').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});
