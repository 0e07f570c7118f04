import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { activityPath, actionCodes, describeEvent, globalActivityPath } from '../src/activity.js';

const base = {
  id: 'e1', time: '2026-12-02T21:04:05.123Z', actor: 'alice', outcome: 'ok', workspace: 'ws-1',
  terminal: null, clientAddress: '192.0.2.10', userAgent: 'ua', replica: 'r1', details: {},
};

test('pages: the workspace escaped, the cursor only when there is one', () => {
  assert.equal(activityPath('ws-1'), '/workspaces/ws-1/audit?limit=50');
  assert.equal(activityPath('ws/1', { cursor: 'a+b/c', limit: 10 }), '/workspaces/ws%2F1/audit?limit=10&cursor=a%2Bb%2Fc');
});

test('a detach reads with its bytes and duration, and where from', () => {
  const line = describeEvent({
    ...base, action: 'terminal.detach', terminal: 't1',
    details: { bytes_in: '13', bytes_out: '2048', duration_ms: '75300' },
  });
  assert.equal(line.who, 'alice');
  assert.equal(line.what, 'left a terminal');
  assert.equal(line.note, '13 B in, 2.0 KiB out, 1 min 15 s · from 192.0.2.10');
  assert.equal(line.when.toISOString(), '2026-12-02T21:04:05.123Z');
  assert.equal(line.refused, false);
});

test('files name their paths; a move both', () => {
  assert.equal(describeEvent({ ...base, action: 'file.write', details: { path: 'src/a.txt' } }).what, 'wrote src/a.txt');
  assert.equal(describeEvent({ ...base, action: 'file.move', details: { from: 'a', path: 'b' } }).what, 'moved a to b');
  assert.equal(describeEvent({ ...base, action: 'file.write', details: { path: '', type: 'upload', files: '2' } }).what,
    'uploaded 2 files to the workspace');
  assert.equal(describeEvent({ ...base, action: 'file.write', details: { path: 'docs', type: 'upload', files: '1' } }).what,
    'uploaded 1 file to docs');
});

test('the server, admins and refusals are told apart', () => {
  const idle = describeEvent({ ...base, actor: 'system', action: 'workspace.stop', clientAddress: null, details: { reason: 'idle' } });
  assert.equal(idle.who, 'The server');
  assert.equal(idle.note, 'idle');
  assert.equal(describeEvent({ ...base, actor: 'root', action: 'workspace.stop', details: { owner: 'alice' } }).note,
    'as admin, owner alice · from 192.0.2.10');
  const refused = describeEvent({ ...base, actor: 'bob', action: 'request.refused', outcome: 'refused', details: { status: '404', owner: 'alice' } });
  assert.equal(refused.refused, true);
  assert.equal(refused.note, 'status 404 · from 192.0.2.10');
});

test('an action this client does not know is shown by its code', () => {
  assert.equal(describeEvent({ ...base, action: 'session.recorded' }).what, 'session.recorded');
});

test('the admins\' listing: only the filters that are set, trimmed, times as instants', () => {
  assert.equal(globalActivityPath(), '/audit?limit=50');
  assert.equal(globalActivityPath({ user: ' alice ', workspace: '', action: 'terminal.attach' }, { limit: 20 }),
    '/audit?limit=20&user=alice&action=terminal.attach');
  assert.equal(globalActivityPath({ from: new Date('2026-12-01T00:00:00Z'), to: new Date('nonsense') }, { cursor: 'c/1' }),
    '/audit?limit=50&from=2026-12-01T00%3A00%3A00.000Z&cursor=c%2F1');
  assert.ok(actionCodes().includes('recording.download'));
  assert.ok(actionCodes().includes('request.refused'));
});

test('recording events read in words', () => {
  assert.equal(describeEvent({ ...base, action: 'recording.download', details: { recording: 'rec-1' } }).what,
    'downloaded a recording');
});

test('every action the server writes (AuditAction.java) reads in words and can be filtered on', () => {
  const source = readFileSync(new URL('../../java/io/coditect/audit/AuditAction.java', import.meta.url), 'utf8');
  const written = [...source.matchAll(/^\s+[A-Z_]+\("([a-z_.]+)"\)/gm)].map((match) => match[1]);
  assert.ok(written.length > 10, `action codes found in AuditAction.java: ${written}`);
  assert.deepEqual([...actionCodes()].sort(), [...written].sort());
  for (const action of written) {
    assert.notEqual(describeEvent({ ...base, action }).what, action, `${action} has no words`);
  }
});
