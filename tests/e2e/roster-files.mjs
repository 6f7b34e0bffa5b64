// Helpers for the tests of roster files: importing one, reading the report, downloading.
import { open } from './helpers.mjs';

/** The problems table of an import report: [row, column, heading] of each bad cell. */
export async function reportedCells(page) {
  return page.locator('table.import-problems tbody tr').evaluateAll((rows) =>
    rows.map((r) => {
      const cells = [...r.querySelectorAll('td')].map((td) => td.textContent.trim());
      return [Number(cells[0]), cells[1]];
    }));
}

export async function importFile(page, file) {
  await page.locator('#import-file').setInputFiles(file);
  await page.locator('[data-testid=import-summary]').waitFor();
  return (await page.locator('[data-testid=import-summary]').textContent()).trim();
}

/** Creates a draft called `name` from the drafts list and opens its roster task. */
export async function newDraftRoster(page, name) {
  await open(page, '/drafts');
  await page.locator('#new-draft-name').fill(name);
  await page.getByRole('button', { name: '新建草稿' }).click();
  await page.locator('main h1', { hasText: name }).waitFor();
  await page.getByRole('link', { name: '3. 考生名单' }).click();
}

/** Parses CSV text as RFC 4180 writes it (quotes double inside quoted cells). */
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

export async function download(page, name) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name }).click(),
  ]);
  return { name: file.suggestedFilename(), path: await file.path() };
}

