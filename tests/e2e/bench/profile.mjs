// Where the roster's time goes (not a test): a CPU profile of one step of bench/roster.mjs,
// with the CPU slowed 4×, summed by function (self time; with INCLUSIVE=<regular expression>,
// also the time spent inside the functions it names).
// PINGJIA_URL=<a running pingjia serve> STEP=open|recheck TOP=<how many> node bench/profile.mjs
// The release wasm carries no function names: to read the wasm frames, build a copy of dist/
// with `data-wasm-opt-params="-g"` on the two rust links of index.html and serve that.
import { SHOWN_AT, launchChromium, rosterRows } from './browser.mjs';
import { seedDraft } from '../seed.mjs';
import { roster } from './roster-data.mjs';

const BASE = process.env.PINGJIA_URL;
const SIZE = Number(process.env.ROSTER_SIZE ?? 1000);
const STEP = process.env.STEP ?? 'open';
const TOP = Number(process.env.TOP ?? 40);
const ROWS = 25; // the rows the roster draws at a time (`PAGE` in crates/drafts/src/roster.rs)

const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
const page = await context.newPage();
await page.goto(`${BASE}/drafts`);
await page.locator('main h1').waitFor();
const big = 'a'.repeat(31) + '1';
await seedDraft(page, { id: big, institution: `基准：${SIZE} 人`, application_date: '2025-06-06' }, roster(SIZE));
const cdp = await context.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
// Warm the HTTP cache and the compiled-code cache as the benchmark's later runs have them.
for (let i = 0; i < 2; i += 1) {
  await page.goto(`${BASE}/drafts/${big}/candidates`, { waitUntil: 'commit' });
  await page.evaluate(SHOWN_AT, rosterRows(ROWS));
}
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
let elapsed;
if (STEP === 'open') {
  await cdp.send('Profiler.start');
  await page.goto(`${BASE}/drafts/${big}/candidates`, { waitUntil: 'commit' });
  elapsed = (await page.evaluate(SHOWN_AT, rosterRows(ROWS))).shown;
} else {
  await page.locator('table.roster tbody tr a').nth(ROWS - 1).click();
  await page.locator('#c-name').waitFor();
  const rendered = page.evaluate(SHOWN_AT, rosterRows(ROWS));
  await cdp.send('Profiler.start');
  const start = await page.evaluate(() => {
    const t = performance.now();
    [...document.querySelectorAll('a')].find((a) => a.textContent.includes('返回名单')).click();
    return t;
  });
  elapsed = (await rendered).shown - start;
}
const { profile } = await cdp.send('Profiler.stop');
await browser.close();

const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas;
profile.samples.forEach((id, i) => {
  const f = byId.get(id).callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}`;
  self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(`${STEP}: ${elapsed.toFixed(1)} ms to the rows; ${total.toFixed(1)} ms sampled`);
for (const [name, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
  console.log(`${ms.toFixed(1).padStart(8)} ms  ${name.slice(0, 150)}`);
}

// Inclusive time of the functions named in INCLUSIVE (a regular expression).
if (process.env.INCLUSIVE) {
  const pattern = new RegExp(process.env.INCLUSIVE);
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map();
  profile.samples.forEach((id, i) => {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at).callFrame.functionName;
      if (pattern.test(name) && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
      }
    }
  });
  console.log('inclusive:');
  for (const [name, ms] of [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${name.slice(0, 160)}`);
  }
}
