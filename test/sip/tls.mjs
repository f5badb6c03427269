// Certificates for the test run's wss:// listeners, made afresh on every run
// with openssl (nothing secret is ever committed or reused):
//
// - a test CA and a server certificate it signed, for 127.0.0.1 and localhost:
//   the one Chromium is told to trust, by the SHA-256 of its public key
//   (--ignore-certificate-errors-spki-list names exactly this certificate;
//   certificate checks stay on for everything else).
// - for browsers that trust a CA instead: the CA in ca.crt, and an NSS
//   database (cert9.db, key4.db) that trusts it for servers, in firefox-profile/.
//   Firefox started with a copy of that folder as its profile (puppeteer's
//   userDataDir) opens the trusted listener and refuses the untrusted one
//   (close code 1015): the Firefox run of the tests uses it (web-test-runner.config.mjs).
// - a self-signed certificate for the same names that nobody trusts: a wss://
//   listener with it looks to the page like a server whose certificate the
//   user never accepted.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findProgram } from './system.mjs';

const NAMES = 'subjectAltName=IP:127.0.0.1,DNS:localhost';
// Two days: long enough for any run, short enough that a leaked file is worthless.
const DAYS = '2';
// P-256 keys: made in milliseconds, unlike RSA.
const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(...args) {
  const program = findProgram('openssl');
  if (!program) throw new Error('openssl is not installed (see test/sip/system.mjs ensureSystem)');
  try {
    execFileSync(program, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    throw new Error(`openssl ${args[0]} failed: ${error.stderr || error.message}`);
  }
}

/** A new NSS database in `dir` (a Firefox profile's certificate store) that trusts `caFile` to identify servers. */
function trustInNssDb(dir, caFile) {
  const certutil = findProgram('certutil');
  if (!certutil) throw new Error('certutil is not installed (see test/sip/system.mjs ensureSystem)');
  mkdirSync(dir, { recursive: true });
  const run = (...args) => execFileSync(certutil, [...args, '-d', `sql:${dir}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  run('-N', '--empty-password');
  run('-A', '-n', 'Phone Elements test CA', '-t', 'C,,', '-i', caFile);
}

/** Base64 SHA-256 of a certificate's SubjectPublicKeyInfo: what Chromium's SPKI list names. */
export function spkiHash(certFile) {
  const spki = new X509Certificate(readFileSync(certFile)).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * Writes a fresh test CA, a server certificate it signed and an untrusted
 * self-signed one into `dir` (replacing what was there).
 * @param {string} dir
 * @returns {{ caFile: string, certFile: string, keyFile: string, spki: string, untrustedCertFile: string, untrustedKeyFile: string, firefoxProfile: string }}
 */
export function makeTestCertificates(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Absolute: Kamailio reads them from its own working directory.
  const file = (name) => path.resolve(dir, name);
  const caFile = file('ca.crt');
  const certFile = file('server.crt');
  const keyFile = file('server.key');
  const untrustedCertFile = file('untrusted.crt');
  const untrustedKeyFile = file('untrusted.key');

  openssl('req', '-x509', ...KEY, '-keyout', file('ca.key'), '-out', caFile, '-days', DAYS, '-subj', '/CN=Phone Elements test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-new', ...KEY, '-keyout', keyFile, '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(file('server.ext'), `${NAMES}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', caFile, '-CAkey', file('ca.key'), '-CAcreateserial', '-days', DAYS,
    '-extfile', file('server.ext'), '-out', certFile);
  openssl('req', '-x509', ...KEY, '-keyout', untrustedKeyFile, '-out', untrustedCertFile, '-days', DAYS, '-subj', '/CN=127.0.0.1',
    '-addext', NAMES);
  // The CA key has signed what it had to: nothing else may be signed with it.
  rmSync(file('ca.key'));
  const firefoxProfile = file('firefox-profile');
  trustInNssDb(firefoxProfile, caFile);
  return { caFile, certFile, keyFile, spki: spkiHash(certFile), untrustedCertFile, untrustedKeyFile, firefoxProfile };
}
