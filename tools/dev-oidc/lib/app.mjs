// Wires the provider, our own routes (sign-in pages, userinfo) and the HTTP server.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createInteractionHandlers } from './interactions.mjs';
import { loadOrCreateKeys, publicJwks, StartupError } from './keys.mjs';
import * as pages from './pages.mjs';
import { createProvider } from './provider.mjs';
import { createUserinfoHandler } from './userinfo.mjs';

export { StartupError };

const BASE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SUB_SHAPE = /^[0-9a-f]{40}@lifescience-ri\.eu$/;
const MAX_FORM_BYTES = 64 * 1024;

export const log = (line) => console.log(`info: ${line}`);
const warn = (line) => console.log(`warn: ${line}`);
const logError = (line) => console.error(`error: ${line}`);

async function readJson(name) {
  const file = path.join(BASE_DIR, name);
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new StartupError(`cannot read ${file} (${err.code ?? err.message}); restore it from git`);
  }
}

async function loadUsers() {
  const { users } = await readJson('users.json');
  if (!Array.isArray(users) || users.length === 0) throw new StartupError('users.json has no "users" array');
  for (const u of users) {
    if (!u.login || !SUB_SHAPE.test(u.sub ?? '') || !Array.isArray(u.eduperson_entitlement)) {
      throw new StartupError(`users.json: user "${u.login}" needs login, an LS Login-shaped sub (40 hex + @lifescience-ri.eu) and an eduperson_entitlement array`);
    }
  }
  return users;
}

// A client flagged with dev.originsFromEnvironment also accepts its redirect paths at the origins
// listed (comma-separated) in that variable: the AppHost passes the portal's address, whose port is
// random under the tests, the way an operator registers the portal's public URL at LS Login.
function withOriginsFromEnvironment(client, env) {
  const variable = client.dev?.originsFromEnvironment;
  if (!variable || !env[variable]) return client;
  const origins = env[variable].split(',').map((o) => o.trim()).filter(Boolean).map((origin) => {
    const url = URL.parse(origin);
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
      throw new StartupError(`${variable}: "${origin}" is not an http(s) origin, e.g. http://localhost:5090`);
    }
    return url.origin;
  });
  const rebase = (uris) => [...new Set([...(uris ?? []),
    ...(uris ?? []).flatMap((uri) => origins.map((origin) => `${origin}${new URL(uri).pathname}`))])];
  return {
    ...client,
    redirect_uris: rebase(client.redirect_uris),
    ...(client.post_logout_redirect_uris ? { post_logout_redirect_uris: rebase(client.post_logout_redirect_uris) } : {}),
  };
}

async function loadClients(env = process.env) {
  const { clients } = await readJson('clients.json');
  if (!Array.isArray(clients) || clients.length === 0) throw new StartupError('clients.json has no "clients" array');
  return clients.map((client) => withOriginsFromEnvironment(client, env));
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(new Error('form body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

function sendHtml(res, status, html) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(html));
  res.end(html);
}

// Drops the browser's provider session from this request and expires it in the browser.
function forgetSession(req, res, name, { expire = true } = {}) {
  const header = req.headers.cookie;
  if (!header) return;
  const names = new Set([name, `${name}.sig`]);
  const cookies = header.split(';').map((c) => c.trim()).filter(Boolean);
  const kept = cookies.filter((c) => !names.has(c.split('=', 1)[0]));
  if (kept.length === cookies.length) return;
  if (kept.length) req.headers.cookie = kept.join('; ');
  else delete req.headers.cookie;
  if (expire) res.setHeader('Set-Cookie', [...names].map((n) => `${n}=; path=/; max-age=0; expires=Thu, 01 Jan 1970 00:00:00 GMT; samesite=lax; httponly`));
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function start({
  port, host, issuer, stateDir, apiAudience, accessTokenTtl,
}) {
  const issuerUrl = new URL(issuer);
  const mountPath = issuerUrl.pathname.replace(/\/+$/, '');
  const users = await loadUsers();
  const clients = await loadClients();
  const { jwks, note: keysNote } = await loadOrCreateKeys(stateDir);

  let provider;
  try {
    provider = createProvider({
      issuer, apiAudience, accessTokenTtl, jwks, users, clients, mountPath,
    });
  } catch (err) {
    throw new StartupError(`invalid provider configuration (check clients.json): ${err.message}`);
  }

  provider.on('grant.success', (ctx) => {
    const { params, client, entities } = ctx.oidc;
    const sub = entities.AccessToken?.accountId ?? entities.RefreshToken?.accountId ?? client?.clientId;
    log(`grant ${params.grant_type} client=${client?.clientId} sub=${sub}`);
  });
  provider.on('grant.error', (ctx, err) => {
    if (['authorization_pending', 'slow_down'].includes(err.error)) return;
    warn(`grant ${ctx.oidc?.params?.grant_type} refused client=${ctx.oidc?.client?.clientId ?? '-'}: ${err.error} (${err.error_description})`);
  });
  for (const event of ['authorization.error', 'introspection.error', 'revocation.error', 'code_verification.error',
    'device_authorization.error', 'end_session.error', 'registration_read.error', 'jwks.error', 'discovery.error']) {
    provider.on(event, (_ctx, err) => warn(`${event.replace('.error', '')} refused: ${err.error} (${err.error_description})`));
  }
  provider.on('server_error', (ctx, err) => logError(`${ctx.method} ${ctx.path}: ${err.stack ?? err}`));

  const strip = (p) => p.slice(mountPath.length);
  const userinfoPath = strip(new URL(provider.urlFor('userinfo')).pathname);
  const devicePath = strip(new URL(provider.urlFor('code_verification')).pathname);
  const authorizationPath = strip(new URL(provider.urlFor('authorization')).pathname);
  const sessionCookie = provider.cookieName('session');
  const escapeRe = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const resumePath = new RegExp(`^(?:${escapeRe(authorizationPath)}|${escapeRe(devicePath)})/([\\w-]+)$`);
  const providerCallback = provider.callback();
  const userinfo = createUserinfoHandler({
    provider, issuer, apiAudience, publicKeys: publicJwks(jwks), users, readForm, send,
  });
  const interactions = createInteractionHandlers({
    provider, mountPath, users, readForm, sendHtml, log,
  });

  async function route(req, res, pathname, searchParams) {
    let m;
    if (pathname === userinfoPath) return userinfo(req, res);
    if ((m = /^\/interaction\/([\w-]+)$/.exec(pathname)) && req.method === 'GET') return interactions.show(req, res, m[1]);
    if ((m = /^\/interaction\/([\w-]+)\/login$/.exec(pathname)) && req.method === 'POST') return interactions.login(req, res, m[1]);
    if ((m = /^\/interaction\/([\w-]+)\/abort$/.exec(pathname)) && req.method === 'POST') return interactions.abort(req, res, m[1]);
    if (pathname === '/' && req.method === 'GET') {
      return sendHtml(res, 200, pages.indexPage({ issuer: issuer.replace(/\/$/, ''), users, clients }));
    }
    if (req.method === 'GET' && (
      (pathname === authorizationPath && searchParams.get('prompt') !== 'none') || pathname === devicePath)) {
      // A new sign-in always starts without the previous browser session, so the user picker
      // shows every time: switching users needs no sign-out, and a cookie-keeping client
      // (browser or test) never silently gets the previous user. prompt=none keeps SSO.
      forgetSession(req, res, sessionCookie);
    }
    if (req.method === 'GET' && (m = resumePath.exec(pathname))) {
      // Resuming a sign-in that began without a session: ignore any session cookie the
      // client still sends (not every HTTP client honours the expiry above).
      const interaction = await provider.Interaction.find(m[1]);
      if (interaction && !interaction.session) forgetSession(req, res, sessionCookie, { expire: false });
    }
    if (pathname === devicePath && req.method === 'GET' && searchParams.has('user_code')) {
      // verification_uri_complete: show the code form pre-filled instead of oidc-provider's
      // JavaScript auto-submit page, so plain HTTP clients get a normal form.
      const code = searchParams.get('user_code');
      req.url = `${devicePath}?prefill_user_code=${encodeURIComponent(code)}`;
      if (mountPath) req.originalUrl = `${mountPath}${req.url}`;
    }
    return providerCallback(req, res);
  }

  const server = http.createServer(async (req, res) => {
    const started = performance.now();
    const url = URL.parse(req.url ?? '/', 'http://local');
    res.once('finish', () => {
      const clientId = url?.searchParams.get('client_id');
      log(`${req.method} ${url?.pathname ?? '?'} ${res.statusCode} ${Math.round(performance.now() - started)}ms${clientId ? ` client=${clientId}` : ''}`);
    });
    try {
      if (!url) {
        send(res, 400, { error: 'invalid_request', error_description: 'malformed request target' });
        return;
      }
      // Behind a proxy the public URL is ISSUER, whatever Host the request came with.
      req.headers['x-forwarded-proto'] = issuerUrl.protocol.slice(0, -1);
      req.headers['x-forwarded-host'] = issuerUrl.host;
      let { pathname } = url;
      if (mountPath) {
        if (pathname !== mountPath && !pathname.startsWith(`${mountPath}/`)) {
          send(res, 404, { error: 'not_found', error_description: `this provider is served under ${mountPath}` });
          return;
        }
        req.originalUrl = req.url;
        req.url = req.url.slice(mountPath.length) || '/';
        pathname = pathname.slice(mountPath.length) || '/';
      }
      await route(req, res, pathname, url.searchParams);
    } catch (err) {
      logError(`${req.method} ${url?.pathname}: ${err.stack ?? err}`);
      if (!res.headersSent) send(res, 500, { error: 'server_error', error_description: 'unexpected error; see the provider log' });
      else res.destroy();
    }
  });
  server.keepAliveTimeout = 5000;

  await listen(server, port, host);
  log(keysNote);
  log(`dev-oidc listening on port ${port}${host ? ` (${host})` : ''}; issuer ${issuer}; API audience ${apiAudience}; state in ${stateDir}`);
  return server;
}
