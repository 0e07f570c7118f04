import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Api, ApiError } from '../src/api.js';

const realFetch = globalThis.fetch;
afterEach(() => { globalThis.fetch = realFetch; });

/** A fetch that accepts only `good` as the bearer token, recording what it was sent. */
function serverAccepting(good) {
  const seen = [];
  globalThis.fetch = async (url, init) => {
    const auth = init.headers.Authorization ?? null;
    seen.push(auth);
    const ok = auth === `Bearer ${good}`;
    return new Response(JSON.stringify(ok ? [] : { error: 'invalid_token', message: 'refused' }),
      { status: ok ? 200 : 401, headers: { 'Content-Type': 'application/json' } });
  };
  return seen;
}

test('request_tokenRefusedAndRenewed_sentAgainWithTheNewToken', async () => {
  const seen = serverAccepting('fresh');
  let signedOut = false;
  const api = new Api({ token: 'stale', renew: async () => 'fresh', onUnauthorized: () => { signedOut = true; } });

  assert.deepEqual(await api.workspaces(), []);
  assert.deepEqual(seen, ['Bearer stale', 'Bearer fresh']);
  assert.equal(api.token, 'fresh');
  assert.equal(signedOut, false);
});

test('request_renewalFails_signsOut', async () => {
  const seen = serverAccepting('fresh');
  let signedOut = 0;
  const api = new Api({ token: 'stale', renew: async () => null, onUnauthorized: () => { signedOut += 1; } });

  await assert.rejects(api.workspaces(), (error) => error instanceof ApiError && error.status === 401);
  assert.deepEqual(seen, ['Bearer stale']);
  assert.equal(signedOut, 1);
});

test('request_renewedTokenRefusedToo_signsOutAfterOneRetry', async () => {
  const seen = serverAccepting('never');
  let signedOut = 0;
  const api = new Api({ token: 'stale', renew: async () => 'fresh', onUnauthorized: () => { signedOut += 1; } });

  await assert.rejects(api.workspaces(), (error) => error.status === 401);
  assert.deepEqual(seen, ['Bearer stale', 'Bearer fresh']);
  assert.equal(signedOut, 1);
});

test('request_noRenewal_signsOutAsBefore', async () => {
  serverAccepting('fresh');
  let signedOut = 0;
  const api = new Api({ token: 'stale', onUnauthorized: () => { signedOut += 1; } });

  await assert.rejects(api.workspaces(), (error) => error.status === 401);
  assert.equal(signedOut, 1);
});
