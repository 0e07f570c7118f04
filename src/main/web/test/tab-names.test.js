import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TabNames, cleanLabel, lowestFree } from '../src/tab-names.js';

class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(key) { return this.items.has(key) ? this.items.get(key) : null; }
  setItem(key, value) { this.items.set(key, String(value)); }
}

test('lowestFree: the first number no tab holds', () => {
  assert.equal(lowestFree([]), 1);
  assert.equal(lowestFree([1, 2, 3]), 4);
  assert.equal(lowestFree([2, 3]), 1);
  assert.equal(lowestFree([1, 3]), 2);
});

test('after deleting Terminal 1 of three, the next tab is Terminal 1 again, then Terminal 4', () => {
  const names = new TabNames(new MemoryStorage(), 'ws-a');
  names.add('t1');
  names.add('t2');
  names.add('t3');
  names.remove('t1');
  assert.deepEqual(['t2', 't3'].map((id) => names.label(id)), ['Terminal 2', 'Terminal 3']);
  names.add('t4');
  names.add('t5');
  assert.equal(names.label('t4'), 'Terminal 1');
  assert.equal(names.label('t5'), 'Terminal 4');
});

test('a reload keeps numbers, names, titles and order; terminals gone on the server are forgotten', () => {
  const storage = new MemoryStorage();
  const before = new TabNames(storage, 'ws-a');
  before.add('t1');
  before.add('t2');
  before.add('t3');
  before.rename('t2', '  build  ');
  before.setTitle('t3', 'user@host: ~/src');
  before.move('t3', 't1');
  const after = new TabNames(storage, 'ws-a');
  // t1 went away while the page was closed; t9 was opened elsewhere.
  assert.deepEqual(after.arrange(['t1', 't2', 't3', 't9'].filter((id) => id !== 't1')), ['t3', 't2', 't9']);
  assert.deepEqual(['t3', 't2', 't9'].map((id) => after.label(id)), ['user@host: ~/src', 'build', 'Terminal 1']);
});

test('names are kept per workspace', () => {
  const storage = new MemoryStorage();
  new TabNames(storage, 'ws-a').add('t1');
  const other = new TabNames(storage, 'ws-b');
  assert.equal(other.add('t7'), 1);
  assert.deepEqual(other.order(), ['t7']);
});

test('the user\'s name wins over the shell\'s title; clearing it gives the title back', () => {
  const names = new TabNames(new MemoryStorage(), 'ws-a');
  names.add('t1');
  names.setTitle('t1', 'vim notes.txt');
  names.rename('t1', 'editor');
  assert.equal(names.label('t1'), 'editor');
  names.rename('t1', '   ');
  assert.equal(names.label('t1'), 'vim notes.txt');
  names.setTitle('t1', '');
  assert.equal(names.label('t1'), 'Terminal 1');
});

test('move: before another tab, or to the end', () => {
  const names = new TabNames(new MemoryStorage(), 'ws-a');
  ['a', 'b', 'c'].forEach((id) => names.add(id));
  assert.deepEqual(names.move('c', 'a'), ['c', 'a', 'b']);
  assert.deepEqual(names.move('c', null), ['a', 'b', 'c']);
});

test('unreadable storage starts over instead of failing', () => {
  const storage = new MemoryStorage();
  storage.setItem('coditect.tabs.ws-a', '{not json');
  const names = new TabNames(storage, 'ws-a');
  assert.equal(names.add('t1'), 1);
});

test('cleanLabel: one line, no control characters, at most 40 characters', () => {
  assert.equal(cleanLabel(' a\tb\x1b\nc '), 'a b c');
  const long = cleanLabel('x'.repeat(100));
  assert.equal([...long].length, 40);
  assert.ok(long.endsWith('…'));
});
