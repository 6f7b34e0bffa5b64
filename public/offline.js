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

  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register('/sw.js')
      .then((registration) => {
        if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
        registration.addEventListener('updatefound', () => {
          const worker = registration.installing;
          if (!worker) return;
          worker.addEventListener('statechange', () => {
            if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
          });
        });
      })
      .catch((error) => console.warn('pingjia: offline use is not available here:', error));
  });
})();
