// The two browsers' runs go side by side on a small machine (scripts/test-browsers.mjs).
// The heaviest media tests (a conference of five far browsers mixed and measured by FFT,
// recording several streams) measure audio levels that fall apart when the other run's
// heaviest test takes the CPU at the same moment. They take turns instead: the command
// `heavy-begin` waits until no other run holds the turn, and `heavy-end` gives it back.
//
// While one run has the turn, the other starts no new test file: its page waits for
// `/__heavy-wait` before it loads its test framework (web-test-runner.config.mjs). A
// file of the other run already under way then ends beside the heavy one; the next waits.
//
// The turn is a file both runs see (.tmp/heavy.lock, beside their run folders) holding
// its owner's process id, created exclusively. An owner that died leaves a stale file,
// which the next run takes; a run that forgot `heavy-end` gives its turn back at its
// next `heavy-begin` from another test file, or when its process ends; nobody waits
// more than MAX_WAIT_MS (then it goes ahead and says so). A command must answer within
// 20 s, so the page asks again and again (test/helpers/heavy.ts).
import { openSync, closeSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const LOCK = path.resolve('.tmp/heavy.lock');
/** How a heavy file says so: it calls this (test/helpers/heavy.ts). */
const MARK = 'takeTurnsWithOtherRuns();';
const POLL_MS = 250;
/** The longest a file waits for its turn, over all its asks; then it goes ahead. */
export const MAX_WAIT_MS = 4 * 60_000;
/** One ask's wait, well within the 20 s web-test-runner gives a command. */
const ASK_MS = 10_000;

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

function owner() {
  try {
    const [pid, file] = readFileSync(LOCK, 'utf8').split('\n');
    return { pid: Number(pid), file };
  } catch {
    return null;
  }
}

function tryTake(file) {
  try {
    const fd = openSync(LOCK, 'wx');
    writeFileSync(fd, `${process.pid}\n${file}`);
    closeSync(fd);
    return true;
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    const current = owner();
    // Ours already (a file that forgot heavy-end, or this file again), or its owner is gone.
    if (current && (current.pid === process.pid || !alive(current.pid))) {
      rmSync(LOCK, { force: true });
      return tryTake(file);
    }
    return false;
  }
}

function release() {
  if (owner()?.pid === process.pid) rmSync(LOCK, { force: true });
}

/** Resolves once no other run has the turn, or after MAX_WAIT_MS (a file then goes ahead). */
async function othersTurnOver() {
  const until = Date.now() + MAX_WAIT_MS;
  for (;;) {
    const current = owner();
    if (!current || current.pid === process.pid || !alive(current.pid) || Date.now() >= until) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Answers `/__heavy-wait` once the other run's heavy file is over: each test page asks before it starts. */
export async function heavyWait(context, next) {
  if (context.path !== '/__heavy-wait') return next();
  await othersTurnOver();
  context.body = 'go';
}

export function heavyPlugin() {
  process.once('exit', release);
  return {
    name: 'heavy',
    async executeCommand({ command, payload, session }) {
      if (command === 'heavy-begin') {
        // web-test-runner gives a command 20 s to answer: the page asks again until it has the turn.
        mkdirSync(path.dirname(LOCK), { recursive: true });
        const file = path.relative(process.cwd(), session.testFile);
        const left = MAX_WAIT_MS - (payload?.waitedMs ?? 0);
        const until = Date.now() + Math.min(ASK_MS, Math.max(0, left));
        for (;;) {
          if (tryTake(file)) return { granted: true };
          if (Date.now() >= until) return { granted: false, gaveUp: left <= ASK_MS, owner: owner()?.file ?? null };
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
      }
      if (command === 'heavy-end') {
        release();
        return true;
      }
      return undefined;
    },
  };
}

/** Every test file under `dir`, sorted. */
function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/**
 * The test files in the order this run takes them. Besides taking turns, the two runs
 * keep their heavy files apart in time: Firefox's run takes them last, when Chromium's
 * run (minutes shorter) has ended. Chromium's keeps the plain order: taking them first
 * put them beside Firefox's start, its browsers launching and its first files (tried:
 * a recording's microphone side and a tone check fell apart there).
 */
export function testFilesFor(browsers, dir = 'test') {
  const files = testFiles(dir);
  if (browsers.length !== 1 || browsers[0] !== 'firefox') return files;
  const heavy = files.filter((file) => readFileSync(file, 'utf8').includes(MARK));
  return [...files.filter((file) => !heavy.includes(file)), ...heavy];
}

