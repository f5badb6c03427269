// `npm run screenshots`: pictures of the demo for README, taken in headless Chromium
// against the local Kamailio: idle (light and dark), an incoming call, and a call in
// progress, and the recent calls. Writes docs/*.png. As root it runs in its own network namespace.
import { mkdirSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { createServer } from 'vite';
import { CHROMIUM_ARGS } from '../test/sip/chromium.mjs';
import { startKamailio } from '../test/sip/kamailio.mjs';
import { chromiumPath, ensureSystem } from '../test/sip/system.mjs';
import { runInNetns } from './in-netns.mjs';

// Installing packages needs the network: check first, then re-run inside the namespace.
const INSIDE = '--inside-netns';
if (!process.argv.includes(INSIDE)) {
  await ensureSystem({ need: ['chromium', 'kamailio'] });
  process.exit(await runInNetns(process.execPath, [process.argv[1], INSIDE]));
}

const sip = await startKamailio({ wsPort: 45066, udpPort: 45060 });
process.env.VITE_SIP_SERVER = sip.wsUrl;
process.env.VITE_SIP_DOMAIN = sip.domain;
process.env.VITE_SIP_PASSWORD = sip.password;
const server = await createServer({ root: 'demo', envDir: process.cwd(), logLevel: 'warn', server: { host: '127.0.0.1', port: 45173, strictPort: true } });
await server.listen();
const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] });

/** Both demo phones, side by side, as one picture. */
async function shoot(page, name) {
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the last render and transitions settle
  const alice = await page.$('#alice');
  const bob = await page.$('#bob');
  const a = await alice.boundingBox();
  const b = await bob.boundingBox();
  const clip = { x: a.x - 12, y: a.y - 12, width: b.x + b.width - a.x + 24, height: Math.max(a.height, b.height) + 24 };
  await page.screenshot({ path: `docs/${name}.png`, clip });
  console.log(`screenshots: docs/${name}.png`);
}

try {
  mkdirSync('docs', { recursive: true });
  for (const scheme of ['light', 'dark']) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 900, deviceScaleFactor: 1 });
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await page.goto('http://127.0.0.1:45173/', { waitUntil: 'networkidle0' });
    await page.waitForFunction(() => [...document.querySelectorAll('soft-phone')].every((phone) => phone.registered));
    await shoot(page, `idle-${scheme}`);
    if (scheme === 'light') {
      const input = await page.waitForSelector('#alice >>> [part~="number-input"]');
      await input.type('bob');
      await page.keyboard.press('Enter');
      const answer = await page.waitForSelector('#bob >>> [part~="answer-button"]');
      await shoot(page, 'incoming');
      await answer.click();
      await page.waitForFunction(() => document.querySelector('#bob').calls[0]?.state === 'established');
      await new Promise((resolve) => setTimeout(resolve, 1200)); // a non-zero duration
      await shoot(page, 'in-call');
      // The call log: that call, then one Bob misses; both phones on their Recent tab.
      await page.evaluate(() => document.querySelector('#alice').calls[0].hangup());
      await page.waitForFunction(() => document.querySelector('#bob').calls.length === 0);
      await page.evaluate(() => document.querySelector('#alice').call('bob'));
      await page.waitForSelector('#bob >>> [part~="answer-button"]');
      await page.evaluate(() => document.querySelector('#alice').calls[0].hangup());
      await page.waitForFunction(() => document.querySelector('#bob').history.missed === 1);
      for (const phone of ['#alice', '#bob']) await page.$eval(phone, (el) => el.shadowRoot.querySelectorAll('[part="view-tab"]')[1].click());
      await page.waitForFunction(() => document.querySelector('#bob').shadowRoot.querySelector('phone-history').shadowRoot.querySelectorAll('[part~="entry"]').length === 2);
      await shoot(page, 'recent');
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
  await sip.stop();
}
