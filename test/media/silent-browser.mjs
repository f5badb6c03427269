// A second Chromium for test/media/autoplay.test.ts: launched like the test browser
// but under the autoplay policy real users have, so a page there has had no click
// and its sound stays blocked until it gets one. The test drives one page in it
// through commands; clicks are real input events, which count as the user's gesture.
import puppeteer from 'puppeteer-core';

/** @param {{ executablePath: string, args: string[] }} launchOptions */
export function silentBrowserPlugin({ executablePath, args }) {
  let origin;
  /** @type {import('puppeteer-core').Browser | undefined} */
  let browser;
  /** @type {import('puppeteer-core').Page | undefined} */
  let page;
  /** @type {import('puppeteer-core').CDPSession | undefined} */
  let devtools;

  function current() {
    if (!page) throw new Error('silent-browser: no page is open (silent-page-open first)');
    return page;
  }

  const commands = {
    /** Opens `path` of the test server in a fresh page (closing the previous one). */
    async 'silent-page-open'({ path }) {
      browser ??= await puppeteer.launch({ executablePath, headless: true, args });
      await page?.close();
      page = await browser.newPage();
      devtools = await page.createCDPSession();
      await page.goto(new URL(path, origin).href);
      return true;
    },
    /**
     * The value of a JavaScript expression in the page, awaited; null for undefined.
     * Not page.evaluate(): it runs as a user gesture, which would unblock the sound.
     */
    async 'silent-page-evaluate'({ expression }) {
      current();
      const { result, exceptionDetails } = await devtools.send('Runtime.evaluate', {
        expression,
        awaitPromise: true,
        returnByValue: true,
        userGesture: false,
      });
      if (exceptionDetails) throw new Error(`silent-browser: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      return result.value ?? null;
    },
    /** Clicks the element `selector` finds (`>>>` pierces shadow roots) as a user does. */
    async 'silent-page-click'({ selector }) {
      await current().locator(selector).click();
      return true;
    },
    async 'silent-page-close'() {
      await page?.close();
      page = undefined;
      devtools = undefined;
      return true;
    },
  };

  return {
    name: 'silent-browser',
    serverStart({ config }) {
      origin = `http://${config.hostname}:${config.port}/`;
    },
    async executeCommand({ command, payload }) {
      if (Object.hasOwn(commands, command)) return commands[command](payload ?? {});
      return undefined;
    },
    async serverStop() {
      await browser?.close();
    },
  };
}
