// Rosters as institutions keep them, in a real browser: a WPS-style XLSX with its own headings,
// common wordings and Excel's habits (fixtures/make_fixtures.py), its report read as a clerk
// would — notices, repairs, who cannot apply yet, problems grouped by kind — and the rows with
// problems downloaded, fixed and imported again; the repaired values are what is stored and
// exported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { phonePage, screenshot, seriousViolations } from './helpers.mjs';
import { download, importFile, newDraftRoster, parseCsv, reportedCells } from './roster-files.mjs';
import { addCandidate, rosterRows } from './roster.mjs';
import { idNumber } from './bench/roster-data.mjs';

const AT = '2025-06-06T10:00:00+08:00';

/** An identity number registered in 徐汇 (310104), as fixtures/make_fixtures.py writes them. */
const xuhui = (birth, serial) => idNumber(birth, serial, '310104');
const FIXTURES = path.join(import.meta.dirname, 'fixtures');

async function texts(page, selector) {
  return (await page.locator(selector).allTextContents()).map((t) => t.trim());
}

test('a WPS roster: repairs said, problems grouped, the rows with problems fixed and imported again', async () => {
  const { context, page, problems } = await phonePage({ at: AT, acceptDownloads: true });
  await newDraftRoster(page, '徐汇保安培训学校');
  await page.getByRole('link', { name: '从文件导入' }).click();
  await page.locator('main h1', { hasText: '从文件导入考生' }).waitFor();

  const summary = await importFile(page, path.join(FIXTURES, 'roster-wps-habits.xlsx'));
  assert.equal(summary, '“roster-wps-habits.xlsx”共 7 行：3 行可导入，其中 1 人暂不符合申报条件；4 行有问题。');
  const notices = await texts(page, '[data-testid=import-notices] li');
  assert.ok(notices.includes('跳过 1 个空行。'), notices.join('\n'));
  assert.ok(notices.includes('“身份证号码”列按“身份证号”读取。'), notices.join('\n'));
  assert.ok(notices.some((n) => n.startsWith('“参加工作时间”列按“本职业工作开始日期”读取。')), notices.join('\n'));
  assert.match(await page.locator('main').textContent(), /序号（A 列）、联系电话（H 列）/);

  // Every repair is listed with its rows; nothing is changed silently.
  const repairs = page.locator('[data-testid=import-repairs]');
  assert.equal((await repairs.locator('summary').textContent()).trim(), '读取时自动修正了 4 处（导入的是修正后的内容）');
  assert.deepEqual(await texts(page, '[data-testid=import-repairs] li'), [
    '已将 x 改为 X — 第 2 行（共 1 行）',
    '申报等级“高级工”按“三级（高级工）”导入 — 第 2 行（共 1 行）',
    '本职业工作开始日期填的是 Excel 的日期序号（例如 45809 即 2025-06-01），已换算为日期 — 第 2 行（共 1 行）',
    '已将身份证号中的全角字符改为半角 — 第 3 行（共 1 行）',
  ]);
  // Someone who imports but cannot apply yet is counted apart, with the reason.
  const waiting = await texts(page, '[data-testid=import-not-eligible] li');
  assert.equal(waiting.length, 1);
  assert.match(waiting[0], /^第 7 行（张五）：.*最低学历/);

  // Problems grouped by kind, counted in rows, each group closed until opened.
  assert.deepEqual(await texts(page, 'details.problem-group summary'), [
    '15 位的第一代身份证号 — 1 行',
    '身份证号可能丢失了末位 X — 1 行',
    '学历“留学”无法识别 — 2 行',
  ]);
  assert.equal(await page.locator('table.import-problems').first().isVisible(), false);
  await page.locator('details.problem-group summary', { hasText: '留学' }).click();
  await page.locator('table.import-problems', { hasText: '留学' }).waitFor();
  assert.deepEqual(await reportedCells(page), [[5, 'C 身份证号'], [6, 'C 身份证号'], [8, 'E 学历'], [9, 'E 学历']]);
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'drafts-import-grouped-390x844');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scroll at 390 px (${width})`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, 'drafts-import-grouped-1280');
  await page.setViewportSize({ width: 390, height: 844 });

  // The rows with problems, as the file held them, with a 问题 column.
  const xlsx = await download(page, '下载有问题的行（XLSX）');
  assert.equal(xlsx.name, '待修改的行.xlsx');
  const [sheet] = await readXlsxFile(xlsx.path);
  assert.deepEqual(sheet.data[0], ['序号', '考生姓名', '身份证号码', '报考等级', '文化程度', '毕业状态', '参加工作时间', '联系电话', '问题']);
  assert.deepEqual(sheet.data.slice(1).map((r) => r[1]), ['王三', '李四', '刘六', '孙七']);
  const csv = await download(page, '下载有问题的行（CSV）');
  const bytes = await readFile(csv.path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
  const rows = parseCsv(bytes.subarray(3).toString('utf8')).filter((r) => r.length > 1);
  assert.deepEqual(rows[0], sheet.data[0]);
  assert.deepEqual(rows.slice(1).map((r) => r[1]), ['王三', '李四', '刘六', '孙七']);
  assert.match(rows[1][8], /^身份证号（C列）：这是 15 位的第一代身份证号/);
  assert.match(rows[3][8], /^学历（E列）：“留学”不是学历可选的内容/);

  // Fixed as a clerk would in the spreadsheet, then imported again: the 问题 column is skipped.
  await page.getByRole('button', { name: '只导入无误的 3 人' }).click();
  await page.locator('[data-testid=import-summary]', { hasText: '已导入 3 位考生。' }).waitFor();
  rows[1][2] = idNumber('1979-01-01', 1);
  rows[2][2] += 'X';
  rows[3][4] = '本科';
  rows[4][4] = '大学本科';
  const fixedCsv = '\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
  const again = await importFile(page, { name: '待修改的行.csv', mimeType: 'text/csv', buffer: Buffer.from(fixedCsv, 'utf8') });
  assert.equal(again, '“待修改的行.csv”共 4 行：4 行可导入，0 行有问题。');
  assert.doesNotMatch(await page.locator('main').textContent(), /问题（I 列）/);
  await page.getByRole('button', { name: '导入全部 4 人' }).click();
  await page.locator('[data-testid=import-summary]', { hasText: '已导入 4 位考生。' }).waitFor();
  await page.locator('[data-testid=save-status]', { hasText: '已保存在本设备' }).waitFor();

  // What is stored, and exported, is the repaired value.
  await page.getByRole('link', { name: '返回名单' }).click();
  await page.locator('main h1', { hasText: '考生名单' }).waitFor();
  await page.getByRole('link', { name: '返回任务列表' }).click();
  await page.getByRole('link', { name: '4. 核对、费用与导出' }).click();
  await page.locator('[data-testid=grand-total]').waitFor();
  const exported = await download(page, '导出 CSV');
  const table = parseCsv((await readFile(exported.path)).subarray(3).toString('utf8')).filter((r) => r.length > 1);
  const byName = Object.fromEntries(table.slice(1).map((r) => [r[0], r]));
  assert.deepEqual(Object.keys(byName).sort(), ['刘六', '孙七', '张五', '李四', '林二', '王三', '陈一'].sort());
  assert.equal(byName['陈一'][1], `\t${xuhui('1984-04-04', 19)}`, 'the small x is stored as X');
  assert.ok(byName['陈一'][1].endsWith('X'));
  assert.equal(byName['陈一'][2], '三级（高级工）');
  assert.equal(byName['陈一'][5], '研究生');
  assert.equal(byName['陈一'][9], '2015-01-01', 'Excel\'s day number 42005 is stored as its date');
  assert.equal(byName['林二'][1], `\t${xuhui('1979-11-02', 21)}`, 'full-width digits are stored half-width');
  assert.equal(byName['张五'][15], '暂不符合');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a file without a column the rules need: said once, and its rows come in to complete', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await newDraftRoster(page, '缺列');
  await page.getByRole('link', { name: '从文件导入' }).click();
  const lines = ['姓名,身份证号,申报等级,学历'];
  for (let i = 0; i < 3; i++) lines.push(`考生${i + 1},${idNumber('1980-01-0' + (i + 1), i)},三级,大专`);
  const summary = await importFile(page, { name: 'no-status.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n'), 'utf8') });
  assert.equal(summary, '“no-status.csv”共 3 行：3 行可导入，0 行有问题。');
  const notices = await texts(page, '[data-testid=import-notices] li');
  assert.deepEqual(notices.filter((n) => n.includes('学历状态')), [
    '文件缺少“学历状态”列：请添加该列，或在导入后逐人填写。缺这一项的考生导入后显示为“待补全”。',
  ]);
  assert.equal(await page.locator('details.problem-group').count(), 0, 'no problem per row');
  await page.getByRole('button', { name: '导入全部 3 人' }).click();
  await page.locator('[data-testid=import-summary]', { hasText: '已导入 3 位考生。' }).waitFor();
  await page.getByRole('link', { name: '查看名单' }).click();
  await page.locator('.roster-counts', { hasText: '待补全 3' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a formula typed as a name is exported as text and imported back as typed', async () => {
  const { context, page, problems } = await phonePage({ at: AT, acceptDownloads: true });
  const formula = '=HYPERLINK("http://example.com","点我")';
  await newDraftRoster(page, '公式');
  await addCandidate(page, { name: formula, id: xuhui('1985-05-05', 5) });
  await addCandidate(page, { name: '@SUM(1+1)', id: xuhui('1986-06-06', 6) });
  await page.getByRole('link', { name: '返回任务列表' }).click();
  await page.getByRole('link', { name: '4. 核对、费用与导出' }).click();
  await page.locator('[data-testid=grand-total]').waitFor();
  const csv = await download(page, '导出 CSV');
  const bytes = await readFile(csv.path);
  const rows = parseCsv(bytes.subarray(3).toString('utf8')).filter((r) => r.length > 1);
  assert.deepEqual(rows.slice(1).map((r) => r[0]), [`'${formula}`, "'@SUM(1+1)"], 'written as text');
  const xlsx = await download(page, '导出 XLSX');
  const [sheet] = await readXlsxFile(xlsx.path);
  assert.deepEqual(sheet.data.slice(1).map((r) => r[0]), [formula, '@SUM(1+1)'], 'XLSX holds them as strings');

  // Imported into another draft, the names are what was typed.
  await newDraftRoster(page, '公式（导回）');
  await page.getByRole('link', { name: '从文件导入' }).click();
  const summary = await importFile(page, { name: 'formulas.csv', mimeType: 'text/csv', buffer: bytes });
  assert.equal(summary, '“formulas.csv”共 2 行：2 行可导入，0 行有问题。');
  await page.getByRole('button', { name: '导入全部 2 人' }).click();
  await page.getByRole('link', { name: '查看名单' }).click();
  await page.locator('table.roster tbody tr').nth(1).waitFor();
  assert.deepEqual((await rosterRows(page)).map((r) => r.name), [formula, '@SUM(1+1)']);
  assert.deepEqual(problems, []);
  await context.close();
});
