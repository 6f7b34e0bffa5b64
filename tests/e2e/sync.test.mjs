// Two devices of one institution (two browser contexts) syncing through the real server: a draft
// made offline on one reaches the other once online; both edit the same candidate offline; the
// conflict is shown part by part (a schooling flag included) and settled; both end with the same roster. Every step
// survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, open, phonePage, screenshot, seriousViolations } from './helpers.mjs';
import { addCandidate, rosterRows, saved } from './roster.mjs';

const AT = '2025-06-06T10:00:00+08:00';
const ID_A = '11010519491231002X';
const ID_FIXED = '110105198001010016';

/** The draft's sync status as its task list says it. */
async function syncStatus(page, pattern) {
  await page.locator('[data-sync-status]').filter({ hasText: pattern }).first().waitFor({ timeout: 20_000 });
}

async function toRoster(page) {
  await page.getByRole('link', { name: '3. 考生名单' }).click();
  await page.locator('main h1', { hasText: '考生名单' }).waitFor();
}

async function toTasks(page) {
  await page.getByRole('link', { name: '返回任务列表' }).first().click();
  await page.locator('[data-sync-status]').waitFor();
}

async function editCandidate(page, name, change) {
  await page.getByRole('link', { name, exact: true }).click();
  await page.locator('#c-name').waitFor();
  await change();
  await page.getByRole('button', { name: '核对并返回名单' }).click();
  await page.locator('main h1', { hasText: '考生名单' }).waitFor();
  await saved(page);
}

test('a draft made offline on one device reaches the other, and a conflict is settled by the person', async () => {
  const laptop = await phonePage({ at: AT });
  const phone = await phonePage({ at: AT });
  for (const device of [laptop, phone]) device.page.on('dialog', (d) => d.accept());

  // Offline, opening an account says that nothing was opened or sent. The first visit installs
  // the app for offline use first: a connection cut while the worker still fetches its files
  // fails that install until the next visit, which is not what this test is about.
  await open(laptop.page, '/drafts/sync');
  await laptop.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  await laptop.page.locator('#sync-device').fill('办公室电脑');
  await laptop.page.locator('#sync-name').fill('浦东新区某保安培训学校');
  await laptop.context.setOffline(true);
  await laptop.page.getByRole('button', { name: '开通' }).click();
  await laptop.page.getByRole('alert').filter({ hasText: '同步账户没有开通，草稿也没有发送' }).waitFor();
  await laptop.context.setOffline(false);
  // The laptop opens the account while online (this first visit also installs the app offline).
  await laptop.page.getByRole('button', { name: '开通' }).click();
  const key = (await laptop.page.locator('[data-sync-key]').textContent()).trim();
  assert.match(key, /^pjk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  const link = await laptop.page.locator('[data-join-link]').getAttribute('href');
  assert.equal(link, `${BASE}/drafts/sync#key=${key}`);
  // The QR code of the link, drawn by the file worker.
  const qr = laptop.page.locator('img[data-join-qr]');
  await qr.waitFor();
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code is drawn');
  await laptop.page.getByText('上次同步').waitFor({ timeout: 20_000 });
  await screenshot(laptop.page, 'sync-account-390');

  assert.deepEqual(await seriousViolations(laptop.page), []);

  // Offline: a draft and a candidate, waiting to sync, kept across a reload.
  await laptop.context.setOffline(true);
  await laptop.page.getByRole('link', { name: '返回草稿列表' }).click();
  // The drafts list no longer says the drafts are on this device only.
  await laptop.page.getByText('联网时同步到机构的其他设备').waitFor();
  assert.equal(await laptop.page.getByText('草稿只保存在本设备').count(), 0);
  await laptop.page.locator('#new-draft-name').fill('浦东新区某保安培训学校');
  await laptop.page.getByRole('button', { name: '新建草稿' }).click();
  await laptop.page.locator('main h1', { hasText: '浦东新区某保安培训学校' }).waitFor();
  const draftPath = new URL(laptop.page.url()).pathname;
  await toRoster(laptop.page);
  await addCandidate(laptop.page, { name: '张三', id: ID_A });
  await saved(laptop.page);
  await toTasks(laptop.page);
  await syncStatus(laptop.page, /等待同步（\d+ 项修改）/);
  await laptop.page.reload();
  await syncStatus(laptop.page, /等待同步（\d+ 项修改）/);

  // Online again: it syncs by itself.
  await laptop.context.setOffline(false);
  await syncStatus(laptop.page, /已同步 \d\d:\d\d/);
  await laptop.page.reload();
  await syncStatus(laptop.page, /已同步/);

  // The phone joins through the link (the key travels in the fragment) and pulls the draft.
  await phone.page.goto(link);
  await phone.page.locator('main h1').waitFor();
  assert.equal(await phone.page.locator('#sync-key').inputValue(), key);
  assert.equal(new URL(phone.page.url()).hash, '', 'the key is taken out of the address bar');
  await phone.page.locator('#sync-device').fill('王老师的手机');
  await phone.page.getByRole('button', { name: '加入' }).click();
  await phone.page.getByText('上次同步').waitFor({ timeout: 20_000 });
  await phone.page.getByRole('link', { name: '返回草稿列表' }).click();
  await phone.page.getByRole('link', { name: '浦东新区某保安培训学校' }).click();
  await syncStatus(phone.page, /已同步/);
  await toRoster(phone.page);
  assert.deepEqual((await rosterRows(phone.page)).map((r) => r.name), ['张三']);
  await phone.page.reload();
  await phone.page.locator('table.roster tbody tr').first().waitFor();
  await phone.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });

  // Both edit 张三 offline: the laptop his name, the phone his identity number and one flag of
  // his schooling (a part whose difference is a single yes/no).
  await laptop.context.setOffline(true);
  await phone.context.setOffline(true);
  await toRoster(laptop.page);
  await editCandidate(laptop.page, '张三', () => laptop.page.locator('#c-name').fill('张三丰'));
  await editCandidate(phone.page, '张三', async () => {
    await phone.page.locator('#c-id-number').fill(ID_FIXED);
    await phone.page.locator('#c-assessed-yes').check();
  });
  await phone.page.reload();
  await phone.page.locator('table.roster tbody tr').first().waitFor();

  await laptop.context.setOffline(false);
  await toTasks(laptop.page);
  await syncStatus(laptop.page, /已同步/);
  await phone.context.setOffline(false);
  await toTasks(phone.page);
  await syncStatus(phone.page, /同步冲突：1 条记录/);
  await phone.page.reload();
  await syncStatus(phone.page, /同步冲突/);

  // The phone shows both versions of the fields that differ; the person keeps the laptop's name
  // and the phone's identity number.
  await phone.page.getByRole('link', { name: '查看并解决冲突' }).click();
  await phone.page.locator('main h1', { hasText: '同步冲突' }).waitFor();
  const fields = await phone.page.locator('table.diff tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.field));
  assert.deepEqual(fields, ['name', 'id_number', 'schooling']);
  // Each version of the schooling is shown whole, so the flag that differs is visible.
  const schooling = await phone.page.locator('tr[data-field=schooling] td').allTextContents();
  assert.match(schooling[0], /经评估论证：是/);
  assert.match(schooling[1], /经评估论证：未答/);
  await screenshot(phone.page, 'sync-conflict-390');
  assert.deepEqual(await seriousViolations(phone.page), []);
  await phone.page.locator('tr[data-field=name] td').nth(1).locator('input').check();
  await phone.page.getByRole('button', { name: '保存选择' }).click();
  await phone.page.getByText('没有需要处理的冲突').waitFor();
  await phone.page.getByRole('link', { name: '返回任务列表' }).click();
  await syncStatus(phone.page, /已同步/);

  // The laptop syncs (now, and again should the phone's push still be on its way, as a person
  // would press 立即同步 again) until it has the settled version; both show the same roster.
  await toRoster(phone.page);
  let settled = false;
  for (let attempt = 0; attempt < 10 && !settled; attempt += 1) {
    await laptop.page.getByRole('button', { name: '立即同步' }).click();
    await toRoster(laptop.page);
    settled = await laptop.page
      .locator('table.roster tbody tr', { hasText: '0016' })
      .waitFor({ timeout: 2_000 })
      .then(() => true, () => false);
    if (!settled) await toTasks(laptop.page);
  }
  assert.ok(settled, 'the laptop received the settled version');
  for (const device of [phone, laptop]) {
    await device.page.reload();
    await device.page.locator('table.roster tbody tr').first().waitFor();
    const rows = await rosterRows(device.page);
    assert.deepEqual(rows.map((r) => [r.name, r.id]), [['张三丰', '110***********0016']]);
    // The flag only the phone changed, kept by the person's choice, reached both devices.
    await device.page.getByRole('link', { name: '张三丰', exact: true }).click();
    await device.page.locator('#c-name').waitFor();
    assert.equal(await device.page.locator('#c-assessed-yes').isChecked(), true);
    await device.page.goBack();
  }
  assert.ok(draftPath.startsWith('/drafts/'));
  await laptop.context.close();
  await phone.context.close();
});

test('a changed key is shown once, and signing out everywhere changes it so the old one joins nothing', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  await open(page, '/drafts/sync');
  await page.locator('#sync-device').fill('办公室电脑');
  await page.locator('#sync-name').fill('换钥匙的学校');
  await page.getByRole('button', { name: '开通' }).click();
  const first = (await page.locator('[data-sync-key]').textContent()).trim();

  // A double tap changes the key once: the second would show a key that no longer works.
  let keyChanges = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/account/key')) keyChanges += 1;
  });
  // (The server's answer is held back a moment, as on a slow connection, so the second tap
  // lands while the first is pending.)
  await page.route('**/account/key', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await route.continue();
  });
  await page.getByRole('button', { name: '更换同步密钥' }).dblclick();
  await page.waitForFunction((old) => {
    const shown = document.querySelector('[data-sync-key]')?.textContent?.trim();
    return shown && shown !== old;
  }, first);
  const second = (await page.locator('[data-sync-key]').textContent()).trim();
  assert.match(second, /^pjk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  assert.equal(second.split('_')[1], first.split('_')[1], 'the same account');
  await page.getByRole('button', { name: '更换同步密钥' }).waitFor({ state: 'visible' });
  assert.equal(await page.getByRole('button', { name: '更换同步密钥' }).isEnabled(), true, 'enabled again');
  assert.equal(keyChanges, 1, 'one change for a double tap');
  await page.unroute('**/account/key');

  // Sign out everywhere asks first, says the key changes, and leaves the new key to join with.
  await page.getByRole('button', { name: '所有设备全部退出' }).click();
  await page.getByRole('alert').filter({ hasText: '旧密钥和未用的加入码都不能再加入任何设备' }).waitFor();
  await page.getByRole('button', { name: '全部退出并更换密钥' }).click();
  await page.locator('#sync-key').waitFor();
  const third = await page.locator('#sync-key').inputValue();
  assert.ok(third && third !== second && third !== first, 'a third key, filled in to join with');

  // The old keys join nothing; the new one does.
  const join = async (key) => (await fetch(`${BASE}/api/v1/sync/join`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sync_key: key, device_name: '试探' }),
  })).status;
  assert.equal(await join(first), 401);
  assert.equal(await join(second), 401);
  await page.locator('#sync-device').fill('办公室电脑');
  await page.getByRole('button', { name: '加入' }).click();
  await page.getByText('上次同步').waitFor({ timeout: 20_000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a signed-in device adds another with a join code, which works once', async () => {
  const laptop = await phonePage({ at: AT });
  const phone = await phonePage({ at: AT });
  const tablet = await phonePage({ at: AT });
  await open(laptop.page, '/drafts/sync');
  await laptop.page.locator('#sync-device').fill('办公室电脑');
  await laptop.page.locator('#sync-name').fill('加入码学校');
  await laptop.page.getByRole('button', { name: '开通' }).click();
  await laptop.page.getByText('上次同步').waitFor({ timeout: 20_000 });
  // Later, with the key long gone from the screen: 添加设备.
  await laptop.page.reload();
  await laptop.page.getByRole('button', { name: '添加设备' }).click();
  const panel = laptop.page.locator('section[aria-labelledby=join-code-heading]');
  const code = (await panel.locator('[data-join-code]').textContent()).trim();
  assert.match(code, /^pji_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  assert.match(await panel.locator('[data-testid=join-code-validity]').textContent(), /10 分钟内有效（至 \d\d:\d\d），只能加入一台设备/);
  await panel.locator('img[data-join-qr]').waitFor();
  const link = await panel.locator('[data-join-link]').getAttribute('href');
  assert.equal(link, `${BASE}/drafts/sync#key=${code}`);
  assert.deepEqual(await seriousViolations(laptop.page), []);
  await screenshot(laptop.page, 'sync-join-code-390');

  // The phone opens the link and joins.
  await phone.page.goto(link);
  await phone.page.locator('main h1').waitFor();
  assert.equal(await phone.page.locator('#sync-key').inputValue(), code);
  await phone.page.locator('#sync-device').fill('王老师的手机');
  await phone.page.getByRole('button', { name: '加入' }).click();
  await phone.page.getByText('上次同步').waitFor({ timeout: 20_000 });

  // The same code again joins nothing, and says why.
  await open(tablet.page, '/drafts/sync');
  await tablet.page.locator('#sync-key').fill(code);
  await tablet.page.locator('#sync-device').fill('前台平板');
  await tablet.page.getByRole('button', { name: '加入' }).click();
  await tablet.page.getByRole('alert').filter({ hasText: '加入码不正确、已用过或已过期' }).waitFor();

  await laptop.page.reload();
  await laptop.page.locator('ul.device-list li', { hasText: '王老师的手机' }).waitFor();
  assert.equal(await laptop.page.locator('ul.device-list li').count(), 2);
  for (const device of [laptop, phone, tablet]) {
    assert.deepEqual(device.problems.filter((p) => !p.includes('401')), []);
    await device.context.close();
  }
});

test('a sync server typed in Settings is kept as an origin, and anything else is refused', async () => {
  const { context, page } = await phonePage({ at: AT });
  await open(page, '/settings');
  const field = page.locator('#sync-server');
  const save = page.getByRole('button', { name: '保存服务器地址' });
  const stored = () => page.evaluate(() => localStorage.getItem('pingjia.sync_server'));
  for (const wrong of ['sync.example.cn', 'https://sync.example.cn/api', 'https://user@sync.example.cn']) {
    await field.fill(wrong);
    await save.click();
    await page.getByRole('alert').filter({ hasText: '地址应以 https:// 或 http:// 开头' }).waitFor();
    assert.equal(await stored(), null, wrong);
  }
  // Spaces and a trailing slash are taken off; the page then shows what it kept.
  await field.fill(' https://sync.example.cn/ ');
  await save.click();
  await page.getByRole('status').filter({ hasText: '已保存。' }).waitFor();
  assert.equal(await stored(), 'https://sync.example.cn');
  assert.equal(await field.inputValue(), 'https://sync.example.cn');
  await page.reload();
  await field.waitFor();
  assert.equal(await field.inputValue(), 'https://sync.example.cn');
  // Emptied: the site's own server (or the deploy's) again.
  await field.fill('');
  await save.click();
  await page.getByRole('status').filter({ hasText: '已保存。' }).waitFor();
  assert.equal(await stored(), null);
  await context.close();
});
