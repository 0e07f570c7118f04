import { humanError } from './human-errors.js';
import { h, replace } from './dom.js';
import { providerName } from './oidc.js';
import { forgetSignInSecret, storedSignInSecret } from './sign-in-link.js';

/**
 * The sign-in form. The server says which ways it offers (GET /api/v1/sign-in): the
 * organisation's identity provider (onProvider goes there), a development token for a user name
 * (a standalone server without an identity provider, from its own machine, once this browser has
 * opened the sign-in link the server printed: sign-in-link.js), and always a bearer token pasted
 * from the identity provider.
 */
export async function showSignIn(root, { api, message, onToken, onProvider }) {
  replace(root, h('p', { class: 'muted' }, 'Loading…'));
  let options;
  try {
    options = await api.signInOptions();
  } catch (error) {
    replace(root, h('section', { class: 'panel sign-in' },
      h('h1', {}, 'Sign in'),
      h('p', { class: 'error', role: 'alert' }, humanError(error)),
      h('button', { type: 'button', onclick: () => showSignIn(root, { api, message, onToken, onProvider }) }, 'Try again')));
    return;
  }
  const status = h('p', { class: 'error', role: 'alert', id: 'sign-in-error' }, message ?? '');
  const fail = (error) => {
    status.textContent = humanError(error);
  };

  const user = h('input', {
    id: 'user-name', name: 'user', autocomplete: 'username', required: true, maxlength: 64,
    pattern: '[A-Za-z0-9][A-Za-z0-9._@\\-]{0,63}', title: 'letters, digits, ".", "_", "@" or "-"',
  });
  const devForm = h('form', {
    class: 'dev-sign-in',
    onsubmit: async (event) => {
      event.preventDefault();
      try {
        const { token } = await api.devToken(user.value.trim(), storedSignInSecret(window.localStorage));
        onToken(token);
      } catch (error) {
        if (error?.code === 'invalid_sign_in_secret') {
          forgetSignInSecret(window.localStorage);
        }
        fail(error);
      }
    },
  },
  h('label', { for: 'user-name' }, 'User name'),
  h('div', { class: 'row' }, user, h('button', { type: 'submit', class: 'primary' }, 'Sign in')),
  h('p', { class: 'muted' }, 'This server has no identity provider configured and issues its own development '
    + 'tokens to pages opened on its machine through its sign-in link: any user name signs in.'));
  const linkNeeded = h('p', { class: 'muted', id: 'sign-in-link-needed' }, 'To sign in with a user name, open the '
    + 'sign-in link this server printed on its console when it started (http://localhost:…/#sign-in=…).');

  const token = h('textarea', { id: 'pasted-token', rows: 4, spellcheck: 'false', required: true, placeholder: 'eyJhbGciOi…' });
  const tokenForm = h('form', {
    class: 'token-sign-in',
    onsubmit: async (event) => {
      event.preventDefault();
      const value = token.value.trim();
      const probe = api.withToken(value);
      try {
        await probe.workspaces();
        onToken(value);
      } catch (error) {
        fail(error);
      }
    },
  },
  h('label', { for: 'pasted-token' }, 'Bearer token (a JWT from your identity provider)'),
  token,
  h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Sign in with this token')));

  const provider = options.provider && onProvider ? options.provider : null;
  const providerButton = provider
    ? h('button', {
      type: 'button', class: 'primary', id: 'provider-sign-in',
      onclick: async () => {
        try {
          await onProvider();
        } catch (error) {
          fail(error);
        }
      },
    }, `Sign in with ${providerName(provider)}`)
    : null;
  const available = options.devIssuer === 'available' && Boolean(storedSignInSecret(window.localStorage));
  replace(root, h('section', { class: 'panel sign-in' },
    h('h1', {}, 'Sign in'),
    status,
    provider ? h('div', { class: 'row provider-sign-in' }, providerButton) : null,
    available ? devForm : null,
    options.devIssuer === 'available' && !available ? linkNeeded : null,
    options.devIssuer === 'local_only'
      ? h('p', { class: 'muted' }, 'This server issues development tokens only to pages opened on its own machine '
        + '(http://localhost…). From here, sign in with a token.')
      : null,
    h('details', { open: !available && !provider }, h('summary', {}, 'Sign in with a token'), tokenForm)));
  (providerButton ?? (available ? user : token)).focus();
}
