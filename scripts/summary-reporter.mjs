// A web-test-runner reporter that ends the run with the failed tests, each with its file
// and first error line, then one plain line, "N passed, N failed, N skipped", the closing
// line CI reads to know that tests ran (after one such line per browser when there are
// several). CI keeps only the tail of the output: the failures must be repeated there.
// A test file that could not even load counts as one failure.
import { relative } from 'node:path';

function count(suite, totals, failures, path = []) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else {
      totals.failed++;
      failures.push(`${[...path, test.name].join(' › ')}: ${firstLine(test.error?.message)}`);
    }
  }
  for (const child of suite?.suites ?? []) count(child, totals, failures, [...path, child.name]);
}

const firstLine = (message = 'failed') => String(message).split('\n')[0].slice(0, 300);
const line = ({ passed, failed, skipped }) => `${passed} passed, ${failed} failed, ${skipped} skipped`;

export function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      // The same files run in each browser: a line per browser shows which one failed.
      const perBrowser = new Map();
      const failures = [];
      for (const session of sessions) {
        const name = session.browser.name;
        if (!perBrowser.has(name)) perBrowser.set(name, { passed: 0, failed: 0, skipped: 0 });
        const own = { passed: 0, failed: 0, skipped: 0 };
        const messages = [];
        count(session.testResults, own, messages);
        if (!session.testResults && session.errors?.length) {
          own.failed++;
          messages.push(`could not run: ${firstLine(session.errors[0]?.message)}`);
        }
        for (const target of [totals, perBrowser.get(name)]) {
          for (const key of Object.keys(own)) target[key] += own[key];
        }
        const file = relative(process.cwd(), session.testFile);
        for (const message of messages) failures.push(`✗ ${name} ${file}: ${message}`);
      }
      if (failures.length) console.log(`\nFailed:\n${failures.join('\n')}`);
      if (perBrowser.size > 1) console.log(`\n${[...perBrowser].map(([name, browser]) => `${name}: ${line(browser)}`).join('\n')}`);
      console.log(`\n${line(totals)}`);
    },
  };
}
