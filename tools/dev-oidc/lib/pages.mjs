// Plain, self-contained HTML pages (no scripts, no external assets). Every page works
// with ordinary form posts, so a non-JS HTTP client can drive the flows like a browser.

export function esc(value) {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
  body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24;line-height:1.45}
  main{max-width:46rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border:1px solid #d0d7de;border-radius:6px}
  h1{font-size:1.5rem;margin-top:0}
  .banner{background:#fff8c5;border:1px solid #d4a72c;padding:.5rem .75rem;border-radius:4px}
  .error{background:#ffebe9;border:1px solid #cf222e;padding:.5rem .75rem;border-radius:4px}
  ul.users{list-style:none;padding:0}
  ul.users li{border-top:1px solid #d0d7de;padding:.75rem 0}
  ul.users form{margin:0}
  button{font:inherit;padding:.4rem .9rem;border-radius:4px;border:1px solid #1f6feb;background:#1f6feb;color:#fff;cursor:pointer}
  button.secondary{background:#fff;color:#1f6feb}
  button:focus-visible,input:focus-visible{outline:3px solid #fb8500;outline-offset:2px}
  .meta{margin:.25rem 0 0;color:#424a53;font-size:.9rem}
  code{font-size:.85rem;word-break:break-all}
  label{display:block;font-weight:600;margin-bottom:.25rem}
  input[type=text]{font:inherit;font-size:1.25rem;padding:.35rem .5rem;letter-spacing:.1em;text-transform:uppercase;width:14rem}
  dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
  dt{font-weight:600}
`;

export function layout(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

const BASE_GROUP = 'urn:geant:lifescience-ri.eu:group:eucaim.lifescience-ri.eu';

/** Turns AARC-G002 entitlements into words for the login page. */
export function describeRoles(entitlements = []) {
  const words = [];
  for (const urn of entitlements) {
    const [groupPart] = urn.split('#');
    if (!groupPart.startsWith(BASE_GROUP)) {
      words.push(urn);
      continue;
    }
    const rest = groupPart.slice(BASE_GROUP.length);
    let m;
    if (rest === '') words.push('Eucaim member');
    else if (rest === ':platform-admins') words.push('platform administrator');
    else if (rest === ':access-committee') words.push('access committee member');
    else if ((m = rest.match(/^:data-holders:([^:]+):role=data-holder$/))) words.push(`data holder for ${decodeURIComponent(m[1])}`);
    else if ((m = rest.match(/^:tenants:([^:]+):role=member$/))) words.push(`researcher in ${decodeURIComponent(m[1])}`);
    else words.push(rest.slice(1));
  }
  return words;
}

export function loginPage({ action, abortAction, clientLabel, users, error }) {
  const items = users.map((u) => `
  <li>
    <form method="post" action="${esc(action)}">
      <input type="hidden" name="user" value="${esc(u.login)}">
      <button type="submit" aria-describedby="desc-${esc(u.login)}">Sign in as ${esc(u.name)}</button>
    </form>
    <p class="meta" id="desc-${esc(u.login)}">${esc(describeRoles(u.eduperson_entitlement).join(', '))}<br>
      login <strong>${esc(u.login)}</strong> &middot; sub <code>${esc(u.sub)}</code></p>
  </li>`).join('');

  return layout('Eucaim dev sign-in (stand-in for LS Login)', `
<h1>Eucaim dev sign-in (stand-in for LS Login)</h1>
<p class="banner" role="note">Development only: pick a seeded user, no password is asked. Real deployments sign in with Life Science Login.</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<p>Signing in to <strong>${esc(clientLabel)}</strong>. Choose a user:</p>
<ul class="users">${items}
</ul>
<form method="post" action="${esc(abortAction)}">
  <button type="submit" class="secondary">Cancel sign-in</button>
</form>`);
}

export function deviceInputPage({ form, message, isError }) {
  return layout('Eucaim dev sign-in: enter device code', `
<h1>Sign in a device or command-line tool</h1>
<p class="banner" role="note">Development stand-in for LS Login.</p>
<p${isError ? ' class="error" role="alert"' : ''}>${esc(message)}</p>
${form}`);
}

export function deviceConfirmPage({ form, clientLabel, userCode }) {
  return layout('Eucaim dev sign-in: confirm device', `
<h1>Confirm the device</h1>
<p><strong>${esc(clientLabel)}</strong> asks to sign in. It should display the code <code>${esc(userCode)}</code>.</p>
${form}`);
}

export function deviceSuccessPage({ clientLabel }) {
  return layout('Eucaim dev sign-in: done', `
<h1>Signed in</h1>
<p>The sign-in of <strong>${esc(clientLabel)}</strong> succeeded. You can close this page and return to your device.</p>`);
}

export function logoutPage({ form, host }) {
  return layout('Eucaim dev sign-out', `
<h1>Sign out from ${esc(host)}?</h1>
${form}
<p><button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button></p>`);
}

export function postLogoutPage({ clientLabel }) {
  return layout('Eucaim dev sign-out: done', `
<h1>Signed out</h1>
<p>You are signed out${clientLabel ? ` of ${esc(clientLabel)}` : ''}.</p>`);
}

export function errorPage(fields) {
  const rows = Object.entries(fields).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  return layout('Eucaim dev sign-in: error', `
<h1>Something went wrong</h1>
<dl>${rows}</dl>
<p>Start the sign-in again from your application.</p>`);
}

export function indexPage({ issuer, users, clients }) {
  return layout('Eucaim dev OpenID provider', `
<h1>Eucaim dev OpenID provider</h1>
<p class="banner" role="note">Development stand-in for Life Science Login. Never expose it.</p>
<ul>
  <li>Discovery: <a href="${esc(issuer)}/.well-known/openid-configuration">${esc(issuer)}/.well-known/openid-configuration</a></li>
  <li>Device sign-in: <a href="${esc(issuer)}/device">${esc(issuer)}/device</a></li>
</ul>
<h2>Seeded users</h2>
<ul>${users.map((u) => `<li><strong>${esc(u.login)}</strong>: ${esc(u.name)} (${esc(describeRoles(u.eduperson_entitlement).join(', '))})</li>`).join('')}</ul>
<h2>Clients</h2>
<ul>${clients.map((c) => `<li><code>${esc(c.client_id)}</code>: ${esc(c.client_name ?? '')}</li>`).join('')}</ul>`);
}
