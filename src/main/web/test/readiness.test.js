import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from '../src/backoff.js';
import { sleep, waitUntilReady } from '../src/readiness.js';

function scripted(answers) {
  const asked = [];
  return {
    asked,
    probe: async () => {
      const answer = answers[asked.length] ?? true;
      asked.push(answer);
      if (answer instanceof Error) {
        throw answer;
      }
      return answer;
    },
  };
}

test('asks at once and returns when the server is ready', async () => {
  const server = scripted([true]);
  const pauses = [];
  await waitUntilReady({ probe: server.probe, sleep: async (ms) => pauses.push(ms) });
  assert.deepEqual(pauses, []);
  assert.equal(server.asked.length, 1);
});

test('network errors and 503s are "not yet": it asks again after pauses capped at the ceiling', async () => {
  const server = scripted([new TypeError('Failed to fetch'), false, false, false, false, false, true]);
  const pauses = [];
  const backoff = new Backoff({ first: 200, ceiling: 1500, random: () => 1 });
  await waitUntilReady({ probe: server.probe, sleep: async (ms) => pauses.push(ms), backoff });
  assert.deepEqual(pauses, [200, 400, 800, 1500, 1500, 1500]);
  assert.equal(server.asked.length, 7);
});

test('an abort ends the wait with the abort reason', async () => {
  const abort = new AbortController();
  const server = scripted([false, false, false]);
  const waiting = waitUntilReady({ probe: server.probe, sleep, signal: abort.signal, backoff: new Backoff({ first: 10000 }) });
  setTimeout(() => abort.abort(new Error('reconnect now')), 10);
  await assert.rejects(waiting, /reconnect now/);
});

test('sleep resolves after its time and rejects at once when aborted', async () => {
  await sleep(1);
  const abort = new AbortController();
  abort.abort(new Error('gone'));
  await assert.rejects(sleep(50, abort.signal), /gone/);
});
