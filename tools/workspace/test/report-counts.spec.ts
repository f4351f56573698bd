import { describe, expect, it } from 'vitest';
import { countFromReport } from './report-counts';

describe('countFromReport', () => {
  it('reads a vitest report and counts files that failed to load', () => {
    const counts = countFromReport({
      numPassedTests: 7,
      numFailedTests: 1,
      numPendingTests: 2,
      testResults: [
        { status: 'passed', assertionResults: [{}] },
        { status: 'failed', assertionResults: [] },
      ],
    });
    expect(counts).toEqual({ passed: 7, failed: 2, skipped: 2 });
  });

  it('reads a Playwright report and counts run-level errors as failures', () => {
    const counts = countFromReport({ stats: { expected: 3, unexpected: 1, skipped: 1, flaky: 1 }, errors: [{}] });
    expect(counts).toEqual({ passed: 4, failed: 2, skipped: 1 });
  });

  it('refuses a report it does not understand', () => {
    expect(() => countFromReport({ hello: 'world' })).toThrow(/unrecognised test report/);
  });
});
