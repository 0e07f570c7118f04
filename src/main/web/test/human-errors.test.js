import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../src/api.js';
import { humanError } from '../src/human-errors.js';

test('a refused terminal of a stopped workspace is told with its name, not its id', () => {
  const error = new ApiError(409, 'workspace_not_running', 'Workspace ws-0123456789ab is stopped.');
  assert.equal(humanError(error, { 'ws-0123456789ab': 'my project' }), '“my project” is not running: start it first.');
});

test('other messages keep their words with ids replaced by names', () => {
  const error = new ApiError(409, 'terminal_limit_reached', 'Workspace ws-0123456789ab already has 20 terminals.');
  assert.equal(humanError(error, { 'ws-0123456789ab': 'build' }), 'Workspace “build” already has 20 terminals.');
});

test('a network failure never shows the browser\'s raw text', () => {
  const text = humanError(new TypeError('Failed to fetch'));
  assert.doesNotMatch(text, /Failed to fetch|TypeError/);
  assert.match(text, /cannot be reached/);
});

test('in a list, the name is that of the workspace whose id the message holds', () => {
  const error = new ApiError(409, 'workspace_not_running', 'Workspace ws-bbbbbbbbbbbb is stopped.');
  assert.equal(humanError(error, { 'ws-aaaaaaaaaaaa': 'one', 'ws-bbbbbbbbbbbb': 'two' }), '“two” is not running: start it first.');
});

test('a sign-in secret the server refuses says to open the link it printed', () => {
  const error = new ApiError(403, 'invalid_sign_in_secret', 'The development token issuer needs the secret…');
  assert.match(humanError(error), /open the link it printed on its console/);
});
