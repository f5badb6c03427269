// Fails when the committed custom-elements.json no longer matches what the JSDoc of the
// elements generates: the manifest is part of the public contract and must not drift.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

// The analyzer resolves --outdir against the project root, so the scratch copy lives
// in the git-ignored .tmp/ folder.
const outdir = '.tmp/manifest-check';
try {
  execFileSync('npx', ['cem', 'analyze', '--outdir', outdir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const fresh = readFileSync(`${outdir}/custom-elements.json`, 'utf8');
  const committed = existsSync('custom-elements.json') ? readFileSync('custom-elements.json', 'utf8') : '';
  if (fresh !== committed) {
    console.error('custom-elements.json is stale: run `npm run analyze` and commit the result.');
    process.exit(1);
  }
  console.log('custom-elements.json is up to date.');
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
