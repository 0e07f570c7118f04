import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SseParser } from '../src/sse.js';

function parse(...chunks) {
  const events = [];
  const parser = new SseParser((event) => events.push(event));
  for (const chunk of chunks) {
    parser.feed(chunk);
  }
  return events;
}

const STREAM = 'event: phase\ndata: {"status":"starting"}\n\n: keep-alive\n\nevent: phase\ndata: {"status":"running"}\n\n';

test('feed_wholeStream_eventsWithTypeAndData', () => {
  assert.deepEqual(parse(STREAM), [
    { type: 'phase', data: '{"status":"starting"}' },
    { type: 'phase', data: '{"status":"running"}' },
  ]);
});

test('feed_splitAtEveryCharacter_sameEvents', () => {
  assert.deepEqual(parse(...STREAM.split('')), parse(STREAM));
});

test('feed_crlfSplitBetweenChunks_oneLineEnding', () => {
  assert.deepEqual(parse('data: a\r', '\n\r', '\n'), [{ type: 'message', data: 'a' }]);
});

test('feed_crOnlyLineEndings_events', () => {
  assert.deepEqual(parse('event: phase\rdata: x\r\r'), [{ type: 'phase', data: 'x' }]);
});

test('feed_severalDataLines_joinedWithNewlines', () => {
  assert.deepEqual(parse('data: one\ndata:two\n\n'), [{ type: 'message', data: 'one\ntwo' }]);
});

test('feed_commentsAndEmptyEvents_nothing', () => {
  assert.deepEqual(parse(': keep-alive\n\nevent: phase\n\n'), []);
});

test('feed_incompleteEvent_heldUntilBlankLine', () => {
  const events = [];
  const parser = new SseParser((event) => events.push(event));
  parser.feed('event: phase\ndata: {}\n');
  assert.equal(events.length, 0);
  parser.feed('\n');
  assert.deepEqual(events, [{ type: 'phase', data: '{}' }]);
});
