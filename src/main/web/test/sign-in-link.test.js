import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  SECRET_KEY, forgetSignInSecret, isSignInLink, secretIn, storedSignInSecret, takeSignInSecret,
} from '../src/sign-in-link.js';

const SECRET = 'Qm9vdHN0cmFwLXNlY3JldC1vZi0zMi1ieXRlcy1oZXJl';

function memoryStorage() {
  const items = new Map();
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
}

function fakeHistory() {
  const calls = [];
  return { calls, replaceState: (...args) => calls.push(args) };
}

test('secretIn_signInFragment_theSecret', () => {
  assert.equal(secretIn(`#sign-in=${SECRET}`), SECRET);
});

test('secretIn_otherFragmentsOrMalformedSecrets_null', () => {
  assert.equal(secretIn('#/workspaces/ws-1'), null);
  assert.equal(secretIn(''), null);
  assert.equal(secretIn(undefined), null);
  assert.equal(secretIn('#sign-in='), null);
  assert.equal(secretIn('#sign-in=short'), null);
  assert.equal(secretIn(`#sign-in=${SECRET}<script>`), null);
});

test('takeSignInSecret_link_storesTheSecretAndLeavesItOutOfTheAddress', () => {
  const storage = memoryStorage();
  const history = fakeHistory();

  const secret = takeSignInSecret({ hash: `#sign-in=${SECRET}`, pathname: '/', search: '' }, history, storage);

  assert.equal(secret, SECRET);
  assert.equal(storedSignInSecret(storage), SECRET);
  assert.deepEqual(history.calls, [[null, '', '/#/']]);
});

test('takeSignInSecret_malformedLink_addressCleanedNothingStored', () => {
  const storage = memoryStorage();
  const history = fakeHistory();

  assert.equal(takeSignInSecret({ hash: '#sign-in=x', pathname: '/', search: '' }, history, storage), null);
  assert.equal(storedSignInSecret(storage), null);
  assert.equal(history.calls.length, 1);
});

test('takeSignInSecret_ordinaryAddress_untouched', () => {
  const storage = memoryStorage();
  const history = fakeHistory();

  assert.equal(takeSignInSecret({ hash: '#/workspaces/ws-1', pathname: '/', search: '' }, history, storage), null);
  assert.equal(history.calls.length, 0);
});

test('forgetSignInSecret_removesIt_brokenStorage_noThrow', () => {
  const storage = memoryStorage();
  storage.setItem(SECRET_KEY, SECRET);
  forgetSignInSecret(storage);
  assert.equal(storedSignInSecret(storage), null);

  const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); }, removeItem: () => { throw new Error('denied'); } };
  assert.equal(storedSignInSecret(broken), null);
  forgetSignInSecret(broken);
  assert.equal(takeSignInSecret({ hash: `#sign-in=${SECRET}`, pathname: '/', search: '' }, fakeHistory(), broken), SECRET);
});

test('isSignInLink_anySignInFragment_evenMalformed', () => {
  assert.equal(isSignInLink(`#sign-in=${SECRET}`), true);
  assert.equal(isSignInLink('#sign-in=x'), true);
  assert.equal(isSignInLink('#/'), false);
  assert.equal(isSignInLink(null), false);
});
