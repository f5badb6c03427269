// A test file whose media measurements need the CPU takes turns with the other browser's
// run (test/sip/heavy.mjs): call `takeTurnsWithOtherRuns()` at the top of the file.
import { executeServerCommand } from '@web/test-runner-commands';

/** The server's longest wait (4 min, over every ask), and a margin. */
const TURN_TIMEOUT_MS = 5 * 60_000;

interface Answer {
  granted: boolean;
  /** Waited the longest there is: the file goes ahead without the turn. */
  gaveUp?: boolean;
  /** The file that has the turn, when not granted. */
  owner?: string | null;
}

export function takeTurnsWithOtherRuns(): void {
  before(async function () {
    this.timeout(TURN_TIMEOUT_MS);
    const started = performance.now();
    let answer: Answer;
    // Each ask waits up to 10 s on the server: a command must answer within 20 s.
    do answer = await executeServerCommand<Answer, object>('heavy-begin', { waitedMs: performance.now() - started });
    while (!answer.granted && !answer.gaveUp);
    const waited = (performance.now() - started) / 1000;
    if (!answer.granted) console.log(`went ahead after ${waited.toFixed(0)} s without the turn (${answer.owner ?? 'nobody'} kept it)`);
    else if (waited > 1) console.log(`waited ${waited.toFixed(0)} s for the other run's heavy test`);
  });
  after(() => executeServerCommand('heavy-end', {}));
}
