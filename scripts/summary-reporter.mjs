// A web-test-runner reporter that ends the run with one plain line, "N passed, N failed,
// N skipped", the closing line CI reads to know that tests ran, after one such line per
// browser when there are several. A test file that could not even load counts as one failure.
function count(suite, totals) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite?.suites ?? []) count(child, totals);
}

const line = ({ passed, failed, skipped }) => `${passed} passed, ${failed} failed, ${skipped} skipped`;

export function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      // The same files run in each browser: a line per browser shows which one failed.
      const perBrowser = new Map();
      for (const session of sessions) {
        const browser = perBrowser.get(session.browser.name) ?? { passed: 0, failed: 0, skipped: 0 };
        perBrowser.set(session.browser.name, browser);
        for (const target of [totals, browser]) {
          count(session.testResults, target);
          if (!session.testResults && session.errors?.length) target.failed++;
        }
      }
      if (perBrowser.size > 1) console.log(`\n${[...perBrowser].map(([name, browser]) => `${name}: ${line(browser)}`).join('\n')}`);
      console.log(`\n${line(totals)}`);
    },
  };
}
