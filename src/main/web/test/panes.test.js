import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Panes } from '../src/panes.js';

test('one pane: the active tab only', () => {
  const panes = new Panes();
  panes.show('a');
  panes.show('b');
  assert.deepEqual(panes.visible(['a', 'b']), ['b']);
});

test('split: two tabs side by side in the tabs\' order; choosing a hidden tab replaces the active half', () => {
  const panes = new Panes();
  const tabs = ['a', 'b', 'c'];
  panes.show('c');
  assert.equal(panes.startSplit(tabs), true);
  assert.deepEqual(panes.visible(tabs), ['a', 'c']);
  panes.show('b');
  assert.deepEqual([panes.active, panes.partner], ['b', 'a']);
  assert.deepEqual(panes.visible(tabs), ['a', 'b']);
});

test('split: choosing the other half swaps which one is active', () => {
  const panes = new Panes();
  panes.show('a');
  panes.startSplit(['a', 'b']);
  panes.show('b');
  assert.deepEqual([panes.active, panes.partner], ['b', 'a']);
});

test('split with a single tab has no partner yet (the view opens a terminal for it)', () => {
  const panes = new Panes();
  panes.show('a');
  assert.equal(panes.startSplit(['a']), false);
  panes.show('new');
  assert.deepEqual(panes.visible(['a', 'new']), ['a', 'new']);
});

test('removing the active tab shows its partner, else a neighbour; split ends below two tabs', () => {
  const panes = new Panes();
  panes.show('a');
  panes.startSplit(['a', 'b', 'c']);
  assert.equal(panes.removed('a', ['b', 'c'], 0), 'b');
  panes.show('b');
  assert.equal(panes.split, true);
  assert.equal(panes.removed('c', ['b'], 1), null);
  assert.equal(panes.split, false);
  const single = new Panes();
  single.show('x');
  assert.equal(single.removed('x', ['w', 'y'], 1), 'y');
  assert.equal(new Panes().removed('z', [], 0), null);
});
