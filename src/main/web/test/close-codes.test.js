import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLOSED_BEHIND, afterClose, describeClose } from '../src/close-codes.js';

test('afterClose_shellExitedOrTerminalGone_stop', () => {
  assert.equal(afterClose(1000), 'stop');
  assert.equal(afterClose(4000), 'stop');
});

test('afterClose_droppedSlowRestartingOrRefused_reattach', () => {
  for (const code of [1001, 1006, 1008, 1009, 1011, 1013, 4001, CLOSED_BEHIND]) {
    assert.equal(afterClose(code), 'reattach', String(code));
  }
});

test('describeClose_everyCode_words', () => {
  assert.match(describeClose(4001), /behind/);
  assert.match(describeClose(1006), /lost/);
  assert.match(describeClose(1013), /workspace is not reachable/);
  assert.match(describeClose(4242), /4242/);
});
