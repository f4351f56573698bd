import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from './journal';

describe('Journal', () => {
  const dirs: string[] = [];
  const path = () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-journal-'));
    dirs.push(dir);
    return join(dir, 'state', 'journal.jsonl');
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('replays the last event of each step with its outputs', () => {
    const file = path();
    const j = Journal.open(file);
    j.record('network/main', 'creating');
    j.record('network/main', 'created', { id: 'n-1' });
    j.record('machine/a', 'creating');
    const reopened = Journal.open(file);
    expect(reopened.state('network/main')).toBe('created');
    expect(reopened.outputs('network/main')).toEqual({ id: 'n-1' });
    expect(reopened.state('machine/a')).toBe('creating');
    expect(reopened.state('machine/b')).toBe('absent');
    expect(reopened.steps('creating')).toEqual(['machine/a']);
  });

  it('keeps outputs when a step is deleted', () => {
    const file = path();
    const j = Journal.open(file);
    j.record('lb/api', 'created', { id: 'lb-1' });
    j.record('lb/api', 'deleting');
    expect(Journal.open(file).outputs('lb/api')).toEqual({ id: 'lb-1' });
  });

  it('ignores a torn final line left by a crash mid-write', () => {
    const file = path();
    Journal.open(file).record('machine/a', 'created', { id: 'm-1' });
    appendFileSync(file, '{"step":"machine/b","ev');
    const j = Journal.open(file);
    expect(j.state('machine/a')).toBe('created');
    expect(j.state('machine/b')).toBe('absent');
  });

  it('refuses a corrupt line in the middle', () => {
    const file = path();
    const j = Journal.open(file);
    j.record('a', 'created');
    appendFileSync(file, 'garbage\n');
    j.record('b', 'created');
    j.record('c', 'created');
    expect(() => Journal.open(file)).toThrow(/reading journal .* line 2/);
  });
});
