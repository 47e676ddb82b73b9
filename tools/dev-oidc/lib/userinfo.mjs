// Userinfo that accepts the API-audience access tokens, like LS Login does.
// Stock oidc-provider refuses access tokens with a resource-server audience at userinfo,
// so this handler answers the advertised userinfo_endpoint before the provider sees it.
import { createLocalJWKSet, errors as joseErrors, jwtVerify } from 'jose';

import { isLoopbackOrigin, userClaims } from './provider.mjs';

class BearerError extends Error {
  constructor(status, error, description, extra = '') {
    super(description);
    this.status = status;
    this.error = error;
    this.extra = extra;
  }
}

export function createUserinfoHandler({
  provider, issuer, apiAudience, publicKeys, users, readForm, send,
}) {
  const usersBySub = new Map(users.map((u) => [u.sub, u]));
  const keySet = createLocalJWKSet(publicKeys);
  const realm = `Bearer realm="${issuer}"`;

  async function validateJwt(token) {
    try {
      const { payload } = await jwtVerify(token, keySet, {
        issuer,
        audience: apiAudience,
        algorithms: ['RS256', 'ES256'],
        typ: 'at+jwt',
      });
      return { sub: payload.sub, scope: payload.scope, clientId: payload.client_id };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) throw new BearerError(401, 'invalid_token', 'access token expired');
      throw new BearerError(401, 'invalid_token', 'access token is invalid');
    }
  }

  async function validateOpaque(token) {
    const accessToken = await provider.AccessToken.find(token);
    if (!accessToken) throw new BearerError(401, 'invalid_token', 'access token is invalid or expired');
    const aud = accessToken.aud === undefined ? [] : [].concat(accessToken.aud);
    if (aud.length && !aud.includes(apiAudience)) {
      throw new BearerError(401, 'invalid_token', 'access token audience is not accepted');
    }
    if (accessToken.grantId && !(await provider.Grant.find(accessToken.grantId))) {
      throw new BearerError(401, 'invalid_token', 'access token grant was revoked');
    }
    return { sub: accessToken.accountId, scope: accessToken.scope, clientId: accessToken.clientId };
  }

  async function extractToken(req) {
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
      if (!m) throw new BearerError(400, 'invalid_request', 'malformed Authorization header; expected "Bearer <token>"');
      return m[1];
    }
    if (req.method === 'POST' && /^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
      const form = await readForm(req);
      if (form.get('access_token')) return form.get('access_token');
    }
    return undefined;
  }

  return async function userinfo(req, res) {
    const origin = req.headers.origin;
    if (origin && isLoopbackOrigin(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.setHeader('Access-Control-Max-Age', '600');
      res.statusCode = 204;
      res.end();
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.setHeader('Allow', 'GET, POST');
      send(res, 405, { error: 'invalid_request', error_description: 'use GET or POST' });
      return;
    }

    try {
      const token = await extractToken(req);
      if (!token) {
        res.setHeader('WWW-Authenticate', realm);
        send(res, 401, { error: 'invalid_token', error_description: 'no access token provided' });
        return;
      }
      const info = token.split('.').length === 3 ? await validateJwt(token) : await validateOpaque(token);
      const user = usersBySub.get(info.sub);
      if (!user) throw new BearerError(401, 'invalid_token', 'access token has no end-user (client credentials tokens cannot call userinfo)');
      if (!(info.scope ?? '').split(' ').includes('openid')) {
        throw new BearerError(403, 'insufficient_scope', 'access token lacks the openid scope', ', scope="openid"');
      }
      send(res, 200, userClaims(user));
    } catch (err) {
      if (!(err instanceof BearerError)) throw err;
      res.setHeader('WWW-Authenticate', `Bearer error="${err.error}", error_description="${err.message}"${err.extra}, realm="${issuer}"`);
      send(res, err.status, { error: err.error, error_description: err.message });
    }
  };
}
