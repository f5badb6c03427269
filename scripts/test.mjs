// `npm test`: everything, in the order that fails fastest. Each step prints a header;
// the first failing step stops the run with its exit code.
import { spawnSync } from 'node:child_process';
import { ensureSystem } from '../test/sip/system.mjs';

const steps = [
  ['Type check', 'npm', ['run', '--silent', 'typecheck']],
  ['Build', 'npm', ['run', '--silent', 'build']],
  // Packs the tarball, installs it in a consumer project outside the repository, type-checks
  // and builds that project into .tmp/consumer/, which the browser tests then load.
  ['The package as a consumer gets it', 'npm', ['run', '--silent', 'check:package']],
  ['Manifest is current and complete', 'npm', ['run', '--silent', 'check:manifest']],
  // README's `npm start`, run as is: its two demo phones must call each other.
  ['The demo calls', 'npm', ['run', '--silent', 'check:demo']],
  ['Size budget', 'npm', ['run', '--silent', 'check:size']],
  ['Unit and end-to-end tests (Chromium and Firefox ESR + Kamailio)', 'npm', ['run', '--silent', 'test:browser', '--', ...process.argv.slice(2)]],
];

await ensureSystem();
for (const [title, command, args] of steps) {
  console.log(`\n=== ${title} ===`);
  const { status, signal } = spawnSync(command, args, { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`\n✗ ${title} failed${signal ? ` (${signal})` : ''}.`);
    process.exit(status ?? 1);
  }
}
console.log('\n✓ All checks passed.');
