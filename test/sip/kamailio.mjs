// Starts the test SIP server (kamailio.cfg beside this file) in the
// foreground and guarantees it dies with us.
//
//   const sip = await startKamailio({ wsPort: 25066, udpPort: 25060 });
//   ... sip.wsUrl, sip.domain, sip.password ...
//   await sip.stop();
//
// Run directly (`node test/sip/kamailio.mjs`) it serves on the default ports
// until Ctrl-C, for the demo and for poking at it by hand.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { findProgram } from './system.mjs';

const CONFIG = fileURLToPath(new URL('./kamailio.cfg', import.meta.url));
const DOMAIN = 'example.test';
const PASSWORD = 'phone-elements-test';
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const LOG_LINES_IN_ERRORS = 30;

/** Process groups of the servers still running, killed if we exit first. */
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

function portAccepts(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, HOST);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts Kamailio on loopback: SIP over WebSocket on `wsPort` (TCP) and SIP
 * over UDP on `udpPort`. Any username registers with the one test password.
 * @param {object} [options]
 * @param {number} [options.wsPort=25066]
 * @param {number} [options.udpPort=25060]
 * @param {string} [options.logFile] also write Kamailio's log to this file (replaced)
 * @param {string[]} [options.extraDefines] more `-A` defines for kamailio.cfg, as `NAME` or `NAME=VALUE`
 * @returns {Promise<{ wsUrl: string, udpPort: number, domain: string, password: string, stop: () => Promise<void> }>}
 */
export async function startKamailio({ wsPort = 25066, udpPort = 25060, logFile, extraDefines = [] } = {}) {
  const kamailio = findProgram('kamailio');
  if (!kamailio) throw new Error('kamailio is not installed (see test/sip/system.mjs ensureSystem)');
  // A leftover server on the port would answer our readiness probe and hide
  // that ours failed to bind.
  if (await portAccepts(wsPort)) throw new Error(`Port ${wsPort} is already in use (a Kamailio left running?)`);

  // Runtime and working directory: nothing is written to /run or /var.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pe-kamailio-'));
  const defines = [`WS_PORT=${wsPort}`, `UDP_PORT=${udpPort}`, `DOMAIN="${DOMAIN}"`, `PASSWORD="${PASSWORD}"`, ...extraDefines];
  const args = ['-DD', '-E', '-f', CONFIG, '-Y', dir, '-w', dir, '-m', '64', '-M', '8', ...defines.flatMap((d) => ['-A', d])];
  // Own process group: one kill reaches Kamailio's worker processes too.
  const child = spawn(kamailio, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  // 'close' rather than 'exit': it also waits for the log (stderr, which the
  // workers share) to be read to the end, so errors can quote it.
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve(signal ?? code)));
  let spawnError;
  child.once('error', (error) => (spawnError = error));

  const lastLines = [];
  const log = logFile ? createWriteStream(logFile) : undefined;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    log?.write(chunk);
    lastLines.push(...chunk.split('\n').filter(Boolean));
    lastLines.splice(0, lastLines.length - LOG_LINES_IN_ERRORS);
  });

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
      rmSync(dir, { recursive: true, force: true });
    })());

  let exitStatus;
  exited.then((status) => (exitStatus = status));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await portAccepts(wsPort))) {
    const reason = spawnError
      ? `could not be spawned (${spawnError.message})`
      : exitStatus !== undefined
        ? `exited (${exitStatus})`
        : Date.now() > deadline
          ? `did not listen on ${HOST}:${wsPort} within ${START_TIMEOUT_MS} ms`
          : undefined;
    if (reason) {
      await stop();
      throw new Error(`Kamailio ${reason}. Last log lines:\n${lastLines.join('\n')}`);
    }
    await sleep(50);
  }
  return { wsUrl: `ws://${HOST}:${wsPort}`, udpPort, domain: DOMAIN, password: PASSWORD, stop };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sip = await startKamailio();
  console.log(`Kamailio: ${sip.wsUrl} (WebSocket), udp ${HOST}:${sip.udpPort}, domain ${sip.domain}, password ${sip.password}. Ctrl-C stops it.`);
}
