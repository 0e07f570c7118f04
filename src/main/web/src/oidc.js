/**
 * Sign-in through the organisation's OpenID Connect provider (GET /api/v1/sign-in names it): the
 * settings for oidc-client-ts and what the page reads from a redirect back. Authorization Code
 * with PKCE, so no token ever travels in a URL (only the one-time code and the state do, and the
 * page removes them from the address bar at once); the user's tokens and the flow's state are kept
 * in this tab's sessionStorage, never in storage that outlives the tab.
 */

/** The parameters a provider adds to the redirect back to the page. */
const CALLBACK_PARAMS = ['code', 'state', 'session_state', 'iss', 'error', 'error_description', 'error_uri'];

/** The oidc-client-ts UserManager settings for provider, on the page at location; stores are added by the caller. */
export function clientSettings(provider, location) {
  const page = pageUrl(location);
  return {
    authority: provider.issuer,
    client_id: provider.clientId,
    scope: provider.scopes,
    response_type: 'code',
    redirect_uri: page,
    // Where the provider gives no refresh token, renewal loads the page in a hidden frame.
    silent_redirect_uri: page,
    post_logout_redirect_uri: page,
    automaticSilentRenew: true,
    // Renew a minute before expiry: access tokens should live longer than that (5 to 15 minutes).
    accessTokenExpiringNotificationTimeInSeconds: 60,
    // The session-check frame needs the provider's cookies in a third-party frame, which browsers block.
    monitorSession: false,
    loadUserInfo: false,
  };
}

/** The page's own address without query or hash: what the provider redirects back to. */
export function pageUrl(location) {
  const url = new URL(location.href);
  url.search = '';
  url.hash = '';
  return url.href;
}

/** True when location is the provider's redirect back after a sign-in (successful or not). */
export function isSignInCallback(location) {
  const params = new URL(location.href).searchParams;
  return params.has('state') && (params.has('code') || params.has('error'));
}

/** location's address without the redirect's parameters, for history.replaceState. */
export function withoutCallbackParams(location) {
  const url = new URL(location.href);
  for (const name of CALLBACK_PARAMS) {
    url.searchParams.delete(name);
  }
  return url.href;
}

/** The bearer token the API takes from a signed-in user: provider.token names which (access_token by default). */
export function bearerToken(user, tokenKind) {
  if (!user) {
    return null;
  }
  return (tokenKind === 'id_token' ? user.id_token : user.access_token) ?? null;
}

/** The page's route (#/…) to return to after the redirect, kept in the sign-in request's state. */
export function returnRoute(state) {
  const hash = state?.hash;
  return typeof hash === 'string' && /^#\/[A-Za-z0-9/_-]*$/.test(hash) ? hash : '#/';
}

/** A readable name for the provider's button: the issuer's host. */
export function providerName(provider) {
  try {
    return new URL(provider.issuer).host;
  } catch {
    return 'your organisation';
  }
}
