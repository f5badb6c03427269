// Browser tests: Debian's Chromium with fake media, one Kamailio (with
// rtpengine) shared by all test files (hence one file at a time), the far
// ends tests start through commands (sipp, baresip), and JsSIP served as ESM.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import * as esbuild from 'esbuild';
import { summaryReporter } from './scripts/summary-reporter.mjs';
import { farEndsPlugin } from './test/sip/far-ends.mjs';
import { startKamailio } from './test/sip/kamailio.mjs';
import { startRtpengine } from './test/sip/rtpengine.mjs';
import { chromiumPath, ensureSystem } from './test/sip/system.mjs';

await ensureSystem();

const require = createRequire(import.meta.url);
const JSSIP_PATH = '/__virtual__/jssip.js';

// JsSIP is CommonJS without an ESM build, and the dev server's own resolution
// cannot give it a default export. esbuild bundles it once into an ES module
// with a default export plus the named exports its typings declare.
async function bundleJssip() {
  const entry = require.resolve('jssip');
  const names = Object.keys(require(entry));
  const result = await esbuild.build({
    stdin: {
      contents: `import JsSIP from ${JSON.stringify(entry)};\nexport default JsSIP;\nexport const { ${names.join(', ')} } = JsSIP;\n`,
      resolveDir: process.cwd(),
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

function jssipPlugin() {
  let bundle;
  return {
    name: 'jssip-esm',
    resolveImport({ source }) {
      if (source === 'jssip') return JSSIP_PATH;
    },
    async serve({ path }) {
      if (path !== JSSIP_PATH) return;
      bundle ??= bundleJssip();
      return { body: await bundle, type: 'js' };
    },
  };
}

/** Settings of the running Kamailio, given to every test page as window.__SIP__. */
let sip;
/** The running Kamailio, for the far ends that register with it. */
let server;

function kamailioPlugin() {
  let rtpengine;
  return {
    name: 'kamailio',
    async serverStart() {
      mkdirSync('.tmp', { recursive: true });
      rtpengine = await startRtpengine({ ngPort: 25222, logFile: '.tmp/rtpengine.log' });
      server = await startKamailio({
        wsPort: 25066,
        udpPort: 25060,
        logFile: '.tmp/kamailio.log',
        // A gateway call that rings 3 s unanswered ends as no-answer (408):
        // the carrier's no-answer, without minutes of waiting.
        extraDefines: [`RTPENGINE_SOCK="${rtpengine.ngSocket}"`, 'GATEWAY_RING_TIMEOUT=3000'],
      });
      sip = { wsUrl: server.wsUrl, domain: server.domain, password: server.password };
    },
    async serverStop() {
      await server?.stop();
      await rtpengine?.stop();
    },
  };
}

export default {
  files: 'test/**/*.test.ts',
  nodeResolve: true,
  // Calls in every file go through the one Kamailio and share the CPU with
  // Chromium's media: one test file at a time keeps timings honest.
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath(),
        headless: true,
        args: [
          '--no-sandbox', // we run as root
          '--use-fake-ui-for-media-stream', // grant microphone access without a prompt
          '--use-fake-device-for-media-stream', // a synthetic microphone
          '--allow-loopback-in-peer-connection', // ICE candidates on 127.0.0.1, else calls never connect
          '--autoplay-policy=no-user-gesture-required', // remote audio plays without a click
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter()],
  plugins: [jssipPlugin(), kamailioPlugin(), farEndsPlugin(() => server), esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json' })],
  testRunnerHtml: (testFramework) => `<!DOCTYPE html>
<html>
  <head><script>window.__SIP__ = ${JSON.stringify(sip)};</script></head>
  <body><script type="module" src="${testFramework}"></script></body>
</html>`,
};
