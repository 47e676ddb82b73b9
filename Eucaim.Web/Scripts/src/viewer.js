// The series viewer: reads a series through the portal's relay to the API's DICOMweb endpoints (WADO-RS
// metadata, then each slice's frame as uncompressed little-endian pixels), applies the modality rescale and
// the window (PS3.3 C.11.2.1.2, linear) itself and draws on a 2D canvas. No WebGL, wasm or workers: the
// portal's CSP stays as it is and it runs wherever a canvas does. Frames stored compressed are refused by
// the API (406, it does not transcode) and the page says so.

const root = document.getElementById('viewer');
if (root) {
  start(root);
}

const EXPLICIT_LE = '1.2.840.10008.1.2.1';

function start(root) {
  const base = `/relay/dicomweb/datasets/${root.dataset.dataset}/studies/${root.dataset.study}/series/${root.dataset.series}`;
  const canvas = document.getElementById('viewer-canvas');
  // Every change is a putImageData of pixels computed here: a canvas kept in memory (not on the GPU) suits that.
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const slider = document.getElementById('viewer-slice');
  const sliceNumber = document.getElementById('viewer-slice-number');
  const centerInput = document.getElementById('viewer-center');
  const widthInput = document.getElementById('viewer-width');
  const presets = [...document.querySelectorAll('#viewer-presets button')];
  const status = document.getElementById('viewer-status');
  const problem = document.getElementById('viewer-problem');

  let slices = [];
  let current = 0;
  let window_ = null; // { center, width }
  let defaultWindow = null;
  let colour = false;
  const cache = new Map();

  status.textContent = 'Loading the series…';
  load().catch((error) => fail(error));

  async function load() {
    const answer = await fetch(`${base}/metadata`, { headers: { Accept: 'application/dicom+json' } });
    if (!answer.ok) {
      throw await refusal(answer);
    }

    const instances = await answer.json();
    slices = order(instances).flatMap((i) => Array.from({ length: i.frames }, (_, f) => ({ instance: i, frame: f + 1 })));
    if (slices.length === 0) {
      throw new Shown('Nothing to show.', 'The series holds no images.');
    }

    const first = slices[0].instance;
    const unsupported = unsupportedReason(first);
    if (unsupported) {
      throw new Shown('This series cannot be shown here.', unsupported);
    }

    colour = first.samples === 3;
    canvas.width = first.columns;
    canvas.height = first.rows;
    slider.max = String(slices.length);
    const pixels = await frame(0);
    defaultWindow = first.window ?? rangeOf(pixels);
    window_ = { ...defaultWindow };
    enable();
    await show(0);
    status.textContent = colour
      ? `Colour images: shown as stored, without a window. ${slices.length} slice(s).`
      : `${slices.length} slice(s). Scroll, drag or use the keys to explore.`;
    prefetch();
  }

  function enable() {
    slider.disabled = false;
    for (const control of [centerInput, widthInput, ...presets]) {
      control.disabled = colour;
    }
    showWindow();

    slider.addEventListener('input', () => show(Number(slider.value) - 1));
    canvas.addEventListener('wheel', (event) => {
      event.preventDefault();
      if (event.deltaY !== 0) {
        show(current + Math.sign(event.deltaY));
      }
    }, { passive: false });
    canvas.addEventListener('keydown', (event) => {
      const steps = { ArrowUp: -1, ArrowLeft: -1, ArrowDown: 1, ArrowRight: 1, PageUp: -10, PageDown: 10 };
      if (event.key in steps) {
        show(current + steps[event.key]);
      } else if (event.key === 'Home') {
        show(0);
      } else if (event.key === 'End') {
        show(slices.length - 1);
      } else {
        return;
      }
      event.preventDefault();
    });

    // Dragging changes the window as radiology viewers do: sideways the width, up and down the centre.
    let drag = null;
    canvas.addEventListener('pointerdown', (event) => {
      if (colour) {
        return;
      }
      canvas.setPointerCapture(event.pointerId);
      drag = { x: event.clientX, y: event.clientY, start: { ...window_ }, step: Math.max(1, defaultWindow.width / 256) };
    });
    canvas.addEventListener('pointermove', (event) => {
      if (drag) {
        setWindow(drag.start.center + (event.clientY - drag.y) * drag.step, drag.start.width + (event.clientX - drag.x) * drag.step);
      }
    });
    const end = () => { drag = null; };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);

    for (const input of [centerInput, widthInput]) {
      input.addEventListener('input', () => {
        const center = centerInput.valueAsNumber;
        const width = widthInput.valueAsNumber;
        if (Number.isFinite(center) && Number.isFinite(width) && width >= 1) {
          window_ = { center, width };
          markPreset();
          draw();
        }
      });
    }
    for (const preset of presets) {
      preset.addEventListener('click', () => {
        const center = preset.dataset.center === '' ? defaultWindow.center : Number(preset.dataset.center);
        const width = preset.dataset.width === '' ? defaultWindow.width : Number(preset.dataset.width);
        setWindow(center, width);
      });
    }
  }

  function setWindow(center, width) {
    window_ = { center: Math.round(center), width: Math.max(1, Math.round(width)) };
    showWindow();
    draw();
  }

  function showWindow() {
    centerInput.value = String(window_.center);
    widthInput.value = String(window_.width);
    markPreset();
  }

  function markPreset() {
    for (const preset of presets) {
      const center = preset.dataset.center === '' ? defaultWindow.center : Number(preset.dataset.center);
      const width = preset.dataset.width === '' ? defaultWindow.width : Number(preset.dataset.width);
      preset.setAttribute('aria-pressed', String(!colour && center === window_.center && width === window_.width));
    }
  }

  async function show(index) {
    current = Math.min(slices.length - 1, Math.max(0, index));
    slider.value = String(current + 1);
    sliceNumber.textContent = `Slice ${current + 1} of ${slices.length}`;
    const wanted = current;
    try {
      await frame(wanted);
    } catch (error) {
      fail(error);
      return;
    }
    if (wanted === current) {
      draw();
    }
  }

  function draw() {
    const pixels = cache.get(current)?.value;
    if (!pixels) {
      return;
    }
    const { columns, rows, photometric } = slices[current].instance;
    const image = context.createImageData(columns, rows);
    const out = image.data;
    if (colour) {
      for (let p = 0, n = columns * rows; p < n; p++) {
        out[p * 4] = pixels[p * 3];
        out[p * 4 + 1] = pixels[p * 3 + 1];
        out[p * 4 + 2] = pixels[p * 3 + 2];
        out[p * 4 + 3] = 255;
      }
    } else {
      // PS3.3 C.11.2.1.2.1: the linear VOI function; MONOCHROME1 shows low values bright.
      const { center, width } = window_;
      const low = center - 0.5 - (width - 1) / 2;
      const high = center - 0.5 + (width - 1) / 2;
      const invert = photometric === 'MONOCHROME1';
      for (let p = 0, n = pixels.length; p < n; p++) {
        const v = pixels[p];
        let grey = v <= low ? 0 : v > high ? 255 : ((v - (center - 0.5)) / (width - 1) + 0.5) * 255;
        grey = invert ? 255 - grey : grey;
        out[p * 4] = out[p * 4 + 1] = out[p * 4 + 2] = grey;
        out[p * 4 + 3] = 255;
      }
    }
    context.putImageData(image, 0, 0);
    // What is on the canvas now, for assistive summaries and the portal's tests.
    canvas.dataset.slice = String(current + 1);
    canvas.dataset.window = colour ? '' : `${window_.center}/${window_.width}`;
  }

  // One slice's pixels: modality values (rescaled) for greyscale, 8-bit samples for colour. Asked once, kept.
  function frame(index) {
    let entry = cache.get(index);
    if (!entry) {
      entry = { promise: fetchFrame(slices[index]) };
      entry.promise.then((value) => { entry.value = value; }, () => cache.delete(index));
      cache.set(index, entry);
    }
    return entry.promise;
  }

  async function fetchFrame({ instance, frame: number }) {
    const answer = await fetch(`${base}/instances/${instance.uid}/frames/${number}`, {
      headers: { Accept: `multipart/related; type="application/octet-stream"; transfer-syntax=${EXPLICIT_LE}` },
    });
    if (!answer.ok) {
      throw await refusal(answer);
    }
    const bytes = firstPart(new Uint8Array(await answer.arrayBuffer()), answer.headers.get('Content-Type') ?? '');
    return instance.samples === 3 ? bytes : modality(bytes, instance);
  }

  // Loads the other slices in the background, a few at a time, so scrolling is immediate.
  async function prefetch() {
    let next = 0;
    let loaded = 0;
    const worker = async () => {
      while (next < slices.length) {
        const index = next++;
        try {
          await frame(index);
        } catch {
          return; // the slice's own show() reports it when asked
        }
        loaded++;
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    if (loaded === slices.length) {
      status.textContent += ' All slices loaded.';
    }
  }

  function fail(error) {
    const shown = error instanceof Shown ? error : new Shown('The series could not be shown.', String(error?.message ?? error));
    problem.replaceChildren(heading(shown.title), paragraph(shown.detail));
    problem.hidden = false;
    status.textContent = '';
    sliceNumber.textContent = '';
  }
}

class Shown extends Error {
  constructor(title, detail) {
    super(detail);
    this.title = title;
    this.detail = detail;
  }
}

// The API's refusal in words (its problem document), with what it means for the viewer.
async function refusal(answer) {
  let title = answer.statusText;
  let detail = '';
  if ((answer.headers.get('Content-Type') ?? '').startsWith('application/problem+json')) {
    const problem = await answer.json();
    title = problem.title ?? title;
    detail = problem.detail ?? '';
  }
  switch (answer.status) {
    case 401:
      return new Shown('Your session has ended.', 'Sign in again to view the series.');
    case 403:
    case 404:
      return new Shown('You may not view this series.', `${title} ${detail}`.trim());
    case 406:
      return new Shown('This series cannot be shown in the browser.',
        `Its frames are stored compressed and the platform does not decode them for the viewer. ${detail}`.trim());
    default:
      return new Shown(`The platform answered ${answer.status}.`, `${title} ${detail}`.trim());
  }
}

// WADO-RS metadata (DICOM JSON) to what drawing needs, one entry per instance.
function describe(json) {
  const value = (tag) => json[tag]?.Value?.[0];
  const values = (tag) => json[tag]?.Value ?? [];
  const number = (tag) => (value(tag) === undefined ? undefined : Number(value(tag)));
  const center = number('00281050');
  const width = number('00281051');
  return {
    uid: value('00080018'),
    number: number('00200013'),
    position: values('00200032').map(Number),
    orientation: values('00200037').map(Number),
    frames: Math.max(1, number('00280008') ?? 1),
    rows: number('00280010'),
    columns: number('00280011'),
    samples: number('00280002') ?? 1,
    photometric: String(value('00280004') ?? 'MONOCHROME2').trim(),
    bitsAllocated: number('00280100'),
    bitsStored: number('00280101') ?? number('00280100'),
    signed: number('00280103') === 1,
    planar: number('00280006') === 1,
    slope: number('00281053') ?? 1,
    intercept: number('00281052') ?? 0,
    window: Number.isFinite(center) && Number.isFinite(width) && width >= 1 ? { center, width } : null,
  };
}

// Slices in space when every instance says where it is (along the normal of its orientation), else by number.
function order(json) {
  const instances = json.map(describe).filter((i) => i.uid && i.rows && i.columns);
  const located = instances.every((i) => i.position.length === 3 && i.orientation.length === 6);
  if (located && instances.length > 1) {
    const [a, b, c, d, e, f] = instances[0].orientation;
    const normal = [b * f - c * e, c * d - a * f, a * e - b * d];
    const along = (i) => i.position[0] * normal[0] + i.position[1] * normal[1] + i.position[2] * normal[2];
    // Head first: the highest position along the normal (superior for axial slices) is slice 1.
    return instances.sort((x, y) => along(y) - along(x));
  }
  return instances.sort((x, y) => (x.number ?? 0) - (y.number ?? 0));
}

function unsupportedReason(i) {
  if (i.samples === 1 && ['MONOCHROME1', 'MONOCHROME2'].includes(i.photometric) && [8, 16].includes(i.bitsAllocated)) {
    return null;
  }
  if (i.samples === 3 && i.photometric === 'RGB' && i.bitsAllocated === 8) {
    return null;
  }
  return `The viewer shows MONOCHROME1/2 images of 8 or 16 bits and RGB images of 8 bits; this series is ${i.photometric}, ${i.samples} sample(s) of ${i.bitsAllocated} bits.`;
}

// The body of the first part of a multipart/related answer (PS3.18 8.7.1.1.3).
function firstPart(bytes, contentType) {
  const match = /boundary="?([^";]+)"?/i.exec(contentType);
  if (!match) {
    return bytes; // a single-part answer is the frame itself
  }
  const delimiter = new TextEncoder().encode(`--${match[1]}`);
  const start = indexOf(bytes, delimiter, 0);
  const headersEnd = indexOf(bytes, new Uint8Array([13, 10, 13, 10]), start);
  if (start < 0 || headersEnd < 0) {
    throw new Shown('The series could not be read.', 'The frame answer is not a multipart message.');
  }
  const bodyStart = headersEnd + 4;
  const end = indexOf(bytes, new Uint8Array([13, 10, ...delimiter]), bodyStart);
  return bytes.subarray(bodyStart, end < 0 ? bytes.length : end);
}

function indexOf(bytes, pattern, from) {
  outer: for (let i = Math.max(0, from); i <= bytes.length - pattern.length; i++) {
    for (let j = 0; j < pattern.length; j++) {
      if (bytes[i + j] !== pattern[j]) {
        continue outer;
      }
    }
    return i;
  }
  return -1;
}

// Stored values to modality values (PS3.3 C.11.1.1.2): bits stored, sign, then slope and intercept.
function modality(bytes, i) {
  const count = i.rows * i.columns;
  const values = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mask = i.bitsStored >= 32 ? 0xffffffff : (1 << i.bitsStored) - 1;
  const signBit = 1 << (i.bitsStored - 1);
  const wide = i.bitsAllocated === 16;
  for (let p = 0; p < count; p++) {
    let raw = (wide ? view.getUint16(p * 2, true) : bytes[p]) & mask;
    if (i.signed && raw & signBit) {
      raw -= 1 << i.bitsStored;
    }
    values[p] = raw * i.slope + i.intercept;
  }
  return values;
}

function rangeOf(pixels) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of pixels) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { center: Math.round((min + max) / 2), width: Math.max(2, Math.round(max - min + 1)) };
}

function heading(text) {
  const h = document.createElement('h2');
  h.textContent = text;
  return h;
}

function paragraph(text) {
  const p = document.createElement('p');
  p.textContent = text;
  return p;
}
