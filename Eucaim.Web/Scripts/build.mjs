// Bundles each src/<name>.js into ../wwwroot/js/<name>.js (ES modules, minified, with source maps).
// Run by Eucaim.Web's build (target BundlePortalScripts) whenever a source or the lock file changed.
import { readdir, rm, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '..', 'wwwroot', 'js');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error("portal scripts: esbuild is missing; run 'npm ci --prefix Eucaim.Web/Scripts' (./dev does it for you)");
  process.exit(1);
}

// A fresh clone has no src/ until a page has a script (git keeps no empty folder): then there is nothing to bundle.
const sources = await readdir(path.join(here, 'src'), { withFileTypes: true }).catch((e) => (e.code === 'ENOENT' ? [] : Promise.reject(e)));
const entries = sources
  .filter((e) => e.isFile() && e.name.endsWith('.js'))
  .map((e) => path.join(here, 'src', e.name));

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
if (entries.length > 0) {
  await esbuild.build({
    entryPoints: entries,
    outdir: out,
    bundle: true,
    format: 'esm',
    splitting: true, // shared code between pages is loaded once
    minify: true,
    sourcemap: 'linked',
    target: ['chrome120', 'firefox120', 'safari17'],
    logLevel: 'warning',
  });
}
// The build target's output marker: newer than every input once the bundles are written.
await writeFile(path.join(out, '.bundled'), `${new Date().toISOString()}\n`);
