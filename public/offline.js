// Registers the service worker (public/sw.js) that lets the app load offline, and offers a new
// version when one has installed. The app works without it: where service workers are missing
// or refused (WeChat's browser, private windows, plain http on a LAN address), this only logs.
(() => {
  if (!('serviceWorker' in navigator)) return;

  const words = () =>
    (document.documentElement.lang || '').startsWith('en')
      ? 'A new version is ready — tap to update'
      : '有新版本 — 点击更新';

  let updating = false;

  /** Shows the update button; pressing it lets the waiting worker take over, then reloads. */
  function offer(worker) {
    if (document.querySelector('.update-banner')) return;
    const banner = document.createElement('div');
    banner.className = 'update-banner';
    banner.setAttribute('role', 'status');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = words();
    button.addEventListener('click', () => {
      updating = true;
      button.disabled = true;
      worker.postMessage({ type: 'SKIP_WAITING' });
    });
    banner.append(button);
    document.body.append(banner);
  }

  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // Only a takeover the user asked for reloads the page; the first install just starts serving.
    if (updating) window.location.reload();
  });

  // A first install cut short (the connection dropped while the files were fetched) leaves no
  // worker, and the page would not load offline until the next visit. So until one is active,
  // the worker is installed again when the connection returns, and a few times on a timer.
  let retries = 0;
  const MAX_RETRIES = 5;
  const watched = new WeakSet();

  function retryLater() {
    if (retries >= MAX_RETRIES) return;
    const delay = 10000 * 2 ** retries;
    retries += 1;
    setTimeout(() => {
      if (navigator.onLine) installIfMissing();
    }, delay);
  }

  function installIfMissing() {
    navigator.serviceWorker.getRegistration().then((registration) => {
      const busy = registration && (registration.active || registration.installing || registration.waiting);
      if (!busy) register();
    });
  }

  function register() {
    return navigator.serviceWorker
      .register('/sw.js')
      .then((registration) => {
        if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
        const watch = (worker) => {
          if (!worker || watched.has(worker)) return;
          watched.add(worker);
          worker.addEventListener('statechange', () => {
            if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
            if (worker.state === 'redundant' && !registration.active) retryLater();
          });
        };
        watch(registration.installing);
        registration.addEventListener('updatefound', () => watch(registration.installing));
      })
      .catch((error) => {
        console.warn('pingjia: offline use is not available here:', error);
        // A network failure fetching sw.js is worth another try; a refusal (no service workers
        // in this browser) fails the same way each time and stops after the last try.
        retryLater();
      });
  }

  window.addEventListener('online', installIfMissing);
  window.addEventListener('load', register);
})();

// New notices (src/rulebook_updates.rs): at each online start the published index is asked for
// (a few hundred bytes), and only when it differs from the one whose books are kept is the book
// reader (crates/books, ~100 KB, never part of a first visit) loaded to check it. It keeps an
// accepted notice for the next start; this offers to start again now. A deploy without
// published books answers 404 (or, behind a careless fallback, a page): nothing to read.
(() => {
  const KEPT_INDEX = 'pingjia.rulebooks.index';
  // 'no-store': a revalidation by date could take an index replaced within a second for the old.
  function check() {
    if (!navigator.onLine) return;
    fetch('/rulebooks/index.json', { cache: 'no-store' })
      .then((r) => (r.ok ? r.text() : ''))
      .then((index) => {
        if (!index.trimStart().startsWith('{') || localStorage.getItem(KEPT_INDEX) === index) return;
        return import('/pingjia-books.js').then(async (m) => {
          await m.default();
          if ((await m.update(index)) === 'accepted') offer();
        });
      })
      .catch((error) => console.warn('pingjia: the published rulebooks could not be read:', error));
  }
  function offer() {
    const en = (document.documentElement.lang || '').startsWith('en');
    const banner = document.createElement('div');
    banner.className = 'update-banner rulebook-news';
    banner.setAttribute('role', 'status');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = en ? 'New rules received — tap to use them' : '已取得新的规则 — 点击使用';
    button.addEventListener('click', () => window.location.reload());
    banner.append(button);
    document.body.append(banner);
  }
  window.addEventListener('load', check);
})();
