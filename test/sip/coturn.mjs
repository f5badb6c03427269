// Starts coturn, a TURN server, on 127.0.0.1 for the relay tests: no config file,
// long-term credentials, relays on loopback only (it refuses loopback peers unless told).
//
//   const turn = await startCoturn({ port: 25478 });
//   ... iceServers: [{ urls: turn.url, username: turn.username, credential: turn.credential }] ...
//   await turn.stop();
import { randomBytes } from 'node:crypto';
import { startProcess } from './process.mjs';
import { findProgram } from './system.mjs';
import { udpProbe } from './udp-probe.mjs';

const HOST = '127.0.0.1';
const STUN_MAGIC_COOKIE = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const BINDING_SUCCESS = 0x0101;

/** One STUN Binding request (RFC 5389); true once the server answers it. */
function answersStun(port) {
  const request = Buffer.alloc(20);
  request.writeUInt16BE(BINDING_REQUEST, 0);
  request.writeUInt32BE(STUN_MAGIC_COOKIE, 4);
  randomBytes(12).copy(request, 8);
  return udpProbe({ port, request, accept: (answer) => answer.readUInt16BE(0) === BINDING_SUCCESS });
}

/**
 * @param {object} options
 * @param {number} options.port UDP and TCP port of STUN and TURN
 * @param {number} [options.relayMin=29000] first relay port
 * @param {number} [options.relayMax=29199] last relay port
 * @param {string} [options.logFile]
 * @returns {Promise<{ url: string, stunUrl: string, username: string, credential: string, stop: () => Promise<unknown> }>}
 */
export async function startCoturn({ port, relayMin = 29000, relayMax = 29199, logFile }) {
  const turnserver = findProgram('turnserver');
  if (!turnserver) throw new Error('coturn is not installed (see test/sip/system.mjs ensureSystem)');
  const username = 'phone-test';
  const credential = randomBytes(9).toString('base64url');
  const server = await startProcess({
    name: 'coturn',
    command: turnserver,
    args: [
      '-n', // no configuration file (not Debian's /etc/turnserver.conf)
      `--listening-ip=${HOST}`,
      `--relay-ip=${HOST}`,
      `--listening-port=${port}`,
      `--min-port=${relayMin}`,
      `--max-port=${relayMax}`,
      // The browsers under test are on loopback too: coturn refuses them as peers by default.
      '--allow-loopback-peers',
      '--lt-cred-mech',
      `--user=${username}:${credential}`,
      '--realm=example.test',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--no-multicast-peers',
      '--log-file=stdout',
      '--simple-log',
    ],
    logFile,
    ready: () => answersStun(port),
  });
  return { url: `turn:${HOST}:${port}?transport=udp`, stunUrl: `stun:${HOST}:${port}`, username, credential, stop: server.stop };
}
