// A test file whose media measurements need the CPU takes turns with the other browser's
// run (test/sip/heavy.mjs): call `takeTurnsWithOtherRuns()` at the top of the file.
import { executeServerCommand } from '@web/test-runner-commands';

/** Longer than the server side's longest wait (4 min), so the server decides. */
const TURN_TIMEOUT_MS = 5 * 60_000;

export function takeTurnsWithOtherRuns(): void {
  before(async function () {
    this.timeout(TURN_TIMEOUT_MS);
    const { waitedMs } = await executeServerCommand<{ waitedMs: number }, object>('heavy-begin', {});
    if (waitedMs > 1000) console.log(`waited ${(waitedMs / 1000).toFixed(0)} s for the other run's heavy test`);
  });
  after(() => executeServerCommand('heavy-end', {}));
}
