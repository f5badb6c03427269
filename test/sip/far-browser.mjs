// The far end of test/interop/cross-browser.test.ts: real phones in the OTHER browser
// than the one the test runs in (Firefox under a Chromium test, Chromium under a
// Firefox test), so each run has Chromium call Firefox and Firefox call Chromium.
// The browser is launched once per run, with the same fake-media flags and prefs as
// the test browsers, and one page of the dev server (test/interop/far-page.html,
// which loads src/define.ts like any test page) is reused by every test. The test
// drives that page's `window.far` (test/interop/far-page.ts) through commands:
//
//   far-browser-open                 → { kind, userAgent }: launches and opens on first use
//   far-phone { action, args }       → { value: window.far[action](...args) } in the far page, as JSON
//   far-browser-reset                → removes every far phone (they unregister); reloads if that fails
//   far-browser-log                  → the far page's console errors and uncaught exceptions so far
//   far-browser-close                → closes the far page as a user closing its tab would (the next open reopens it)
//
// Tone browsers (test/interop/conference.test.ts): a payload `{ tone: 660 }` on any of
// these commands means a far Chromium of its own whose fake microphone plays a pure
// 660 Hz tone (a WAV made with sox in the run's tones/ folder, given by --use-file-for-fake-audio-capture):
// one browser process per tone, since every context of one browser shares its file.
// With `{ tone: 1300, browser: 'firefox' }` it is a far Firefox of its own instead, whose
// fake microphone's tone is set by the media.navigator.audio.fake_frequency pref.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS } from './chromium.mjs';
import { firefoxPrefs, launchFirefox } from './firefox.mjs';
import { runPath } from './run-dir.mjs';
import { chromiumPath } from './system.mjs';

const PAGE = '/test/interop/far-page.html';

/** How each kind of far browser starts: as the test launchers start theirs. */
const LAUNCH = {
  chromium: () => puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_ARGS] }),
  firefox: () => launchFirefox({ prefs: firefoxPrefs() }),
};

const TONES_DIR = runPath('tones');

/** A 10 s pure tone at `hz` (looped by Chromium), made once per run. */
function toneFile(hz) {
  if (!Number.isInteger(hz) || hz < 100 || hz > 4000) throw new Error(`far-browser: bad tone ${hz}`);
  mkdirSync(TONES_DIR, { recursive: true });
  const file = path.join(TONES_DIR, `${hz}.wav`);
  if (!existsSync(file)) execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', file, 'synth', '10', 'sine', String(hz), 'vol', '0.5']);
  return file;
}

function launchTone(hz) {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--use-file-for-fake-audio-capture=${toneFile(hz)}`],
  });
}

function launchFirefoxTone(hz) {
  if (!Number.isInteger(hz) || hz < 100 || hz > 4000) throw new Error(`far-browser: bad tone ${hz}`);
  return launchFirefox({ prefs: firefoxPrefs({ 'media.navigator.audio.fake_frequency': hz }) });
}

/** The browser key of a payload: a tone browser (`tone:660`, `tone:firefox:1000`), or the session's other kind. */
function kindOf(payload, session) {
  if (!payload?.tone) return farKind(session);
  return payload.browser === 'firefox' ? `tone:firefox:${payload.tone}` : `tone:${payload.tone}`;
}

/** The far browser's kind for a test session: the other one. */
function farKind(session) {
  // The launcher's name: 'Firefox' for test/sip/firefox.mjs, Chrome's otherwise.
  return session.browser.name === 'Firefox' ? 'chromium' : 'firefox';
}

export function farBrowserPlugin() {
  let origin;
  /** @type {Map<string, { browser: import('puppeteer-core').Browser, page?: import('puppeteer-core').Page, log: string[] }>} */
  const browsers = new Map();

  async function open(kind) {
    let far = browsers.get(kind);
    if (!far?.browser.connected) {
      const tone = /^tone:(firefox:)?(\d+)$/.exec(kind);
      const launch = tone ? () => (tone[1] ? launchFirefoxTone : launchTone)(Number(tone[2])) : LAUNCH[kind];
      far = { browser: await launch(), log: [] };
      browsers.set(kind, far);
    }
    if (!far.page || far.page.isClosed()) {
      const page = await far.browser.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') far.log.push(`console: ${message.text()}`);
      });
      page.on('pageerror', (error) => far.log.push(`uncaught: ${error.message}`));
      await load(page);
      far.page = page;
    }
    return far;
  }

  async function load(page) {
    await page.goto(new URL(PAGE, origin).href);
    await page.waitForFunction(() => typeof window.far === 'object', { timeout: 15_000 });
  }

  function opened(kind) {
    const far = browsers.get(kind);
    if (!far?.page || far.page.isClosed()) throw new Error('far-browser: no far page (far-browser-open first)');
    return far;
  }

  const commands = {
    async 'far-browser-open'(_, kind) {
      const { page } = await open(kind);
      const browser = kind.startsWith('tone:firefox:') ? 'firefox' : kind.startsWith('tone:') ? 'chromium' : kind;
      return { kind: browser, userAgent: await page.evaluate(() => window.far.userAgent()) };
    },
    async 'far-phone'({ action, args = [] }, kind) {
      const { page } = opened(kind);
      try {
        // Wrapped: web-test-runner takes a command's undefined or null for "not mine".
        const value = await page.evaluate((name, values) => window.far[name](...values), action, args);
        return { value: value ?? null };
      } catch (error) {
        // The message only: puppeteer's error carries the far page's stack, not ours.
        throw new Error(`far-browser (${kind}) ${action}: ${error.message}`);
      }
    },
    async 'far-browser-reset'(_, kind) {
      const far = browsers.get(kind);
      if (!far?.page || far.page.isClosed()) return true;
      try {
        await far.page.evaluate(() => window.far.reset());
      } catch {
        await load(far.page);
      }
      return true;
    },
    async 'far-browser-close'(_, kind) {
      const far = browsers.get(kind);
      const page = far?.page;
      if (!page || page.isClosed()) return true;
      far.page = undefined;
      // As a user closing the tab: beforeunload runs, and its question (if the browser asks) is confirmed;
      // then pagehide. Closing without beforeunload skips the page's unload handlers in Firefox.
      page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));
      const closed = new Promise((resolve) => page.once('close', resolve));
      await page.close({ runBeforeUnload: true });
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (!page.isClosed()) await page.close();
      return true;
    },
    async 'far-browser-log'(_, kind) {
      return browsers.get(kind)?.log ?? [];
    },
  };

  return {
    name: 'far-browser',
    serverStart({ config }) {
      origin = `http://${config.hostname}:${config.port}/`;
    },
    async executeCommand({ command, payload, session }) {
      if (!Object.hasOwn(commands, command)) return undefined;
      return commands[command](payload ?? {}, kindOf(payload, session));
    },
    async serverStop() {
      for (const { browser } of browsers.values()) if (browser.connected) await browser.close();
      browsers.clear();
    },
  };
}
