// `npm run check:demo`: README's first command, tried as a new user would. Runs the real
// `npm start` (on ports of its own), opens the page it prints in headless Chromium, and
// has the demo's two phones call each other: Alice dials "bob" from the keypad's number
// field, Bob answers with his Answer button, and RTP must flow both ways. As root it runs
// in its own network namespace, like the tests.
import { spawn } from 'node:child_process';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS } from '../test/sip/chromium.mjs';
import { chromiumPath, ensureSystem } from '../test/sip/system.mjs';
import { runInNetns } from './in-netns.mjs';

const INSIDE = '--inside-netns';
if (!process.argv.includes(INSIDE)) {
  await ensureSystem({ need: ['chromium', 'kamailio'] });
  process.exit(await runInNetns(process.execPath, [process.argv[1], INSIDE]));
}

const TIMEOUT_MS = 60_000;
const PORTS = { PHONE_DEMO_PORT: '46173', PHONE_DEMO_WS_PORT: '46066', PHONE_DEMO_UDP_PORT: '46060' };

/** Starts `npm start` and resolves with the demo URL it prints. */
function startDemo() {
  const demo = spawn('npm', ['start'], { env: { ...process.env, ...PORTS }, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const url = new Promise((resolve, reject) => {
    let output = '';
    demo.stdout.on('data', (chunk) => {
      output += chunk;
      const printed = /Phone Elements demo: (http:\/\/\S+)/.exec(output)?.[1];
      if (printed) resolve(printed);
    });
    demo.once('exit', (code) => reject(new Error(`npm start exited (${code}) before printing the demo URL:\n${output}`)));
  });
  return { demo, url };
}

/** In the page: audio packets received so far on the one call of the phone `id`. */
async function receivedPackets(id) {
  const connection = document.getElementById(id).calls[0]?.peerConnection;
  let total = 0;
  (await connection?.getStats())?.forEach((report) => {
    if (report.type === 'inbound-rtp' && report.kind === 'audio') total += report.packetsReceived;
  });
  return total;
}

const { demo, url } = startDemo();
let browser;
const timer = setTimeout(() => {
  console.error(`check:demo: no call within ${TIMEOUT_MS / 1000} s.`);
  process.kill(-demo.pid, 'SIGTERM');
  process.exit(1);
}, TIMEOUT_MS);
try {
  const address = await url;
  browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] });
  const page = await browser.newPage();
  await page.goto(address, { waitUntil: 'networkidle0' });
  await page.waitForFunction(() => [...document.querySelectorAll('soft-phone')].every((phone) => phone.registered));
  const input = await page.waitForSelector('#alice >>> [part~="number-input"]');
  await input.type('bob');
  await page.keyboard.press('Enter');
  const answer = await page.waitForSelector('#bob >>> [part~="answer-button"]');
  await answer.click();
  await page.waitForFunction(() => ['alice', 'bob'].every((id) => document.getElementById(id).calls[0]?.state === 'established'));
  const received = {};
  for (const id of ['alice', 'bob']) {
    while ((received[id] = await page.evaluate(receivedPackets, id)) < 20) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  console.log(`check:demo: ${address} — Alice called Bob, Bob answered; RTP received: Alice ${received.alice} packets, Bob ${received.bob}.`);
} finally {
  clearTimeout(timer);
  await browser?.close();
  // npm start runs Vite and Kamailio: end the whole process group.
  process.kill(-demo.pid, 'SIGTERM');
}
