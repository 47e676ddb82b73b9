// Signing keys: generated on first start and kept in ${OIDC_STATE_DIR}/jwks.json,
// so that tokens issued before a restart still verify afterwards.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export class StartupError extends Error {}

async function generateKey(alg, options) {
  const { privateKey } = await generateKeyPair(alg, { ...options, extractable: true });
  const jwk = await exportJWK(privateKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  jwk.alg = alg;
  jwk.use = 'sig';
  return jwk;
}

function isUsable(jwks) {
  const keys = Array.isArray(jwks?.keys) ? jwks.keys : [];
  const hasRsa = keys.some((k) => k.kty === 'RSA' && k.alg === 'RS256' && k.d);
  const hasEc = keys.some((k) => k.kty === 'EC' && k.crv === 'P-256' && k.alg === 'ES256' && k.d);
  return hasRsa && hasEc;
}

/** Loads the private signing keys, creating them (RS256 first, so it is the default) if absent. */
export async function loadOrCreateKeys(stateDir) {
  const file = path.join(stateDir, 'jwks.json');
  try {
    await mkdir(stateDir, { recursive: true });
  } catch (err) {
    throw new StartupError(`cannot create OIDC_STATE_DIR ${stateDir} (${err.code}); set OIDC_STATE_DIR to a writable folder`);
  }

  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err.code !== 'ENOENT') {
      throw new StartupError(`cannot read ${file} (${err.code}); fix its permissions or delete it to generate new keys`);
    }
  }

  if (text !== undefined) {
    let jwks;
    try {
      jwks = JSON.parse(text);
    } catch {
      jwks = undefined;
    }
    if (!isUsable(jwks)) {
      throw new StartupError(`${file} is not a usable key set (needs RS256 and ES256 private keys); delete it to generate new keys`);
    }
    return { jwks, note: `signing keys loaded from ${file}` };
  }

  const jwks = {
    keys: [
      await generateKey('RS256', { modulusLength: 2048 }),
      await generateKey('ES256'),
    ],
  };
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(jwks, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, file);
  return { jwks, note: `signing keys generated and saved to ${file}` };
}

/** The public half of a private JWK set. */
export function publicJwks(jwks) {
  return {
    keys: jwks.keys.map((key) => {
      const pub = { ...key };
      for (const member of PRIVATE_MEMBERS) delete pub[member];
      return pub;
    }),
  };
}
