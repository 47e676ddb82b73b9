#!/usr/bin/env node
// Validates Kubernetes manifests (YAML, multi-document, or JSON) against the Kubernetes OpenAPI
// schemas bundled in kubernetes-models. Usage: node validate.mjs FILE... (or - for stdin).
// Prints one line per object ("ok Kind/name" or "invalid Kind/name: reason") and exits 1 when any
// object is invalid or of an unknown apiVersion/kind, so a test can assert on both.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

async function modelFor(apiVersion, kind) {
  // "v1" lives at kubernetes-models/v1, "networking.k8s.io/v1" at kubernetes-models/networking.k8s.io/v1.
  try {
    const module = await import(`kubernetes-models/${apiVersion}`);
    return module[kind];
  } catch {
    return undefined;
  }
}

function describe(object) {
  return `${object?.kind ?? "?"}/${object?.metadata?.name ?? "?"}`;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE... (- for stdin)");
  process.exit(2);
}

let failures = 0;
let count = 0;
for (const file of files) {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  for (const object of yaml.loadAll(text)) {
    if (object === null || object === undefined) continue;
    count++;
    const Model = await modelFor(object.apiVersion, object.kind);
    if (!Model) {
      console.log(`invalid ${describe(object)}: unknown apiVersion/kind ${object.apiVersion}/${object.kind}`);
      failures++;
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`ok ${describe(object)}`);
    } catch (error) {
      console.log(`invalid ${describe(object)}: ${error.message.replaceAll("\n", " ")}`);
      failures++;
    }
  }
}

console.log(`${count} object(s), ${failures} invalid`);
process.exit(failures === 0 && count > 0 ? 0 : 1);
