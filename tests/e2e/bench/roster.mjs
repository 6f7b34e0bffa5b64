// Roster benchmark (not a test): a 1,000-candidate draft in Chromium with the CPU slowed 4×.
// Run by `cargo xtask bench roster`, which builds the app and starts a server.
//
// Each step is timed to two moments: when its rows are in the page, and when the frame that
// draws them is painted (its style, layout and paint done) — what a person sees, and what the
// goals are held against.
//
// - open by reload: a reload of the roster page of a 1,000-candidate draft, from navigation
//   start (both programs start, IndexedDB is read, every row is checked by the rules, the first
//   25 drawn — the roster draws 25 at a time). Baselines in the same run: the same reload of an
//   empty draft, and a reload of the home page (the app alone: no drafts program, no IndexedDB);
//   and the candidates' share of the open, each run's open less its empty draft.
// - open in the app: with both programs running on another draft's roster, following a link to
//   this draft's roster (IndexedDB read, every row checked, 25 drawn).
// - re-check and render: from "返回名单" in a candidate's editor until the roster shows its
//   first page again (every row checked, 25 drawn; no IndexedDB read).
// - one field edit: a keystroke in a candidate's name, from the input event until the next
//   task can run (the handler, Leptos's updates and the row's own check); KEYSTROKES of them
//   per run, each once the last one is saved (the save, 300 ms later, is not timed here).
// Medians of RUNS runs (of every keystroke, for the edit), printed beside the goals of issue 9
// (open ≤ 300 ms, re-check and render ≤ 100 ms, one edit ≤ 16 ms of main-thread work).
import { SHOWN_AT, launchChromium, rosterRows } from './browser.mjs';
import { seedDraft } from '../seed.mjs';
import { roster } from './roster-data.mjs';

const BASE = process.env.PINGJIA_URL;
const RUNS = Number(process.env.RUNS ?? 5);
const SIZE = Number(process.env.ROSTER_SIZE ?? 1000);
const GOALS = { open: 300, recheck: 100, edit: 16 };
// The rows the roster draws at a time (`PAGE` in crates/drafts/src/roster.rs); a step waits for exactly
// these, so a change there shows here as a step that never ends.
const FIRST_PAGE = Math.min(SIZE, 25);
const KEYSTROKES = Number(process.env.KEYSTROKES ?? 5);
// How the candidates are stored: in one batch, as an import leaves them (the default), or each
// alone, as versions before schema v4 kept them (ROSTER_SHAPE=single).
const BATCHED = (process.env.ROSTER_SHAPE ?? 'batched') !== 'single';

if (!BASE) {
  console.error('PINGJIA_URL must name a running pingjia serve');
  process.exit(2);
}

const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
const page = await context.newPage();
await page.goto(`${BASE}/drafts`);
await page.locator('main h1').waitFor();
const big = 'a'.repeat(31) + '1';
const empty = 'a'.repeat(31) + '2';
await seedDraft(page, { id: big, institution: `基准：${SIZE} 人`, application_date: '2025-06-06' }, roster(SIZE), { batched: BATCHED });
await seedDraft(page, { id: empty, institution: '基准：空名单', application_date: '2025-06-06' });
const cdp = await context.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

/** `promise`, or an error naming `what` after a minute. */
function within(promise, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within 60 s`)), 60000);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Both moments of a step that started at `start` (performance.now() in the page). */
const since = (start, { shown, painted }) => ({ shown: shown - start, painted: painted - start });

async function reloadRoster(draftId, rows) {
  await page.goto(`${BASE}/drafts/${draftId}/candidates`, { waitUntil: 'commit' });
  return since(0, await within(page.evaluate(SHOWN_AT, rosterRows(rows)), `the roster showing ${rows} rows`));
}

async function reloadHome() {
  await page.goto(`${BASE}/`, { waitUntil: 'commit' });
  return since(0, await within(page.evaluate(SHOWN_AT, ['main h1', null]), 'the home page'));
}

/**
 * From the empty draft's roster, to the big draft's roster without a reload, as the app's own
 * links go (src/router.rs: a history entry and a popstate event, which both programs follow).
 */
async function openInApp() {
  await reloadRoster(empty, 0);
  const rendered = within(page.evaluate(SHOWN_AT, rosterRows(FIRST_PAGE)), `the roster showing ${FIRST_PAGE} rows`);
  const start = await page.evaluate((to) => {
    const t = performance.now();
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
    return t;
  }, `/drafts/${big}/candidates`);
  return since(start, await rendered);
}

async function recheck() {
  await page.locator('table.roster tbody tr a').nth(FIRST_PAGE - 1).click();
  await page.locator('#c-name').waitFor();
  const rendered = within(page.evaluate(SHOWN_AT, rosterRows(FIRST_PAGE)), `the roster showing ${FIRST_PAGE} rows again`);
  const start = await page.evaluate(() => {
    const t = performance.now();
    [...document.querySelectorAll('a')].find((a) => a.textContent.includes('返回名单')).click();
    return t;
  });
  return since(start, await rendered);
}

/** KEYSTROKES keystrokes in one candidate's name, each timed alone once the last one's save is done. */
async function edits() {
  await page.locator('table.roster tbody tr a').nth(Math.floor(FIRST_PAGE / 2)).click();
  await page.locator('#c-name').waitFor();
  const times = [];
  for (let k = 0; k < KEYSTROKES; k += 1) {
    times.push(await page.evaluate(() => new Promise((resolve) => {
      const input = document.querySelector('#c-name');
      const channel = new MessageChannel();
      let start;
      channel.port1.onmessage = () => resolve(performance.now() - start);
      input.value += '甲';
      start = performance.now();
      input.dispatchEvent(new Event('input', { bubbles: true }));
      channel.port2.postMessage(null); // the next task: everything the keystroke did is done
    })));
    await page.waitForTimeout(350); // past the 300 ms after which the change is saved
    await page.locator('[data-testid=save-status]', { hasText: '已保存在本设备' }).first().waitFor();
  }
  return times;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const line = (name, ms, goal) =>
  `  ${name.padEnd(62)} ${ms.toFixed(1).padStart(7)} ms${goal ? `   goal ≤ ${goal} ms ${ms <= goal ? '(met)' : '(not met)'}` : ''}`;
/** Two lines for a step: its rows in the page, and painted; the goal is held against what is seen. */
const lines = (name, runs, goal, what = 'rows') => [
  line(`${name}: ${what} in the page`, median(runs.map((r) => r.shown))),
  line(`${name}: ${what} painted`, median(runs.map((r) => r.painted)), goal),
];

const steps = { opens: [], inApp: [], empty: [], home: [], rechecks: [] };
const keystrokes = [];
for (let i = 0; i < RUNS; i += 1) {
  steps.home.push(await reloadHome());
  steps.empty.push(await reloadRoster(empty, 0));
  steps.opens.push(await reloadRoster(big, FIRST_PAGE));
  steps.rechecks.push(await recheck());
  keystrokes.push(...await edits());
  steps.inApp.push(await openInApp());
}
console.log(`roster of ${SIZE} candidates (${BATCHED ? 'kept in a batch, as imported' : 'each kept alone'}), median of ${RUNS} runs, CPU 4×, ${BASE}`);
console.log(lines(`open by reload, first ${FIRST_PAGE} rows`, steps.opens, GOALS.open).join('\n'));
console.log(lines('baseline: reload of an empty draft', steps.empty).join('\n'));
// What the thousand candidates themselves cost a reload, apart from starting the page: each run's
// open less the same run's empty draft.
console.log(line("the candidates' share: open less the empty draft, painted", median(steps.opens.map((o, i) => o.painted - steps.empty[i].painted))));
console.log(lines('baseline: home page reload, the app alone', steps.home, undefined, 'heading').join('\n'));
console.log(lines(`open in the app, first ${FIRST_PAGE} rows`, steps.inApp, GOALS.open).join('\n'));
console.log(lines('re-check every row and render', steps.rechecks, GOALS.recheck).join('\n'));
console.log(line(`one field edit: main-thread work of a keystroke (${keystrokes.length})`, median(keystrokes), GOALS.edit));
await browser.close();
