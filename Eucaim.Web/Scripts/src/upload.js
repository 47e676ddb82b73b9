// Resumable upload of a folder, zip archive or DICOM file into a dataset's draft: tus through the
// portal's relay (the server adds the person's token). tus-js-client retries a dropped chunk, and
// when the browser goes offline it stops; we start it again once the browser is back online, from
// the offset the server has. The upload's address is kept in localStorage (tus fingerprint), so
// after a reload the same file, chosen again, resumes instead of starting over.
import * as tus from 'tus-js-client';
import { packStored } from './lib/stored-zip.js';

const root = document.getElementById('uploader');
const dataset = root.dataset.dataset;
const fileInput = document.getElementById('upload-file');
const folderInput = document.getElementById('upload-folder');
const startButton = document.getElementById('upload-start');
const pauseButton = document.getElementById('upload-pause');
const progress = document.getElementById('upload-progress');
const status = document.getElementById('upload-status');
const resumeHint = document.getElementById('upload-resume');

const relayHeaders = { 'X-Eucaim-Relay': '1' };
let upload = null;
let offlineStop = false;

function say(text) {
  status.textContent = text;
}

function showProgress(sent, total) {
  const percent = total > 0 ? Math.floor((sent / total) * 100) : 0;
  progress.value = percent;
  progress.textContent = `${percent}%`;
  progress.dataset.percent = String(percent);
  return percent;
}

function megabytes(bytes) {
  return (bytes / (1024 * 1024)).toFixed(1);
}

// The fingerprint names the dataset and what was chosen (names, sizes, dates), so the same
// folder packs to the same archive and finds its earlier upload.
function fingerprintOf(name, files) {
  const parts = files.map(({ name: n, file }) => `${n}:${file.size}:${file.lastModified}`).join('|');
  return `eucaim-upload:${dataset}:${name}:${parts}`;
}

async function chosen() {
  if (folderInput.files.length > 0) {
    const files = [...folderInput.files]
      .filter((f) => !f.name.startsWith('.'))
      .map((file) => ({ name: file.webkitRelativePath || file.name, file }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const folder = files[0]?.name.split('/')[0] || 'folder';
    return { name: `${folder}.zip`, files, fingerprint: fingerprintOf(`${folder}.zip`, files) };
  }
  if (fileInput.files.length > 0) {
    const file = fileInput.files[0];
    return { name: file.name, files: [{ name: file.name, file }], single: file, fingerprint: fingerprintOf(file.name, [{ name: file.name, file }]) };
  }
  return null;
}

async function start() {
  const choice = await chosen();
  if (!choice) return;
  startButton.disabled = true;
  fileInput.disabled = true;
  folderInput.disabled = true;
  let blob = choice.single;
  if (!blob) {
    try {
      blob = await packStored(choice.files, (i, n) => say(`Packing the folder: file ${i + 1} of ${n}…`));
    } catch (error) {
      say(error.message);
      startButton.disabled = false;
      return;
    }
  }

  upload = new tus.Upload(blob, {
    endpoint: '/relay/api/uploads',
    headers: relayHeaders,
    chunkSize: 1024 * 1024,
    retryDelays: [0, 1000, 3000, 5000, 10000],
    metadata: { dataset, filename: choice.name },
    fingerprint: () => Promise.resolve(choice.fingerprint),
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    onProgress(sent, total) {
      const percent = showProgress(sent, total);
      say(`Uploading ${choice.name}: ${percent}% (${megabytes(sent)} of ${megabytes(total)} MB).`);
    },
    onError(error) {
      if (!navigator.onLine) {
        offlineStop = true;
        say(`The connection was lost at ${progress.value}%. The upload goes on by itself when you are back online.`);
        return;
      }
      say(`The upload stopped: ${describe(error)} Choose the same file again to resume.`);
      fileInput.disabled = false;
      folderInput.disabled = false;
      startButton.disabled = false;
    },
    async onSuccess() {
      pauseButton.hidden = true;
      showProgress(1, 1);
      say(`Uploaded ${choice.name}. Opening the ingest report…`);
      const answer = await fetch(upload.url, { headers: { Accept: 'application/json' } });
      const state = answer.ok ? await answer.json() : null;
      if (state?.ingestId) {
        window.location.assign(`/ingests/${state.ingestId}`);
      } else {
        say(`Uploaded ${choice.name}. Its ingest is listed on the dataset's page.`);
      }
    },
  });

  const previous = await upload.findPreviousUploads();
  if (previous.length > 0) {
    upload.resumeFromPreviousUpload(previous[0]);
    say(`Resuming the earlier upload of ${choice.name}…`);
  } else {
    say(`Starting the upload of ${choice.name}…`);
  }
  pauseButton.hidden = false;
  upload.start();
}

function describe(error) {
  const status = error.originalResponse?.getStatus?.();
  const body = error.originalResponse?.getBody?.();
  if (body) {
    try {
      const problem = JSON.parse(body);
      return `${problem.title ?? ''} ${problem.detail ?? ''}`.trim();
    } catch {
      // not a problem document: fall through to the status
    }
  }
  return status ? `the server answered ${status}.` : 'the connection failed.';
}

window.addEventListener('online', () => {
  if (upload && offlineStop) {
    offlineStop = false;
    say('Back online: resuming the upload…');
    upload.start();
  }
});

pauseButton.addEventListener('click', () => {
  if (!upload) return;
  if (pauseButton.textContent === 'Pause') {
    upload.abort();
    pauseButton.textContent = 'Resume';
    say(`Paused at ${progress.value}%.`);
  } else {
    pauseButton.textContent = 'Pause';
    upload.start();
  }
});

for (const input of [fileInput, folderInput]) {
  input.addEventListener('change', () => {
    (input === fileInput ? folderInput : fileInput).value = '';
    startButton.disabled = input.files.length === 0;
  });
}
startButton.addEventListener('click', () => {
  start();
});

// After a reload: say which uploads into this draft were left unfinished, so the person chooses
// the same file again (a browser cannot reopen a file by itself).
(async () => {
  const all = await tus.defaultOptions.urlStorage.findAllUploads();
  const mine = all.filter((u) => u.urlStorageKey?.includes(`eucaim-upload:${dataset}:`));
  if (mine.length === 0) return;
  const names = mine.map((u) => u.metadata?.filename).filter(Boolean);
  resumeHint.textContent = `An upload into this draft was interrupted (${names.join(', ')}). Choose the same file or folder again to resume it where it stopped.`;
  resumeHint.hidden = false;
})();
