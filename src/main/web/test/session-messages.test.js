import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSession, formatBytes } from '../src/session-messages.js';

test('every state has words and, where something can be done, the action', () => {
  assert.deepEqual(describeSession({ name: 'reconnecting', cause: 'server' }),
    { title: 'Reconnecting', text: 'Server restarting, your terminal will come back', action: 'reconnect' });
  assert.equal(describeSession({ name: 'stopped' }).title, 'Workspace stopped');
  assert.equal(describeSession({ name: 'stopped' }).text, 'Start it to open terminals again.');
  assert.equal(describeSession({ name: 'stopped' }).action, 'start');
  assert.equal(describeSession({ name: 'signed-out' }).action, 'sign-in');
  assert.match(describeSession({ name: 'exited', code: 3 }).text, /exited with code 3/);
  assert.equal(describeSession({ name: 'closed' }).action, null);
  assert.equal(describeSession({ name: 'connected' }).text, '');
  assert.match(describeSession({ name: 'connected', lostBytes: 2048 }).text, /2 KiB of output was too old/);
});

test('an unknown cause or state still reads as words, with a way to try again', () => {
  assert.match(describeSession({ name: 'reconnecting', cause: 'TypeError: Failed to fetch' }).text, /Connection lost/);
  assert.deepEqual(describeSession({ name: 'failed' }).action, 'reconnect');
  for (const name of ['connecting', 'connected', 'reconnecting', 'exited', 'closed', 'stopped', 'signed-out', 'failed']) {
    const words = describeSession({ name, code: 0 });
    assert.doesNotMatch(`${words.title} ${words.text}`, /undefined|Error|ws-/, name);
  }
});

test('formatBytes', () => {
  assert.equal(formatBytes(10), '10 bytes');
  assert.equal(formatBytes(3 * 1024 * 1024), '3.0 MiB');
});
