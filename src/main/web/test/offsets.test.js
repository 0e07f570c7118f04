import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OutputCursor } from '../src/offsets.js';

test('query_firstAttach_noOffset', () => {
  assert.deepEqual(new OutputCursor().query(), {});
});

test('query_afterOutput_attachedOffsetPlusBytesReceived', () => {
  const cursor = new OutputCursor();
  cursor.attached({ offset: 100, truncated: false });
  cursor.received(20);
  cursor.received(5);

  assert.deepEqual(cursor.query(), { offset: '125' });
});

test('attached_reattachWhereItLeftOff_nothingLost', () => {
  const cursor = new OutputCursor();
  cursor.attached({ offset: 0, truncated: false });
  cursor.received(4096);

  assert.equal(cursor.attached({ offset: 4096, truncated: false }), 0);
  assert.equal(cursor.next, 4096);
});

test('attached_serverNoLongerHoldsTheOffset_bytesLostAndCursorMoves', () => {
  const cursor = new OutputCursor();
  cursor.attached({ offset: 0, truncated: false });
  cursor.received(1000);

  assert.equal(cursor.attached({ offset: 300000, truncated: true }), 299000);
  assert.deepEqual(cursor.query(), { offset: '300000' });
});

test('attached_firstAttachStartsLate_nothingCountedLost', () => {
  assert.equal(new OutputCursor().attached({ offset: 5000, truncated: false }), 0);
});

test('attached_serverStartsEarlierThanAsked_followsTheServer', () => {
  const cursor = new OutputCursor();
  cursor.attached({ offset: 0, truncated: false });
  cursor.received(900);

  assert.equal(cursor.attached({ offset: 800, truncated: false }), 0);
  assert.equal(cursor.next, 800);
});
