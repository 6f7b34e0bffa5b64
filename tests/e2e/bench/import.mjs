// Import benchmark (not a test): a 5,000-row XLSX roster imported in Chromium with the CPU
// slowed 4×. Run by `cargo xtask bench import`, which builds the app and starts a server.
//
// The file is the app's own XLSX export of a seeded 5,000-candidate draft (written by the file
// worker with rust_xlsxwriter), imported into an empty draft:
// - read and check: from choosing the file until the report offers to import every row (the
//   file worker reads the XLSX and checks each row with the rules);
// - add and save: from the button that adds the rows until the page says the rows are kept on the device;
// - the whole import, the two together; and the longest main-thread task over the whole import
//   (Long Tasks API: every task over 50 ms is reported), of the worst run, or "none over 50 ms".
// Medians of RUNS runs, printed beside the goals of issue 9 (≤ 3 s, no task over 50 ms). Each
// moment is taken in the page as it is drawn (`WATCH`): Playwright's waiting polls, every
// 500 ms once it has waited a while, which added up to half a second to each figure.
// Only the page is slowed: Chromium refuses CPU throttling for a worker's target ("Operation is
// only supported for pages, not workers"), so the file worker's reading and checking run at
// this machine's full speed, and "read and check" is a floor for a 4× device, not its figure.
// So each run also reads and checks the file with nothing slowed, and four times that stands in
// for a 4× device's read and check (an estimate: it assumes every part of it, the worker's and
// the page's, takes four times as long there); "whole import, estimated" adds it to the save.
// The file is chosen THINK_MS (default 2,000) after the import page is ready, as a person opens
// the file picker and finds the file: the page has the worker run the import's code on a
// made-up roster meanwhile (crates/files/src/warm_up.rs). THINK_MS=0 chooses it at once; the
// import then waits for that warm-up to end.
import { MOMENT, WATCH, launchChromium } from './browser.mjs';
import { copyFile, mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { seedDraft } from '../seed.mjs';
import { roster } from './roster-data.mjs';

const BASE = process.env.PINGJIA_URL;
const RUNS = Number(process.env.RUNS ?? 3);
const SIZE = Number(process.env.IMPORT_SIZE ?? 5000);
const THINK_MS = Number(process.env.THINK_MS ?? 2000);
const GOALS = { total: 3000, task: 50 };
const OFFER = '^(导入全部|只导入无误的) \\d+ 人$';

if (!BASE) {
  console.error('PINGJIA_URL must name a running pingjia serve');
  process.exit(2);
}

const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block', acceptDownloads: true });
const page = await context.newPage();
await page.goto(`${BASE}/drafts`);
await page.locator('main h1').waitFor();
const source = 'b'.repeat(31) + '1';
await seedDraft(page, { id: source, institution: `基准：导出 ${SIZE} 人`, application_date: '2025-06-06' }, roster(SIZE));
await page.goto(`${BASE}/drafts/${source}/check`);
await page.waitForFunction((size) => ['Eligible', 'NotEligible', 'Incomplete']
  .reduce((n, s) => n + Number(document.querySelector(`[data-testid=count-${s}]`)?.textContent ?? 0), 0) === size, SIZE, { timeout: 120000 });
const [download] = await Promise.all([
  page.waitForEvent('download', { timeout: 120000 }),
  page.getByRole('button', { name: '导出 XLSX' }).click(),
]);
// Chosen by its path, as a person picks a file: the browser reads it. (Handing Playwright the
// bytes instead makes the page decode them from base64, a long task of the harness's own.)
const file = path.join(await mkdtemp(path.join(tmpdir(), 'pingjia-import-')), 'roster.xlsx');
await copyFile(await download.path(), file);
const fileSize = (await stat(file)).size;
const cdp = await context.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

/** Chooses the file on a fresh import page of a new draft; returns ms until the report offers the rows. */
async function readAndCheck(target) {
  await seedDraft(page, { id: target, institution: `基准：导入 ${target.slice(-2)}`, application_date: '2025-06-06' });
  await page.goto(`${BASE}/drafts/${target}/import`);
  await page.locator('#import-file').waitFor();
  await page.evaluate(WATCH, ['offered', 'button', OFFER]);
  await page.waitForTimeout(THINK_MS);
  const start = await page.evaluate(() => performance.now());
  await page.locator('#import-file').setInputFiles(file);
  await page.getByRole('button', { name: /^(导入全部|只导入无误的) \d+ 人$/ }).waitFor({ timeout: 120000 });
  return (await page.evaluate(MOMENT, 'offered')) - start;
}

const unslowedReads = [];
const reads = [];
const saves = [];
const totals = [];
const longest = [];
let added = 0;
for (let i = 0; i < RUNS; i += 1) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  unslowedReads.push(await readAndCheck(`${'b'.repeat(30)}3${i}`));
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const target = `${'b'.repeat(30)}2${i}`;
  await seedDraft(page, { id: target, institution: `基准：导入 ${i + 1}`, application_date: '2025-06-06' });
  await page.goto(`${BASE}/drafts/${target}/import`);
  await page.locator('#import-file').waitFor();
  // Each run is a fresh page, so it includes starting the worker (from the HTTP cache).
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => ({ start: e.startTime, duration: e.duration }))))
      .observe({ type: 'longtask' });
  });
  await page.evaluate(WATCH, ['offered', 'button', OFFER]);
  await page.waitForTimeout(THINK_MS);
  const start = await page.evaluate(() => performance.now());
  await page.locator('#import-file').setInputFiles(file);
  // Some generated rows are half typed, so the report offers the rows without problems.
  const button = page.getByRole('button', { name: /^(导入全部|只导入无误的) \d+ 人$/ });
  await button.waitFor({ timeout: 120000 });
  const offered = await page.evaluate(MOMENT, 'offered');
  await page.evaluate(WATCH, ['added', '[data-testid=import-summary]', '已导入']);
  // Kept: the first "saved" after the last row was added (which leaves a save pending).
  await page.evaluate(WATCH, ['kept', '[data-testid=save-status]', '已保存在本设备', 'added']);
  await page.evaluate(() => document.addEventListener('click', () => { window.benchClicked = performance.now(); }, { capture: true, once: true }));
  await button.click();
  await page.locator('[data-testid=import-summary]', { hasText: '已导入' }).waitFor({ timeout: 120000 });
  added = (await page.locator('[data-testid=import-summary]').textContent()).match(/\d+/)[0];
  await page.locator('[data-testid=save-status]', { hasText: '已保存在本设备' }).first().waitFor({ timeout: 120000 });
  const clicked = await page.evaluate(() => window.benchClicked);
  const kept = await page.evaluate(MOMENT, 'kept');
  reads.push(offered - start);
  saves.push(kept - clicked);
  totals.push(offered - start + kept - clicked);
  longest.push(await page.evaluate(() => Math.max(0, ...window.longTasks.map((t) => t.duration))));
  if (process.env.SHOW_TASKS) {
    const tasks = await page.evaluate(() => window.longTasks);
    console.log(`offered ${(offered - start).toFixed(0)}, clicked ${(clicked - start).toFixed(0)}, kept ${(kept - start).toFixed(0)}`);
    console.log(tasks.map((t) => `${(t.start - start).toFixed(0)}+${t.duration.toFixed(0)}`).join(' '));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const line = (name, ms, goal) =>
  `  ${name.padEnd(58)} ${ms.toFixed(1).padStart(8)} ms${goal ? `   goal ≤ ${goal} ms ${ms <= goal ? '(met)' : '(not met)'}` : ''}`;
console.log(`XLSX import of ${SIZE} rows (${fileSize} bytes; ${added} without problems added), chosen ${THINK_MS} ms after the page is ready, median of ${RUNS} runs, CPU 4×, ${BASE}`);
console.log(line('read and check (file chosen → report; worker not slowed)', median(reads)));
console.log(line('add and save (button → kept on this device)', median(saves)));
console.log(line('whole import (read and check as above)', median(totals), GOALS.total));
console.log(line('read and check with nothing slowed', median(unslowedReads)));
console.log(line('  × 4: estimated read and check on a 4× device', 4 * median(unslowedReads)));
console.log(line('whole import, estimated (4 × unslowed read + add and save)', 4 * median(unslowedReads) + median(saves), GOALS.total));
// The Long Tasks API reports only tasks over 50 ms, so a run without one reports 0; the goal
// is no such task in any run, so the worst run is printed.
const overLimit = longest.filter((ms) => ms > 0).length;
console.log(overLimit === 0
  ? `  ${'longest main-thread task during the import'.padEnd(58)}     none over 50 ms in ${RUNS} runs   goal ≤ ${GOALS.task} ms (met)`
  : line(`longest main-thread task, worst run (${overLimit} of ${RUNS} had one over 50 ms)`, Math.max(...longest), GOALS.task));
await browser.close();
