// Packs files into one zip archive, stored (not compressed), as the CLI's `eucaim upload` packs a
// folder: DICOM barely compresses, and storing keeps the browser responsive. The archive is a Blob
// made of the files themselves between small headers, so nothing large is held in memory; each
// file is read once to compute its CRC-32, which the ingest's integrity check verifies.

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

async function crc32(file) {
  let crc = 0xffffffff;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (let i = 0; i < value.length; i++) crc = crcTable[(crc ^ value[i]) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// Zip without the Zip64 extension: 4 GiB in all. Larger folders go with the CLI, which splits them.
const MaxTotal = 0xffffffff;

/** files: [{ name, file }]; returns a Blob, or throws with a message for the person. */
export async function packStored(files, onFile) {
  const encoder = new TextEncoder();
  const parts = [];
  const central = [];
  let offset = 0;
  for (let i = 0; i < files.length; i++) {
    const { name, file } = files[i];
    onFile?.(i, files.length);
    const nameBytes = encoder.encode(name);
    const crc = await crc32(file);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true); // version needed
    local.setUint16(6, 0x0800, true); // names in UTF-8
    local.setUint16(8, 0, true); // stored
    local.setUint32(14, crc, true);
    local.setUint32(18, file.size, true);
    local.setUint32(22, file.size, true);
    local.setUint16(26, nameBytes.length, true);
    parts.push(local.buffer, nameBytes, file);

    const entry = new DataView(new ArrayBuffer(46));
    entry.setUint32(0, 0x02014b50, true);
    entry.setUint16(4, 20, true);
    entry.setUint16(6, 20, true);
    entry.setUint16(8, 0x0800, true);
    entry.setUint32(16, crc, true);
    entry.setUint32(20, file.size, true);
    entry.setUint32(24, file.size, true);
    entry.setUint16(28, nameBytes.length, true);
    entry.setUint32(42, offset, true);
    central.push(entry.buffer, nameBytes);

    offset += 30 + nameBytes.length + file.size;
    if (offset > MaxTotal) throw new Error('The folder is over 4 GiB: upload it with the command line (eucaim upload), which splits it into parts.');
  }
  const centralSize = central.reduce((n, p) => n + (p.byteLength ?? p.length), 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, files.length, true);
  end.setUint16(10, files.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  if (files.length > 0xffff) throw new Error('The folder has more than 65,535 files: upload it with the command line (eucaim upload).');
  return new Blob([...parts, ...central, end.buffer], { type: 'application/zip' });
}
