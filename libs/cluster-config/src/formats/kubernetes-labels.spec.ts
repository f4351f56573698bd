import { describe, expect, it } from 'vitest';
import { labelKeyProblem, labelValueProblem } from './kubernetes-labels';

describe('labelKeyProblem', () => {
  it.each(['tier', 'app.kubernetes.io/name', 'example.com/Team_A', 'a', 'x'.repeat(63), `${'p'.repeat(63)}.example.com/name`])('accepts %j', (key) =>
    expect(labelKeyProblem(key)).toBeUndefined(),
  );

  it.each([
    ['Bad Key', 'must be letters, digits'],
    ['a/b/c', 'at most one'],
    ['example.com/', 'needs a name'],
    ['/name', 'prefix'],
    ['Example.com/name', 'prefix'],
    ['-tier', 'starting and ending'],
    ['x'.repeat(64), 'at most 63 characters'],
    [`${'p'.repeat(250)}.com/name`, 'at most 253'],
  ])('refuses %j', (key, reason) => {
    expect(labelKeyProblem(key)).toContain(reason);
  });
});

describe('labelValueProblem', () => {
  it.each(['', 'web', 'v1.2_3', 'A-b'])('accepts %j', (value) => expect(labelValueProblem(value)).toBeUndefined());

  it.each([
    ['has space', 'must be empty or letters'],
    ['-x', 'starting and ending'],
    ['v'.repeat(64), 'at most 63'],
  ])('refuses %j', (value, reason) => expect(labelValueProblem(value)).toContain(reason));
});
