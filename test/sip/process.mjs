// Runs the test servers and far ends (Kamailio, rtpengine, baresip, sipp) as
// child processes that can never outlive us: each gets its own process group,
// which is killed on stop() and, failing that, when this Node process exits.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const STOP_TIMEOUT_MS = 5_000;
const LOG_LINES_IN_ERRORS = 30;

/** Process groups still running, killed if we exit first. */
const running = new Set();

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is already gone
  }
}

// 'exit' handlers must be synchronous: SIGKILL, as there is no later chance
// to escalate. On SIGINT/SIGTERM/SIGHUP we kill, then re-raise the signal when
// nobody else listens (so the default "terminate" still happens), but leave
// the exit to any other listener (the test runner stops itself on SIGINT).
function onExit() {
  for (const pgid of running) killGroup(pgid, 'SIGKILL');
}
function onSignal(signal) {
  for (const pgid of running) killGroup(pgid, 'SIGTERM');
  if (process.listenerCount(signal) === 1) {
    removeExitHandlers();
    process.kill(process.pid, signal);
  }
}
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
function addExitHandlers() {
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
function removeExitHandlers() {
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/**
 * @typedef {object} Managed
 * @property {Promise<number | string>} exited resolves with the exit code (or signal name) once the output is read to the end
 * @property {() => Promise<number | string>} stop SIGTERM to the whole group, SIGKILL after 5 s; resolves with the exit status; idempotent
 * @property {() => string} lastLines the last 30 lines of output, for error messages
 */

/**
 * Spawns `command` in its own process group and waits until `ready()` is true.
 * Its stdout and stderr go to `logFile` (replaced, or appended to) when given. If it cannot
 * start, exits, or is not ready within `startTimeoutMs`, it is stopped and the
 * promise rejects with its last output lines.
 * @param {object} options
 * @param {string} options.name for error messages
 * @param {string} options.command
 * @param {string[]} options.args
 * @param {string} [options.cwd]
 * @param {string} [options.logFile]
 * @param {boolean} [options.appendLog] add to `logFile` instead of replacing it (a restarted server keeps one log)
 * @param {(text: string) => void} [options.onOutput] also gets the output, as it comes
 * @param {() => Promise<boolean> | boolean} [options.ready] polled every 50 ms; default: ready at once
 * @param {number} [options.startTimeoutMs=10000]
 * @returns {Promise<Managed>}
 */
export async function startProcess({ name, command, args, cwd, logFile, appendLog = false, onOutput, ready = () => true, startTimeoutMs = 10_000 }) {
  // Own process group: one kill reaches the workers that some servers fork.
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // 'close' rather than 'exit': it also waits for the output to be read to
  // the end, so errors can quote it.
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve(signal ?? code)));
  let spawnError;
  child.once('error', (error) => (spawnError = error));

  const lines = [];
  const log = logFile ? createWriteStream(logFile, { flags: appendLog ? 'a' : 'w' }) : undefined;
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      log?.write(chunk);
      onOutput?.(chunk);
      lines.push(...chunk.split('\n').filter(Boolean));
      lines.splice(0, lines.length - LOG_LINES_IN_ERRORS);
    });
  }
  const lastLines = () => lines.join('\n');

  if (child.pid !== undefined) {
    running.add(child.pid);
    if (running.size === 1) addExitHandlers();
  }
  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.pid !== undefined) {
        killGroup(child.pid, 'SIGTERM');
        const timedOut = await Promise.race([exited.then(() => false), sleep(STOP_TIMEOUT_MS, true, { ref: false })]);
        // Workers that outlived the main process, or a main process that hung.
        killGroup(child.pid, 'SIGKILL');
        if (timedOut) await exited;
        running.delete(child.pid);
        if (running.size === 0) removeExitHandlers();
      }
      await new Promise((resolve) => (log ? log.end(resolve) : resolve()));
      return exited;
    })());

  let exitStatus;
  exited.then((status) => (exitStatus = status));
  const deadline = Date.now() + startTimeoutMs;
  while (!(await ready())) {
    const reason = spawnError
      ? `could not be spawned (${spawnError.message})`
      : exitStatus !== undefined
        ? `exited (${exitStatus})`
        : Date.now() > deadline
          ? `was not ready within ${startTimeoutMs} ms`
          : undefined;
    if (reason) {
      await stop();
      throw new Error(`${name} ${reason}. Last output:\n${lastLines()}`);
    }
    await sleep(50);
  }
  return { exited, stop, lastLines };
}
