// Roster files in a real browser: a GB18030 CSV and an XLSX (written by other tools, in
// fixtures/) imported with their bad cells reported, one row fixed, then exported as CSV and
// XLSX and read back cell by cell with a reader that is not the app's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { open, phonePage, screenshot, seriousViolations } from './helpers.mjs';
import { download, importFile, newDraftRoster, parseCsv, reportedCells } from './roster-files.mjs';
import { idNumber } from './bench/roster-data.mjs';

const AT = '2025-06-06T10:00:00+08:00';
const FIXTURES = path.join(import.meta.dirname, 'fixtures');
// From fixtures/make_fixtures.py.
const CHEN = '31010419850312011X';
const LIN = '31010419791102021X';
const ZHAO = '310104198808080411';
const ZHOU = '310104198201150516';
const ZHENG = '310104198606300711';

test('import a GB18030 CSV and an XLSX with bad rows, fix one, export both formats cell by cell', async () => {
  const { context, page, problems } = await phonePage({ at: AT, acceptDownloads: true });
  const loaded = [];
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await open(page, '/drafts');
  await page.locator('#new-draft-name').fill('浦东保安培训中心');
  await page.getByRole('button', { name: '新建草稿' }).click();
  await page.locator('main h1', { hasText: '浦东保安培训中心' }).waitFor();
  await page.getByRole('link', { name: '2. 考期与申报日期' }).click();
  await page.locator('#session-2025-09').check();
  await page.locator('#draft-application-date').fill('2025-06-06');
  await page.getByRole('button', { name: '保存并返回' }).click();
  await page.getByRole('link', { name: '3. 考生名单' }).click();
  assert.ok(!loaded.some((p) => p.startsWith('/pingjia-files')), 'the file worker waits until a file is asked for');

  // The GB18030 CSV: two good rows, a wrong check digit and a level that is not offered.
  await page.getByRole('link', { name: '从文件导入' }).click();
  await page.locator('main h1', { hasText: '从文件导入考生' }).waitFor();
  let summary = await importFile(page, path.join(FIXTURES, 'roster-gb18030.csv'));
  assert.ok(loaded.includes('/pingjia-files_bg.wasm'));
  assert.equal(summary, '“roster-gb18030.csv”共 4 行：2 行可导入，2 行有问题。');
  assert.deepEqual(await reportedCells(page), [[4, 'B 身份证号'], [5, 'C 申报等级']]);
  const levelProblem = await page.locator('table.import-problems tbody tr').nth(1).textContent();
  assert.match(levelProblem, /“五级”不是申报等级可选的内容/);
  await screenshot(page, 'drafts-import-report-390x844');
  assert.deepEqual(await seriousViolations(page), []);
  await page.getByRole('button', { name: '只导入无误的 2 人' }).click();
  assert.equal((await page.locator('[data-testid=import-summary]').textContent()).trim(), '已导入 2 位考生。');
  await page.locator('[data-testid=save-status]', { hasText: '已保存在本设备' }).waitFor();

  // The XLSX: a number cell for an identity number and an empty name are refused; a date cell
  // and "3" for the level are read; an extra column is named and left out.
  summary = await importFile(page, path.join(FIXTURES, 'roster-bad-rows.xlsx'));
  assert.equal(summary, '“roster-bad-rows.xlsx”共 4 行：2 行可导入，其中 1 人暂不符合申报条件；2 行有问题。');
  assert.deepEqual(await reportedCells(page), [[3, 'B 身份证号'], [5, 'A 姓名']]);
  assert.match(await page.locator('main').textContent(), /联系电话（I 列）/);
  assert.match(await page.locator('table.import-problems', { hasText: '身份证号' }).textContent(), /设为“文本”/);
  await page.getByRole('button', { name: '只导入无误的 2 人' }).click();

  // The CSV row with the wrong level, fixed and imported again (UTF-8 with a BOM this time).
  const fixed = `\ufeff姓名,身份证号,申报等级,学历,学历状态,本职业工作开始日期\n赵四,${ZHAO},三级,大专,已毕业,2015-01-01\n`;
  summary = await importFile(page, { name: 'fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed, 'utf8') });
  assert.equal(summary, '“fixed.csv”共 1 行：1 行可导入，0 行有问题。');
  await page.getByRole('button', { name: '导入全部 1 人' }).click();
  // Once it is added (the file input waits until then), importing the same person again is caught.
  await page.locator('[data-testid=import-summary]', { hasText: '已导入 1 位考生。' }).waitFor();
  summary = await importFile(page, { name: 'again.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed, 'utf8') });
  assert.equal(summary, '“again.csv”共 1 行：0 行可导入，1 行有问题。');
  assert.match(await page.locator('table.import-problems').textContent(), /草稿中已有这个身份证号/);

  await page.getByRole('link', { name: '返回名单' }).click();
  await page.locator('main h1', { hasText: '考生名单' }).waitFor();
  const names = await page.locator('table.roster tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(names, ['陈一', '林二', '周五', '郑七', '赵四']);

  // Export both formats from the check task.
  await page.getByRole('link', { name: '返回任务列表' }).click();
  await page.getByRole('link', { name: '4. 核对、费用与导出' }).click();
  await page.locator('[data-testid=grand-total]').waitFor();
  const grandTotal = Number((await page.locator('[data-testid=grand-total]').textContent()).replace(/\D/g, ''));
  const eligible = Number(await page.locator('[data-testid=count-Eligible]').textContent());

  const csv = await download(page, '导出 CSV');
  assert.equal(csv.name, '浦东保安培训中心 考生名单.csv');
  const bytes = await readFile(csv.path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
  const table = parseCsv(bytes.subarray(3).toString('utf8'));
  assert.deepEqual(table[0], ['姓名', '身份证号', '申报等级', '补考科目', '出生日期', '学历', '学历状态', '本专业或相关专业',
    '经评估论证', '本职业工作开始日期', '本职业工作结束日期', '已有证书等级', '证书发证日期', '职称', '职称取得日期',
    '核对结果', '说明', '考核费（元）', '核对日期', '规则版本']);
  const rows = table.slice(1);
  assert.deepEqual(rows.map((r) => r[0]), ['陈一', '林二', '周五', '郑七', '赵四']);
  assert.deepEqual(rows.map((r) => r[1]), [CHEN, LIN, ZHOU, ZHENG, ZHAO].map((n) => `\t${n}`));
  assert.deepEqual(rows.map((r) => r[2]), Array(5).fill('三级（高级工）'));
  assert.deepEqual(rows.map((r) => r[3]), ['', '操作技能', '', '', '']);
  assert.deepEqual(rows.map((r) => r[5]), ['大专（普通高等学校专科）', '大专（普通高等学校专科）', '本科', '大专（普通高等学校专科）', '大专（普通高等学校专科）']);
  assert.deepEqual(rows.map((r) => [r[9], r[10]]), [
    ['2015-03-01', '至今'], ['2014-01-01', '至今'], ['2012-09-01', '至今'], ['2016-05-01', '至今'], ['2015-01-01', '至今'],
  ]);
  assert.equal(rows.filter((r) => r[15] === '符合条件').length, eligible);
  assert.deepEqual(rows.map((r) => [r[18], r[19]]), Array(5).fill(['2025-06-06', rows[0][19]]));
  assert.match(rows[0][19], /\S/, 'the rulebook version is written');
  // A row that cannot apply is not charged, and says so: the column adds up to the total.
  for (const r of rows) assert.equal(r[17] === '—（不计）', r[15] !== '符合条件', `${r[0]}: ${r[15]} ${r[17]}`);
  const csvFees = rows.reduce((sum, r) => sum + (Number.parseInt(r[17], 10) || 0), 0);
  assert.equal(csvFees, grandTotal, 'the fee column adds up to the page\'s total');

  const xlsx = await download(page, '导出 XLSX');
  assert.equal(xlsx.name, '浦东保安培训中心 考生名单.xlsx');
  const sheets = await readXlsxFile(xlsx.path);
  assert.deepEqual(sheets.map((s) => s.sheet), ['考生名单', '合计']);
  const roster = sheets[0].data;
  assert.deepEqual(roster[0], table[0]);
  for (let r = 1; r < roster.length; r++) {
    for (let c = 0; c < table[0].length; c++) {
      const expected = table[r][c].replace(/^\t/, '');
      const got = roster[r][c] === null ? '' : String(roster[r][c]);
      assert.equal(got, expected, `XLSX row ${r + 1} column ${table[0][c]}`);
    }
  }
  for (let r = 1; r < roster.length; r++) {
    assert.equal(typeof roster[r][17], roster[r][15] === '符合条件' ? 'number' : 'string', 'a fee counted is a number in XLSX');
  }
  const xlsxFees = roster.slice(1).reduce((sum, r) => sum + (typeof r[17] === 'number' ? r[17] : 0), 0);
  assert.equal(xlsxFees, grandTotal, 'a SUM of the XLSX fee column is the total');
  const totals = Object.fromEntries(sheets[1].data.filter((r) => r[0]).map((r) => [r[0], r[1]]));
  assert.equal(totals['草稿'], '浦东保安培训中心 考生名单');
  assert.equal(totals['考期'], '2025年9月');
  assert.equal(totals['核对日期'], '2025-06-06');
  assert.equal(totals['规则版本'], rows[0][19]);
  assert.equal(totals['总计'], grandTotal);
  assert.equal(totals['计费人数（符合条件）'], String(eligible));

  // The print view holds every row, the session, the date and the rulebook, numbers masked.
  await page.getByRole('link', { name: '打印（A4）' }).click();
  await page.locator('.print-sheet h1').waitFor();
  assert.equal(await page.locator('table.print tbody tr').count(), 5);
  const printed = await page.locator('table.print tbody td.figure').allTextContents();
  assert.equal(printed.reduce((sum, f) => sum + (Number.parseInt(f, 10) || 0), 0), grandTotal, 'the printed fee column adds up');
  assert.equal(printed.filter((f) => f === '—（不计）').length, 5 - eligible);
  assert.match(await page.locator('.print-totals').textContent(), new RegExp(`仅计符合条件的 ${eligible} 人`));
  assert.equal(await page.locator('[data-testid=print-rulebook]').textContent(), rows[0][19]);
  assert.equal(await page.locator('table.print tbody tr td.id-number').first().textContent(), '310***********011X');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.print-controls').isVisible(), false);
  assert.equal(await page.locator('table.print').isVisible(), true);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, 'drafts-print-1280');
  await page.emulateMedia({ media: 'screen' });

  // A reload finds the imported rows.
  await page.reload();
  await page.locator('table.print tbody tr').nth(4).waitFor();
  assert.equal(await page.locator('table.print tbody tr').count(), 5);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the templates download in both formats with every column', async () => {
  const { context, page, problems } = await phonePage({ at: AT, acceptDownloads: true });
  await newDraftRoster(page, '模板');
  await page.getByRole('link', { name: '从文件导入' }).click();
  await page.locator('main h1', { hasText: '从文件导入考生' }).waitFor();
  const csv = await download(page, '下载模板（CSV）');
  const [heading, guidance] = parseCsv((await readFile(csv.path)).subarray(3).toString('utf8'));
  assert.equal(heading.length, 15);
  assert.equal(heading[0], '姓名');
  // The CSV carries the XLSX template's notes as a row the import skips.
  assert.equal(guidance.length, 15);
  assert.match(guidance[0], /^【填写说明，导入时跳过本行】（必填）/);
  assert.match(guidance[5], /硕士研究生/);
  const xlsx = await download(page, '下载模板（XLSX）');
  const sheets = await readXlsxFile(xlsx.path);
  assert.deepEqual(sheets.map((s) => s.sheet), ['考生名单', '说明']);
  assert.deepEqual(sheets[0].data[0], heading);
  assert.deepEqual(sheets[1].data.slice(1, 16).map((r) => r[0]), heading);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a long import is added and saved in steps, and a reload finds every row', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await newDraftRoster(page, '长名单');
  await page.getByRole('link', { name: '从文件导入' }).click();
  const size = 230; // several steps of adding (100 a step) and of saving (at most 200 a step)
  const lines = ['姓名,身份证号,申报等级,学历,学历状态,本职业工作开始日期'];
  for (let i = 0; i < size; i++) {
    lines.push(`考生${i + 1},${idNumber(`19${70 + (i % 25)}-0${1 + (i % 9)}-1${i % 10}`, i)},三级,大专,已毕业,2012-03-01`);
  }
  const summary = await importFile(page, { name: 'long.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n'), 'utf8') });
  assert.equal(summary, `“long.csv”共 ${size} 行：${size} 行可导入，0 行有问题。`);
  await page.getByRole('button', { name: `导入全部 ${size} 人` }).click();
  await page.locator('[data-testid=import-summary]', { hasText: `已导入 ${size} 位考生` }).waitFor();
  await page.locator('[data-testid=save-status]', { hasText: '已保存在本设备' }).waitFor();
  await page.reload();
  await page.getByRole('link', { name: '返回名单' }).click();
  await page.locator('.roster-counts', { hasText: `符合条件 ${size}` }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the import page warms the file worker once, not on every visit', async () => {
  const { context, page, problems } = await phonePage({ at: AT, acceptDownloads: true });
  await newDraftRoster(page, '预热');
  const started = page.waitForEvent('worker');
  await page.getByRole('link', { name: '从文件导入' }).click();
  const worker = await started;
  // Requests are answered in order: once this download is answered, the page's warm-up, asked
  // for as the page opened, has been too. Every message the worker receives after it is counted.
  await download(page, '下载模板（CSV）');
  await worker.evaluate(() => { self.received = 0; self.addEventListener('message', () => { self.received += 1; }); });
  await page.getByRole('link', { name: '返回名单' }).click();
  await page.getByRole('link', { name: '从文件导入' }).click();
  await page.locator('main h1', { hasText: '从文件导入考生' }).waitFor();
  // A request sent now is answered after anything queued before it, such as a second warm-up.
  await download(page, '下载模板（CSV）');
  assert.equal(await worker.evaluate(() => self.received), 1, 'only the template was asked for');
  assert.equal(page.workers().length, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('while a file is being read, a second one cannot be chosen', async () => {
  const { context, page, problems } = await phonePage({ at: AT, serviceWorkers: 'block' });
  // The file worker's program is held back until the test lets it through, so the import stays
  // at "reading" for as long as the test looks, however fast the machine.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/pingjia-files_bg.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await newDraftRoster(page, '读取中');
  await page.getByRole('link', { name: '从文件导入' }).click();
  await page.locator('main h1', { hasText: '从文件导入考生' }).waitFor();
  const input = page.locator('#import-file');
  const csv = `姓名,身份证号,申报等级,学历,学历状态,本职业工作开始日期\n赵四,${ZHAO},三级,大专,已毕业,2015-01-01\n`;
  await input.setInputFiles({ name: 'first.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.locator('[role=status]', { hasText: '正在读取并检查“first.csv”' }).waitFor();
  assert.equal(await input.isDisabled(), true, 'no second file while the first is read');
  release();
  await page.locator('[data-testid=import-summary]').waitFor();
  assert.equal((await page.locator('[data-testid=import-summary]').textContent()).trim(), '“first.csv”共 1 行：1 行可导入，0 行有问题。');
  assert.equal(await input.isDisabled(), false, 'once it is reported, another file can be chosen');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file worker that never answers is stopped, said, and started afresh for the next file', async () => {
  const { context, page, problems } = await phonePage({ at: AT, serviceWorkers: 'block' });
  // The limit is shortened for the test (120 s in use); the worker's program is held back so
  // that the first request gets no answer at all.
  await page.addInitScript(() => { globalThis.pingjiaFileWorkerLimitMs = 1500; });
  let hold = true;
  await page.route('**/pingjia-files_bg.wasm', async (route) => {
    if (hold) return; // never answered
    await route.continue();
  });
  await newDraftRoster(page, '超时');
  await page.getByRole('link', { name: '从文件导入' }).click();
  await page.locator('main h1', { hasText: '从文件导入考生' }).waitFor();
  const csv = `姓名,身份证号,申报等级,学历,学历状态,本职业工作开始日期\n赵四,${ZHAO},三级,大专,已毕业,2015-01-01\n`;
  const file = { name: 'slow.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') };
  await page.locator('#import-file').setInputFiles(file);
  await page.getByRole('alert').filter({ hasText: '仍未完成，已停止' }).waitFor();
  // The next file goes to a new worker, not behind the lost answer.
  hold = false;
  await page.getByRole('button', { name: '重试' }).click();
  const summary = await importFile(page, { ...file, name: 'again.csv' });
  assert.equal(summary, '“again.csv”共 1 行：1 行可导入，0 行有问题。');
  assert.deepEqual(problems.filter((p) => !p.includes('pingjia-files')), []);
  await context.close();
});
