/**
 * The development sign-in link (the address a standalone server prints when it starts, as a
 * notebook server does): http://localhost:9080/#sign-in=<secret>. The secret is taken from the
 * address as the page opens, kept in this browser's storage (so later tabs and sign-ins need not
 * the link again) and removed from the address bar and the history entry. It is in the fragment,
 * which a browser never sends: no request, log or Referer carries it, only the token request's body.
 */
export const SECRET_KEY = 'coditect.devSignInSecret';
const PREFIX = '#sign-in=';

/** Whether the fragment is a sign-in link's (a well-formed secret or not). */
export function isSignInLink(hash) {
  return String(hash ?? '').startsWith(PREFIX);
}

/** The secret in a location's fragment, or null. */
export function secretIn(hash) {
  const value = String(hash ?? '');
  if (!value.startsWith(PREFIX)) {
    return null;
  }
  const secret = value.slice(PREFIX.length);
  return /^[A-Za-z0-9_-]{16,128}$/.test(secret) ? secret : null;
}

/**
 * Takes the secret out of the address, if it holds one: stores it and replaces the address with
 * the workspace list (#/) without a new history entry. Answers the secret, or null.
 */
export function takeSignInSecret(location, history, storage) {
  if (!isSignInLink(location.hash)) {
    return null;
  }
  const secret = secretIn(location.hash);
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  if (secret) {
    try {
      storage.setItem(SECRET_KEY, secret);
    } catch {
      // Storage off (private window, policy): this page still has the secret.
    }
  }
  return secret;
}

export function storedSignInSecret(storage) {
  try {
    return storage.getItem(SECRET_KEY);
  } catch {
    return null;
  }
}

/** Forgets a secret the server no longer accepts (its file was deleted: a new link was printed). */
export function forgetSignInSecret(storage) {
  try {
    storage.removeItem(SECRET_KEY);
  } catch {
    // Nothing stored.
  }
}
