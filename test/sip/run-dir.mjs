// Where one test run keeps what it makes (certificates, tone files, server logs, bundled
// CommonJS): `.tmp/`, or PHONE_RUN_DIR when runs go side by side (one per browser, see
// scripts/test-browsers.mjs), so that neither reads the other's server log.
import path from 'node:path';

export const RUN_DIR = path.resolve(process.env.PHONE_RUN_DIR || '.tmp');

/** A path inside this run's folder. */
export const runPath = (...parts) => path.join(RUN_DIR, ...parts);
