// The job page, live: the state, queue position and estimated start are read again every two
// seconds, and the log follows the API's server-sent events, both through the portal's relay. When
// the job ends the page reloads, so the archived log and the outputs are rendered by the server.
const facts = document.getElementById('job-facts');
const log = document.getElementById('job-log');

const when = (value) => (value ? `${value.replace('T', ' ').replace(/\.\d+/, '').replace(/(Z|\+00:00)$/, '')} UTC` : '—');

function show(job) {
  const set = (id, text) => {
    const element = document.getElementById(id);
    if (element && element.textContent !== text) element.textContent = text;
  };
  set('job-status', job.status);
  set('job-reason', job.reason ?? '');
  set('job-position', job.position == null ? '—' : String(job.position));
  set('job-estimated-start', when(job.estimatedStartAt));
  set('job-started', when(job.startedAt));
  set('job-finished', when(job.finishedAt));
  set('job-exit-code', job.exitCode == null ? '—' : String(job.exitCode));
}

async function refresh(id) {
  const response = await fetch(`/relay/api/jobs/${id}`, { headers: { Accept: 'application/json' } });
  if (!response.ok) return null;
  const job = await response.json();
  show(job);
  return job;
}

function follow(id, onEnd) {
  let first = true;
  const events = new EventSource(`/relay/api/jobs/${id}/logs?follow=true`);
  // The stream starts from the first line: it replaces what the server rendered. Reconnects resume
  // where they stopped (the browser sends Last-Event-ID), so only the first opening clears.
  events.addEventListener('open', () => {
    if (first) {
      log.textContent = '';
      first = false;
    }
  });
  events.addEventListener('log', (event) => {
    log.append(event.data);
    log.scrollTop = log.scrollHeight;
  });
  events.addEventListener('end', () => {
    events.close();
    onEnd();
  });
}

if (facts && log && facts.dataset.ended !== 'true') {
  const id = facts.dataset.job;
  let ended = false;
  const finish = async () => {
    if (ended) return;
    ended = true;
    await refresh(id).catch(() => null);
    // The server renders the ended job: archived log, outputs and the export form.
    window.location.replace(window.location.pathname);
  };
  const timer = setInterval(async () => {
    const job = await refresh(id).catch(() => null);
    if (job && ['Succeeded', 'Failed', 'Cancelled', 'TimedOut'].includes(job.status) && job.logsArchived) {
      clearInterval(timer);
      finish();
    }
  }, 2000);
  follow(id, () => {
    clearInterval(timer);
    finish();
  });
}
