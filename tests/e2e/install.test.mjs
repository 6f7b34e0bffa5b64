// A first visit whose offline install is cut short — the connection drops while the service
// worker fetches the app's files — is installed again when the connection returns, so the
// app then loads with no connection without another visit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, open, phonePage } from './helpers.mjs';

const AT = '2025-06-06T10:00:00+08:00';

/** True once no worker is installed, installing or waiting: the install was given up. */
async function noWorker(page) {
  return page.evaluate(async () => {
    const r = await navigator.serviceWorker.getRegistration();
    return !r || !(r.active || r.installing || r.waiting);
  });
}

test('an offline install cut short by a lost connection is made again when it returns', async () => {
  const { context, page, problems } = await phonePage({ at: AT });
  // The service worker's fetch of one of the files it keeps fails, as on a dropped connection
  // (the page itself needs that file only to read or write a spreadsheet).
  let cut = true;
  let refused = 0;
  await context.route('**/pingjia-files_bg.wasm', (route) => {
    if (!cut) return route.continue();
    refused += 1;
    return route.abort('internetdisconnected');
  });
  await open(page, '/');
  await page.waitForFunction(() => document.readyState === 'complete');
  // The install fails and leaves nothing behind: offline, this page would not load again.
  for (let i = 0; i < 100 && !(refused > 0 && (await noWorker(page))); i += 1) {
    await page.waitForTimeout(100);
  }
  assert.ok(refused > 0, 'the worker asked for the file');
  assert.ok(await noWorker(page), 'the cut install left no worker');
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);

  // The connection returns: the page installs the worker again, which then serves it.
  cut = false;
  await context.setOffline(true);
  await context.setOffline(false);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });

  await context.setOffline(true);
  const response = await page.reload();
  assert.ok(response.fromServiceWorker(), 'the reload comes from the service worker');
  await page.locator('main h1').waitFor();
  await page.goto(`${BASE}/fees`);
  await page.locator('.amount .figure').waitFor();
  assert.equal(await page.locator('.amount .figure').textContent(), '1036');
  // The failed fetch is reported by the browser as a console error; nothing else may be.
  assert.deepEqual(
    problems.filter((p) => !p.includes('pingjia-files_bg.wasm') && !p.includes('offline use is not available')),
    [],
  );
  await context.close();
});
