// Starts the test SIP server (kamailio.cfg beside this file) in the
// foreground and guarantees it dies with us.
//
//   const sip = await startKamailio({ wsPort: 25066, udpPort: 25060 });
//   ... sip.wsUrl, sip.domain, sip.password ...
//   await sip.stop();
//
// Run directly (`node test/sip/kamailio.mjs`) it serves on the default ports
// until Ctrl-C, for the demo and for poking at it by hand.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from './process.mjs';
import { findProgram } from './system.mjs';

const CONFIG = fileURLToPath(new URL('./kamailio.cfg', import.meta.url));
const DOMAIN = 'example.test';
const PASSWORD = 'phone-elements-test';
/** The user the gateway to the phone network registers as (see kamailio.cfg, route[GATEWAY]). */
const GATEWAY_USER = 'gateway';
const HOST = '127.0.0.1';

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
 * @param {string} [options.logFile] also write Kamailio's log to this file
 * @param {boolean} [options.appendLog] add to `logFile` instead of replacing it (a restart)
 * @param {(text: string) => void} [options.onOutput] also gets the log, as it comes
 * @param {string[]} [options.extraDefines] more `-A` defines for kamailio.cfg, as `NAME` or `NAME=VALUE`
 * @param {boolean} [options.presence] also be a presence server: busy lamps (dialog event package) and voicemail (message-summary)
 * @param {object} [options.tls] also serve wss:// (see test/sip/tls.mjs for the certificates)
 * @param {number} options.tls.port the listener with the trusted certificate
 * @param {number} [options.tls.untrustedPort] a second listener, with the certificate nobody trusts
 * @param {ReturnType<typeof import('./tls.mjs').makeTestCertificates>} options.tls.certificates
 * @returns {Promise<{ wsUrl: string, wssUrl?: string, untrustedWssUrl?: string, udpPort: number, domain: string, password: string, gatewayUser: string,
 *   contacts: (aor: string) => Promise<Array<{ address: string, instance: string }>>, stop: () => Promise<void> }>}
 */
export async function startKamailio({ wsPort = 25066, udpPort = 25060, logFile, appendLog = false, onOutput, extraDefines = [], tls, presence = false } = {}) {
  const kamailio = findProgram('kamailio');
  if (!kamailio) throw new Error('kamailio is not installed (see test/sip/system.mjs ensureSystem)');
  // A leftover server on the port would answer our readiness probe and hide
  // that ours failed to bind.
  if (await portAccepts(wsPort)) throw new Error(`Port ${wsPort} is already in use (a Kamailio left running?)`);

  // Runtime and working directory: nothing is written to /run or /var.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pe-kamailio-'));
  const ctlSocket = `unix:${path.join(dir, 'ctl')}`;
  const defines = [`WS_PORT=${wsPort}`, `UDP_PORT=${udpPort}`, `DOMAIN="${DOMAIN}"`, `PASSWORD="${PASSWORD}"`, `GATEWAY_USER="${GATEWAY_USER}"`, `CTL_SOCKET="${ctlSocket}"`, ...extraDefines];
  if (tls) defines.push(`TLS_PORT=${tls.port}`, `TLS_CONFIG="${writeTlsConfig(dir, tls)}"`);
  if (tls?.untrustedPort) defines.push(`TLS_UNTRUSTED_PORT=${tls.untrustedPort}`);
  if (presence) defines.push('WITH_PRESENCE', `PRESENCE_DB="text://${writePresenceDb(dir)}"`, `PRESENCE_PROXY="sip:${HOST}:${udpPort}"`);
  const args = ['-DD', '-E', '-f', CONFIG, '-Y', dir, '-w', dir, '-m', '64', '-M', '8', ...defines.flatMap((d) => ['-A', d])];
  const server = await startProcess({
    name: 'Kamailio',
    command: kamailio,
    args,
    logFile,
    appendLog,
    onOutput,
    ready: async () => (await portAccepts(wsPort)) && (!tls || (await portAccepts(tls.port))),
  }).catch((error) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    wsUrl: `ws://${HOST}:${wsPort}`,
    ...(tls && { wssUrl: `wss://${HOST}:${tls.port}` }),
    ...(tls?.untrustedPort && { untrustedWssUrl: `wss://${HOST}:${tls.untrustedPort}` }),
    udpPort,
    domain: DOMAIN,
    password: PASSWORD,
    gatewayUser: GATEWAY_USER,
    contacts: (aor) => locationContacts(ctlSocket, aor),
    stop,
  };
}

/**
 * tls.cfg: the trusted certificate by default, the untrusted one on its own
 * port. Client connections (the proxy never opens TLS itself) are not verified.
 */
function writeTlsConfig(dir, { untrustedPort, certificates }) {
  const section = (name, cert, key) => `[${name}]\nmethod = TLSv1.2+\ncertificate = ${cert}\nprivate_key = ${key}\nverify_certificate = no\nrequire_certificate = no\n\n`;
  let text = section('server:default', certificates.certFile, certificates.keyFile);
  if (untrustedPort) text += section(`server:${HOST}:${untrustedPort}`, certificates.untrustedCertFile, certificates.untrustedKeyFile);
  text += '[client:default]\nverify_certificate = no\nrequire_certificate = no\n';
  const file = path.join(dir, 'tls.cfg');
  writeFileSync(file, text);
  return file;
}

/**
 * The db_text folder pua insists on (it keeps nothing there with db_mode 0): its
 * table's header, from Debian's kamailio package, and the version db_text checks.
 */
function writePresenceDb(dir) {
  const db = path.join(dir, 'db');
  mkdirSync(db);
  copyFileSync('/usr/share/kamailio/dbtext/kamailio/pua', path.join(db, 'pua'));
  writeFileSync(path.join(db, 'version'), 'id(int,auto) table_name(string) table_version(int) \n0:pua:7\n');
  return db;
}

/** The Contacts (URI and +sip.instance) the location table holds for `aor`, read with kamcmd through the control socket. */
function locationContacts(ctlSocket, aor) {
  const kamcmd = findProgram('kamcmd');
  if (!kamcmd) return Promise.reject(new Error('kamcmd is not installed (Debian package kamailio)'));
  return new Promise((resolve, reject) => {
    // One domain, so usrloc keys its table by user name alone (use_domain is off).
    const user = aor.replace(/^sips?:/, '').split('@')[0];
    execFile(kamcmd, ['-s', ctlSocket, 'ul.lookup', 'location', user], { encoding: 'utf8' }, (error, stdout, stderr) => {
      // An AOR nobody registered is an RPC error 404: no contacts.
      if (error && /404|not found/i.test(`${stdout}${stderr}`)) return resolve([]);
      if (error) return reject(new Error(`kamcmd ul.lookup failed: ${stderr || error.message}`));
      const field = (block, name) => new RegExp(`^\\s*${name}:\\s*(\\S+)`, 'm').exec(block)?.[1] ?? '';
      resolve(stdout.split(/^\s*Contact: \{$/m).slice(1).map((block) => ({ address: field(block, 'Address'), instance: field(block, 'Instance') })));
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sip = await startKamailio();
  console.log(`Kamailio: ${sip.wsUrl} (WebSocket), udp ${HOST}:${sip.udpPort}, domain ${sip.domain}, password ${sip.password}. Ctrl-C stops it.`);
}
