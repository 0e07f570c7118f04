import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  baseName, downloadName, filesPath, formatSize, isText, joinPath, nameProblem, parentPath, progressText, sortEntries,
} from '../src/files-paths.js';

test('paths join and split at slashes, the root being empty', () => {
  assert.equal(joinPath('', 'a'), 'a');
  assert.equal(joinPath('a/b', 'c'), 'a/b/c');
  assert.equal(parentPath('a/b/c'), 'a/b');
  assert.equal(parentPath('a'), '');
  assert.equal(baseName('a/b/c.txt'), 'c.txt');
  assert.equal(baseName('top'), 'top');
});

test('filesPath encodes every segment, never the separators, and adds flags and values', () => {
  assert.equal(filesPath('ws-1', ''), '/workspaces/ws-1/files');
  assert.equal(filesPath('ws-1', 'read me/ä#?.txt'), '/workspaces/ws-1/files/read%20me/%C3%A4%23%3F.txt');
  assert.equal(filesPath('ws-1', 'dir', { download: true, limit: 10, cursor: null }), '/workspaces/ws-1/files/dir?download&limit=10');
  assert.equal(filesPath('ws-1', 'a', { recursive: 'true' }), '/workspaces/ws-1/files/a?recursive=true');
});

test('nameProblem refuses what the server refuses', () => {
  assert.equal(nameProblem('notes.txt'), null);
  assert.match(nameProblem(''), /needed/);
  assert.match(nameProblem('a/b'), /“\/”/);
  assert.match(nameProblem('..'), /cannot be a name/);
  assert.match(nameProblem('a\0b'), /NUL/);
  assert.equal(nameProblem('x'.repeat(255)), null);
  assert.match(nameProblem('é'.repeat(128)), /255 bytes/);
});

test('sizes and progress in words', () => {
  assert.equal(formatSize(0), '0 B');
  assert.equal(formatSize(1536), '1.5 KiB');
  assert.equal(formatSize(100 * 1024 * 1024), '100 MiB');
  assert.equal(progressText(12 * 1024 * 1024, 100 * 1024 * 1024), '12 MiB of 100 MiB (12 %)');
  assert.equal(progressText(2048, 0), '2.0 KiB');
});

test('directories come first, then names in code-unit order', () => {
  const sorted = sortEntries([
    { name: 'b.txt', type: 'file' }, { name: 'src', type: 'directory' }, { name: 'A.txt', type: 'file' }, { name: 'lib', type: 'directory' },
  ]);
  assert.deepEqual(sorted.map((e) => e.name), ['lib', 'src', 'A.txt', 'b.txt']);
});

test('isText: text types, and unknown bytes that are UTF-8 without NUL', () => {
  const utf8 = new TextEncoder().encode('héllo\n');
  assert.equal(isText('text/plain;charset=utf-8', new Uint8Array([0])), true);
  assert.equal(isText('application/json', new Uint8Array()), true);
  assert.equal(isText('application/octet-stream', utf8), true);
  assert.equal(isText('application/octet-stream', new Uint8Array([104, 0, 105])), false);
  assert.equal(isText('application/octet-stream', new Uint8Array([0xff, 0xfe])), false);
  assert.equal(isText('image/png', utf8), false);
});

test('downloadName prefers the UTF-8 name of Content-Disposition', () => {
  assert.equal(downloadName("attachment; filename=\"_.txt\"; filename*=UTF-8''%C3%A4.txt", 'x'), 'ä.txt');
  assert.equal(downloadName('attachment; filename="plain.zip"', 'x'), 'plain.zip');
  assert.equal(downloadName(null, 'fallback.bin'), 'fallback.bin');
});
