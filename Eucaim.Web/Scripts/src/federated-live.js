// A federated run's or training's page, live: while the work at the nodes is not over, the page is fetched
// again every three seconds and its live part (#federated-live, rendered by the server) replaced, until the
// server says it has ended. Focus and scrolling stay where they are; without script the page is reloaded by hand.
const live = document.getElementById('federated-live');
const every = 3000;

async function refresh() {
  const response = await fetch(window.location.pathname, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
  if (!response.ok) return false;
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  const next = page.getElementById('federated-live');
  if (!next) return false;
  if (next.innerHTML !== live.innerHTML) live.innerHTML = next.innerHTML;
  live.dataset.ended = next.dataset.ended;
  return next.dataset.ended !== 'true';
}

async function loop() {
  let goOn = true;
  try {
    goOn = await refresh();
  } catch {
    // A network hiccup: try again at the next tick.
  }
  if (goOn) setTimeout(loop, every);
}

if (live && live.dataset.ended !== 'true') {
  setTimeout(loop, every);
}
