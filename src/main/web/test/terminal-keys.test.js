import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyAction } from '../src/terminal-keys.js';

const press = (key, more = {}) => ({ type: 'keydown', key, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...more });

test('Ctrl+Shift+F opens find; font keys step the size', () => {
  assert.deepEqual(keyAction(press('F', { ctrlKey: true, shiftKey: true }), false), { action: 'search' });
  assert.deepEqual(keyAction(press('=', { ctrlKey: true }), false), { action: 'font', step: 1 });
  assert.deepEqual(keyAction(press('-', { ctrlKey: true }), false), { action: 'font', step: -1 });
});

test('copy: Ctrl+Shift+C and Ctrl+Insert always, Ctrl+C only with a selection (then clearing it)', () => {
  assert.deepEqual(keyAction(press('C', { ctrlKey: true, shiftKey: true }), false), { action: 'copy', clear: false });
  assert.deepEqual(keyAction(press('Insert', { ctrlKey: true }), false), { action: 'copy', clear: false });
  assert.deepEqual(keyAction(press('c', { ctrlKey: true }), true), { action: 'copy', clear: true });
  assert.equal(keyAction(press('c', { ctrlKey: true }), false), null, 'Ctrl+C without a selection is the interrupt');
});

test('paste: Ctrl+Shift+V and Shift+Insert are the browser\'s; Ctrl+V and plain keys are the terminal\'s', () => {
  assert.deepEqual(keyAction(press('V', { ctrlKey: true, shiftKey: true }), false), { action: 'paste' });
  assert.deepEqual(keyAction(press('Insert', { shiftKey: true }), false), { action: 'paste' });
  assert.equal(keyAction(press('v', { ctrlKey: true }), false), null);
  assert.equal(keyAction(press('f'), false), null);
  assert.equal(keyAction(press('F', { ctrlKey: true, shiftKey: true, type: 'keyup' }), false), null);
});
