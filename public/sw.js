// The service worker: it makes the app load with no connection after one visit. `cargo xtask`
// writes dist/sw.js from this file after `trunk build`, filling in the two constants below
// from dist/ itself, so a new content hash can never be missed; never edit them by hand.
//
// Navigations: the network first (for a short while), then the cached shell. Files with a
// content hash, the manifest and the icons: the cache first. /api/… and /rulebooks/… are never
// cached or answered here. A new version installs in the background and waits until the page asks it to take over
// (the page shows "有新版本 — 点击更新"); old caches go only once it has.

const CACHE = '__PINGJIA_CACHE__';
const PRECACHE = ['__PINGJIA_PRECACHE__'];
const SHELL = '/index.html';
const NAVIGATION_TIMEOUT_MS = 3000;

self.addEventListener('install', (event) => {
  // From the network, never the HTTP cache: a file revalidated within the second it changed
  // could otherwise be taken for the old one.
  const fresh = PRECACHE.map((url) => new Request(url, { cache: 'reload' }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(fresh)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('pingjia-') && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  // The API and the published rulebooks are the network's alone (offline.js and the book
  // reader ask for the rulebooks only online, and take nothing stale).
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/rulebooks/')) return;
  if (url.pathname === '/config.json') {
    // The deploy's settings (the sync server) may change without a new build: network first.
    event.respondWith(fetch(request).catch(() => caches.match(request, { cacheName: CACHE })));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

/** The page from the network if it answers in time, else this version's cached shell. */
async function navigation(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(fetch(request), NAVIGATION_TIMEOUT_MS);
    if (response.ok) return response;
    const shell = await cache.match(SHELL);
    return shell ?? response;
  } catch (_) {
    const shell = await cache.match(SHELL);
    return shell ?? Response.error();
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
  return cached ?? fetch(request);
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
