// Rulebook benchmark (not a test): with the CPU slowed 4×, what taking a published notice costs
// the app (goal: loading and checking a book ≤ 30 ms). Run by `cargo xtask bench books`, against
// a server of its own serving a publication of the 2025 notice and the 2026 test notice signed
// by the test publisher (the build `cargo xtask bench` makes trusts it). Medians of RUNS:
//
// - the book reader taking the publication once its files are fetched (`keep`: the signed index
//   opened, both books hashed, read and checked, the new one kept), held against the goal; the
//   same with its fetches (`update`, on loopback from a debug build of the server, so its
//   waits are not a phone's); the reader's own start (its wasm compiled and instantiated);
// - the app's start to its first heading with the 2026 notice kept (read back at start), against
//   the baseline in the same run: the same start with nothing kept.
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium, SHOWN_AT } from './browser.mjs';

const RUNS = Number(process.env.RUNS ?? 9);
const GOAL_MS = 30;
const bin = process.env.PINGJIA_SERVER_BIN;
const dist = process.env.PINGJIA_DIST;
if (!bin || !dist) {
  console.error('PINGJIA_SERVER_BIN and PINGJIA_DIST must name the server and the built app');
  process.exit(2);
}
const root = path.resolve(dist, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingjia-books-bench-'));
const published = path.join(dir, 'rulebooks');
execFileSync(bin, ['rulebook', 'publish', '--key', path.join(root, 'crates/rulebook/tests/fixtures/test-publisher.key'),
  '--out', published, path.join(root, 'crates/rulebook/books/notice-2025.toml'),
  path.join(root, 'crates/rulebook/tests/fixtures/notice-2026-test.toml')], { stdio: 'pipe' });
const server = spawn(bin, ['serve', '--addr', '127.0.0.1:0', '--log', 'warn', '--dist', dist,
  '--db', path.join(dir, 'db.sqlite3'), '--rulebooks', published], { stdio: ['ignore', 'pipe', 'inherit'] });
// Stopped and cleaned up however the benchmark ends, a failed expectation included.
process.on('exit', () => {
  server.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});
const base = await new Promise((resolve, reject) => {
  createInterface({ input: server.stdout }).once('line', (line) => resolve(line.replace('pingjia listening on ', '').trim()));
  server.once('exit', (code) => reject(new Error(`pingjia serve exited with ${code}`)));
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await launchChromium();
// No service worker: every start is the same, and the offline script's own check stays out of
// the way of the timed one (the kept index is cleared before each).
const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 390, height: 844 } });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);

// The published index, kept as the offline script compares it: then no start of the page
// loads the reader by itself, and only the timed call does.
const indexText = await (await fetch(`${base}/rulebooks/index.json`)).text();
const reader = { start: [], keep: [], update: [] };
const starts = { kept: [], none: [] };
let kept;
for (let run = 0; run < RUNS; run += 1) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await page.goto(`${base}/settings`);
  await page.locator('main h1').waitFor();
  await page.evaluate((index) => { localStorage.clear(); localStorage.setItem('pingjia.rulebooks.index', index); }, indexText);
  await page.goto(`${base}/settings`);
  await page.locator('main h1').waitFor();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const r = await page.evaluate(async (index) => {
    const t0 = performance.now();
    const m = await import(`/pingjia-books.js?run=${Math.random()}`);
    await m.default();
    const t1 = performance.now();
    // The device's part alone: the files fetched first, then verified, read, checked and kept.
    const get = async (name) => new Uint8Array(await (await fetch(`/rulebooks/${name}`, { cache: 'no-store' })).arrayBuffer());
    const signature = new TextDecoder().decode(await get('index.sig'));
    const books = await Promise.all(JSON.parse(index).books.map((b) => get(b.file)));
    localStorage.removeItem('pingjia.rulebooks.books');
    const t2 = performance.now();
    const kept = m.keep(index, signature, books);
    const t3 = performance.now();
    // The whole of it, the network included (loopback).
    localStorage.removeItem('pingjia.rulebooks.books');
    const t4 = performance.now();
    const status = await m.update(index);
    const t5 = performance.now();
    return { status: `${kept}/${status}`, start: t1 - t0, keep: t3 - t2, update: t5 - t4, kept: localStorage.getItem('pingjia.rulebooks.books') };
  }, indexText);
  if (r.status !== 'accepted/accepted') throw new Error(`the reader did not accept the publication: ${r.status}`);
  reader.keep.push(r.keep);
  reader.start.push(r.start);
  reader.update.push(r.update);
  kept = r.kept;

  // The app's start, alternating: with the notice kept, and with nothing kept.
  for (const shape of run % 2 ? ['none', 'kept'] : ['kept', 'none']) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await page.evaluate(([index, text]) => {
      localStorage.clear();
      localStorage.setItem('pingjia.rulebooks.index', index);
      if (text) {
        localStorage.setItem('pingjia.rulebooks.books', text);
        localStorage.setItem('pingjia.rulebooks.announced', '2026.test');
      }
    }, [indexText, shape === 'kept' ? kept : null]);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${base}/fees`, { waitUntil: 'commit' });
    const at = await page.evaluate(SHOWN_AT, ['main h1', null]);
    await page.locator('[data-total]').waitFor();
    const total = Number(await page.locator('[data-total]').getAttribute('data-total'));
    if (total !== (shape === 'kept' ? 1043 : 1036)) throw new Error(`${shape}: the fee shown is ${total}`);
    starts[shape].push(at.shown);
  }
}

const f = (ms) => `${ms.toFixed(1)} ms`;
console.log(`rulebook benchmark, CPU 4×, median of ${RUNS}; the kept text is ${kept.length} characters`);
console.log(`  loading and checking the book (keep: index verified, 2 books hashed, read, checked, kept): ${f(median(reader.keep))} (goal ≤ ${GOAL_MS} ms: ${median(reader.keep) <= GOAL_MS ? 'met' : 'NOT met'})`);
console.log(`  the same with its fetches (update, on loopback from the test server):                   ${f(median(reader.update))}`);
console.log(`  the book reader's own start (wasm compiled and instantiated, once per page):           ${f(median(reader.start))}`);
console.log(`  app start to its first heading, 2026 notice kept:                                 ${f(median(starts.kept))}`);
console.log(`  app start to its first heading, nothing kept (baseline):                          ${f(median(starts.none))}`);
console.log(`  reading the kept notice at start costs:                                          ${f(median(starts.kept) - median(starts.none))}`);
await browser.close();
// The server's output stream would keep node waiting: end here (the exit handler stops it).
process.exit(0);
