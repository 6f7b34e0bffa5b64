// A new notice reaches the app as data: `pingjia serve --rulebooks` serves what `pingjia rulebook
// publish` wrote, and the app picks it up on its next online start — checked, kept, announced
// once, answering a 2026 day, re-checking a draft, and still there offline. A publication that
// is tampered with, signed by another key, unsigned or invalid is refused, said so, and the
// notice kept before still answers.
//
// The build the tests serve trusts the test publisher of crates/rulebook/tests/fixtures (cargo
// xtask test builds it so); a deployed build trusts only crates/rulebook/keys/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { phonePage, screenshot } from './helpers.mjs';
import { addCandidate, rosterRows, saved } from './roster.mjs';

// A day the 2025 notice does not speak for, and the fictitious 2026 test notice does.
const AT = '2026-03-02T10:00:00+08:00';
const ID_A = '11010519491231002X';

const bin = process.env.PINGJIA_SERVER_BIN;
const dist = process.env.PINGJIA_DIST;
const root = dist ? path.resolve(dist, '..') : '';
const BOOK_2025 = path.join(root, 'crates/rulebook/books/notice-2025.toml');
const BOOK_2026 = path.join(root, 'crates/rulebook/tests/fixtures/notice-2026-test.toml');
const HOLIDAYS_2027 = path.join(root, 'crates/rulebook/tests/fixtures/holidays-2027-test.toml');
const TEST_KEY = path.join(root, 'crates/rulebook/tests/fixtures/test-publisher.key');
const TEST_NOTICE = '测试用通知（非真实通知，仅供测试）';

let dir;
let served;
let server;
let base;

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

/** Publishes `books` with `key` and puts the publication where the server serves it. */
function publishAndServe(books, key = TEST_KEY) {
  const out = fs.mkdtempSync(path.join(dir, 'publication-'));
  execFileSync(bin, ['rulebook', 'publish', '--key', key, '--out', out, ...books], { stdio: 'pipe' });
  serve(out);
  return out;
}

/** Replaces what the server serves with the files of `folder`, the index last. */
function serve(folder) {
  for (const name of fs.readdirSync(served)) fs.rmSync(path.join(served, name));
  const names = fs.readdirSync(folder).sort((a, b) => (a === 'index.json') - (b === 'index.json'));
  for (const name of names) fs.copyFileSync(path.join(folder, name), path.join(served, name));
}

/** A variant of the test notice: another version with another theory fee. */
function variant(version, theory) {
  const file = path.join(dir, `notice-${version}.toml`);
  const text = fs.readFileSync(BOOK_2026, 'utf8')
    .replace('version = "2026.test"', `version = "${version}"`)
    .replace('theory = 160', `theory = ${theory}`);
  assert.notEqual(text, fs.readFileSync(BOOK_2026, 'utf8'));
  fs.writeFileSync(file, text);
  return file;
}

before(async () => {
  assert.ok(bin && dist, 'PINGJIA_SERVER_BIN and PINGJIA_DIST name the server and the built app (cargo xtask test sets them)');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingjia-rulebooks-'));
  served = path.join(dir, 'served');
  fs.mkdirSync(served);
  // The association has published the notice the app already knows.
  publishAndServe([BOOK_2025]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--log', 'warn', '--dist', dist,
    '--db', path.join(dir, 'db.sqlite3'), '--rulebooks', served, '--accounts-per-hour', '1000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    createInterface({ input: server.stdout }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`pingjia serve exited with ${code}`)));
  });
});

after(() => {
  server?.kill();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function go(page, pathname) {
  await page.goto(`${base}${pathname}`);
  await page.locator('main h1').waitFor();
}

async function feeShown(page) {
  await go(page, '/fees');
  return Number(await page.locator('[data-total]').getAttribute('data-total'));
}

/** What the book reader last kept under `key` (localStorage), once it differs from `before`. */
async function keptChanges(page, key, before) {
  await page.waitForFunction(([k, b]) => localStorage.getItem(k) !== b, [key, before], { timeout: 30000 });
  return page.evaluate((k) => localStorage.getItem(k), key);
}

test('a published notice is checked, kept, announced once, answers, re-checks a draft and stays offline; a bad one is refused', { timeout: 300000 }, async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  page.on('dialog', (d) => d.accept());

  // Only the 2025 notice: a 2026 day is answered from it (153 + 883), labelled.
  assert.equal(await feeShown(page), 1036);
  await assert.doesNotReject(keptChanges(page, 'pingjia.rulebooks.index', null));
  assert.equal(await page.locator('.rulebook-news').count(), 0, 'nothing new to say');
  assert.match(await page.locator('main').innerText(), /已超出其适用期/);
  assert.match(await page.locator('.stamp').innerText(), /规则版本：2025\.1/);

  // No 2027 holidays yet: results after a 2027 evaluation are estimated.
  const resultsBy = async () => {
    await go(page, '/results');
    await page.locator('#last-subject').fill('2027-02-04');
    await page.waitForFunction(() => document.querySelector('[data-date]')?.dataset.date.startsWith('2027-'));
    return page.locator('[data-date]').getAttribute('data-date');
  };
  const estimatedBefore = await resultsBy();
  assert.match(await page.locator('main').innerText(), /按周末及固定日期节日估算/);

  // A draft with one candidate, checked under the 2025 notice.
  await go(page, '/drafts');
  await page.locator('#new-draft-name').fill('上海某保安培训学校');
  await page.getByRole('button', { name: '新建草稿' }).click();
  await page.locator('main h1', { hasText: '上海某保安培训学校' }).waitFor();
  const draft = new URL(page.url()).pathname;
  await page.getByRole('link', { name: '3. 考生名单' }).click();
  await addCandidate(page, { name: '张三', id: ID_A });
  await saved(page);
  assert.equal(parseInt((await rosterRows(page))[0].fee, 10), 1036);
  await page.evaluate(() => navigator.serviceWorker.ready);

  // The association publishes the 2026 notice and the 2027 holidays; the next online start
  // reads them.
  publishAndServe([BOOK_2025, BOOK_2026, HOLIDAYS_2027]);
  await page.reload();
  await page.locator('.rulebook-news', { hasText: '已取得新的规则' }).waitFor({ timeout: 30000 });
  await page.getByRole('button', { name: '已取得新的规则 — 点击使用' }).click();
  const news = page.locator('.rulebook-news', { hasText: '规则已更新' });
  await news.waitFor();
  assert.match(await news.innerText(), new RegExp(`${TEST_NOTICE}（版本 2026\\.test）`));
  await screenshot(page, 'rulebook-updated');
  await news.getByRole('link', { name: '查看变化' }).click();
  await page.locator('main h1', { hasText: '规则版本' }).waitFor();
  const changes = await page.locator('.rulebook-changes li').allTextContents();
  assert.ok(changes.some((c) => c.includes('153') && c.includes('160')), changes.join('\n'));
  assert.match(await page.locator('main').innerText(), /与沪企保协〔2025〕17号（2025\.1）相比/);
  await screenshot(page, 'rulebook-changes');

  // Said once: the next start does not announce it again.
  await page.reload();
  await page.locator('main h1').waitFor();
  assert.equal(await page.locator('.rulebook-news').count(), 0);

  // A 2026 day is answered from the 2026 notice, with no label; the draft is re-checked under it.
  assert.equal(await feeShown(page), 1043);
  assert.doesNotMatch(await page.locator('main').innerText(), /已超出其适用期/);
  assert.match(await page.locator('.stamp').innerText(), /规则版本：2026\.test/);
  await go(page, `${draft}/candidates`);
  await page.locator('table.roster tbody tr').first().waitFor();
  assert.equal(parseInt((await rosterRows(page))[0].fee, 10), 1043);
  await go(page, `${draft}/print`);
  assert.equal(await page.getByTestId('print-rulebook').innerText(), '2026.test');

  // The 2027 holidays count working days: the results date moves past the published days off,
  // and is no longer an estimate.
  const published = await resultsBy();
  assert.notEqual(published, estimatedBefore);
  assert.doesNotMatch(await page.locator('main').innerText(), /按周末及固定日期节日估算/);

  // Offline, the kept notice still answers.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  assert.equal(await feeShown(page), 1043);
  await context.setOffline(false);

  // Each bad publication is refused, said on the rules page, and the 2026 notice still answers.
  const key = (file) => fs.readFileSync(file, 'utf8').trim().split(':')[1];
  const other = fs.mkdtempSync(path.join(dir, 'other-key-'));
  execFileSync(bin, ['rulebook', 'keygen', '--out', other], { stdio: 'pipe' });
  const cases = [
    ['tampered', /SHA-256/, () => {
      const out = publishAndServe([BOOK_2025, variant('2026.tampered', 170)]);
      const book = path.join(served, 'notice-2026.tampered.json');
      fs.writeFileSync(book, fs.readFileSync(book, 'utf8').replace('"theory":170', '"theory":17'));
      return out;
    }],
    ['signed by another key', /签名/, () => publishAndServe([BOOK_2025, variant('2026.other-key', 171)], path.join(other, 'publisher.key'))],
    ['unsigned', /签名/, () => {
      publishAndServe([BOOK_2025, variant('2026.unsigned', 172)]);
      fs.rmSync(path.join(served, 'index.sig'));
    }],
    ['invalid', /未通过检查/, () => {
      // Signed by the trusted publisher with a true hash, but its fees end before they begin.
      publishAndServe([BOOK_2025, variant('2026.invalid', 173)]);
      const name = 'notice-2026.invalid.json';
      const text = fs.readFileSync(path.join(served, name), 'utf8');
      const broken = text.replace('"until":"2026-12-31"', '"until":"2026-01-01"');
      assert.notEqual(broken, text);
      const sha = (t) => crypto.createHash('sha256').update(t).digest('hex');
      const index = fs.readFileSync(path.join(served, 'index.json'), 'utf8').replace(sha(text), sha(broken));
      const secret = crypto.createPrivateKey({
        key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(key(TEST_KEY), 'hex')]),
        format: 'der',
        type: 'pkcs8',
      });
      fs.writeFileSync(path.join(served, name), broken);
      fs.writeFileSync(path.join(served, 'index.sig'), `${crypto.sign(null, Buffer.from(index), secret).toString('hex')}\n`);
      fs.writeFileSync(path.join(served, 'index.json'), index);
    }],
  ];
  for (const [what, reason, publish] of cases) {
    // Two refusals may give the same reason: the last one's is cleared first.
    await page.evaluate(() => localStorage.removeItem('pingjia.rulebooks.refused'));
    publish();
    await page.reload();
    const refused = await keptChanges(page, 'pingjia.rulebooks.refused', null);
    assert.match(refused, reason, what);
    await go(page, '/rules');
    assert.match(await page.locator('.banner.warning').innerText(), /最近一次发布的规则未被采用/, what);
    await screenshot(page, `rulebook-refused-${what.replaceAll(' ', '-')}`);
    assert.equal(await feeShown(page), 1043, `${what}: the 2026 notice still answers`);
    assert.equal(await page.locator('.rulebook-news').count(), 0, what);
  }

  assert.deepEqual(problems.filter((p) => !p.startsWith("request outside the app's origin")
    && !p.includes('Failed to load resource')), []);
  await context.close();
});
