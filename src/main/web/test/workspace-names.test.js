import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { workspaceNameProblem } from '../src/workspace-names.js';

const cases = JSON.parse(readFileSync(new URL('./workspace-name-cases.json', import.meta.url), 'utf8'));

test('names the API accepts pass, letters of any script included', () => {
  for (const name of cases.valid) {
    assert.equal(workspaceNameProblem(name), null, JSON.stringify(name));
  }
});

test('names the API refuses are refused with a reason', () => {
  for (const name of cases.invalid) {
    assert.match(workspaceNameProblem(name) ?? '', /workspace/, JSON.stringify(name));
  }
});

test('64 characters are counted as characters, not UTF-16 units', () => {
  assert.equal(workspaceNameProblem('𝒜'.repeat(64)), null);
  assert.notEqual(workspaceNameProblem('𝒜'.repeat(65)), null);
});
