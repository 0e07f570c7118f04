import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLOSED_BEHIND, afterClose, closeCause } from '../src/close-codes.js';

test('afterClose_shellExitedOrTerminalGone_stop', () => {
  assert.equal(afterClose(1000), 'stop');
  assert.equal(afterClose(4000), 'stop');
});

test('afterClose_droppedSlowRestartingOrRefused_reattach', () => {
  for (const code of [1001, 1006, 1008, 1009, 1011, 1013, 4001, CLOSED_BEHIND]) {
    assert.equal(afterClose(code), 'reattach', String(code));
  }
});

test('closeCause_everyCode_aCauseToWord', () => {
  assert.equal(closeCause(1001), 'server');
  assert.equal(closeCause(1006), 'network');
  assert.equal(closeCause(1013), 'agent');
  assert.equal(closeCause(4001), 'behind');
  assert.equal(closeCause(CLOSED_BEHIND), 'behind');
  assert.equal(closeCause(4242), 'network');
});
