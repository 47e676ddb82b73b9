// Follows an ingest live: the API's server-sent events through the portal's relay update the
// progress; when the report is final the page is reloaded, so the server renders the report.
const root = document.getElementById('ingest');
if (root && root.dataset.final !== 'true') {
  const id = root.dataset.ingest;
  const state = document.getElementById('ingest-state');
  const files = document.getElementById('ingest-files');
  const progress = document.getElementById('ingest-progress');
  const events = new EventSource(`/relay/api/ingests/${id}/events`);
  events.addEventListener('progress', (event) => {
    const p = JSON.parse(event.data);
    state.textContent = p.state;
    const total = p.filesTotal ?? '?';
    files.textContent = `${p.filesDone} of ${total} done (${p.stored} stored, ${p.duplicates} duplicates, ${p.rejected} rejected)`;
    if (p.filesTotal) {
      const percent = Math.floor((100 * p.filesDone) / p.filesTotal);
      progress.value = percent;
      progress.textContent = `${percent}%`;
    }
  });
  const final = () => {
    events.close();
    window.location.reload();
  };
  events.addEventListener('completed', final);
  events.addEventListener('failed', final);
}
