// What every benchmark shares: Chromium launched the same way (Debian's, quiet on the network),
// and moments taken in the page: for the roster's, when its table holds a number of rows (and
// when that is painted); for the import's, when a text is drawn.
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
 * Run in the page: once `selector` matches `count` elements (with `count` null, at least one),
 * resolves with two moments (performance.now()): `shown`, when they are in the page, and
 * `painted`, when the frame that draws them is done (its style, layout and paint: a message
 * posted from the frame's requestAnimationFrame runs after it).
 */
export const SHOWN_AT = ([selector, count]) => new Promise((resolve) => {
  const check = () => {
    const n = document.querySelectorAll(selector).length;
    if (count === null ? n > 0 : n === count) {
      const shown = performance.now();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve({ shown, painted: performance.now() });
        channel.port2.postMessage(null);
      });
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

/** `SHOWN_AT`'s argument for the roster holding `rows` rows (for 0, for its table being there). */
export const rosterRows = (rows) => (rows > 0 ? ['table.roster tbody tr', rows] : ['table.roster', null]);

/**
 * Run in the page: from now on, watches for an element matching `selector` whose text matches
 * `pattern`, and keeps the moment it shows (performance.now()) as `name`, for `MOMENT` to read.
 * With `after`, the watching starts at the moment named so. Timing by Playwright's own waiting
 * is too coarse: it polls, every 500 ms once it has waited a while.
 */
export const WATCH = ([name, selector, pattern, after]) => {
  const moments = (window.benchMoments ??= {});
  const matches = () => [...document.querySelectorAll(selector)].some((el) => new RegExp(pattern).test(el.textContent.trim()));
  const watch = () => new Promise((resolve) => {
    if (matches()) {
      resolve(performance.now());
      return;
    }
    const observer = new MutationObserver(() => {
      if (matches()) {
        observer.disconnect();
        resolve(performance.now());
      }
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
  });
  moments[name] = after ? moments[after].then(watch) : watch();
};

/** Run in the page: the moment `WATCH` kept as `name`, once it has come. */
export const MOMENT = (name) => window.benchMoments[name];
