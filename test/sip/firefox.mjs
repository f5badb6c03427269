// Debian's Firefox ESR as a web-test-runner browser, driven by puppeteer-core over
// WebDriver BiDi. It mirrors @web/test-runner-chrome's launcher (one browser, pages
// reused between test files) without @web/test-runner-puppeteer, which would pull in
// full puppeteer and download a browser. Its type is 'puppeteer' and getPage() returns
// a puppeteer Page, so wtr's built-in commands (sendKeys…) drive it as they do Chromium.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { firefoxPath } from './system.mjs';

/**
 * What Firefox needs for the calls and sounds of the tests, the counterpart of the
 * media flags in test/sip/chromium.mjs.
 */
const MEDIA_PREFS = {
  // A synthetic microphone (a 1000 Hz tone) and camera instead of real devices.
  'media.navigator.streams.fake': true,
  // Grant microphone and camera without a prompt. This also unlocks host ICE
  // candidates: without a granted permission Firefox offers none, and calls never connect.
  'permissions.default.microphone': 1,
  'permissions.default.camera': 1,
  // ICE candidates on 127.0.0.1: the test namespace has nothing but loopback.
  'media.peerconnection.ice.loopback': true,
  // Web Audio without a sound card; otherwise every AudioContext stays suspended.
  'media.cubeb.force_mock_context': true,
  // Remote audio and tones play without a click, like Chromium's --autoplay-policy flag.
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
};

/**
 * Nothing in the background: the tests run where only loopback exists, and nothing may
 * try any other address. puppeteer already turns off updates, Normandy, remote settings,
 * safe browsing lists and health reports; these close the rest.
 */
const QUIET_PREFS = {
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.predictor.enabled': false,
  'network.trr.mode': 5, // no DNS over HTTPS
  'network.proxy.type': 0,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.updatePing.enabled': false,
  'toolkit.telemetry.shutdownPingSender.enabled': false,
  'toolkit.telemetry.firstShutdownPing.enabled': false,
  'toolkit.telemetry.newProfilePing.enabled': false,
  'toolkit.telemetry.bhrPing.enabled': false,
  'datareporting.usage.uploadEnabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.safebrowsing.update.enabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.getAddons.showPane': false,
  'dom.push.connection.enabled': false,
  'dom.push.serverURL': '',
  'geo.enabled': false,
  'media.gmp-manager.url': '',
  'media.gmp-gmpopenh264.autoupdate': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.search.geoip.url': '',
  'identity.fxaccounts.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'browser.discovery.enabled': false,
  'security.OCSP.enabled': 0,
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
};

/** Every pref the project's Firefox runs with; `extra` adds to or overrides them. */
export function firefoxPrefs(extra = {}) {
  return { ...MEDIA_PREFS, ...QUIET_PREFS, ...extra };
}

/**
 * Launches headless Firefox with `prefs` (firefoxPrefs() by default) over WebDriver BiDi.
 * MOZ_DISABLE_NONLOCAL_CONNECTIONS is Firefox's own test switch: its network layer then
 * refuses any address that is not local, and Remote Settings honours the dummy server
 * puppeteer sets (a release build otherwise ignores that pref and polls
 * firefox.settings.services.mozilla.com).
 * `profile` is a folder to start from (say, an NSS database that trusts the test CA): each
 * launch runs on a fresh copy of it, removed when the browser closes.
 * @param {{ executablePath?: string, prefs?: Record<string, unknown>, args?: string[], headless?: boolean, profile?: string }} [options]
 */
export async function launchFirefox({ executablePath = firefoxPath(), prefs = firefoxPrefs(), args = [], headless = true, profile } = {}) {
  const userDataDir = profile ? mkdtempSync(path.join(tmpdir(), 'pe-firefox-')) : undefined;
  if (userDataDir) cpSync(profile, userDataDir, { recursive: true });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless,
    args,
    userDataDir,
    extraPrefsFirefox: prefs,
    env: { ...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
  });
  if (userDataDir) browser.once('disconnected', () => rmSync(userDataDir, { recursive: true, force: true }));
  return browser;
}

class FirefoxLauncher {
  name = 'Firefox';
  // wtr's commands (sendKeys, setViewport…) take any launcher of this type to hand them a puppeteer Page.
  type = 'puppeteer';

  /** @param {{ executablePath?: string, prefs?: Record<string, unknown>, args?: string[], profile?: string }} options */
  constructor(options = {}) {
    this.options = options;
    /** @type {Map<string, import('puppeteer-core').Page>} */
    this.activePages = new Map();
    /** Pages of finished sessions, reused like the Chrome launcher does. */
    this.inactivePages = [];
    this.browserPromise = undefined;
  }

  initialize(config) {
    this.config = config;
  }

  launch({ headless = true } = {}) {
    const { executablePath, prefs, args, profile } = this.options;
    return launchFirefox({ executablePath, prefs: firefoxPrefs(prefs), args, headless, profile });
  }

  /** The one browser of the run, started on first use and again if it died. */
  async browser() {
    const running = await this.browserPromise;
    if (!running?.connected) {
      this.browserPromise = this.launch();
      this.browserPromise.catch(() => (this.browserPromise = undefined));
    }
    return this.browserPromise;
  }

  async startSession(sessionId, url) {
    const page = this.inactivePages.pop() ?? (await (await this.browser()).newPage());
    this.activePages.set(sessionId, page);
    await page.setViewport({ width: 800, height: 600 });
    await page.goto(url);
  }

  isActive(sessionId) {
    return this.activePages.has(sessionId);
  }

  getBrowserUrl(sessionId) {
    return this.getPage(sessionId).url();
  }

  getPage(sessionId) {
    const page = this.activePages.get(sessionId) ?? this.debugPages?.get(sessionId);
    if (!page) throw new Error(`Could not find a page for session ${sessionId}`);
    return page;
  }

  async stopSession(sessionId) {
    const page = this.activePages.get(sessionId);
    if (!page) throw new Error(`No page for session ${sessionId}`);
    if (page.isClosed()) throw new Error(`Session ${sessionId} is already stopped`);
    // Coverage only as JS instrumentation puts it on the page: native (V8) coverage is Chromium's.
    const testCoverage = this.config?.coverage ? await page.evaluate(() => window.__coverage__).catch(() => undefined) : undefined;
    // An empty page ends the test's timers, calls and sockets before the next file.
    await page.goto('about:blank');
    this.activePages.delete(sessionId);
    this.inactivePages.push(page);
    return { testCoverage };
  }

  async startDebugSession(sessionId, url) {
    this.debugBrowser ??= await this.launch({ headless: false });
    this.debugPages ??= new Map();
    const page = await this.debugBrowser.newPage();
    this.debugPages.set(sessionId, page);
    page.on('close', () => this.debugPages.delete(sessionId));
    await page.goto(url);
  }

  async stop() {
    const browser = await this.browserPromise?.catch(() => undefined);
    if (browser?.connected) await browser.close();
    if (this.debugBrowser?.connected) await this.debugBrowser.close();
  }
}

/** @param {{ executablePath?: string, prefs?: Record<string, unknown>, args?: string[] }} [options] */
export function firefoxLauncher(options) {
  return new FirefoxLauncher(options);
}
