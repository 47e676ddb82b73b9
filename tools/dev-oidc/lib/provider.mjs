// oidc-provider configuration: the dev stand-in for LS Login.
import { randomBytes } from 'node:crypto';

import Provider, { errors, interactionPolicy } from 'oidc-provider';

import * as pages from './pages.mjs';
import MemoryStore from './store.mjs';

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'eduperson_entitlement', 'offline_access'];
export const SERVICE_SCOPE = 'eucaim.service';
const SIGNING_ALGS = ['RS256', 'ES256'];
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackOrigin(origin) {
  const url = URL.parse(origin ?? '');
  return !!url && ['http:', 'https:'].includes(url.protocol) && LOOPBACK_HOSTS.has(url.hostname);
}

/** The claims of a seeded user, as LS Login would release them. */
export function userClaims(user) {
  return {
    sub: user.sub,
    name: user.name,
    given_name: user.given_name,
    family_name: user.family_name,
    email: user.email,
    email_verified: true,
    eduperson_entitlement: [...user.eduperson_entitlement],
  };
}

// Stock policy, minus the rule that native clients always need an interaction: our
// consent is automatic anyway, and without the rule prompt=none (silent SSO) works for them.
function interactionsPolicy() {
  const policy = interactionPolicy.base();
  policy.get('consent').checks.remove('native_client_prompt');
  return policy;
}

function clientLabel(client) {
  return client?.clientName || client?.clientId || 'an application';
}

export function createProvider({
  issuer, apiAudience, accessTokenTtl, jwks, users, clients, mountPath,
}) {
  const usersBySub = new Map(users.map((u) => [u.sub, u]));
  const devSettings = new Map(clients.map((c) => [c.client_id, c.dev ?? {}]));
  const dev = (clientId) => devSettings.get(clientId) ?? {};

  const configuration = {
    adapter: MemoryStore,
    clients: clients.map(({ dev: _dev, ...metadata }) => metadata),
    jwks,
    // Sessions live in memory only, so per-start cookie keys are enough.
    cookies: { keys: [randomBytes(32).toString('base64url')] },

    async findAccount(_ctx, sub) {
      const user = usersBySub.get(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: async () => userClaims(user) };
    },

    scopes: [...OIDC_SCOPES, SERVICE_SCOPE],
    claims: {
      openid: ['sub'],
      profile: ['name', 'given_name', 'family_name'],
      email: ['email', 'email_verified'],
      eduperson_entitlement: ['eduperson_entitlement'],
    },

    responseTypes: ['code'],
    pkce: { required: () => true }, // oidc-provider 9 only knows S256, so `plain` is refused
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'], // post: ASP.NET Core's OpenID Connect handler (the portal)
    enabledJWA: {
      idTokenSigningAlgValues: SIGNING_ALGS,
      userinfoSigningAlgValues: SIGNING_ALGS,
      introspectionSigningAlgValues: SIGNING_ALGS,
      authorizationSigningAlgValues: SIGNING_ALGS,
      requestObjectSigningAlgValues: SIGNING_ALGS,
      clientAuthSigningAlgValues: SIGNING_ALGS,
    },

    // Dev clients from loopback origins (the API's browser docs) may call the endpoints.
    clientBasedCORS: (_ctx, origin, client) => client.clientAuthMethod === 'none' && isLoopbackOrigin(origin),

    interactions: {
      policy: interactionsPolicy(),
      url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}`,
    },

    // Access tokens carry the user's name, email and entitlements, except for clients
    // flagged like LS Login's lean tokens (the API must then ask userinfo).
    async extraTokenClaims(_ctx, token) {
      if (!token.accountId) return undefined;
      const user = usersBySub.get(token.accountId);
      if (!user) return undefined;
      const claims = { name: user.name, email: user.email };
      if (dev(token.clientId).entitlementsInAccessToken !== false) {
        claims.eduperson_entitlement = [...user.eduperson_entitlement];
      }
      return claims;
    },

    // oidc-provider drops offline_access from authorization requests without
    // prompt=consent; issue refresh tokens to every client allowed the grant instead.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Tokens outlive the browser session (sessions are in memory anyway).
    expiresWithSession: async () => false,

    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL || accessTokenTtl,
      ClientCredentials: (_ctx, token) => token.resourceServer?.accessTokenTTL || accessTokenTtl,
      AuthorizationCode: 60,
      DeviceCode: 600,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 14 * 24 * 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },

    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: false }, // LS Login has no DPoP; keep tokens plain bearer tokens
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true }, // served by our own handler, see userinfo.mjs
      introspection: {
        enabled: true,
        // The API (flagged in clients.json) may introspect any token; other clients only their own.
        allowedPolicy: async (_ctx, caller, token) => dev(caller.clientId).introspectAnyToken === true
          || token.clientId === caller.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => {
          if (!oneOf) return apiAudience;
          if (Array.isArray(oneOf)) return oneOf.includes(apiAudience) ? apiAudience : oneOf[0];
          return oneOf;
        },
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator, client) => {
          if (resourceIndicator !== apiAudience) {
            throw new errors.InvalidTarget(`unknown resource indicator; this provider only issues tokens for ${apiAudience}`);
          }
          const opaque = dev(client?.clientId).accessTokenFormat === 'opaque';
          return {
            audience: apiAudience,
            scope: [...OIDC_SCOPES, SERVICE_SCOPE].join(' '),
            accessTokenTTL: dev(client?.clientId).accessTokenTtl ?? accessTokenTtl,
            ...(opaque
              ? { accessTokenFormat: 'opaque' }
              : { accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
          };
        },
      },
      deviceFlow: {
        enabled: true,
        charset: 'base-20',
        mask: '****-****',
        // Our own form: it carries confirm=yes, so entering the code leads straight to the
        // sign-in page (no separate confirmation step).
        async userCodeInputSource(ctx, _form, _out, err) {
          const action = ctx.oidc.urlFor('code_verification');
          const secret = ctx.oidc.session.state?.secret ?? '';
          const prefill = err?.userCode ?? ctx.query.prefill_user_code ?? '';
          let message = 'Enter the code shown by your device or command-line tool.';
          if (err?.userCode || err?.name === 'NoCodeError') message = 'That code is unknown, expired or already used. Try again.';
          else if (err?.name === 'AbortedError') message = 'The sign-in was cancelled.';
          else if (err) message = `The sign-in failed: ${err.error_description || err.message}`;
          ctx.type = 'html';
          ctx.body = pages.deviceInputPage({
            isError: !!err,
            message,
            form: `<form method="post" action="${pages.esc(action)}">
  <input type="hidden" name="xsrf" value="${pages.esc(secret)}">
  <input type="hidden" name="confirm" value="yes">
  <label for="user_code">Code</label>
  <p><input id="user_code" type="text" name="user_code" value="${pages.esc(prefill)}" autocomplete="off" autocapitalize="characters" spellcheck="false" autofocus>
  <button type="submit">Continue</button></p>
</form>`,
          });
        },
        async userCodeConfirmSource(ctx, _form, client, _deviceInfo, userCode) {
          const action = ctx.oidc.urlFor('code_verification');
          const secret = ctx.oidc.session.state?.secret ?? '';
          ctx.type = 'html';
          ctx.body = pages.deviceConfirmPage({
            clientLabel: clientLabel(client),
            userCode,
            form: `<form method="post" action="${pages.esc(action)}">
  <input type="hidden" name="xsrf" value="${pages.esc(secret)}">
  <input type="hidden" name="user_code" value="${pages.esc(userCode)}">
  <input type="hidden" name="confirm" value="yes">
  <p><button type="submit">Continue</button> <button type="submit" name="abort" value="yes" class="secondary">Cancel</button></p>
</form>`,
          });
        },
        async successSource(ctx) {
          ctx.type = 'html';
          ctx.body = pages.deviceSuccessPage({ clientLabel: clientLabel(ctx.oidc.client) });
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = pages.logoutPage({ form, host: ctx.host });
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = pages.postLogoutPage({ clientLabel: ctx.oidc.client ? clientLabel(ctx.oidc.client) : '' });
        },
      },
    },

    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = pages.errorPage(out);
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = true; // we set X-Forwarded-* from ISSUER for every request
  return provider;
}
