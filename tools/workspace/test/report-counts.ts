/** Passed, failed and skipped counts of one test run. */
export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
  numFailedTestSuites?: number;
  testResults?: { status: string; assertionResults: unknown[] }[];
}

interface PlaywrightJson {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  errors?: unknown[];
}

/**
 * Reads a vitest JSON report (Jest-compatible) or a Playwright JSON report. A test file
 * that failed to load counts as one failure, and so does a Playwright run-level error
 * (for example its web server not starting).
 */
export function countFromReport(report: unknown): Counts {
  const r = report as Partial<VitestJson & PlaywrightJson>;
  if (r.stats) {
    return {
      passed: r.stats.expected + r.stats.flaky,
      failed: r.stats.unexpected + (r.errors?.length ?? 0),
      skipped: r.stats.skipped,
    };
  }
  if (typeof r.numPassedTests === 'number') {
    const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
    return {
      passed: r.numPassedTests,
      failed: (r.numFailedTests ?? 0) + brokenFiles,
      skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
    };
  }
  throw new Error('unrecognised test report: neither vitest nor Playwright JSON');
}
