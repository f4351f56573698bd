import { describe, expect, it } from 'vitest';
import { progress } from '@strata/driver-api';
import { journalStepState, progressStepState, stepInfoOf, stepInfos } from './step-views';
import { scrubberFor } from './scrub';

describe('progressStepState', () => {
  it.each([
    ['infrastructure', 'started', 'creating machine m-0', 'creating'],
    ['infrastructure', 'done', 'created machine m-0', 'created'],
    ['infrastructure', 'skipped', 'machine m-0 adopted', 'adopted'],
    ['infrastructure', 'skipped', 'machine m-0 exists', 'unchanged'],
    ['infrastructure', 'failed', 'machine m-0: boom', 'failed'],
    ['destroy', 'started', 'deleting machine m-0', 'deleting'],
    ['destroy', 'done', 'deleted machine m-0', 'deleted'],
    ['infrastructure', 'progress', 'waiting for the agent', undefined],
  ] as const)('%s %s "%s" puts the step in %s', (phase, status, message, state) => {
    expect(progressStepState(progress(phase, status, message, 'machine/m-0'))).toBe(state);
  });

  it('names no state for an event without a step', () => {
    expect(progressStepState(progress('infrastructure', 'done', 'created something'))).toBeUndefined();
  });
});

describe('step infos', () => {
  it('describe plan steps by kind and name, and unknown journal steps by their id', () => {
    const infos = stepInfos({
      cluster: 'c',
      platform: 'local',
      steps: [{ id: 'machine/c-cp-0', kind: 'machine', name: 'c-cp-0', dependsOn: [], spec: {}, tags: {} }],
    });
    expect(stepInfoOf(infos, 'machine/c-cp-0')).toEqual({ id: 'machine/c-cp-0', kind: 'machine', description: 'machine c-cp-0' });
    expect(stepInfoOf(infos, 'kwok/old')).toEqual({ id: 'kwok/old', kind: 'kwok', description: 'kwok/old' });
    expect(journalStepState('absent')).toBe('pending');
    expect(journalStepState('creating')).toBe('creating');
  });
});

describe('scrubberFor', () => {
  it('cuts the credential values and what the redaction rules know, and leaves short values alone', () => {
    const scrub = scrubberFor(['wJalrXUtnFEMI/K7MDENG', 'abc']);
    const text = scrub('signature for wJalrXUtnFEMI/K7MDENG refused; password: hunter22; abc stays');
    expect(text).not.toContain('wJalrXUtnFEMI');
    expect(text).not.toContain('hunter22');
    expect(text).toContain('abc stays');
  });
});
