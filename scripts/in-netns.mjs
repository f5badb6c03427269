#!/usr/bin/env node
// node scripts/in-netns.mjs -- <cmd> [args…]
//
// Runs a command in a fresh network namespace where only loopback exists, so
// tests (SIP server, browser, media) provably cannot reach any other address
// and cannot collide with ports used elsewhere on the machine. Needs root and
// iproute2 on Linux; otherwise (or with PHONE_NO_NETNS=1) the command runs
// directly. Exits with the command's exit code.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { findProgram } from '../test/sip/system.mjs';

/** How long the command may take to wind down after a signal before it is killed. */
const GRACE_MS = 10_000;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const PREFIX = 'pe-';

function ip(...args) {
  return spawnSync(findProgram('ip'), args, { encoding: 'utf8' });
}

function whyNoNetns() {
  if (process.env.PHONE_NO_NETNS) return 'PHONE_NO_NETNS is set';
  if (process.platform !== 'linux') return 'not on Linux';
  if (process.getuid?.() !== 0) return 'not root';
  if (!findProgram('ip')) return 'iproute2 (`ip`) is not installed';
  return undefined;
}

/** Every process in the namespace: the command's tree and any orphan it left. */
function netnsPids(name) {
  return ip('netns', 'pids', name).stdout.split(/\s+/).filter(Boolean).map(Number);
}

/** `root` and all its descendants (read from /proc; elsewhere only `root`). */
function processTree(root) {
  if (process.platform !== 'linux') return [root];
  const parents = new Map();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // "pid (comm) state ppid …", where comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

function killPids(pids, signal) {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function deleteNetns(name) {
  killPids(netnsPids(name), 'SIGKILL');
  ip('netns', 'del', name);
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

// A runner killed with SIGKILL cannot clean up: remove namespaces whose
// owning process (the pid in the name) is gone.
function deleteOrphanedNetns() {
  for (const line of ip('netns', 'list').stdout.split('\n')) {
    const name = line.split(' ')[0];
    const owner = name.startsWith(PREFIX) ? Number(name.slice(PREFIX.length)) : NaN;
    if (Number.isInteger(owner) && !isAlive(owner)) deleteNetns(name);
  }
}

/** Creates the namespace with loopback up, or returns why it cannot. */
function createNetns(name) {
  deleteOrphanedNetns();
  const add = ip('netns', 'add', name);
  if (add.status !== 0) return `\`ip netns add\` failed: ${add.stderr.trim()}`;
  const up = ip('-n', name, 'link', 'set', 'lo', 'up');
  if (up.status !== 0) {
    deleteNetns(name);
    return `\`ip link set lo up\` failed: ${up.stderr.trim()}`;
  }
  return undefined;
}

/**
 * Runs `cmd args` with inherited stdio inside a new loopback-only network
 * namespace when possible (root on Linux with iproute2, PHONE_NO_NETNS unset),
 * else directly. Signals received meanwhile go to all of the command's
 * processes; once it exits, every process left in the namespace is killed and
 * the namespace deleted.
 * @returns {Promise<number>} the command's exit code (128 + signal number if a signal ended it)
 */
export async function runInNetns(cmd, args = []) {
  let netns = `${PREFIX}${process.pid}`;
  const why = whyNoNetns() ?? createNetns(netns);
  if (why) {
    console.log(`in-netns: running without a network namespace (${why})`);
    netns = undefined;
  }

  const child = netns
    ? spawn(findProgram('ip'), ['netns', 'exec', netns, cmd, ...args], { stdio: 'inherit' })
    : spawn(cmd, args, { stdio: 'inherit' });
  const killAll = (signal) => killPids(netns ? netnsPids(netns) : processTree(child.pid), signal);

  // First signal: pass it to every process of the command, as Ctrl-C in a
  // terminal would (a shell in between, like npx's `sh -c`, forwards
  // nothing), and give them time to clean up. A second signal, or the grace
  // period running out: kill them all.
  let escalation;
  const onSignal = (signal) => {
    if (escalation) return killAll('SIGKILL');
    killAll(signal);
    escalation = setTimeout(() => killAll('SIGKILL'), GRACE_MS);
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);

  try {
    return await new Promise((resolve) => {
      child.once('error', (error) => {
        console.error(`in-netns: cannot run ${cmd}: ${error.message}`);
        resolve(127);
      });
      child.once('exit', (code, signal) => resolve(code ?? 128 + constants.signals[signal]));
    });
  } finally {
    clearTimeout(escalation);
    for (const signal of SIGNALS) process.off(signal, onSignal);
    if (netns) deleteNetns(netns);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dashes = process.argv.indexOf('--');
  const [cmd, ...args] = dashes === -1 ? process.argv.slice(2) : process.argv.slice(dashes + 1);
  if (!cmd) {
    console.error('usage: node scripts/in-netns.mjs -- <cmd> [args…]');
    process.exit(2);
  }
  process.exit(await runInNetns(cmd, args));
}
