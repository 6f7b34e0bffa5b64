// Offline after the first visit: the service worker precaches the shell, every page loads with
// no connection, the app works where service workers are refused, and it is installable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, open, phonePage, screenshot, seriousViolations } from './helpers.mjs';

const AT = '2025-06-06T10:00:00+08:00';
const PAGES = [
  '/',
  '/eligibility',
  '/eligibility/birth',
  '/fees',
  '/sessions',
  '/retake',
  '/results',
  '/service',
  '/conduct',
  '/settings',
];

/** Waits until the service worker has installed and controls the page. */
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10000 });
}

/** Width and height of a PNG, or null when the bytes are not one. */
function pngSize(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || !signature.every((b, i) => bytes[i] === b)) return null;
  if (bytes.toString('ascii', 12, 16) !== 'IHDR') return null;
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

test('after one visit every page loads and answers with no connection', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/');
  await controlled(page);
  await context.setOffline(true);
  // Offline for the worker too, so every page below comes from its cache.
  const [worker] = context.serviceWorkers();
  assert.equal(await worker.evaluate(() => fetch('/api/health').then(() => 'reached', () => 'offline')), 'offline');
  for (const path of PAGES) {
    const response = await page.goto(`${BASE}${path}`);
    assert.ok(response.fromServiceWorker(), `${path} from the service worker`);
    await page.locator('main h1').waitFor();
    assert.equal(new URL(page.url()).pathname, path);
  }
  // A tool answers offline: the fee of a level-3 first attempt.
  await page.goto(`${BASE}/fees`);
  await page.locator('.amount .figure').waitFor();
  assert.equal(await page.locator('.amount .figure').textContent(), '1036');
  // The header says the device is offline, as a status, not an error.
  const status = page.locator('.connection[role=status]');
  await status.waitFor();
  assert.match(await status.textContent(), /离线/);
  assert.deepEqual(await seriousViolations(page), []);
  await screenshot(page, 'offline-indicator-390x844');
  // Back online, the indicator goes.
  await context.setOffline(false);
  await status.waitFor({ state: 'detached' });
  assert.deepEqual(problems.filter((p) => p.startsWith('page error')), []);
  await context.close();
});

test('where service workers are refused the app works all the same', async () => {
  const { context, page, problems } = await phonePage({ at: AT, serviceWorkers: 'block' });
  await open(page, '/fees');
  await page.locator('.amount .figure').waitFor();
  assert.equal(await page.locator('.amount .figure').textContent(), '1036');
  assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null);
  await open(page, '/eligibility');
  assert.equal(await page.locator('.update-banner').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the app is installable: a complete manifest, decodable icons, a worker in control', async () => {
  const { context, page, problems } = await phonePage();
  // The page runs under the server's Content-Security-Policy without a single violation.
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
  });
  const first = await page.goto(`${BASE}/`);
  assert.match(first.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  await page.locator('main h1').waitFor();
  await controlled(page);
  await open(page, '/fees');
  await page.locator('.amount .figure').waitFor();
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  const manifest = await (await context.request.get(`${BASE}/manifest.webmanifest`)).json();
  assert.equal(manifest.name, '保卫管理员职业技能评价助手');
  assert.equal(manifest.short_name, '评价助手');
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, '/');
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/);
  const png = manifest.icons.filter((i) => i.type === 'image/png');
  for (const [sizes, purpose] of [
    ['192x192', 'any'],
    ['512x512', 'any'],
    ['512x512', 'maskable'],
  ]) {
    const icon = png.find((i) => i.sizes === sizes && i.purpose === purpose);
    assert.ok(icon, `an icon ${sizes} ${purpose}`);
    const response = await context.request.get(`${BASE}${icon.src}`);
    assert.equal(response.status(), 200, icon.src);
    assert.equal(pngSize(await response.body()), sizes, `${icon.src} decodes at its size`);
  }
  // The worker is served fresh and precaches exactly what this build's page uses.
  const worker = await context.request.get(`${BASE}/sw.js`);
  assert.equal(worker.headers()['cache-control'], 'no-cache');
  const source = await worker.text();
  const precache = JSON.parse(source.match(/const PRECACHE = (\[.*\]);/)[1].replaceAll("'", '"'));
  const html = await (await context.request.get(`${BASE}/`)).text();
  for (const asset of html.matchAll(/(?:href|src)=["']?(\/[^"' >]+)/g)) {
    assert.ok(precache.includes(asset[1]), `${asset[1]} is precached`);
  }
  assert.ok(precache.includes('/index.html'));
  assert.ok(!precache.some((p) => p.startsWith('/api/')));
  // And Chromium itself finds nothing standing in the way of installing it.
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito ones, where nothing installs; that one is the browser's.
  assert.deepEqual(
    installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'),
    [],
  );
  assert.deepEqual(problems, []);
  await context.close();
});
