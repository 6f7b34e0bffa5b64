// Steps the drafts tests share: waiting for a save, adding a candidate through the editor,
// reading the roster as shown.

/** Waits until every change is kept in IndexedDB (the page says so). */
export async function saved(page) {
  await page.locator('[data-testid=save-status]').filter({ hasText: '已保存在本设备' }).first().waitFor();
}

/** Adds a candidate from the roster page and fills in every answer a 三级 route needs. */
export async function addCandidate(page, { name, id, work = '2015-01-01' }) {
  await page.getByRole('button', { name: '添加考生' }).click();
  await page.locator('main h1').filter({ hasText: '考生' }).waitFor();
  await page.locator('#c-name').fill(name);
  await page.locator('#c-level-three').check();
  await page.locator('#c-id-number').fill(id);
  await page.locator('#c-school').selectOption('college');
  await page.locator('#c-status-graduated').check();
  await page.getByRole('button', { name: '添加一段工作经历' }).click();
  await page.locator('#c-work-from-1').fill(work);
  await page.getByLabel('至今仍在做').check();
  await page.getByRole('button', { name: '核对并返回名单' }).click();
  await page.locator('main h1', { hasText: '考生名单' }).waitFor();
}

/** The roster's rows as the page shows them: name, shown identity number, level, verdict, fee. */
export async function rosterRows(page) {
  return page.locator('table.roster tbody tr').evaluateAll((rows) =>
    rows.map((r) => {
      const text = (selector) => r.querySelector(selector).textContent.trim();
      return {
        name: text('td.name'),
        id: text('td.id-number span'),
        level: text('td.level'),
        verdict: text('td.row-check strong'),
        fee: text('td.figure'),
      };
    }));
}
