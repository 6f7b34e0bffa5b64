// A new deploy: the new service worker installs in the background and waits; the page offers
// "有新版本 — 点击更新"; accepting reloads into the new version, whose cache is then the only
// one. Runs against a server of its own, on a copy of dist/ that the test redeploys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { phonePage, screenshot } from './helpers.mjs';

let server;
let base;
let dist;

before(async () => {
  const bin = process.env.PINGJIA_SERVER_BIN;
  const built = process.env.PINGJIA_DIST;
  assert.ok(bin && built, 'PINGJIA_SERVER_BIN and PINGJIA_DIST must be set (cargo xtask test sets them)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingjia-update-'));
  dist = path.join(dir, 'dist');
  fs.cpSync(built, dist, { recursive: true });
  server = spawn(bin, ['serve', '--addr', '127.0.0.1:0', '--log', 'warn', '--dist', dist, '--db', path.join(dir, 'db.sqlite3')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise((resolve, reject) => {
    createInterface({ input: server.stdout }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`pingjia serve exited with ${code}`)));
  });
  base = first.replace('pingjia listening on ', '').trim();
});

after(() => server?.kill());

/**
 * Rewrites a served file, dropping its precompressed copies so the new text is what is sent,
 * and dating it a minute on: Last-Modified counts whole seconds, and a deploy within the second
 * of the first visit would otherwise revalidate as unchanged.
 */
function redeploy(name, change) {
  const file = path.join(dist, name);
  fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
  for (const ext of ['.br', '.gz']) fs.rmSync(file + ext, { force: true });
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(file, later, later);
}

test('a new version waits, is offered, and on acceptance replaces the old one whole', async () => {
  const { context, page, problems } = await phonePage();
  await page.goto(`${base}/`);
  await page.locator('main h1').waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const oldCache = (await page.evaluate(() => caches.keys())).find((k) => k.startsWith('pingjia-'));
  assert.ok(oldCache, 'the first version is cached');
  assert.equal(await page.locator('.update-banner').count(), 0, 'nothing to offer on a first visit');

  // Deploy: a changed stylesheet under a new hashed name, the page that names it, and a worker
  // with the new list and a new cache name, as a build would write them.
  const oldCss = fs.readdirSync(dist).find((f) => /^main-[0-9a-f]+\.css$/.test(f));
  const newCss = 'main-00000000000000v2.css';
  const css = `${fs.readFileSync(path.join(dist, oldCss), 'utf8')}\nbody { --pingjia-build: v2; }\n`;
  fs.writeFileSync(path.join(dist, newCss), css);
  const integrity = `sha384-${createHash('sha384').update(css).digest('base64')}`;
  redeploy('index.html', (html) =>
    html
      .replace('<title>', '<meta content=v2 name=pingjia-build><title>')
      .replace(new RegExp(`/${oldCss} integrity=[^ >]+`), `/${newCss} integrity=${integrity}`),
  );
  redeploy('sw.js', (js) => js.replace(oldCache, `${oldCache}-v2`).replace(`/${oldCss}`, `/${newCss}`));

  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  const button = page.locator('.update-banner button');
  await button.waitFor();
  assert.equal(await button.textContent(), '有新版本 — 点击更新');
  // Until accepted, the old version stays in charge and its cache stays.
  assert.ok((await page.evaluate(() => caches.keys())).includes(oldCache));
  await screenshot(page, 'update-prompt-390x844');

  await Promise.all([page.waitForEvent('load'), button.click()]);
  await page.locator('main h1').waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  assert.equal(await page.locator('meta[name=pingjia-build]').getAttribute('content'), 'v2');
  // No old asset beside the new page: the new stylesheet applies, the old one was not loaded.
  assert.equal(
    await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--pingjia-build').trim()),
    'v2',
  );
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  assert.ok(loaded.includes(`/${newCss}`), `${loaded}`);
  assert.ok(!loaded.includes(`/${oldCss}`), `${loaded}`);
  // Only the new cache remains, and it holds the new page.
  await page.waitForFunction(
    (old) => caches.keys().then((keys) => !keys.includes(old)),
    oldCache,
  );
  assert.deepEqual(
    (await page.evaluate(() => caches.keys())).filter((k) => k.startsWith('pingjia-')),
    [`${oldCache}-v2`],
  );
  const cachedShell = await page.evaluate(async (name) => {
    const cache = await caches.open(name);
    return (await cache.match('/index.html'))?.text();
  }, `${oldCache}-v2`);
  assert.match(cachedShell, /name=pingjia-build/);
  // Offline, the new version is what loads, whole.
  await context.setOffline(true);
  await page.reload();
  await page.locator('main h1').waitFor();
  assert.equal(await page.locator('meta[name=pingjia-build]').getAttribute('content'), 'v2');
  assert.equal(
    await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--pingjia-build').trim()),
    'v2',
  );
  assert.equal(await page.locator('.update-banner').count(), 0);
  assert.deepEqual(problems.filter((p) => p.startsWith('page error')), []);
  await context.close();
});
