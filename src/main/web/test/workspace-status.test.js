import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeStatus, possibleActions } from '../src/workspace-status.js';

test('only what works in a status is possible', () => {
  assert.deepEqual(possibleActions('running'), { start: false, stop: true, terminals: true });
  assert.deepEqual(possibleActions('stopped'), { start: true, stop: false, terminals: false });
  assert.deepEqual(possibleActions('stopping'), { start: false, stop: false, terminals: false });
  assert.deepEqual(possibleActions('starting'), { start: false, stop: true, terminals: false });
  assert.deepEqual(possibleActions('failed'), { start: true, stop: true, terminals: false });
  assert.deepEqual(possibleActions('deleting'), { start: false, stop: false, terminals: false });
});

test('statuses read as words, with the progress while on the way', () => {
  assert.deepEqual(describeStatus({ status: 'starting', progress: 'pulling_image' }),
    { words: 'Starting', detail: 'pulling image', reason: '' });
  assert.deepEqual(describeStatus({ status: 'running', progress: 'ready' }), { words: 'Running', detail: '', reason: '' });
  assert.equal(describeStatus({ status: 'failed', reason: 'ImagePullBackOff: x' }).reason, 'ImagePullBackOff: x');
});
