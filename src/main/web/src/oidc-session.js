import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { bearerToken, clientSettings, returnRoute, withoutCallbackParams } from './oidc.js';

/**
 * The page's sign-in at the organisation's identity provider, through oidc-client-ts: the
 * redirect out and back, renewal before expiry (refresh token, else a hidden frame), and sign-out
 * at the provider. onRenewed(token) is called with each renewed bearer token; onExpired when the
 * token ran out without a renewal.
 */
export class OidcSession {
  constructor(provider, location, { onRenewed = () => {}, onExpired = () => {} } = {}) {
    this.provider = provider;
    this.manager = new UserManager({
      ...clientSettings(provider, location),
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
      stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    });
    this.renewing = null;
    this.manager.events.addUserLoaded((user) => {
      const token = bearerToken(user, provider.token);
      if (token) {
        onRenewed(token);
      }
    });
    this.manager.events.addAccessTokenExpired(() => onExpired());
  }

  /** Goes to the provider's sign-in page; the page comes back to route. */
  signIn(route) {
    return this.manager.signinRedirect({ state: { hash: route } });
  }

  /** Finishes a sign-in redirect: the token, and the route to show, with the address bar cleaned. */
  async completeSignIn(location, history) {
    try {
      const user = await this.manager.signinRedirectCallback(location.href);
      const route = returnRoute(user.state);
      history.replaceState(null, '', withoutCallbackParams(location).split('#')[0] + route);
      return bearerToken(user, this.provider.token);
    } catch (error) {
      history.replaceState(null, '', withoutCallbackParams(location));
      throw error;
    }
  }

  /** In the hidden renewal frame: hands the provider's answer to the page. */
  completeSilentRenewal(location) {
    return this.manager.signinSilentCallback(location.href);
  }

  /** The signed-in user's bearer token, renewed first if it expired; null when nobody is signed in here. */
  async token() {
    const user = await this.manager.getUser();
    if (!user) {
      return null;
    }
    if (!user.expired) {
      return bearerToken(user, this.provider.token);
    }
    return this.renew();
  }

  /** Renews the sign-in now (one renewal at a time); the new token, or null when the provider refused. */
  renew() {
    this.renewing ??= this.manager.getUser()
      .then((user) => (user ? this.manager.signinSilent() : null))
      .then((user) => bearerToken(user, this.provider.token))
      .catch(() => null)
      .finally(() => { this.renewing = null; });
    return this.renewing;
  }

  /** Whether this tab holds a sign-in at the provider. */
  async signedIn() {
    return (await this.manager.getUser()) !== null;
  }

  /** Forgets the sign-in here and ends it at the provider, which returns to the page. */
  async signOut() {
    const user = await this.manager.getUser();
    await this.manager.removeUser();
    await this.manager.signoutRedirect({ id_token_hint: user?.id_token });
  }
}
