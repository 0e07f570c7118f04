import '@xterm/xterm/css/xterm.css';
import './app.css';
import { Api } from './api.js';
import { h, replace } from './dom.js';
import { showSignIn } from './sign-in.js';
import { tokenClaims } from './tokens.js';
import { WorkspaceList } from './workspaces.js';
import { ActivityPanel } from './activity-panel.js';
import { RecordingsPanel } from './recordings-panel.js';
import { AdminActivityPanel } from './admin-activity-panel.js';
import { FilesPanel } from './files-panel.js';
import { WorkspaceView } from './workspace-view.js';
import { isSignInCallback } from './oidc.js';
import { OidcSession } from './oidc-session.js';
import { isSignInLink, takeSignInSecret } from './sign-in-link.js';

/**
 * The page: sign in, then the workspace list (#/) or one workspace's terminals (#/workspaces/<id>).
 * The token lives in this tab's sessionStorage only: it survives a reload, not the tab. With an
 * identity provider configured, the sign-in goes there (oidc-session.js) and is renewed before
 * the token expires; the page then carries on with the new token, its terminals attached. The
 * development sign-in link's secret is taken out of the address first (sign-in-link.js).
 */
const TOKEN_KEY = 'coditect.token';

const header = document.getElementById('user');
const root = document.getElementById('app');
let api = null;
let view = null;
let expiryTimer = null;
/** The sign-in at the organisation's identity provider, when the server names one. */
let oidc = null;

function signIn(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
  start();
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  clearTimeout(expiryTimer);
  view?.dispose();
  view = null;
  api = null;
  header.replaceChildren();
  showSignIn(root, {
    api: new Api(), message, onToken: signIn,
    onProvider: oidc ? () => oidc.signIn(window.location.hash || '#/') : null,
  });
}

/** The user's "Sign out": at the identity provider too when signed in there (it returns to the page). */
async function userSignOut() {
  if (oidc && await oidc.signedIn()) {
    sessionStorage.removeItem(TOKEN_KEY);
    clearTimeout(expiryTimer);
    view?.dispose();
    view = null;
    api = null;
    await oidc.signOut();
    return;
  }
  signOut();
}

/** A renewed token: the page keeps its views, and terminals waiting to re-attach do so now. */
function renewed(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
  if (!api) {
    return;
  }
  api.token = token;
  showUser(token);
  view?.reconnectNow?.();
}

function start() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    signOut();
    return;
  }
  const current = new Api({
    token,
    // Several requests may be refused at once: the first signs out, the others find it done.
    onUnauthorized: () => api === current && signOut('Signed out: sign in again.'),
    renew: oidc ? () => oidc.renew() : null,
  });
  api = current;
  showUser(token);
  route();
}

function showUser(token) {
  const claims = tokenClaims(token);
  clearTimeout(expiryTimer);
  if (claims?.expiresAt) {
    const left = claims.expiresAt.getTime() - Date.now();
    // Timers fire at once beyond about 24.8 days: longer-lived tokens are checked by the server alone.
    if (left < 2 ** 31 - 1) {
      expiryTimer = setTimeout(() => signOut('Your sign-in has expired: sign in again.'), Math.max(0, left));
    }
  }
  replace(header,
    h('span', { class: 'who', id: 'signed-in-user' }, claims?.user ?? 'signed in'),
    claims?.expiresAt
      ? h('span', { class: 'muted small', id: 'signed-in-until' }, ` until ${claims.expiresAt.toLocaleTimeString()}`)
      : null,
    h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: () => userSignOut() }, 'Sign out'));
}

function route() {
  if (!api) {
    return;
  }
  view?.dispose();
  const match = /^#\/workspaces\/([a-z0-9-]+)$/.exec(window.location.hash);
  if (match) {
    view = new WorkspaceView(root, {
      api,
      workspaceId: match[1],
      onBack: () => { window.location.hash = '#/'; },
      onSignOut: () => signOut('Signed out: sign in again.'),
      sidePanel: (aside, context) => {
        const files = h('div');
        const activity = h('div');
        const recordings = h('div');
        replace(aside, files, activity, recordings);
        new ActivityPanel(activity, context);
        new RecordingsPanel(recordings, context);
        return new FilesPanel(files, context);
      },
    });
  } else {
    const list = h('div');
    const admin = h('div');
    replace(root, list, admin);
    view = new WorkspaceList(list, {
      api,
      onOpen: (id) => { window.location.hash = `#/workspaces/${id}`; },
    });
    if (tokenClaims(api.token)?.admin) {
      new AdminActivityPanel(admin, { api });
    }
  }
}

/** Reads the server's sign-in options, finishes a redirect back from the identity provider, then starts. */
async function boot() {
  takeSignInSecret(window.location, window.history, window.localStorage);
  const options = await new Api().signInOptions().catch(() => null);
  if (options?.provider) {
    oidc = new OidcSession(options.provider, window.location, {
      onRenewed: renewed,
      onExpired: () => api && signOut('Your sign-in has expired: sign in again.'),
    });
    if (isSignInCallback(window.location) && window.parent !== window) {
      // This page is the hidden renewal frame: it only hands the answer to the page that opened it.
      await oidc.completeSilentRenewal(window.location);
      return;
    }
    if (isSignInCallback(window.location)) {
      try {
        const token = await oidc.completeSignIn(window.location, window.history);
        if (!token) {
          throw new Error(`the identity provider gave no ${options.provider.token}`);
        }
        signIn(token);
      } catch (error) {
        signOut(`The sign-in did not complete: ${error.message}`);
      }
      return;
    }
    const token = await oidc.token();
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
    }
  }
  start();
}

/** The sign-in link opened in a tab that shows the page already: take its secret, offer the user-name form. */
function hashChanged() {
  if (isSignInLink(window.location.hash)) {
    takeSignInSecret(window.location, window.history, window.localStorage);
    if (!api) {
      signOut();
      return;
    }
  }
  route();
}

window.addEventListener('hashchange', hashChanged);
boot();
