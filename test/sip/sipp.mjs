// sipp as the phone network (a carrier, or another SIP domain): it registers
// with Kamailio as the gateway user, so calls to numbers nobody registered
// and to other domains reach it, then plays one UAS scenario from sipp/.
//
//   const gateway = await startSipp({ scenario: 'reject', port, mediaPort, controlPort, registrar, keys: { code: 486, reason: 'Busy Here' } });
//   ... a call ...
//   const { status, received } = await gateway.finish();
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from './process.mjs';
import { findProgram } from './system.mjs';

const SCENARIOS = fileURLToPath(new URL('./sipp/', import.meta.url));
const HOST = '127.0.0.1';
/** sipp gives up by itself after this long: registering, and playing a scenario. */
const REGISTER_TIMEOUT = '5s';
const SCENARIO_TIMEOUT = '60s';

/** True once something (sipp) holds the UDP port: we cannot bind it. */
function udpPortTaken(port) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(true));
    socket.bind(port, HOST, () => socket.close(() => resolve(false)));
  });
}

// sipp's own `-key NAME VALUE` cannot set a status code: it checks the
// status line ("SIP/2.0 [code] …") when loading the scenario, before keys
// apply. So we fill the [NAME]s in and give sipp the result.
function withKeys(dir, scenario, keys) {
  let text = readFileSync(path.join(SCENARIOS, scenario), 'utf8');
  for (const [name, value] of Object.entries(keys)) text = text.replaceAll(`[${name}]`, String(value));
  const file = path.join(dir, scenario);
  writeFileSync(file, text);
  return file;
}

function readIfThere(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The SIP requests sipp logged as received (-trace_msg), oldest first. */
function receivedRequests(log) {
  return log
    .split(/^-{20,}.*$/m)
    .filter((block) => /message received/.test(block))
    .map((block) => block.replace(/^\s*\S.*message received.*\n/, '').trim())
    .filter((message) => !message.startsWith('SIP/2.0'));
}

/**
 * @typedef {object} SippResult
 * @property {number | string} status sipp's exit code (0: every call went as scripted) or the signal that ended it
 * @property {string[]} received the requests sipp received (INVITE, ACK, BYE…), as text
 * @property {string} errors sipp's error log: why a call did not go as scripted
 */

/**
 * @param {object} options
 * @param {string} options.scenario file name in sipp/ without `.xml`: answer, early-media, redirect, reject, no-answer, bad-answer, reinvite-reject, reinvite-ignore, resume-reject, room (two calls: -m 2)
 * @param {number} options.port SIP port
 * @param {number} options.mediaPort RTP port; with `echo` also mediaPort + 2 (sipp's video echo)
 * @param {number} options.controlPort sipp's remote-control port
 * @param {{ udpPort: number, domain: string, password: string, gatewayUser: string }} options.registrar
 * @param {Record<string, string | number>} [options.keys] values for the scenario's [NAME]s
 * @param {number} [options.calls=1] calls to handle before exiting
 * @param {boolean} [options.echo] send received RTP back (-rtp_echo)
 * @returns {Promise<{ received: () => string[], finish: (timeoutMs?: number) => Promise<SippResult>, stop: () => Promise<SippResult> }>}
 */
export async function startSipp({ scenario, port, mediaPort, controlPort, registrar, keys = {}, calls = 1, echo = false }) {
  const sipp = findProgram('sipp');
  if (!sipp) throw new Error('sipp is not installed (see test/sip/system.mjs ensureSystem)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pe-sipp-'));
  // sipp also opens a remote-control socket, by default on any address, port 8888.
  const common = ['-i', HOST, '-p', String(port), '-ci', HOST, '-cp', String(controlPort), '-nostdin'];
  const server = `${HOST}:${registrar.udpPort}`;
  try {
    // Register from the port the scenario then listens on: the registered
    // contact is the scenario's address.
    const register = await startProcess({
      name: 'sipp (REGISTER)',
      command: sipp,
      args: [...common, '-timeout', REGISTER_TIMEOUT, '-sf', withKeys(dir, 'register.xml', { domain: registrar.domain }), '-m', '1',
        '-s', registrar.gatewayUser, '-au', registrar.gatewayUser, '-ap', registrar.password, server],
    });
    const registered = await register.exited;
    if (registered !== 0) throw new Error(`sipp could not register as ${registrar.gatewayUser} (exit ${registered}):\n${register.lastLines()}`);

    return await playScenario({ sipp, dir, name: scenario, common, args: ['-sf', withKeys(dir, `${scenario}.xml`, keys), '-mp', String(mediaPort), '-m', String(calls),
      ...(echo ? ['-rtp_echo'] : [])], ready: () => udpPortTaken(port) });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Plays one scenario in sipp; its messages and errors are logged in `dir`, which goes once it ended. */
async function playScenario({ sipp, dir, name, common, args, ready }) {
  const messages = path.join(dir, 'messages.log');
  const errors = path.join(dir, 'errors.log');
  const run = await startProcess({
    name: `sipp (${name})`,
    command: sipp,
    args: [...common, '-timeout', SCENARIO_TIMEOUT, ...args, '-trace_msg', '-message_file', messages, '-trace_err', '-error_file', errors],
    ready,
  });
  let result;
  const collect = async (status) => {
    result ??= { status: await status, received: receivedRequests(readIfThere(messages)), errors: readIfThere(errors) };
    rmSync(dir, { recursive: true, force: true });
    return result;
  };
  return {
    /** The requests received so far, while sipp runs. */
    received: () => receivedRequests(readIfThere(messages)),
    /** Waits for sipp to end its calls by itself (at most `timeoutMs`, then it is stopped). */
    async finish(timeoutMs = 5000) {
      const timer = setTimeout(run.stop, timeoutMs);
      try {
        return await collect(run.exited);
      } finally {
        clearTimeout(timer);
      }
    },
    stop: () => collect(run.stop()),
  };
}

/**
 * sipp as a caller from the phone network: one call of a UAC scenario from sipp/ to
 * `target` (a user of the test domain), as the user `paging` ([caller] in the scenario):
 * Kamailio takes any user with the test password, as long as it is the From user.
 * `finish()` tells how it went, as for startSipp (status 0: the call went as scripted).
 * @param {object} options
 * @param {string} options.scenario file name in sipp/ without `.xml` (intercom)
 * @param {string} options.target the user called
 * @param {number} options.port SIP port
 * @param {number} options.mediaPort RTP port
 * @param {number} options.controlPort sipp's remote-control port
 * @param {{ udpPort: number, domain: string, password: string, gatewayUser: string }} options.registrar
 * @param {Record<string, string | number>} [options.keys] values for the scenario's [NAME]s
 */
const CALLER = 'paging';

export async function startSippCall({ scenario, target, port, mediaPort, controlPort, registrar, keys = {} }) {
  const sipp = findProgram('sipp');
  if (!sipp) throw new Error('sipp is not installed (see test/sip/system.mjs ensureSystem)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pe-sipp-'));
  const common = ['-i', HOST, '-p', String(port), '-ci', HOST, '-cp', String(controlPort), '-nostdin'];
  try {
    return await playScenario({ sipp, dir, name: scenario, common, ready: () => udpPortTaken(port),
      args: ['-sf', withKeys(dir, `${scenario}.xml`, { domain: registrar.domain, caller: CALLER, ...keys }), '-mp', String(mediaPort), '-m', '1',
        '-s', target, '-au', CALLER, '-ap', registrar.password, `${HOST}:${registrar.udpPort}`] });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Plays a voicemail server once: PUBLISHes `mailbox`'s message summary (RFC 3842) to
 * the presence server at `registrar`, from loopback over UDP (which it trusts), as `voicemail`.
 * Resolves when the server accepted it (200); rejects with sipp's output otherwise.
 * @param {object} options
 * @param {number} options.port sipp's SIP port
 * @param {number} options.controlPort sipp's remote-control port
 * @param {{ udpPort: number, domain: string }} options.registrar
 * @param {string} options.mailbox the user whose mailbox it is
 * @param {boolean} options.waiting Messages-Waiting
 * @param {number} options.newMessages
 * @param {number} options.oldMessages
 */
export async function publishMessageSummary({ port, controlPort, registrar, mailbox, waiting, newMessages, oldMessages }) {
  const sipp = findProgram('sipp');
  if (!sipp) throw new Error('sipp is not installed (see test/sip/system.mjs ensureSystem)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pe-sipp-'));
  try {
    const keys = { domain: registrar.domain, mailbox, waiting: waiting ? 'yes' : 'no', newMessages, oldMessages };
    const publish = await startProcess({
      name: 'sipp (PUBLISH)',
      command: sipp,
      args: ['-i', HOST, '-p', String(port), '-ci', HOST, '-cp', String(controlPort), '-nostdin', '-timeout', REGISTER_TIMEOUT,
        '-sf', withKeys(dir, 'publish-mwi.xml', keys), '-m', '1', '-s', 'voicemail',
        `${HOST}:${registrar.udpPort}`],
    });
    const status = await publish.exited;
    if (status !== 0) throw new Error(`sipp could not publish the message summary (exit ${status}):\n${publish.lastLines()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
