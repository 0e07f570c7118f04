import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FONT_SIZES, THEMES, clampFontSize, fontSizeKey, readFontSize, saveFontSize, schemeOf } from '../src/terminal-settings.js';

const key = (key, more = {}) => ({ type: 'keydown', key, ctrlKey: true, altKey: false, metaKey: false, shiftKey: false, ...more });

test('Ctrl+= and Ctrl++ grow, Ctrl+- shrinks, Ctrl+0 resets; other keys are not font keys', () => {
  assert.equal(fontSizeKey(key('=')), 1);
  assert.equal(fontSizeKey(key('+', { shiftKey: true })), 1);
  assert.equal(fontSizeKey(key('-')), -1);
  assert.equal(fontSizeKey(key('0')), 'reset');
  assert.equal(fontSizeKey(key('c')), null);
  assert.equal(fontSizeKey(key('=', { ctrlKey: false })), null);
  assert.equal(fontSizeKey(key('=', { type: 'keyup' })), null);
  assert.equal(fontSizeKey(key('=', { altKey: true })), null);
});

test('sizes stay between the bounds, and nonsense is the standard size', () => {
  assert.equal(clampFontSize(2), FONT_SIZES.min);
  assert.equal(clampFontSize(99), FONT_SIZES.max);
  assert.equal(clampFontSize('15'), 15);
  assert.equal(clampFontSize('big'), FONT_SIZES.standard);
});

test('the size is kept in storage, and a broken storage falls back to the standard size', () => {
  const items = new Map();
  const storage = { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v) };
  assert.equal(readFontSize(storage), FONT_SIZES.standard);
  saveFontSize(storage, 18);
  assert.equal(readFontSize(storage), 18);
  const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
  assert.equal(readFontSize(broken), FONT_SIZES.standard);
  saveFontSize(broken, 18);
});

test('the scheme follows the system; both themes have every colour', () => {
  assert.equal(schemeOf({ matches: true }), 'dark');
  assert.equal(schemeOf({ matches: false }), 'light');
  assert.equal(schemeOf(undefined), 'light');
  assert.deepEqual(Object.keys(THEMES.light).sort(), Object.keys(THEMES.dark).sort());
});
