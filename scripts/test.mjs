// `npm test`: everything, in the order that fails fastest. Each step prints a header;
// the first failing step stops the run with its exit code.
import { spawnSync } from 'node:child_process';
import { ensureSystem } from '../test/sip/system.mjs';

const steps = [
  ['Type check', 'npm', ['run', '--silent', 'typecheck']],
  ['Build', 'npm', ['run', '--silent', 'build']],
  ['Types as an npm consumer sees them', 'npm', ['run', '--silent', 'test:types']],
  ['Manifest is current', 'npm', ['run', '--silent', 'check:manifest']],
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
