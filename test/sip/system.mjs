// The system programs the tests need, and how to get them on Debian.
// Tests call ensureSystem() before they start anything, so a fresh machine
// (run as root, like CI) installs what is missing instead of failing later
// with an obscure spawn error.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** What each need checks, and the Debian packages that satisfy it. */
const NEEDS = {
  chromium: { packages: ['chromium'], present: () => existsSync(chromiumPath()) },
  firefox: { packages: ['firefox-esr'], present: () => existsSync(firefoxPath()) },
  // With WebSocket and TLS (wss://) modules; the base package brings kamcmd.
  kamailio: {
    packages: ['kamailio', 'kamailio-websocket-modules', 'kamailio-tls-modules'],
    present: () => {
      const dir = kamailioModuleDir();
      return dir !== undefined && ['websocket.so', 'tls.so'].every((module) => existsSync(path.join(dir, module))) && findProgram('kamcmd') !== undefined;
    },
  },
  // A presence server for the busy-lamp and voicemail tests (kamailio.cfg WITH_PRESENCE).
  'kamailio-presence': {
    packages: ['kamailio-presence-modules'],
    present: () => {
      const dir = kamailioModuleDir();
      return dir !== undefined && ['presence.so', 'presence_dialoginfo.so', 'presence_mwi.so', 'pua.so', 'pua_dialoginfo.so'].every((module) => existsSync(path.join(dir, module)));
    },
  },
  // The test run's certificates for wss:// (test/sip/tls.mjs).
  openssl: { packages: ['openssl'], present: () => findProgram('openssl') !== undefined },
  // The same CA in an NSS database, for browsers that keep their trust there (Firefox).
  certutil: { packages: ['libnss3-tools'], present: () => findProgram('certutil') !== undefined },
  ip: { packages: ['iproute2'], present: () => findProgram('ip') !== undefined },
  // The media relay between browsers and plain-RTP far ends, driven by Kamailio.
  rtpengine: { packages: ['rtpengine-daemon'], present: () => findProgram('rtpengine') !== undefined },
  // Far ends of the interop tests: a desk phone and the phone network.
  baresip: { packages: ['baresip'], present: () => findProgram('baresip') !== undefined },
  sipp: { packages: ['sip-tester'], present: () => findProgram('sipp') !== undefined },
  // Packet loss for the bad-network test where the kernel has no netem.
  iptables: { packages: ['iptables'], present: () => findProgram('iptables') !== undefined },
  // A TURN server for the relay tests.
  coturn: { packages: ['coturn'], present: () => findProgram('turnserver') !== undefined },
  // The far browsers' microphone tones (test/sip/far-browser.mjs writes them as WAV files).
  sox: { packages: ['sox'], present: () => findProgram('sox') !== undefined },
  // The font the screenshot baselines are drawn in (Latin and Arabic): Debian's default, which Chromium's fontconfig picks.
  fonts: { packages: ['fonts-dejavu-core'], present: () => existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf') },
};

/** Everything the browser tests use. */
export const TEST_NEEDS = ['chromium', 'firefox', 'kamailio', 'kamailio-presence', 'openssl', 'certutil', 'rtpengine', 'baresip', 'sipp', 'iptables', 'coturn', 'sox', 'fonts'];

/** Chromium to drive: CHROME_PATH when set, else Debian's package. */
export function chromiumPath() {
  return process.env.CHROME_PATH || '/usr/bin/chromium';
}

/** Firefox to drive: FIREFOX_PATH when set, else Debian's ESR package. */
export function firefoxPath() {
  return process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
}

/** Full path of a program on PATH or in the sbin folders a non-root PATH often lacks. */
export function findProgram(name) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin', '/usr/local/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** Kamailio's compiled-in module folder, read from its help text (it differs between distributions). */
export function kamailioModuleDir() {
  const kamailio = findProgram('kamailio');
  if (!kamailio) return undefined;
  const help = spawnSync(kamailio, ['-h'], { encoding: 'utf8' });
  return /Modules search path \(default: ([^)]+)\)/.exec(`${help.stdout}${help.stderr}`)?.[1];
}

/**
 * Makes sure the named programs are installed. As root, installs the missing
 * Debian packages with apt-get; otherwise prints the command to run and exits 1.
 * @param {{ need?: Array<keyof typeof NEEDS> }} [options] default: everything the tests use
 */
export async function ensureSystem({ need = TEST_NEEDS } = {}) {
  const missing = () => need.filter((name) => !NEEDS[name].present());
  const packages = missing().flatMap((name) => NEEDS[name].packages);
  if (packages.length === 0) return;

  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...packages];
  if (process.getuid?.() !== 0) {
    console.error(`Missing system packages: ${packages.join(' ')}\nInstall them with:\n  sudo ${install.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing missing system packages: ${packages.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const command of [['apt-get', 'update'], install]) {
    const result = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`\`${command.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
  }
  const still = missing();
  if (still.length > 0) throw new Error(`Still missing after apt-get install: ${still.join(', ')}`);
}

// `node test/sip/system.mjs`: installs everything the tests need (what .ci/run does first).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await ensureSystem();
