// baresip as a desk phone: registered with Kamailio over UDP, plain RTP
// (PCMU/PCMA), a pure tone as its microphone (440 Hz unless told), auto-answer.
// Driven through its ctrl_tcp module: JSON commands in netstrings, and its
// events back. What it receives is dumped to a WAV file (the sndfile module),
// so a test can tell which tones it heard (`toneLevels`).
//
//   const phone = await startBaresip({ user, sipPort, ctrlPort, rtpPorts: [min, max], registrar });
//   await phone.command('dial', 'sip:alice@example.test');
//   await phone.nextEvent('CALL_ESTABLISHED');
//   await phone.stop();
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startProcess } from './process.mjs';
import { wavToneLevels } from './wav-tones.mjs';
import { findProgram } from './system.mjs';

const HOST = '127.0.0.1';
const REGISTER_TIMEOUT_MS = 5000;
const MODULES = '/usr/lib/baresip/modules';

function config({ sipPort, ctrlPort, rtpPorts, tone, dir }) {
  return `
poll_method epoll
sip_listen ${HOST}:${sipPort}
# By address, not name: the interface is "lo", but baresip wants the IP.
net_interface ${HOST}
# No resolver may be asked off this machine; nothing here needs DNS anyway
# (the DNS client's own sockets are the only ones not bound to ${HOST}).
dns_server ${HOST}:53
rtp_ports ${rtpPorts[0]}-${rtpPorts[1]}
# A tone as microphone. ausine only produces 48 kHz stereo; baresip
# resamples it for the codec.
audio_source ausine,${tone}
ausrc_srate 48000
ausrc_channels 2
# Received audio goes nowhere (aubridge without a source is a silent sink).
audio_player aubridge,speaker
audio_alert aubridge,speaker
auplay_srate 48000
auplay_channels 2
module_path ${MODULES}
module g711.so
module ausine.so
module aubridge.so
# Dumps what each call sends and receives (decoded) to dump-<peer>-enc/dec.wav.
module sndfile.so
snd_path ${dir}
module_tmp account.so
# menu provides the commands (dial, hangup, hold…) that ctrl_tcp runs.
module_app menu.so
module_app ctrl_tcp.so
ctrl_tcp_listen ${HOST}:${ctrlPort}
`;
}

/** Reads netstrings (`<length>:<payload>,`) off a stream, calling `onMessage` with each parsed JSON payload. */
function netstringReader(onMessage) {
  let buffer = Buffer.alloc(0);
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const colon = buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(buffer.subarray(0, colon).toString());
      const end = colon + 1 + length;
      if (buffer.length < end + 1) return;
      onMessage(JSON.parse(buffer.subarray(colon + 1, end).toString()));
      buffer = buffer.subarray(end + 1);
    }
  };
}

function connect(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, HOST);
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(undefined));
  });
}

/**
 * @param {object} options
 * @param {string} options.user SIP user to register
 * @param {number} options.sipPort
 * @param {number} options.ctrlPort ctrl_tcp
 * @param {[number, number]} options.rtpPorts
 * @param {{ udpPort: number, domain: string, password: string }} options.registrar
 * @param {number} [options.tone] its microphone's frequency, Hz
 */
export async function startBaresip({ user, sipPort, ctrlPort, rtpPorts, registrar, tone = 440 }) {
  const baresip = findProgram('baresip');
  if (!baresip) throw new Error('baresip is not installed (see test/sip/system.mjs ensureSystem)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pe-baresip-'));
  const aor = `sip:${user}@${registrar.domain}`;
  writeFileSync(path.join(dir, 'config'), config({ sipPort, ctrlPort, rtpPorts, tone, dir }));
  // The domain is a name without DNS: every request goes to Kamailio's IP.
  writeFileSync(
    path.join(dir, 'accounts'),
    `<${aor}>;auth_pass=${registrar.password};outbound="sip:${HOST}:${registrar.udpPort};transport=udp";regint=600;answermode=auto\n`,
  );

  let socket;
  const events = [];
  const responses = [];
  const wakers = new Set();
  const onMessage = (message) => {
    (message.event ? events : responses).push(message);
    for (const wake of wakers) wake();
  };
  /** Resolves with the first message from `list` at or after `from` that `match` accepts. */
  const waitIn = (list, from, match, what, timeoutMs) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const index = list.findIndex((message, i) => i >= from && match(message));
        if (index < 0) return;
        wakers.delete(check);
        clearTimeout(timer);
        resolve({ message: list[index], index });
      };
      const timer = setTimeout(() => {
        wakers.delete(check);
        reject(new Error(`baresip ${user}: no ${what} within ${timeoutMs} ms; events so far: ${events.map((e) => e.type).join(', ')}`));
      }, timeoutMs);
      wakers.add(check);
      check();
    });

  const child = await startProcess({
    name: `baresip ${user}`,
    command: baresip,
    args: ['-f', dir],
    ready: async () => (socket ??= await connect(ctrlPort)) !== undefined,
  }).catch((error) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  socket.on('data', netstringReader(onMessage));
  socket.on('error', () => undefined); // baresip going away is reported by stop()

  // Events are consumed in order, like the page's event recorder: each type has a cursor.
  const cursors = new Map();
  let tokens = 0;
  const phone = {
    aor,
    /** Runs a menu command (`dial`, `hangup`, `hold`, `resume`, `sndcode`…); resolves with its output. */
    async command(command, params = '', timeoutMs = 5000) {
      const token = String(++tokens);
      const json = JSON.stringify({ command, params, token });
      socket.write(`${Buffer.byteLength(json)}:${json},`);
      const { message } = await waitIn(responses, 0, (r) => r.token === token, `response to ${command}`, timeoutMs);
      if (!message.ok) throw new Error(`baresip ${user}: ${command} ${params} failed: ${message.data}`);
      return message.data;
    },
    /** The next event of `type` (CALL_ESTABLISHED, CALL_CLOSED, CALL_DTMF_START…) not returned before. */
    async nextEvent(type, timeoutMs = 5000) {
      const { message, index } = await waitIn(events, cursors.get(type) ?? 0, (e) => e.type === type, type, timeoutMs);
      cursors.set(type, index + 1);
      return message;
    },
    /**
     * dB above the local floor of each of `frequencies` in the last `ms` of what the
     * current call received (its sndfile dump): +20 heard, under +10 not.
     */
    toneLevels(frequencies, ms = 600) {
      const dumps = readdirSync(dir).filter((name) => name.endsWith('-dec.wav'));
      if (dumps.length === 0) throw new Error(`baresip ${user}: no received audio dumped yet`);
      const newest = dumps.map((name) => path.join(dir, name)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
      return wavToneLevels(readFileSync(newest), frequencies, ms);
    },
    async stop() {
      socket.destroy();
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // Registration may finish before we could connect and hear REGISTER_OK: ask.
  try {
    const deadline = Date.now() + REGISTER_TIMEOUT_MS;
    // "> sip:user@domain   OK  kamailio…", with terminal colours around OK.
    while (!/\sOK\s/.test((await phone.command('reginfo')).replace(/\x1b\[[0-9;]*m/g, ''))) {
      if (Date.now() > deadline) throw new Error(`baresip ${user} did not register within ${REGISTER_TIMEOUT_MS} ms`);
      await sleep(50);
    }
  } catch (error) {
    await phone.stop();
    throw new Error(`${error.message}\n${child.lastLines()}`);
  }
  return phone;
}
