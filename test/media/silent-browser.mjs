// A second browser for test/media/autoplay.test.ts: launched like the test browser
// but under the autoplay policy real users have, so a page there has had no click
// and its sound stays blocked until it gets one. The test drives one page in it
// through commands; clicks are real input events, which count as the user's gesture.
// It is of the same kind as the browser the test runs in (Chromium or Firefox), so
// each browser's own policy is the one tested.
import puppeteer from 'puppeteer-core';
import { launchFirefox } from '../sip/firefox.mjs';

/**
 * How each kind of silent browser is launched, and how it evaluates an expression
 * without counting as a user's gesture (which would unblock the sound).
 */
const KINDS = {
  chromium: {
    launch: ({ executablePath, args }) => puppeteer.launch({ executablePath, headless: true, args }),
    /** Not page.evaluate(): it runs as a user gesture. CDP's Runtime.evaluate can say it is none. */
    async evaluator(page) {
      const devtools = await page.createCDPSession();
      return async (expression) => {
        const { result, exceptionDetails } = await devtools.send('Runtime.evaluate', {
          expression,
          awaitPromise: true,
          returnByValue: true,
          userGesture: false,
        });
        if (exceptionDetails) throw new Error(`silent-browser: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
        return result.value ?? null;
      };
    },
  },
  firefox: {
    launch: ({ executablePath, prefs }) => launchFirefox({ executablePath, prefs }),
    /**
     * Not page.evaluate(): puppeteer sends WebDriver BiDi's script.evaluate with
     * userActivation true. The page's realm, one level down, sends it with false.
     * The value comes back as JSON text, BiDi's remote values being no plain JSON.
     */
    async evaluator(page) {
      return async (expression) => {
        const realm = page.mainFrame().mainRealm().realm;
        const result = await realm.evaluate(`(async () => JSON.stringify((await (${expression})) ?? null))()`, true, {
          userActivation: false,
          resultOwnership: 'none',
        });
        if (result.type === 'exception') throw new Error(`silent-browser: ${result.exceptionDetails.text}`);
        return JSON.parse(result.result.value);
      };
    },
  },
};

/**
 * @param {{
 *   chromium: { executablePath: string, args: string[] },
 *   firefox: { executablePath: string, prefs: Record<string, unknown> },
 * }} options how to launch each kind, without the test browsers' "sound may play" settings
 */
export function silentBrowserPlugin(options) {
  let origin;
  /** One browser per kind, started on first use. */
  const browsers = new Map();
  /** @type {{ page: import('puppeteer-core').Page, evaluate: (expression: string) => Promise<unknown> } | undefined} */
  let open;

  function current() {
    if (!open) throw new Error('silent-browser: no page is open (silent-page-open first)');
    return open;
  }

  async function close() {
    await open?.page.close();
    open = undefined;
  }

  const commands = {
    /** Opens `path` of the test server in a fresh page (closing the previous one). */
    async 'silent-page-open'({ path }, kind) {
      if (!browsers.has(kind)) browsers.set(kind, await KINDS[kind].launch(options[kind]));
      await close();
      const page = await browsers.get(kind).newPage();
      open = { page, evaluate: await KINDS[kind].evaluator(page) };
      await page.goto(new URL(path, origin).href);
      return true;
    },
    /** The value of a JavaScript expression in the page, awaited; null for undefined. */
    async 'silent-page-evaluate'({ expression }) {
      return current().evaluate(expression);
    },
    /** Clicks the element `selector` finds (`>>>` pierces shadow roots) as a user does. */
    async 'silent-page-click'({ selector }) {
      await current().page.locator(selector).click();
      return true;
    },
    async 'silent-page-close'() {
      await close();
      return true;
    },
  };

  return {
    name: 'silent-browser',
    serverStart({ config }) {
      origin = `http://${config.hostname}:${config.port}/`;
    },
    async executeCommand({ command, payload, session }) {
      if (!Object.hasOwn(commands, command)) return undefined;
      // The launcher's name: 'Firefox' for test/sip/firefox.mjs, Chrome's otherwise.
      const kind = session.browser.name === 'Firefox' ? 'firefox' : 'chromium';
      return commands[command](payload ?? {}, kind);
    },
    async serverStop() {
      for (const browser of browsers.values()) await browser.close();
    },
  };
}
