#!/usr/bin/env node
// Drives a DICOMweb root with dicomweb-client (the client OHIF and Slim use) as a viewer would:
// STOW-RS the files, find them with QIDO-RS matching keys, read WADO-RS metadata at every level,
// frames (uncompressed, and as stored), the pixel data's BulkDataURI and each instance.
// Usage: DICOMWEB_TOKEN=... node check.mjs DICOMWEB_ROOT FILE...
// Prints one JSON summary on stdout; exits 1 (reason on stderr) when a call fails, so a test can
// compare the summary with what it knows of the files.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import XMLHttpRequest from "xhr2";
import dicomweb from "dicomweb-client";

// dicomweb-client is written for browsers; xhr2 gives it XMLHttpRequest over node:http.
globalThis.XMLHttpRequest = XMLHttpRequest;

const [url, ...files] = process.argv.slice(2);
if (!url || files.length === 0) {
  console.error("usage: DICOMWEB_TOKEN=... node check.mjs DICOMWEB_ROOT FILE...");
  process.exit(2);
}

const token = process.env.DICOMWEB_TOKEN;
const client = new dicomweb.api.DICOMwebClient({
  url,
  headers: token ? { Authorization: `Bearer ${token}` } : {},
  verbose: false,
});

const uncompressed = new Set(["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"]);
const value = (attributes, tag) => attributes?.[tag]?.Value?.[0];
const values = (attributes, tag) => attributes?.[tag]?.Value ?? [];
const sha256 = (buffer) => createHash("sha256").update(new Uint8Array(buffer)).digest("hex");
const frame = (part) => ({ byteLength: part.byteLength, contentType: part.contentType ?? null, transferSyntaxUid: part.transferSyntaxUID ?? null });

async function step(name, call) {
  try {
    return await call();
  } catch (error) {
    const detail = error.status ? `HTTP ${error.status}: ${error.response ? Buffer.from(error.response).toString() : ""}` : error.stack;
    throw new Error(`${name} failed: ${detail}`);
  }
}

async function main() {
  // The client sends the files as ArrayBuffers in one multipart/related; type="application/dicom" body.
  const datasets = files.map((file) => {
    const bytes = readFileSync(file);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  });
  const stowText = await step("storeInstances", () => client.storeInstances({ datasets }));
  const stow = JSON.parse(typeof stowText === "string" ? stowText : Buffer.from(stowText).toString());
  const summary = {
    stow: {
      referenced: values(stow, "00081199").map((item) => value(item, "00081155")),
      retrieveUrls: values(stow, "00081199").map((item) => value(item, "00081190")),
      failed: values(stow, "00081198").length,
    },
    studies: {},
    series: {},
    instances: {},
  };

  for (const sop of summary.stow.referenced) {
    // Instance level QIDO over the whole root, matched by SOP Instance UID, names its study and series.
    const [found, ...more] = await step("searchForInstances(SOPInstanceUID)", () => client.searchForInstances({ queryParams: { SOPInstanceUID: sop } }));
    if (!found || more.length > 0) throw new Error(`searchForInstances(SOPInstanceUID=${sop}) found ${more.length + (found ? 1 : 0)} instances`);
    const study = value(found, "0020000D");
    const series = value(found, "0020000E");
    const ids = { studyInstanceUID: study, seriesInstanceUID: series, sopInstanceUID: sop };

    const [metadata] = await step("retrieveInstanceMetadata", () => client.retrieveInstanceMetadata(ids));
    const transferSyntax = value(metadata, "00083002");
    const numberOfFrames = Number(value(metadata, "00280008") ?? 1);
    const frameNumbers = Array.from({ length: numberOfFrames }, (_, i) => i + 1);
    const instance = {
      study,
      series,
      sopClassUid: value(metadata, "00080016"),
      transferSyntaxUid: transferSyntax,
      rows: value(metadata, "00280010"),
      columns: value(metadata, "00280011"),
      samplesPerPixel: value(metadata, "00280002"),
      bitsAllocated: value(metadata, "00280100"),
      numberOfFrames,
    };

    // Frames as a viewer asks for them: uncompressed (the default Accept), and as stored (transfer-syntax=*).
    if (uncompressed.has(transferSyntax)) {
      instance.frames = (await step("retrieveInstanceFrames", () => client.retrieveInstanceFrames({ ...ids, frameNumbers }))).map(frame);
    }

    const asStored = await step("retrieveInstanceFrames(transfer-syntax=*)", () =>
      client.retrieveInstanceFrames({ ...ids, frameNumbers, mediaTypes: [{ mediaType: "application/octet-stream", transferSyntaxUID: "*" }] }));
    instance.framesAsStored = asStored.map(frame);

    const bulkDataUri = metadata?.["7FE00010"]?.BulkDataURI;
    if (bulkDataUri) {
      // Compressed pixel data is only served as stored (the server does not decode), so a viewer asks with transfer-syntax=*.
      const mediaTypes = uncompressed.has(transferSyntax) ? undefined : [{ mediaType: "application/octet-stream", transferSyntaxUID: "*" }];
      const bulk = await step("retrieveBulkData", () => client.retrieveBulkData({ BulkDataURI: bulkDataUri, mediaTypes }));
      instance.pixelDataBulkParts = bulk.map((part) => part.byteLength);
    }

    const file = await step("retrieveInstance", () => client.retrieveInstance(ids));
    instance.retrievedSha256 = sha256(file);
    summary.instances[sop] = instance;

    summary.studies[study] ??= { series: [] };
    summary.series[series] ??= { study, instances: [] };
    if (!summary.studies[study].series.includes(series)) summary.studies[study].series.push(series);
    summary.series[series].instances.push(sop);
  }

  for (const [study, entry] of Object.entries(summary.studies)) {
    const found = await step("searchForStudies(StudyInstanceUID)", () => client.searchForStudies({ queryParams: { StudyInstanceUID: study } }));
    if (found.length !== 1) throw new Error(`searchForStudies(StudyInstanceUID=${study}) found ${found.length} studies`);
    const patientId = value(found[0], "00100020");
    const modalities = values(found[0], "00080061");
    entry.patientId = patientId;
    entry.modalitiesInStudy = modalities;
    entry.numberOfStudyRelatedSeries = Number(value(found[0], "00201206"));
    entry.numberOfStudyRelatedInstances = Number(value(found[0], "00201208"));
    // Matching by patient and modality (a wildcard and a list) finds the study again.
    const byPatient = await step("searchForStudies(PatientID)", () =>
      client.searchForStudies({ queryParams: { PatientID: `${patientId.slice(0, -1)}*`, ModalitiesInStudy: modalities.join(",") } }));
    entry.foundByPatientIdAndModality = byPatient.some((s) => value(s, "0020000D") === study);
    entry.metadataInstances = (await step("retrieveStudyMetadata", () => client.retrieveStudyMetadata({ studyInstanceUID: study }))).length;
    const seriesFound = await step("searchForSeries", () => client.searchForSeries({ studyInstanceUID: study }));
    entry.seriesFound = seriesFound.map((s) => value(s, "0020000E")).sort();
  }

  for (const [series, entry] of Object.entries(summary.series)) {
    const ids = { studyInstanceUID: entry.study, seriesInstanceUID: series };
    const found = await step("searchForSeries(SeriesInstanceUID)", () =>
      client.searchForSeries({ studyInstanceUID: entry.study, queryParams: { SeriesInstanceUID: series } }));
    if (found.length !== 1) throw new Error(`searchForSeries(SeriesInstanceUID=${series}) found ${found.length} series`);
    entry.modality = value(found[0], "00080060");
    entry.numberOfSeriesRelatedInstances = Number(value(found[0], "00201209"));
    const byModality = await step("searchForSeries(Modality)", () => client.searchForSeries({ queryParams: { Modality: entry.modality } }));
    entry.foundByModality = byModality.some((s) => value(s, "0020000E") === series);
    entry.instancesFound = (await step("searchForInstances", () => client.searchForInstances(ids))).map((i) => value(i, "00080018")).sort();
    entry.metadataInstances = (await step("retrieveSeriesMetadata", () => client.retrieveSeriesMetadata(ids))).map((m) => value(m, "00080018")).sort();
    entry.instances.sort();
  }

  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
