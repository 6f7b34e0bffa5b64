// Registers the service worker (public/sw.js) that lets the app load offline, and offers a new
// version when one has installed. The app works without it: where service workers are missing
// or refused (WeChat's browser, private windows, plain http on a LAN address), this only logs.
// It also takes new notices when they are published (below).
(() => {
  // A banner with one button, in the page's language (one at a time); the button it holds.
  function banner(zh, en, className) {
    if (document.querySelector('.update-banner')) return null;
    const box = document.createElement('div');
    box.className = `update-banner ${className}`;
    box.setAttribute('role', 'status');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = (document.documentElement.lang || '').startsWith('en') ? en : zh;
    box.append(button);
    document.body.append(box);
    return button;
  }

  // New notices (src/rulebook_updates.rs): at each online start the published index is asked
  // for (a few hundred bytes, 'no-store': a revalidation by date could take an index replaced
  // within a second for the old), and only when it differs from the one whose books are kept is
  // the book reader (crates/books, ~100 KB, never part of a first visit) loaded to check it. It
  // keeps an accepted notice for the next start; this offers to start again now. A deploy with
  // nothing published answers "no content" (or a 404, or behind a careless fallback a page).
  window.addEventListener('load', () => {
    if (!navigator.onLine) return;
    fetch('/rulebooks/index.json', { cache: 'no-store' })
      .then((r) => (r.ok ? r.text() : ''))
      .then((index) => index.trimStart().startsWith('{')
        && localStorage.getItem('pingjia.rulebooks.index') !== index
        && import('/pingjia-books.js').then(async (m) => {
          await m.default();
          if ((await m.update(index)) === 'accepted') {
            banner('已取得新的规则 — 点击使用', 'New rules received — tap to use them', 'rulebook-news')
              ?.addEventListener('click', () => window.location.reload());
          }
        }))
      .catch((error) => console.warn('pingjia: the published rulebooks could not be read:', error));
  });

  if (!('serviceWorker' in navigator)) return;

  let updating = false;

  // Shows the update button; pressing it lets the waiting worker take over, then reloads.
  function offer(worker) {
    const button = banner('有新版本 — 点击更新', 'A new version is ready — tap to update', 'app-update');
    button?.addEventListener('click', () => {
      updating = true;
      button.disabled = true;
      worker.postMessage({ type: 'SKIP_WAITING' });
    });
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
