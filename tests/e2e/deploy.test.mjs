// Deployed as the README says for a CDN: dist/ served by a plain static file server on one
// loopback origin (index.html for every path without an extension, the README's cache and
// security headers, the CSP read from `pingjia serve` as a deployer is told to), and the API,
// `pingjia serve --allow-origin`, on another, named by dist/config.json. A first visit, an
// offline reload, and two devices syncing a draft pass there as they do on one origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { phonePage } from './helpers.mjs';
import { addCandidate, rosterRows, saved } from './roster.mjs';

const AT = '2025-06-06T10:00:00+08:00';
const ID_A = '11010519491231002X';

let api;
let site;
let apiServer;
let staticServer;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A loopback port nobody holds right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The CDN of the README, in a few lines: no compression, no knowledge of the app. */
function cdn(dist, securityHeaders) {
  return http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://cdn').pathname);
    let file = path.join(dist, path.normalize(pathname).replace(/^(\.\.[/\\])+/, ''));
    const isPage = path.extname(pathname) === '';
    if (isPage) file = path.join(dist, 'index.html');
    // The README's rule for a deploy with no rulebooks published: the index is "no content".
    if (pathname === '/rulebooks/index.json' && !fs.existsSync(file)) {
      res.writeHead(204, { ...securityHeaders, 'Cache-Control': 'no-cache' });
      res.end();
      return;
    }
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    const hashed = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(file);
    res.writeHead(200, {
      ...securityHeaders,
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(file));
  });
}

before(async () => {
  const bin = process.env.PINGJIA_SERVER_BIN;
  const built = process.env.PINGJIA_DIST;
  assert.ok(bin && built, 'PINGJIA_SERVER_BIN and PINGJIA_DIST must be set (cargo xtask test sets them)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingjia-deploy-'));
  const dist = path.join(dir, 'dist');
  fs.cpSync(built, dist, { recursive: true });
  // The deploy names its API in config.json, as the README says.
  const apiPort = await freePort();
  api = `http://127.0.0.1:${apiPort}`;
  fs.writeFileSync(path.join(dist, 'config.json'), JSON.stringify({ sync_server: api }));
  for (const ext of ['.br', '.gz']) fs.rmSync(path.join(dist, `config.json${ext}`), { force: true });

  // The static site first (its origin is the one the API allows), headers filled in below.
  const headers = {};
  staticServer = cdn(dist, headers);
  await new Promise((resolve) => staticServer.listen(0, '127.0.0.1', resolve));
  site = `http://127.0.0.1:${staticServer.address().port}`;

  apiServer = spawn(bin, ['serve', '--addr', `127.0.0.1:${apiPort}`, '--log', 'warn', '--dist', dist,
    '--db', path.join(dir, 'db.sqlite3'), '--allow-origin', site, '--accounts-per-hour', '1000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    createInterface({ input: apiServer.stdout }).once('line', resolve);
    apiServer.once('exit', (code) => reject(new Error(`pingjia serve exited with ${code}`)));
  });
  // The security headers a deployer copies from `pingjia serve` (README, "Deploying dist/").
  const reference = await fetch(`${api}/`, { method: 'HEAD' });
  for (const name of ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'permissions-policy']) {
    const value = reference.headers.get(name);
    assert.ok(value, `pingjia serve sends ${name}`);
    headers[name] = value;
  }
  assert.match(headers['content-security-policy'], new RegExp(`connect-src 'self' ${api.replaceAll('.', '\\.')}`),
    'the policy lets the pages call the API that config.json names');
});

after(() => {
  apiServer?.kill();
  staticServer?.close();
});

/** A phone page whose only outside requests are to the API. */
async function device() {
  const d = await phonePage({ at: AT });
  d.page.on('dialog', (dialog) => dialog.accept());
  d.unexpected = () => d.problems
    .filter((p) => !p.startsWith(`request outside the app's origin: ${api}/`))
    // helpers.mjs takes PINGJIA_URL for the app's origin; here it is the static site.
    .filter((p) => !p.startsWith(`request outside the app's origin: ${site}/`));
  return d;
}

test('from a static site and an API elsewhere: first visit, then a reload with no connection', async () => {
  const { context, page, unexpected } = await device();
  await page.goto(`${site}/`);
  await page.locator('main h1').waitFor();
  // Installed from the static site: the next page opened is served by the service worker.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto(`${site}/fees`);
  await page.locator('main h1').waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  await context.setOffline(true);
  await page.reload();
  await page.locator('main h1').waitFor();
  await page.goto(`${site}/eligibility`);
  await page.locator('main h1').waitFor();
  await context.setOffline(false);
  assert.deepEqual(unexpected(), []);
  await context.close();
});

test('from a static site and an API elsewhere: two devices sync a draft', async () => {
  const laptop = await device();
  const phone = await device();
  await laptop.page.goto(`${site}/drafts/sync`);
  await laptop.page.locator('#sync-device').fill('办公室电脑');
  await laptop.page.locator('#sync-name').fill('跨源部署培训学校');
  await laptop.page.getByRole('button', { name: '开通' }).click();
  const key = (await laptop.page.locator('[data-sync-key]').textContent()).trim();
  const link = await laptop.page.locator('[data-join-link]').getAttribute('href');
  assert.equal(link, `${site}/drafts/sync#key=${key}`, 'the join link is the site, not the API');
  await laptop.page.getByText('上次同步').waitFor({ timeout: 20_000 });

  await laptop.page.getByRole('link', { name: '返回草稿列表' }).click();
  await laptop.page.locator('#new-draft-name').fill('跨源部署培训学校');
  await laptop.page.getByRole('button', { name: '新建草稿' }).click();
  await laptop.page.locator('main h1', { hasText: '跨源部署培训学校' }).waitFor();
  await laptop.page.getByRole('link', { name: '3. 考生名单' }).click();
  await addCandidate(laptop.page, { name: '张三', id: ID_A });
  await saved(laptop.page);
  await laptop.page.getByRole('link', { name: '返回任务列表' }).first().click();
  await laptop.page.locator('[data-sync-status]').filter({ hasText: /已同步 \d\d:\d\d/ }).first().waitFor({ timeout: 20_000 });

  await phone.page.goto(link);
  await phone.page.locator('#sync-device').fill('王老师的手机');
  await phone.page.getByRole('button', { name: '加入' }).click();
  await phone.page.getByText('上次同步').waitFor({ timeout: 20_000 });
  await phone.page.getByRole('link', { name: '返回草稿列表' }).click();
  await phone.page.getByRole('link', { name: '跨源部署培训学校' }).click();
  await phone.page.getByRole('link', { name: '3. 考生名单' }).click();
  await phone.page.locator('table.roster tbody tr').first().waitFor();
  assert.deepEqual((await rosterRows(phone.page)).map((r) => r.name), ['张三']);

  // The sync requests went to the API's origin, across origins, and nowhere else.
  const toApi = laptop.problems.filter((p) => p.startsWith(`request outside the app's origin: ${api}/`));
  assert.ok(toApi.length > 0, 'the laptop called the API on its own origin');
  assert.deepEqual(laptop.unexpected(), []);
  assert.deepEqual(phone.unexpected(), []);
  await laptop.context.close();
  await phone.context.close();
});
