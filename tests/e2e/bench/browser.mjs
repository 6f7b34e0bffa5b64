// What every benchmark shares: Chromium launched the same way (Debian's, quiet on the network),
// and, for the roster's, the moment its table holds a number of rows.
import { chromium } from 'playwright-core';

/** Debian's Chromium (or $CHROMIUM), without the background traffic a closed network floods on. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    chromiumSandbox: false,
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Run in the page: resolves with performance.now() once the roster table holds `rows` rows
 * (for 0, once the table is there).
 */
export const ROWS_AT = (rows) => new Promise((resolve) => {
  const check = () => {
    const n = document.querySelectorAll('table.roster tbody tr').length;
    const empty = rows === 0 && document.querySelector('table.roster');
    if ((rows > 0 && n === rows) || empty) {
      resolve(performance.now());
      return true;
    }
    return false;
  };
  if (check()) return;
  const observer = new MutationObserver(() => {
    if (check()) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true });
});
