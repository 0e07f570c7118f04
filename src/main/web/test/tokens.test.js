import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenClaims } from '../src/tokens.js';

function jwt(claims) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.c2lnbmF0dXJl`;
}

test('tokenClaims_upnAndExp_userAndExpiry', () => {
  assert.deepEqual(tokenClaims(jwt({ upn: 'alice', sub: 'a-1', exp: 1800000000 })),
    { user: 'alice', expiresAt: new Date(1800000000 * 1000), admin: false });
});

test('tokenClaims_subOnly_subIsTheUser', () => {
  assert.equal(tokenClaims(jwt({ sub: 'bob' })).user, 'bob');
});

test('tokenClaims_nonAsciiAndUrlSafeBase64_decoded', () => {
  assert.equal(tokenClaims(jwt({ upn: 'zoë?>>' })).user, 'zoë?>>');
});

test('tokenClaims_notAJwt_null', () => {
  assert.equal(tokenClaims('not a token'), null);
  assert.equal(tokenClaims('a.b.c'), null);
});

test('tokenClaims_adminGroup_offersTheAdminsViews', () => {
  assert.equal(tokenClaims(jwt({ upn: 'root', groups: ['user', 'admin'] })).admin, true);
  assert.equal(tokenClaims(jwt({ upn: 'alice', groups: ['user'] })).admin, false);
  assert.equal(tokenClaims(jwt({ upn: 'alice', groups: 'admin' })).admin, false);
});
