// Start-up benchmark (not a test): how long until the home page is usable, on a poor phone
// connection. Run by `cargo xtask bench startup`, which builds the app and starts a server.
//
// - cold: an empty browser on "Slow 4G", the CPU slowed 4×; from navigation to the home page's
//   heading, which the WebAssembly app renders. Two readings of Slow 4G are measured: DevTools'
//   preset (1.44 Mbit/s, 562.5 ms per request) and the plain figures (1.6 Mbit/s, 150 ms round
//   trip) that issue 10's "about 1.7 s today" was counted with;
// - warm: the same page again from the service worker's cache with the network off, CPU 4×;
// - baseline, in the same run: fetching the same first-visit files under the same throttling
//   without running them — what the transfer alone costs;
// - the institution's first open: an empty browser opening /drafts, until the drafts list can
//   be typed in (the candidate app, then the drafts program it loads), with its own transfer
//   baseline (the first-visit files and the drafts program's).
// Medians of RUNS runs, printed beside the goals (≤ 1.3 s cold, ≤ 400 ms warm, ≤ 2.5 s for the
// institution's first open).
import { launchChromium } from './browser.mjs';

const BASE = process.env.PINGJIA_URL;
const RUNS = Number(process.env.RUNS ?? 5);
const PROFILES = [
  {
    name: 'Slow 4G, DevTools preset (1.44 Mbit/s, 562.5 ms)',
    offline: false,
    latency: 150 * 3.75,
    downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
    uploadThroughput: ((750 * 1000) / 8) * 0.9,
  },
  {
    name: 'Slow 4G, plain figures (1.6 Mbit/s, 150 ms)',
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1000 * 1000) / 8,
    uploadThroughput: (750 * 1000) / 8,
  },
];
const GOALS = { cold: 1300, warm: 400, drafts: 2500 };
/** What the drafts program adds to a first visit's files (index.html preloads its wasm). */
const DRAFTS_FILES = ['/pingjia-drafts.js', '/pingjia-drafts_bg.wasm'];

if (!BASE) {
  console.error('PINGJIA_URL must name a running pingjia serve');
  process.exit(2);
}

const browser = await launchChromium();

/** Records when the first `main h1` appears, in ms since navigation start. */
const RECORD_USABLE = () => {
  const mark = () => {
    if (document.querySelector('main h1') && window.__usable === undefined) window.__usable = performance.now();
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
};

async function throttled(context, page, profile) {
  const { name: _, ...network } = profile;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', network);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return cdp;
}

async function usableAfterLoad(page) {
  await page.waitForFunction(() => window.__usable !== undefined, null, { timeout: 60000 });
  return page.evaluate(() => window.__usable);
}

async function coldAndWarm(profile) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.addInitScript(RECORD_USABLE);
  const cdp = await throttled(context, page, profile);
  await page.goto(`${BASE}/`, { waitUntil: 'commit' });
  const cold = await usableAfterLoad(page);
  // Let the worker precache and take control, then cut the network.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120000 });
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
  await cdp.send('Network.emulateNetworkConditions', { latency: 0, downloadThroughput: -1, uploadThroughput: -1, offline: true });
  await context.setOffline(true);
  await page.reload({ waitUntil: 'commit' });
  const warm = await usableAfterLoad(page);
  await context.close();
  return { cold, warm };
}

/** Records when the drafts list can be typed in, in ms since navigation start. */
const RECORD_DRAFTS_USABLE = () => {
  const mark = () => {
    if (document.querySelector('#new-draft-name') && window.__draftsUsable === undefined) window.__draftsUsable = performance.now();
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
};

async function draftsFirstOpen(profile) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.addInitScript(RECORD_DRAFTS_USABLE);
  await throttled(context, page, profile);
  await page.goto(`${BASE}/drafts`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__draftsUsable !== undefined, null, { timeout: 120000 });
  const ms = await page.evaluate(() => window.__draftsUsable);
  await context.close();
  return ms;
}

async function transferOnly(profile, extra = []) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // A page of the same origin that runs nothing: the manifest.
  await page.goto(`${BASE}/manifest.webmanifest`);
  const html = await (await context.request.get(`${BASE}/`)).text();
  const files = ['/', ...new Set([...html.matchAll(/(?:href|src)=["']?(\/[^"' >]+)/g)].map((m) => m[1])), ...extra];
  await throttled(context, page, profile);
  const ms = await page.evaluate(async (urls) => {
    const start = performance.now();
    await Promise.all(urls.map((u) => fetch(u, { cache: 'no-store' }).then((r) => r.arrayBuffer())));
    return performance.now() - start;
  }, files);
  await context.close();
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (name, ms, goal) =>
  `  ${name.padEnd(52)} ${String(Math.round(ms)).padStart(6)} ms${goal ? `   goal ≤ ${goal} ms ${ms <= goal ? '(met)' : '(not met)'}` : ''}`;
console.log(`start-up, median of ${RUNS} runs, CPU 4×, ${BASE}`);
for (const profile of PROFILES) {
  const colds = [];
  const warms = [];
  const transfers = [];
  const drafts = [];
  const draftsTransfers = [];
  for (let i = 0; i < RUNS; i += 1) {
    const { cold, warm } = await coldAndWarm(profile);
    colds.push(cold);
    warms.push(warm);
    transfers.push(await transferOnly(profile));
    drafts.push(await draftsFirstOpen(profile));
    draftsTransfers.push(await transferOnly(profile, DRAFTS_FILES));
  }
  console.log(profile.name);
  console.log(row('cold: first visit to the usable home page', median(colds), GOALS.cold));
  console.log(row('warm: from the service worker, offline', median(warms), GOALS.warm));
  console.log(row('baseline: transfer of the same files alone', median(transfers)));
  console.log(row('cold minus transfer (start-up work)', median(colds) - median(transfers)));
  console.log(row("institution's first open of /drafts, until usable", median(drafts), GOALS.drafts));
  console.log(row('baseline: transfer of those files alone', median(draftsTransfers)));
}
await browser.close();
