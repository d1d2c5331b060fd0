import type { Reporter, TestModule } from "vitest/node";

/** The counts of the final line. */
export interface SummaryCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * Counts results the way CI must read them: every failed test, and every error attached to a file or a suite
 * (a failing `beforeAll`/`afterAll` hook, a file that does not load, a suite that fails to collect). A hook
 * failure makes vitest mark the tests it guarded as skipped, so counting tests alone would report
 * "0 failed" for a run that proved nothing.
 */
export function countResults(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): SummaryCounts {
  const counts: SummaryCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const mod of testModules) {
    let failedHere = 0;
    for (const test of mod.children.allTests()) {
      const state = test.result().state;
      if (state === "passed") counts.passed++;
      else if (state === "failed") failedHere++;
      else counts.skipped++;
    }
    // Errors of the file itself and of every suite in it: hooks, collection, imports.
    failedHere += mod.errors().length;
    for (const suite of mod.children.allSuites()) failedHere += suite.errors().length;
    // A failed file must count even when vitest attached no error we can see.
    if (mod.state() === "failed" && failedHere === 0) failedHere = 1;
    counts.failed += failedHere;
  }
  counts.failed += unhandledErrors.length;
  return counts;
}

/**
 * Ends the run with the plain line `N passed, N failed` (and `, N skipped` when any were skipped),
 * which CI reads to count results whatever else the default reporter printed.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const { passed, failed, skipped } = countResults(testModules, unhandledErrors);
    const tail = skipped > 0 ? `, ${skipped} skipped` : "";
    // Printed at exit so it comes after the default reporter's summary (stdout is synchronous for
    // files and pipes on Linux, so nothing is lost).
    process.once("exit", () => process.stdout.write(`\n${passed} passed, ${failed} failed${tail}\n`));
  }
}
