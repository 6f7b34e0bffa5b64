// Start-up benchmark (not a test): how long until the home page is usable, on a poor phone
// connection. Run by `cargo xtask bench startup`, which builds the app and starts a server.
//
// - cold: an empty browser, DevTools' "Slow 4G" (1.44 Mbit/s down, 562.5 ms round trip), the CPU
//   slowed 4×; from navigation to the home page's heading, which the WebAssembly app renders;
// - warm: the same page again from the service worker's cache with the network off, CPU 4×;
// - baseline, in the same run: fetching the same first-visit files under the same throttling
//   without running them — what the transfer alone costs.
// Medians of RUNS runs, printed beside the goals of issue 10 (≤ 1.3 s cold, ≤ 400 ms warm).
import { chromium } from 'playwright-core';

const BASE = process.env.PINGJIA_URL;
const RUNS = Number(process.env.RUNS ?? 5);
const SLOW_4G = {
  offline: false,
  latency: 150 * 3.75,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
};
const GOALS = { cold: 1300, warm: 400 };

if (!BASE) {
  console.error('PINGJIA_URL must name a running pingjia serve');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromiumSandbox: false,
  args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** Records when the first `main h1` appears, in ms since navigation start. */
const RECORD_USABLE = () => {
  const mark = () => {
    if (document.querySelector('main h1') && window.__usable === undefined) window.__usable = performance.now();
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
};

async function throttled(context, page, network) {
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

async function coldAndWarm() {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.addInitScript(RECORD_USABLE);
  const cdp = await throttled(context, page, SLOW_4G);
  await page.goto(`${BASE}/`, { waitUntil: 'commit' });
  const cold = await usableAfterLoad(page);
  // Let the worker precache and take control, then cut the network.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120000 });
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
  await cdp.send('Network.emulateNetworkConditions', { ...SLOW_4G, offline: true });
  await context.setOffline(true);
  await page.reload({ waitUntil: 'commit' });
  const warm = await usableAfterLoad(page);
  await context.close();
  return { cold, warm };
}

async function transferOnly() {
  const context = await browser.newContext();
  const page = await context.newPage();
  // A page of the same origin that runs nothing: the manifest.
  await page.goto(`${BASE}/manifest.webmanifest`);
  const html = await (await context.request.get(`${BASE}/`)).text();
  const files = ['/', ...new Set([...html.matchAll(/(?:href|src)=["']?(\/[^"' >]+)/g)].map((m) => m[1]))];
  await throttled(context, page, SLOW_4G);
  const ms = await page.evaluate(async (urls) => {
    const start = performance.now();
    await Promise.all(urls.map((u) => fetch(u, { cache: 'no-store' }).then((r) => r.arrayBuffer())));
    return performance.now() - start;
  }, files);
  await context.close();
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const colds = [];
const warms = [];
const transfers = [];
for (let i = 0; i < RUNS; i += 1) {
  const { cold, warm } = await coldAndWarm();
  colds.push(cold);
  warms.push(warm);
  transfers.push(await transferOnly());
}
await browser.close();

const row = (name, ms, goal) =>
  `  ${name.padEnd(44)} ${String(Math.round(ms)).padStart(6)} ms${goal ? `   goal ≤ ${goal} ms ${ms <= goal ? '(met)' : '(not met)'}` : ''}`;
console.log(`start-up, median of ${RUNS} runs (Slow 4G, CPU 4×), ${BASE}`);
console.log(row('cold: first visit to the usable home page', median(colds), GOALS.cold));
console.log(row('warm: from the service worker, offline', median(warms), GOALS.warm));
console.log(row('baseline: transfer of the same files alone', median(transfers)));
console.log(row('cold minus transfer (start-up work and round trips)', median(colds) - median(transfers)));
