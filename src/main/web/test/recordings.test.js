import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeRecording, recordingPath, recordingsPath } from '../src/recordings.js';

const base = {
  id: 'rec-1764700000000-0a1b2c3d', workspace: 'ws-1', terminal: 't-1', startedAt: '2026-12-02T21:00:00Z',
  endedAt: '2026-12-02T21:01:15.400Z', cols: 80, rows: 24, input: false, bytes: 2048, unrecordedBytes: 0,
};

test('paths: the workspace and the recording escaped', () => {
  assert.equal(recordingsPath('ws-1'), '/workspaces/ws-1/recordings');
  assert.equal(recordingPath('ws/1', 'rec-1/..'), '/workspaces/ws%2F1/recordings/rec-1%2F..');
});

test('an ended recording reads with its length and size', () => {
  const line = describeRecording(base);
  assert.equal(line.terminal, 't-1');
  assert.equal(line.live, false);
  assert.equal(line.note, '1 min 15 s · 2.0 KiB');
  assert.equal(line.when.toISOString(), '2026-12-02T21:00:00.000Z');
});

test('a running one says so; input and gaps are named', () => {
  const line = describeRecording({ ...base, endedAt: null, input: true, bytes: 300, unrecordedBytes: 3 * 1048576 });
  assert.equal(line.live, true);
  assert.equal(line.note, 'still recording · 300 B · with input · 3.0 MiB not recorded');
});

test('hours for long sessions', () => {
  assert.equal(describeRecording({ ...base, endedAt: '2026-12-02T23:05:00Z' }).note, '2 h 5 min · 2.0 KiB');
});

test('a gateway copy that stopped, or a recording only the workspace holds, says it can be changed', () => {
  assert.equal(describeRecording({ ...base, copy: 'stopped' }).note, '1 min 15 s · 2.0 KiB · copy stopped: the workspace changed it');
  assert.equal(describeRecording({ ...base, copy: 'agent' }).note, '1 min 15 s · 2.0 KiB · not copied: the workspace can change it');
  assert.equal(describeRecording({ ...base, copy: 'complete' }).note, '1 min 15 s · 2.0 KiB');
  assert.equal(describeRecording({ ...base, copy: null }).note, '1 min 15 s · 2.0 KiB');
});
