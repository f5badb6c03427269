#!/usr/bin/env node
// `npm run test:browser [files…]`: the browser tests in Chromium and in Firefox ESR at the
// same time, each browser in a network namespace of its own (scripts/in-netns.mjs) with
// its own Kamailio, far ends and run folder (PHONE_RUN_DIR). Side by side they cannot
// meet: a media cut or a server restart in one run is not seen by the other, and each
// reads only its own server's log. One after the other, the two took over 25 minutes.
// Each line is prefixed with its browser; the exit code is the first failing run's.
// The failed tests each run names (scripts/summary-reporter.mjs) are repeated at the very
// end, where CI's tail of the output shows them. PHONE_BROWSERS=firefox (or chromium) runs one.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const browsers = (process.env.PHONE_BROWSERS || 'chromium,firefox').split(',').map((name) => name.trim()).filter(Boolean);
const started = performance.now();
/** The summary reporter's "✗ <browser> <file>: <test>: <error>" lines, from both runs. */
const failures = [];

function run(browser) {
  return new Promise((resolve) => {
    const child = spawn('node', ['scripts/in-netns.mjs', '--', 'npx', 'web-test-runner', ...process.argv.slice(2)], {
      env: { ...process.env, PHONE_BROWSERS: browser, PHONE_RUN_DIR: `.tmp/run-${browser}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        console.log(`[${browser}] ${line}`);
        if (line.startsWith('✗ ')) failures.push(line);
      });
    }
    child.on('close', (code, signal) => resolve({ browser, code: code ?? 1, signal }));
  });
}

const results = await Promise.all(browsers.map(run));
const minutes = ((performance.now() - started) / 60_000).toFixed(1);
if (failures.length) console.log(`\nFailed tests:\n${failures.join('\n')}\n`);
for (const { browser, code, signal } of results) {
  console.log(`${code === 0 ? '✓' : '✗'} ${browser}: ${code === 0 ? 'all tests passed' : `failed (exit ${code}${signal ? `, ${signal}` : ''})`}`);
}
console.log(`Browser tests: ${minutes} min`);
process.exit(results.find(({ code }) => code !== 0)?.code ?? 0);
