// Eucaim dev OpenID provider: a local stand-in for Life Science Login (LS Login).
// DEVELOPMENT ONLY. Start: `npm ci && node server.mjs` with PORT, ISSUER, OIDC_STATE_DIR
// and API_AUDIENCE set (see README.md).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function fail(line, code = 1) {
  console.error(`dev-oidc: ${line}`);
  process.exit(code);
}

function readEnv() {
  const rawPort = process.env.PORT;
  if (!rawPort) fail('PORT is not set; set PORT to the port to listen on (e.g. PORT=5100)', 2);
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT=${rawPort} is not a valid port; set PORT to a number from 1 to 65535`, 2);

  const issuer = process.env.ISSUER || `http://localhost:${port}`;
  const issuerUrl = URL.parse(issuer);
  if (!issuerUrl || !['http:', 'https:'].includes(issuerUrl.protocol) || issuerUrl.search || issuerUrl.hash) {
    fail(`ISSUER=${issuer} is not a valid issuer; set ISSUER to an http(s) URL without query or fragment, e.g. http://localhost:${port}`, 2);
  }

  const apiAudience = process.env.API_AUDIENCE || 'urn:eucaim:api';
  const audienceUrl = URL.parse(apiAudience);
  if (!audienceUrl || apiAudience.includes('#')) fail(`API_AUDIENCE=${apiAudience} is not an absolute URI without fragment; set e.g. API_AUDIENCE=urn:eucaim:api`, 2);

  const rawTtl = process.env.ACCESS_TOKEN_TTL || '3600';
  const accessTokenTtl = Number(rawTtl);
  if (!Number.isInteger(accessTokenTtl) || accessTokenTtl < 1) fail(`ACCESS_TOKEN_TTL=${rawTtl} is not a positive number of seconds`, 2);

  return {
    port,
    host: process.env.HOST || undefined,
    issuer,
    apiAudience,
    accessTokenTtl,
    stateDir: path.resolve(process.env.OIDC_STATE_DIR || path.join(here, '..', '..', '.local', 'dev-oidc')),
  };
}

const config = readEnv();

// oidc-provider 9 warns on every start that it prefers Node 22 LTS; it runs fine on the
// Node 20.19+ the project uses, so that warning becomes one quiet info line after start.
let app;
let runtimeNote;
const { warn } = console;
console.warn = (first, ...rest) => {
  if (typeof first === 'string' && first.includes('Unsupported runtime')) {
    runtimeNote = `oidc-provider prefers Node.js 22 LTS; running on ${process.version}`;
    return;
  }
  warn(first, ...rest);
};
try {
  app = await import('./lib/app.mjs');
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && /Cannot find package/.test(err.message)) {
    fail("dependencies missing; run 'npm ci' in tools/dev-oidc");
  }
  throw err;
} finally {
  console.warn = warn;
}

let server;
try {
  server = await app.start(config);
} catch (err) {
  if (err instanceof app.StartupError) fail(err.message);
  if (err?.code === 'EADDRINUSE') fail(`port ${config.port} is in use; stop the other process or set PORT`);
  if (err?.code === 'EACCES') fail(`not allowed to listen on port ${config.port}; choose another port with PORT`);
  if (err?.code === 'EADDRNOTAVAIL') fail(`cannot listen on HOST=${config.host}; unset HOST or use an address of this machine`);
  fail(`cannot start: ${err?.message ?? err}`);
}

if (runtimeNote) console.log(`info: ${runtimeNote}`);

let stopping = false;
function shutdown(signal) {
  if (stopping) process.exit(0); // second signal: leave at once
  stopping = true;
  console.log(`info: ${signal} received, shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
