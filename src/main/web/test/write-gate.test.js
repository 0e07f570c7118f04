import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WriteGate } from '../src/write-gate.js';

test('written_belowHighWatermark_keepsReading', () => {
  const gate = new WriteGate({ high: 100, low: 10 });

  assert.equal(gate.written(60), false);
  assert.equal(gate.written(39), false);
});

test('written_reachesHighWatermark_pausesOnce', () => {
  const gate = new WriteGate({ high: 100, low: 10 });

  assert.equal(gate.written(100), true);
  assert.equal(gate.written(50), false);
  assert.equal(gate.paused, true);
});

test('parsed_downToLowWatermark_resumesOnce', () => {
  const gate = new WriteGate({ high: 100, low: 10 });
  gate.written(60);
  gate.written(60);

  assert.equal(gate.parsed(60), false);
  assert.equal(gate.parsed(50), true);
  assert.equal(gate.parsed(10), false);
  assert.equal(gate.pending, 0);
});

test('parsed_neverPaused_neverResumes', () => {
  const gate = new WriteGate({ high: 100, low: 10 });
  gate.written(50);

  assert.equal(gate.parsed(50), false);
});
