import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_INPUT_FRAME, binaryFrames, inputFrames } from '../src/input.js';

test('inputFrames_keystroke_oneUtf8Frame', () => {
  assert.deepEqual(inputFrames('é\r').map((frame) => [...frame]), [[0xc3, 0xa9, 0x0d]]);
});

test('inputFrames_longPaste_framesOfAtMostTheLimitInOrder', () => {
  const text = 'x'.repeat(MAX_INPUT_FRAME * 2 + 10);

  const frames = inputFrames(text);

  assert.deepEqual(frames.map((frame) => frame.length), [MAX_INPUT_FRAME, MAX_INPUT_FRAME, 10]);
  assert.equal(Buffer.concat(frames).toString(), text);
});

test('binaryFrames_oneCharacterPerByte_rawBytes', () => {
  assert.deepEqual([...binaryFrames('\x1b[M\xff\x80')[0]], [0x1b, 0x5b, 0x4d, 0xff, 0x80]);
});
