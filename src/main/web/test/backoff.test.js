import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff } from '../src/backoff.js';

test('next_noSpread_doublesUpToTheCeiling', () => {
  const backoff = new Backoff({ first: 250, ceiling: 2000, random: () => 1 });

  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => backoff.next()), [250, 500, 1000, 2000, 2000, 2000]);
});

test('next_fullSpread_atMostAFifthEarlier', () => {
  const backoff = new Backoff({ first: 1000, ceiling: 8000, random: () => 0 });

  assert.deepEqual([backoff.next(), backoff.next()], [800, 1600]);
});

test('reset_afterASuccess_startsOverAtTheFirstDelay', () => {
  const backoff = new Backoff({ first: 250, ceiling: 15000, random: () => 1 });
  backoff.next();
  backoff.next();
  backoff.next();

  backoff.reset();

  assert.equal(backoff.next(), 250);
});
