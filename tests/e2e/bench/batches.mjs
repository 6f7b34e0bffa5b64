// Batch benchmark (not a test): how long the page takes, with the CPU slowed 4×, to have the
// 1,000 candidates of a batch (crates/drafts/src/batches.rs) as UTF-8 bytes to decode — IndexedDB's
// read, the record made a JavaScript value, and the text copied out as wasm-bindgen copies it
// into wasm memory — for a batch kept as UTF-8 bytes (as the app keeps them), against the
// baseline in the same run: the same batch kept as a string (as versions before did), which
// has to be encoded to UTF-8 at each read (`TextEncoder.encodeInto`, as wasm-bindgen's
// passStringToWasm does). Run by `cargo xtask bench batches`. Medians of RUNS reads of each,
// alternated; the database is the page's own `batchbench`, not the app's.
import { launchChromium } from './browser.mjs';
import { roster } from './roster-data.mjs';
const BASE = process.env.PINGJIA_URL;
if (!BASE) {
  console.error('PINGJIA_URL must name a running pingjia serve');
  process.exit(2);
}
const browser = await launchChromium();
const context = await browser.newContext({ serviceWorkers: 'block' });
const page = await context.newPage();
await page.goto(`${BASE}/`);
const rows = roster(1000).map((c, position) => ({ draft_id: 'd', revision: 1, life: 'active', changed_at: 0, position, ...c }));
await page.evaluate((rows) => new Promise((resolve, reject) => {
  const r = indexedDB.open('batchbench', 1);
  r.onupgradeneeded = () => { const s = r.result.createObjectStore('b'); s.createIndex('by_draft', 'draft_id'); };
  r.onsuccess = () => {
    const tx = r.result.transaction('b', 'readwrite');
    const json = JSON.stringify(rows);
    tx.objectStore('b').put({ draft_id: 'text', json }, 1);
    tx.objectStore('b').put({ draft_id: 'bytes', utf8: new TextEncoder().encode(json) }, 2);
    tx.oncomplete = () => { r.result.close(); resolve(); };
    tx.onerror = () => reject(tx.error);
  };
}), rows);
const cdp = await context.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
const read = (shape) => page.evaluate((shape) => new Promise((resolve) => {
  const r = indexedDB.open('batchbench', 1);
  r.onsuccess = () => {
    const t0 = performance.now();
    const req = r.result.transaction('b').objectStore('b').index('by_draft').getAll(shape);
    req.onsuccess = () => {
      const batch = req.result[0];
      let len;
      if (shape === 'text') {
        const s = batch.json; // as wasm-bindgen's passStringToWasm: encodeInto a buffer
        const buf = new Uint8Array(s.length * 3);
        len = new TextEncoder().encodeInto(s, buf).written;
      } else {
        const b = batch.utf8; const copy = new Uint8Array(b.length); copy.set(b); len = copy.length;
      }
      const t2 = performance.now();
      r.result.close();
      resolve({ total: t2 - t0, len });
    };
  };
}), shape);
const out = { text: [], bytes: [] };
const RUNS = Number(process.env.RUNS ?? 9);
for (let i = 0; i < RUNS; i++) for (const shape of ['text', 'bytes']) out[shape].push(await read(shape));
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`a batch of 1,000 candidates (${out.bytes[0].len} bytes of JSON), median of ${RUNS} reads each, CPU 4×, ${BASE}`);
const line = (name, ms) => `  ${name.padEnd(58)} ${ms.toFixed(1).padStart(7)} ms`;
console.log(line('kept as UTF-8 bytes: read, to bytes in wasm memory', med(out.bytes.map((x) => x.total))));
console.log(line('baseline: kept as a string: read, encoded into wasm memory', med(out.text.map((x) => x.total))));
await browser.close();
