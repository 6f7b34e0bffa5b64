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
