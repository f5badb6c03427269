// Screenshots as tests (test/screenshots/screenshots.test.ts): the test page asks for a
// picture of an element (visualDiff), this compares it with its committed baseline,
// test/screenshots/chromium/<name>.png, by pixelmatch (@web/test-runner-visual-regression).
// A mismatch or a missing baseline fails; the new picture and the diff go to
// <run dir>/screenshots/ (.tmp/…). Baselines are written only on request:
// UPDATE_SCREENSHOTS=1 (`npm run screenshots:update`), never in CI.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { visualRegressionPlugin } from '@web/test-runner-visual-regression/plugin';
import { runPath } from '../sip/run-dir.mjs';

export const BASELINE_DIR = 'test/screenshots/chromium';

/**
 * How far a picture may stray from its baseline: pixels whose colour differs by more than
 * pixelmatch's threshold (0.1, its default), anti-aliased ones included (ignoring them
 * let a name changed by one letter pass), and at most this many of them. Measured here:
 * the same build differs by 0 pixels, run twice or under load; one letter of a caller's
 * name changed, by 38 or more.
 */
const MAX_DIFFERENT_PIXELS = 8;

export function screenshotsPlugin() {
  const update = Boolean(process.env.UPDATE_SCREENSHOTS);
  if (update && process.env.CI) {
    throw new Error('UPDATE_SCREENSHOTS is set under CI: baselines are rewritten on purpose (npm run screenshots:update), looked at and committed, never by CI');
  }
  const out = runPath('screenshots');
  /** The baselines this run wrote (when rewriting them). */
  const written = new Set();
  const plugin = visualRegressionPlugin({
    update,
    saveBaseline: ({ filePath, content }) => {
      mkdirSync(path.dirname(filePath), { recursive: true });
      writeFileSync(filePath, content);
      written.add(path.resolve(filePath));
    },
    baseDir: BASELINE_DIR,
    getBaselineName: ({ name }) => name,
    getFailedName: ({ name }) => path.join(out, name),
    getDiffName: ({ name }) => path.join(out, `${name}-diff`),
    failureThresholdType: 'pixel',
    failureThreshold: MAX_DIFFERENT_PIXELS,
    diffOptions: { threshold: 0.1, includeAA: true },
  });
  return {
    name: 'screenshots',
    serverStart() {
      // What is there after a run is that run's: no picture left from an earlier one.
      rmSync(out, { recursive: true, force: true });
    },
    serverStop() {
      // Rewriting: a baseline this run did not write is of a state that is gone.
      if (written.size === 0) return;
      for (const file of readdirSync(BASELINE_DIR)) {
        if (!written.has(path.resolve(BASELINE_DIR, file))) rmSync(path.join(BASELINE_DIR, file));
      }
    },
    async executeCommand(args) {
      if (args.command !== 'visual-diff') return undefined;
      const { session, payload } = args;
      // One set of baselines, Chromium's: Firefox draws the same fonts differently.
      if (!/chrom/i.test(session.browser.name)) {
        return { passed: false, errorMessage: `pixel baselines are Chromium's, not ${session.browser.name}'s`, diffPercentage: -1 };
      }
      const result = await plugin.executeCommand(args);
      if (!result || result.passed) return result;
      const picture = path.relative(process.cwd(), path.join(out, `${payload.name}.png`));
      const baseline = path.join(BASELINE_DIR, `${payload.name}.png`);
      return {
        ...result,
        errorMessage:
          `${payload.name}: ${result.errorMessage.replace(/^There was no baseline image to compare against\./, `no baseline ${baseline}.`)} ` +
          `New picture: ${picture}. If the change is intended: npm run screenshots:update, look at the pictures, commit them.`,
      };
    },
  };
}
