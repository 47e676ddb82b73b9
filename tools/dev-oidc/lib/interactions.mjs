// The sign-in page (login prompt) and automatic consent for the first-party dev clients.
import * as pages from './pages.mjs';

export function createInteractionHandlers({
  provider, mountPath, users, readForm, sendHtml, log,
}) {
  const usersByLogin = new Map(users.map((u) => [u.login, u]));

  async function details(req, res, uid) {
    try {
      const interaction = await provider.interactionDetails(req, res);
      if (interaction.uid !== uid) throw new Error('interaction mismatch');
      return interaction;
    } catch {
      sendHtml(res, 400, pages.errorPage({
        error: 'sign-in session not found or expired',
        hint: 'cookies must be kept between the requests of a sign-in; start again from the application',
      }));
      return undefined;
    }
  }

  async function renderLogin(res, interaction, status = 200, error = undefined) {
    const client = await provider.Client.find(interaction.params.client_id);
    sendHtml(res, status, pages.loginPage({
      action: `${mountPath}/interaction/${interaction.uid}/login`,
      abortAction: `${mountPath}/interaction/${interaction.uid}/abort`,
      clientLabel: client?.clientName || interaction.params.client_id,
      users,
      error,
    }));
  }

  // Grants whatever the consent prompt reports missing: all dev clients are first-party.
  async function autoConsent(req, res, interaction) {
    const { prompt: { details: missing }, params, session, grantId } = interaction;
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const savedId = await grant.save();
    const consent = grantId ? {} : { grantId: savedId };
    await provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
  }

  return {
    async show(req, res, uid) {
      const interaction = await details(req, res, uid);
      if (!interaction) return;
      switch (interaction.prompt.name) {
        case 'login':
          await renderLogin(res, interaction);
          return;
        case 'consent':
          await autoConsent(req, res, interaction);
          return;
        default:
          sendHtml(res, 400, pages.errorPage({ error: `unsupported prompt ${interaction.prompt.name}` }));
      }
    },

    async login(req, res, uid) {
      const interaction = await details(req, res, uid);
      if (!interaction) return;
      if (interaction.prompt.name !== 'login') {
        sendHtml(res, 400, pages.errorPage({ error: 'this sign-in step is already done; start again from the application' }));
        return;
      }
      const form = await readForm(req);
      const login = form.get('user') ?? '';
      const user = usersByLogin.get(login);
      if (!user) {
        await renderLogin(res, interaction, 400,
          `Unknown user "${login}". Known users: ${[...usersByLogin.keys()].join(', ')}.`);
        return;
      }
      log(`login user=${user.login} sub=${user.sub} client=${interaction.params.client_id}`);
      await provider.interactionFinished(req, res, {
        login: { accountId: user.sub, amr: ['pwd'] },
      }, { mergeWithLastSubmission: false });
    },

    async abort(req, res, uid) {
      const interaction = await details(req, res, uid);
      if (!interaction) return;
      log(`login cancelled client=${interaction.params.client_id}`);
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'End-User cancelled the sign-in',
      }, { mergeWithLastSubmission: false });
    },
  };
}
