// Browser tests: Debian's Chromium and Firefox ESR with fake media, one Kamailio (with
// rtpengine) shared by all test files (hence one file at a time), the far
// ends tests start through commands (sipp, baresip), and JsSIP served as ESM.
import { mkdirSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { commonjsPlugin } from './scripts/commonjs-plugin.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { farEndsPlugin } from './test/sip/far-ends.mjs';
import { startKamailio } from './test/sip/kamailio.mjs';
import { publishMessageSummary } from './test/sip/sipp.mjs';
import { networkPlugin } from './test/sip/network.mjs';
import { silentBrowserPlugin } from './test/media/silent-browser.mjs';
import { farBrowserPlugin } from './test/sip/far-browser.mjs';
import { heavyPlugin, heavyWait, testFilesFor } from './test/sip/heavy.mjs';
import { startRtpengine } from './test/sip/rtpengine.mjs';
import { startCoturn } from './test/sip/coturn.mjs';
import { CHROMIUM_ARGS as SHARED_CHROMIUM_ARGS } from './test/sip/chromium.mjs';
import { chromiumPath, ensureSystem, firefoxPath } from './test/sip/system.mjs';
import { firefoxLauncher, firefoxPrefs } from './test/sip/firefox.mjs';
import { RUN_DIR, runPath } from './test/sip/run-dir.mjs';
import { makeTestCertificates } from './test/sip/tls.mjs';
import { screenshotsPlugin } from './test/screenshots/plugin.mjs';

await ensureSystem();

/**
 * This run's certificates for wss:// (test/sip/tls.mjs), made before the browser
 * starts: its flags name the one certificate it trusts. For a browser that
 * trusts a CA instead: <run dir>/tls/ca.crt, and <run dir>/tls/firefox-profile (an NSS
 * database trusting it) for a Firefox profile.
 */
const certificates = makeTestCertificates(runPath('tls'));
/** A port where nothing listens: a server that is down, for fail-over tests. */
const DOWN_PORT = 25069;

/** Settings of the running Kamailio, given to every test page as window.__SIP__. */
let sip;
/** The running Kamailio, for the far ends that register with it. */
let server;

/** The main Kamailio's ports, and rtpengine's control port (UDP too). */
const KAMAILIO = { wsPort: 25066, udpPort: 25060 };
const RTPENGINE_NG_PORT = 25222;
/** A second Kamailio that issues no GRUUs (kamailio.cfg with NO_GRUU), started when a test asks. */
const KAMAILIO_NO_GRUU = { wsPort: 25166, udpPort: 25160 };
/** A third, a presence server too (kamailio.cfg with WITH_PRESENCE: busy lamps, voicemail), started when a test asks. */
const KAMAILIO_PRESENCE = { wsPort: 25266, udpPort: 25260 };
/** sipp's ports when it plays the voicemail server that publishes to it. */
const VOICEMAIL_SIPP = { port: 25270, controlPort: 25271 };

/**
 * Runs Kamailio for the whole test run. Reliability tests stop and start it
 * mid-test through commands: `kamailio-stop`, `kamailio-start` (same ports,
 * same log, an empty registrar; answers `{wsUrl}`), `kamailio-log` (the log
 * lines containing a string, to see how a request was routed) and
 * `kamailio-contacts` (the Contacts its location table holds for an address of
 * record). With `{server: 'no-gruu'}` they act on a second Kamailio, one without
 * GRUU, which the first `kamailio-start` of it starts and the end of the run stops;
 * with `{server: 'presence'}` on a third, also a presence server (busy lamps and
 * voicemail), to which `voicemail-publish` has sipp PUBLISH a message summary.
 * It also runs rtpengine (the media relay Kamailio drives) and coturn (TURN).
 */
function kamailioPlugin() {
  let rtpengine;
  let turn;
  /** By name: the options each server (re)starts with, whether it runs, its log. */
  const servers = new Map();
  const define = (name, options) => {
    // The log of this run's Kamailio, kept here: the file may be another run's by now.
    const output = [];
    const entry = { options: { ...options, onOutput: (text) => output.push(text) }, output, running: null, started: false };
    servers.set(name, entry);
    return entry;
  };
  const pick = (name = 'main') => {
    const entry = servers.get(name);
    if (!entry) throw new Error(`kamailio: no server "${name}"`);
    return entry;
  };
  const start = async (entry) => {
    if (!entry.running) entry.running = await startKamailio({ ...entry.options, appendLog: entry.started });
    entry.started = true;
    if (entry === servers.get('main')) server = entry.running;
    return entry.running;
  };
  const commands = {
    async 'kamailio-stop'({ server: name }) {
      const entry = pick(name);
      await entry.running?.stop();
      entry.running = null;
      return true;
    },
    /** Does nothing when it runs: tests call it after each test, whatever happened. */
    async 'kamailio-start'({ server: name }) {
      return { wsUrl: (await start(pick(name))).wsUrl };
    },
    async 'kamailio-log'({ contains, server: name }) {
      return pick(name)
        .output.join('')
        .split('\n')
        .filter((line) => line.includes(contains));
    },
    'kamailio-contacts'({ aor, server: name }) {
      return pick(name).running.contacts(aor);
    },
    /** A voicemail server (sipp) PUBLISHes `mailbox`'s message summary to the presence server. */
    async 'voicemail-publish'({ mailbox, waiting, newMessages, oldMessages }) {
      const registrar = await start(pick('presence'));
      await publishMessageSummary({ ...VOICEMAIL_SIPP, registrar, mailbox, waiting, newMessages, oldMessages });
      return true;
    },
  };
  return {
    name: 'kamailio',
    async serverStart() {
      mkdirSync(RUN_DIR, { recursive: true });
      rtpengine = await startRtpengine({ ngPort: RTPENGINE_NG_PORT, logFile: runPath('rtpengine.log') });
      turn = await startCoturn({ port: 25478, logFile: runPath('coturn.log') });
      const main = define('main', {
        ...KAMAILIO,
        logFile: runPath('kamailio.log'),
        // A gateway call that rings 3 s unanswered ends as no-answer (408):
        // the carrier's no-answer, without minutes of waiting.
        extraDefines: [`RTPENGINE_SOCK="${rtpengine.ngSocket}"`, 'GATEWAY_RING_TIMEOUT=3000'],
        // wss:// with the certificate the browsers trust, and one with a certificate they do not.
        tls: { port: 25067, untrustedPort: 25068, certificates },
      });
      define('no-gruu', { ...KAMAILIO_NO_GRUU, logFile: runPath('kamailio-no-gruu.log'), extraDefines: ['NO_GRUU'] });
      define('presence', { ...KAMAILIO_PRESENCE, logFile: runPath('kamailio-presence.log'), presence: true });
      await start(main);
      sip = {
        wsUrl: server.wsUrl,
        wssUrl: server.wssUrl,
        untrustedWssUrl: server.untrustedWssUrl,
        downUrl: `ws://127.0.0.1:${DOWN_PORT}`,
        domain: server.domain,
        password: server.password,
        turn: { url: turn.url, username: turn.username, credential: turn.credential },
      };
    },
    async executeCommand({ command, payload }) {
      if (Object.hasOwn(commands, command)) return commands[command](payload ?? {});
      return undefined;
    },
    async serverStop() {
      await Promise.all([...servers.values()].map((entry) => entry.running?.stop()));
      await rtpengine?.stop();
      await turn?.stop();
    },
  };
}

// The page of test/reliability/csp.test.ts, served with the strict policy a
// careful host page would set: no inline script or style, no eval, sockets
// only to the page's origin and the local SIP server.
const STRICT_CSP_PAGE = '/test/reliability/csp-page.html';
const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws://127.0.0.1:*";

async function strictCsp(context, next) {
  await next();
  if (context.path === STRICT_CSP_PAGE) context.set('Content-Security-Policy', STRICT_CSP);
}

// test/crm/adapters.test.ts: Salesforce and Dynamics pages load their SDK from the org;
// the test server plays the org, and these paths serve the stand-ins.
const CRM_STAND_INS = [
  [/^\/support\/api\/[\d.]+\/lightning\/opencti_min\.js$/, '/test/crm/stand-ins/opencti.js'],
  [/^\/webresources\/Widget\/msdyn_ciLibrary\.js$/, '/test/crm/stand-ins/cif.js'],
];

async function crmStandIns(context, next) {
  const standIn = CRM_STAND_INS.find(([path]) => path.test(context.path));
  if (standIn) context.url = standIn[1];
  await next();
}

/** Chromium for the tests: the project's flags, plus what the leak test needs. */
const CHROMIUM_ARGS = [
  ...SHARED_CHROMIUM_ARGS,
  // window.gc() and exact performance.memory: test/reliability/leaks.test.ts reports the heap after GC.
  '--js-flags=--expose-gc',
  '--enable-precise-memory-info',
  // Trust exactly this run's test server certificate (by its public key), and no
  // other: certificate checks stay on, so the untrusted listener is refused.
  `--ignore-certificate-errors-spki-list=${certificates.spki}`,
];

/**
 * Every file runs in Debian's Chromium, then in Debian's Firefox ESR. PHONE_BROWSERS
 * (e.g. `PHONE_BROWSERS=firefox`) runs only the named ones, for iterating on one.
 */
/** The browsers of this run: PHONE_BROWSERS, or both. */
const BROWSERS = (process.env.PHONE_BROWSERS || 'chromium,firefox').split(',').map((name) => name.trim().toLowerCase());

function testBrowsers() {
  const launchers = {
    chromium: () =>
      chromeLauncher({
        launchOptions: {
          executablePath: chromiumPath(),
          headless: true,
          args: CHROMIUM_ARGS,
        },
      }),
    // Its profile's NSS database trusts this run's test CA (wss://); certificate checks stay on.
    firefox: () => firefoxLauncher({ profile: certificates.firefoxProfile }),
  };
  const unknown = BROWSERS.filter((name) => !Object.hasOwn(launchers, name));
  if (unknown.length > 0) throw new Error(`PHONE_BROWSERS: unknown browser ${unknown.join(', ')} (known: ${Object.keys(launchers).join(', ')})`);
  return BROWSERS.map((name) => launchers[name]());
}

export default {
  // Every test file; Firefox's run takes the heavy ones last, after Chromium's has ended (test/sip/heavy.mjs).
  files: testFilesFor(BROWSERS),
  nodeResolve: true,
  // Calls in every file go through the one Kamailio and share the CPU with
  // the browser's media: one test file at a time, one browser at a time, keeps timings honest.
  concurrency: 1,
  concurrentBrowsers: 1,
  // A hang's safety net, not a timing: a heavy file may first wait up to 4 min for its turn (test/sip/heavy.mjs).
  testsFinishTimeout: 480_000,
  // A page first waits (up to 4 min) while the other browser's run has a heavy file (test/sip/heavy.mjs).
  testsStartTimeout: 360_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: testBrowsers(),
  reporters: [defaultReporter(), summaryReporter()],
  middleware: [strictCsp, crmStandIns, heavyWait],
  plugins: [
    // JsSIP and React ship CommonJS only: served as ES modules, bundled once.
    commonjsPlugin(['jssip', 'react', 'react-dom/client']),
    kamailioPlugin(),
    farEndsPlugin(() => server),
    // A media cut leaves SIP over UDP alone: the far ends' signalling, and rtpengine's.
    networkPlugin({ signallingUdpPorts: () => [KAMAILIO.udpPort, KAMAILIO_NO_GRUU.udpPort, RTPENGINE_NG_PORT] }),
    // test/media/autoplay.test.ts: a page under the autoplay policy users have, in a second
    // browser of the test's kind: Chromium without its flag; Firefox with its default policy
    // (audible media and Web Audio blocked until the user's first gesture) and, like a first
    // visit, no microphone or camera permission yet: Firefox lets a page that has one play sound.
    silentBrowserPlugin({
      chromium: { executablePath: chromiumPath(), args: CHROMIUM_ARGS.filter((arg) => !arg.startsWith('--autoplay-policy')) },
      firefox: {
        executablePath: firefoxPath(),
        prefs: firefoxPrefs({
          'media.autoplay.default': 1,
          'media.autoplay.blocking_policy': 0,
          'media.autoplay.block-webaudio': true,
          'permissions.default.microphone': 0,
          'permissions.default.camera': 0,
        }),
      },
    }),
    // test/interop/cross-browser.test.ts: real phones in the other browser (Firefox under
    // a Chromium test, Chromium under a Firefox one), driven through far-* commands.
    farBrowserPlugin(),
    heavyPlugin(),
    // test/screenshots/screenshots.test.ts: pictures compared with their committed baselines.
    screenshotsPlugin(),
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' }),
  ],
  testRunnerHtml: (testFramework) => `<!DOCTYPE html>
<html>
  <head><script>window.__SIP__ = ${JSON.stringify(sip)};</script></head>
  <body><script type="module">
    // Starts no test beside the other browser's run's heavy file (test/sip/heavy.mjs).
    await fetch('/__heavy-wait').catch(() => undefined);
    await import(${JSON.stringify(testFramework)});
  </script></body>
</html>`,
};
