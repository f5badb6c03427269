// `prestart` / `pretest`: on a fresh clone (no node_modules), or after the lock
// changed, install exactly what package-lock.json says before anything imports a
// dependency. Node's built-ins only: nothing else is installed yet.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';

/** Modification time in ms, or 0 when the file is missing. */
function modified(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

// npm writes node_modules/.package-lock.json at the end of every install: it is
// the record of what node_modules holds.
const installed = modified('node_modules/.package-lock.json');
const locked = modified('package-lock.json');
if (installed === 0 || installed < locked) {
  console.log(installed === 0 ? 'node_modules is missing: running npm ci.' : 'package-lock.json is newer than node_modules: running npm ci.');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const { status, error } = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`npm ci failed${error ? `: ${error.message}` : ` (exit ${status})`}. Fix the error above, then run the command again.`);
    process.exit(status || 1);
  }
}
