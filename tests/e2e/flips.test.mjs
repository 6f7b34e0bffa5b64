// Offline flips: two devices of one institution edit one draft while their network goes off and
// on — or crawls, as a phone's on a poor connection — at random moments (also in the middle of a
// sync) and their pages reload at random. Each
// device adds candidates (by hand, and a few from a CSV file), renames its own, changes their
// level (a choice, not text), types their identity number, answers two schooling questions
// (whether the specialty is related, whether it was assessed: flags the conflict page once left
// out) and removes some; at the end both are online, and both rosters must hold exactly what was
// typed on either device — every name at its level with its identity number and answers, nothing
// removed still there, nothing lost, nothing twice.
// Then both rename the same candidate offline: that true conflict is shown once, on the device
// that syncs second.
//
// FLIPS network flips (default 12 in `cargo xtask test`; `cargo xtask flips` runs 100), drawn
// from FLIP_SEED (printed, so a failing sequence can be replayed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, phonePage } from './helpers.mjs';
import { saved } from './roster.mjs';
import { importFile } from './roster-files.mjs';

const AT = '2025-06-06T10:00:00+08:00';
const FLIPS = Number(process.env.FLIPS ?? 12);
const SEED = Number(process.env.FLIP_SEED ?? Date.now() % 100000);

/** A small seeded generator (mulberry32), so a sequence can be replayed. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function syncStatus(page, pattern, timeout = 20_000) {
  try {
    await page.locator('[data-sync-status]').filter({ hasText: pattern }).first().waitFor({ timeout });
  } catch (err) {
    const shown = await page.locator('[data-sync-status]').allTextContents().catch(() => []);
    throw new Error(`the sync status never read ${pattern}: it reads ${JSON.stringify(shown)} (${err.message.split('\n')[0]})`);
  }
}

/** Each row of a device's roster as "name level number" (the number as the roster masks it), every row shown, sorted. */
async function rosterNames(page, draft) {
  await page.goto(`${BASE}/drafts/${draft}/candidates`);
  await page.locator('main h1', { hasText: '考生名单' }).waitFor();
  const all = page.getByRole('button', { name: /^全部显示/ });
  if (await all.count()) await all.click();
  const rows = page.locator('table.roster tbody tr');
  if ((await rows.count()) === 0) return [];
  return (await rows.evaluateAll((list) => list.map((r) => {
    const level = r.querySelector('td.level').textContent;
    const short = level.includes('二级') ? '二级' : level.includes('三级') ? '三级' : '—';
    const number = r.querySelector('td.id-number span').textContent.trim();
    return `${r.querySelector('td.name').textContent.trim()} ${short} ${number}`;
  }))).sort();
}

const LEVELS = { three: '三级', two: '二级' };

/** From offline the network comes back fast or slow; from either it drops, or changes speed. */
function nextNetwork(now, random) {
  if (now === 'offline') return random() < 0.5 ? 'online' : 'slow';
  if (random() < 0.7) return 'offline';
  return now === 'online' ? 'slow' : 'online';
}

/**
 * Sets a device's network: off, on, or slow (600 ms a round trip, 40 kB/s down and 20 kB/s up,
 * a poor mobile connection; Chromium's throttling of the page's own requests, which is how the
 * app reaches the API: the service worker leaves /api/ alone).
 */
async function setNetwork(d, state) {
  d.network = state;
  d.slowSpells = (d.slowSpells ?? 0) + (state === 'slow' ? 1 : 0);
  // Throttling set through this session overrides Playwright's offline switch (which also
  // reaches the service worker), so it is cleared first and set again only for a slow spell.
  const conditions = (slow) => ({
    offline: false,
    latency: slow ? 600 : 0,
    downloadThroughput: slow ? 40_000 : -1,
    uploadThroughput: slow ? 20_000 : -1,
  });
  await d.cdp.send('Network.emulateNetworkConditions', conditions(false));
  await d.context.setOffline(state === 'offline');
  if (state === 'slow') await d.cdp.send('Network.emulateNetworkConditions', conditions(true));
}

/** The `n`th identity number of a run: valid (GB 11643 check digit), never repeated. */
function idNumber(n) {
  const body = `31010419850101${String(n).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** The roster's masking of an identity number: its first three and last four characters. */
function masked(number) {
  return number.length <= 7 ? number : `${number.slice(0, 3)}${'*'.repeat(number.length - 7)}${number.slice(-4)}`;
}

/** The schooling answers the editor shows for a candidate, as radio ids → checked. */
const ANSWERS = ['related-yes', 'related-no', 'assessed-yes', 'assessed-no', 'assessed-unknown'];

async function answersShown(page) {
  const shown = {};
  for (const answer of ANSWERS) {
    if (await page.locator(`#c-${answer}`).isChecked()) shown[answer.split('-')[0]] = answer;
  }
  return shown;
}

/** Opens one of the device's own candidates in the editor. */
async function openOwn(d, draft, name) {
  await d.page.goto(`${BASE}/drafts/${draft}/candidates`);
  await d.page.locator('#roster-search').fill(name);
  await d.page.getByRole('link', { name, exact: true }).click();
  await d.page.locator('#c-name').waitFor();
}

async function backToRoster(d) {
  await saved(d.page);
  await d.page.getByRole('link', { name: '返回名单' }).click();
  await d.page.locator('main h1', { hasText: '考生名单' }).waitFor();
}

test(`two devices, ${FLIPS} network flips at random moments and reloads: both end with everything typed`, async () => {
  console.log(`# FLIP_SEED=${SEED} FLIPS=${FLIPS}`);
  const random = generator(SEED);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const laptop = { ...(await phonePage({ at: AT })), tag: '甲', network: 'online', mine: [] };
  const phone = { ...(await phonePage({ at: AT })), tag: '乙', network: 'online', mine: [] };
  for (const d of [laptop, phone]) d.cdp = await d.context.newCDPSession(d.page);
  const devices = [laptop, phone];
  for (const d of devices) d.page.on('dialog', (dialog) => dialog.accept());

  // One account, one draft on both devices.
  await laptop.page.goto(`${BASE}/drafts/sync`);
  await laptop.page.locator('#sync-device').fill('办公室电脑');
  await laptop.page.locator('#sync-name').fill('断网测试培训学校');
  await laptop.page.getByRole('button', { name: '开通' }).click();
  const link = await laptop.page.locator('[data-join-link]').getAttribute('href');
  await laptop.page.getByText('上次同步').waitFor({ timeout: 20_000 });
  await laptop.page.getByRole('link', { name: '返回草稿列表' }).click();
  await laptop.page.locator('#new-draft-name').fill('断网测试');
  await laptop.page.getByRole('button', { name: '新建草稿' }).click();
  await laptop.page.locator('main h1', { hasText: '断网测试' }).waitFor();
  const draft = new URL(laptop.page.url()).pathname.split('/')[2];
  await syncStatus(laptop.page, /已同步/);
  await phone.page.goto(link);
  await phone.page.locator('#sync-device').fill('王老师的手机');
  await phone.page.getByRole('button', { name: '加入' }).click();
  await phone.page.getByText('上次同步').waitFor({ timeout: 20_000 });
  for (const d of devices) {
    await d.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
  }

  let flips = 0;
  let pendingFlip = Promise.resolve();
  let added = 0;
  let renamed = 0;
  let levelled = 0;
  let imported = 0;
  let removed = 0;
  let numbered = 0;
  let answered = 0;
  let reloads = 0;
  while (flips < FLIPS) {
    const d = pick(devices);
    // The next flip lands at a random moment of what follows, a sync in flight included.
    await pendingFlip;
    const flipper = pick(devices);
    const delay = Math.floor(random() * 1500);
    pendingFlip = new Promise((resolve) => setTimeout(resolve, delay)).then(async () => {
      await setNetwork(flipper, nextNetwork(flipper.network, random));
    });
    flips += 1;
    const action = random();
    if (action < 0.35 || d.mine.length === 0) {
      // Add a candidate with only a name: kept, and synced like any other.
      const name = `${d.tag}${++added}`;
      await d.page.goto(`${BASE}/drafts/${draft}/candidates`);
      await d.page.getByRole('button', { name: '添加考生' }).click();
      await d.page.locator('#c-name').fill(name);
      await backToRoster(d);
      d.mine.push({ name, level: null, id: '', answers: {} });
    } else if (action < 0.45) {
      // Rename one of its own.
      const own = d.mine[Math.floor(random() * d.mine.length)];
      await openOwn(d, draft, own.name);
      own.name = `${own.name}改`;
      await d.page.locator('#c-name').fill(own.name);
      await backToRoster(d);
      renamed += 1;
    } else if (action < 0.53) {
      // Choose a level for one of its own: a choice among radios, not text.
      const own = d.mine[Math.floor(random() * d.mine.length)];
      const level = own.level === 'three' ? 'two' : 'three';
      await openOwn(d, draft, own.name);
      await d.page.locator(`#c-level-${level}`).check();
      own.level = level;
      await backToRoster(d);
      levelled += 1;
    } else if (action < 0.59) {
      // Type one of its own's identity number (a number never used before in the run).
      const own = d.mine[Math.floor(random() * d.mine.length)];
      await openOwn(d, draft, own.name);
      own.id = idNumber(500 + ++numbered);
      await d.page.locator('#c-id-number').fill(own.id);
      await backToRoster(d);
    } else if (action < 0.65) {
      // Answer a schooling question for one of its own: is the specialty related, was it assessed.
      const own = d.mine[Math.floor(random() * d.mine.length)];
      await openOwn(d, draft, own.name);
      const answer = random() < 0.5
        ? pick(['related-yes', 'related-no'])
        : pick(['assessed-yes', 'assessed-no', 'assessed-unknown']);
      await d.page.locator(`#c-${answer}`).check();
      own.answers[answer.split('-')[0]] = answer;
      await backToRoster(d);
      answered += 1;
    } else if (action < 0.75) {
      // Import one or two candidates from a CSV file, as a clerk does with a spreadsheet.
      const count = 1 + Math.floor(random() * 2);
      const people = [];
      for (let i = 0; i < count; i += 1) {
        imported += 1;
        people.push({ name: `${d.tag}导${imported}`, level: 'three', id: idNumber(imported) });
      }
      const csv = `姓名,身份证号,申报等级,学历,学历状态,本职业工作开始日期\n${people
        .map((p) => `${p.name},${p.id},三级,大专,已毕业,2015-01-01`).join('\n')}\n`;
      await d.page.goto(`${BASE}/drafts/${draft}/candidates`);
      await d.page.getByRole('link', { name: '从文件导入' }).click();
      await d.page.locator('main h1', { hasText: '从文件导入考生' }).waitFor();
      const summary = await importFile(d.page, { name: 'flip.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      assert.equal(summary, `“flip.csv”共 ${count} 行：${count} 行可导入，0 行有问题。`);
      await d.page.getByRole('button', { name: `导入全部 ${count} 人` }).click();
      await d.page.locator('[data-testid=import-summary]', { hasText: `已导入 ${count} 位考生` }).waitFor();
      await saved(d.page);
      for (const p of people) d.mine.push({ name: p.name, level: p.level, id: p.id, answers: {} });
    } else if (action < 0.85) {
      // Remove one of its own (the page asks first; the dialog is accepted).
      const at = Math.floor(random() * d.mine.length);
      await openOwn(d, draft, d.mine[at].name);
      await d.page.getByRole('button', { name: '删除此考生' }).click();
      await d.page.locator('main h1', { hasText: '考生名单' }).waitFor();
      await saved(d.page);
      d.mine.splice(at, 1);
      removed += 1;
    } else {
      await d.page.reload();
      await d.page.locator('main h1').waitFor();
      reloads += 1;
    }
  }
  await pendingFlip;
  console.log(`# slow spells: ${laptop.slowSpells ?? 0} on the laptop, ${phone.slowSpells ?? 0} on the phone`);
  console.log(`# ${flips} flips, ${added} added, ${renamed} renamed, ${levelled} levels chosen, ${numbered} identity numbers typed, ${answered} schooling answers, ${imported} imported, ${removed} removed, ${reloads} reloads`);

  // Both online: each syncs (as a person presses 立即同步) until both hold everything typed.
  const expected = [...laptop.mine, ...phone.mine]
    .map((c) => `${c.name} ${c.level ? LEVELS[c.level] : '—'} ${masked(c.id)}`)
    .sort();
  for (const d of devices) {
    await setNetwork(d, 'online');
  }
  let rosters = [];
  for (let round = 0; round < 10; round += 1) {
    for (const d of devices) {
      await d.page.goto(`${BASE}/drafts/${draft}`);
      await d.page.getByRole('button', { name: '立即同步' }).click();
      await syncStatus(d.page, /已同步/);
    }
    rosters = [];
    for (const d of devices) rosters.push(await rosterNames(d.page, draft));
    if (rosters.every((r) => JSON.stringify(r) === JSON.stringify(expected))) break;
  }
  assert.deepEqual(rosters[0], expected, 'the laptop holds every name typed at its level and number, each once, and none removed');
  assert.deepEqual(rosters[1], expected, 'the phone holds every name typed at its level and number, each once, and none removed');
  // The schooling answers are not in the roster: each answered candidate is opened on both.
  for (const c of [...laptop.mine, ...phone.mine].filter((c) => Object.keys(c.answers).length)) {
    for (const d of devices) {
      await openOwn(d, draft, c.name);
      assert.deepEqual(await answersShown(d.page), c.answers, `${d.tag} shows ${c.name}'s schooling answers`);
    }
  }
  for (const d of devices) {
    await d.page.reload();
    assert.deepEqual(await rosterNames(d.page, draft), expected, `${d.tag}: kept across a reload`);
  }

  // A true conflict: both rename the same candidate offline. The second to sync is shown it once.
  // (With every candidate removed, one is added first.)
  if (expected.length === 0) {
    await laptop.page.goto(`${BASE}/drafts/${draft}/candidates`);
    await laptop.page.getByRole('button', { name: '添加考生' }).click();
    await laptop.page.locator('#c-name').fill('共同');
    await backToRoster(laptop);
    for (const d of devices) {
      await d.page.goto(`${BASE}/drafts/${draft}`);
      await d.page.getByRole('button', { name: '立即同步' }).click();
      await syncStatus(d.page, /已同步/);
    }
    expected.push('共同 — ');
  }
  const shared = expected[0].split(' ')[0];
  for (const d of devices) {
    await d.context.setOffline(true);
    await d.page.goto(`${BASE}/drafts/${draft}/candidates`);
    await d.page.locator('#roster-search').fill(shared);
    await d.page.getByRole('link', { name: shared, exact: true }).click();
    await d.page.locator('#c-name').fill(`${shared}${d.tag}`);
    await saved(d.page);
  }
  await laptop.context.setOffline(false);
  await laptop.page.goto(`${BASE}/drafts/${draft}`);
  await syncStatus(laptop.page, /已同步/);
  await phone.context.setOffline(false);
  await phone.page.goto(`${BASE}/drafts/${draft}`);
  await syncStatus(phone.page, /同步冲突：1 条记录/);
  await phone.page.getByRole('link', { name: '查看并解决冲突' }).click();
  await phone.page.locator('main h1', { hasText: '同步冲突' }).waitFor();
  assert.equal(await phone.page.locator('table.diff').count(), 1, 'one record in conflict');
  assert.deepEqual(await phone.page.locator('table.diff tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.field)), ['name']);
  // A request made while the network is off fails, and Chromium says so in the console.
  const unexpected = (problems) => problems.filter((p) => !p.includes('net::ERR_INTERNET_DISCONNECTED'));
  assert.deepEqual(unexpected(laptop.problems), []);
  assert.deepEqual(unexpected(phone.problems), []);
  await laptop.context.close();
  await phone.context.close();
});
