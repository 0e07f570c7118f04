import '@xterm/xterm/css/xterm.css';
import './app.css';
import { Api } from './api.js';
import { h, replace } from './dom.js';
import { showSignIn } from './sign-in.js';
import { tokenClaims } from './tokens.js';
import { WorkspaceList } from './workspaces.js';
import { FilesPanel } from './files-panel.js';
import { WorkspaceView } from './workspace-view.js';

/**
 * The page: sign in, then the workspace list (#/) or one workspace's terminals (#/workspaces/<id>).
 * The token lives in this tab's sessionStorage only: it survives a reload, not the tab.
 */
const TOKEN_KEY = 'coditect.token';

const header = document.getElementById('user');
const root = document.getElementById('app');
let api = null;
let view = null;
let expiryTimer = null;

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
  showSignIn(root, { api: new Api(), message, onToken: signIn });
}

function start() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    signOut();
    return;
  }
  const claims = tokenClaims(token);
  const current = new Api({
    token,
    // Several requests may be refused at once: the first signs out, the others find it done.
    onUnauthorized: () => api === current && signOut('Signed out: sign in again.'),
  });
  api = current;
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
    claims?.expiresAt ? h('span', { class: 'muted small' }, ` until ${claims.expiresAt.toLocaleTimeString()}`) : null,
    h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: () => signOut() }, 'Sign out'));
  route();
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
      sidePanel: (aside, context) => new FilesPanel(aside, context),
    });
  } else {
    view = new WorkspaceList(root, {
      api,
      onOpen: (id) => { window.location.hash = `#/workspaces/${id}`; },
    });
  }
}

window.addEventListener('hashchange', route);
start();
