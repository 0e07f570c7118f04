import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bearerToken, clientSettings, isSignInCallback, pageUrl, providerName, returnRoute, withoutCallbackParams,
} from '../src/oidc.js';

const provider = {
  issuer: 'http://127.0.0.1:19420/realms/coditect', clientId: 'coditect-web', scopes: 'openid profile', token: 'access_token',
};
const at = (href) => ({ href });

test('clientSettings_provider_codeFlowBackToThisPageWithRenewal', () => {
  const settings = clientSettings(provider, at('https://ide.example/?code=abc&state=s1#/workspaces/w1'));

  assert.equal(settings.authority, provider.issuer);
  assert.equal(settings.client_id, 'coditect-web');
  assert.equal(settings.scope, 'openid profile');
  assert.equal(settings.response_type, 'code');
  assert.equal(settings.redirect_uri, 'https://ide.example/');
  assert.equal(settings.silent_redirect_uri, 'https://ide.example/');
  assert.equal(settings.post_logout_redirect_uri, 'https://ide.example/');
  assert.equal(settings.automaticSilentRenew, true);
  assert.equal(settings.monitorSession, false);
});

test('pageUrl_queryAndHash_dropped', () => {
  assert.equal(pageUrl(at('http://localhost:9080/?x=1#/workspaces/a')), 'http://localhost:9080/');
  assert.equal(pageUrl(at('http://localhost:9080/ide/index.html')), 'http://localhost:9080/ide/index.html');
});

test('isSignInCallback_codeOrErrorWithState_only', () => {
  assert.equal(isSignInCallback(at('http://h/?code=c&state=s')), true);
  assert.equal(isSignInCallback(at('http://h/?error=access_denied&state=s')), true);
  assert.equal(isSignInCallback(at('http://h/?code=c')), false);
  assert.equal(isSignInCallback(at('http://h/#/workspaces/x')), false);
  assert.equal(isSignInCallback(at('http://h/#/?code=c&state=s')), false, 'in the hash, not the query');
});

test('withoutCallbackParams_removesWhatTheProviderAdded_keepsTheRest', () => {
  assert.equal(withoutCallbackParams(at('http://h/?code=c&state=s&session_state=x&iss=http%3A%2F%2Fi&keep=1#/a')),
    'http://h/?keep=1#/a');
  assert.equal(withoutCallbackParams(at('http://h/?error=e&error_description=d&state=s')), 'http://h/');
});

test('bearerToken_accessOrIdTokenAsConfigured', () => {
  const user = { access_token: 'a.b.c', id_token: 'i.d.t' };
  assert.equal(bearerToken(user, 'access_token'), 'a.b.c');
  assert.equal(bearerToken(user, undefined), 'a.b.c');
  assert.equal(bearerToken(user, 'id_token'), 'i.d.t');
  assert.equal(bearerToken(null, 'access_token'), null);
  assert.equal(bearerToken({}, 'id_token'), null);
});

test('returnRoute_onlyThePagesOwnRoutes', () => {
  assert.equal(returnRoute({ hash: '#/workspaces/w-1' }), '#/workspaces/w-1');
  assert.equal(returnRoute({ hash: 'javascript:alert(1)' }), '#/');
  assert.equal(returnRoute({ hash: '#/x?token=1' }), '#/');
  assert.equal(returnRoute(undefined), '#/');
});

test('providerName_issuerHost', () => {
  assert.equal(providerName(provider), '127.0.0.1:19420');
  assert.equal(providerName({ issuer: 'not a url' }), 'your organisation');
});
