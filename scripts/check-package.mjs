#!/usr/bin/env node
// `npm run check:package`, after `npm run build`: the package as a consumer gets it.
//
// 1. `npm pack`, then the tarball itself: what must ship is in it, nothing else is, and
//    every path package.json points at (and every relative import of a shipped .d.ts)
//    resolves inside it.
// 2. A consumer project outside the repository (test/package/consumer/ copied to a temp
//    dir) installs the tarball, with vite and typescript at this repository's locked
//    versions, type-checks its page and the type assertions with its own tsc, and builds
//    the page with its own vite. The build goes to .tmp/consumer/ (git-ignored), where
//    test/package/consumer.test.ts loads it through the test server.
//
// `--keep` leaves the temp dir in place (its path is printed) to look into a failure.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTarball } from './tarball.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8'));
const keep = process.argv.includes('--keep');

/** What a consumer needs: the entries, the CDN bundles, the iframe page, the CRM pages, the docs and the manifest. */
const REQUIRED = [
  'package.json',
  'README.md',
  'LICENSE',
  'custom-elements.json',
  'dist/index.js',
  'dist/define.js',
  'dist/host.js',
  'dist/phone-elements.js',
  'dist/phone-elements.iife.js',
  'dist/embed.html',
  // The CRM adapter pages (README: CRM and helpdesk adapters) and the files their install guides import.
  'dist/crm/hubspot/index.html',
  'dist/crm/zendesk/manifest.json',
  'dist/crm/zendesk/assets/iframe.html',
  'dist/crm/zendesk/assets/phone-elements.js',
  'dist/crm/salesforce/index.html',
  'dist/crm/salesforce/call-center.xml',
  'dist/crm/dynamics/index.html',
];
/** Anything else than these is an accident: tests, demo, scripts, bench, src, configs. */
const isShippable = (path) => ['package.json', 'README.md', 'LICENSE', 'custom-elements.json'].includes(path) || path.startsWith('dist/');
/** The consumer's tools, at the versions this repository tests with. */
const CONSUMER_TOOLS = ['vite', 'typescript', '@types/react'];

/** A failed check: reported without a stack, after the temp dir is cleaned up. */
class CheckFailed extends Error {}
function fail(message) {
  throw new CheckFailed(message);
}

/** Runs a command (`where` says in which project, for the message); on failure prints its output and stops. */
function run(where, command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    fail(`${where}: \`${[basename(command), ...args].join(' ')}\` failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
  }
  return result.stdout;
}

/** Every string in package.json's exports (conditions and subpaths alike), plus main/module/types/customElements. */
function declaredPaths() {
  const paths = [];
  const walk = (value) => (typeof value === 'string' ? paths.push(value) : Object.values(value ?? {}).forEach(walk));
  walk(pkg.exports);
  for (const field of ['main', 'module', 'types', 'customElements']) if (pkg[field]) paths.push(pkg[field]);
  return [...new Set(paths.map((path) => posix.normalize(path)))];
}

/** Relative imports of the shipped declarations that resolve to no shipped file (with skipLibCheck, tsc would say nothing). */
function unresolvedDeclarationImports(files) {
  const missing = [];
  for (const [path, contents] of files) {
    if (!path.endsWith('.d.ts')) continue;
    for (const [, specifier] of contents.toString('utf8').matchAll(/(?:from|import|import\()\s*['"](\.\.?\/[^'"]+)['"]/g)) {
      const target = posix.join(posix.dirname(path), specifier);
      const candidates = [target.replace(/\.js$/, '.d.ts'), `${target}.d.ts`, `${target}/index.d.ts`];
      if (!candidates.some((candidate) => files.has(candidate))) missing.push(`${path} imports '${specifier}'`);
    }
  }
  return missing;
}

function checkTarball(tarball) {
  const files = readTarball(tarball);
  const problems = [];
  const missing = REQUIRED.filter((path) => !files.has(path));
  if (missing.length) problems.push(`missing from the tarball: ${missing.join(', ')}`);
  const undeclared = declaredPaths().filter((path) => !files.has(path));
  if (undeclared.length) problems.push(`package.json points at paths the tarball lacks: ${undeclared.join(', ')}`);
  const extra = [...files.keys()].filter((path) => !isShippable(path));
  if (extra.length) problems.push(`in the tarball but must not ship: ${extra.join(', ')}`);
  const unresolved = unresolvedDeclarationImports(files);
  if (unresolved.length) problems.push(`shipped declarations import files the tarball lacks:\n    ${unresolved.join('\n    ')}`);
  if (problems.length) fail(`npm pack made ${basename(tarball)}:\n  ${problems.join('\n  ')}`);
  const declarations = [...files.keys()].filter((path) => path.endsWith('.d.ts')).length;
  console.log(`✓ tarball: ${files.size} files (${declarations} declarations); every required and every package.json path present; nothing else`);
}

function lockedVersion(name) {
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) fail(`${name} is not in package-lock.json`);
  return version;
}

/** The consumer project: its own package.json, the page and type assertions from test/package/consumer/. */
function makeConsumer(dir, tarball) {
  cpSync(join(repo, 'test/package/consumer'), dir, { recursive: true });
  const consumer = {
    name: 'phone-elements-consumer',
    private: true,
    type: 'module',
    dependencies: { 'phone-elements': `file:${tarball}` },
    devDependencies: Object.fromEntries(CONSUMER_TOOLS.map((name) => [name, lockedVersion(name)])),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(consumer, null, 2)}\n`);
}

const started = performance.now();
const out = join(repo, '.tmp/consumer');
// A failed run must not leave an older build for the browser test to pass on.
rmSync(out, { recursive: true, force: true });
const work = mkdtempSync(join(tmpdir(), 'phone-elements-package-'));
// The child npm must not inherit `npm run`'s npm_* settings (its prefix is this repository).
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
try {
  if (!existsSync(join(repo, 'dist/index.js'))) fail('dist/ is not built: run `npm run build` first');
  const packed = JSON.parse(run('the repository', 'npm', ['pack', '--json', '--pack-destination', work], { cwd: repo, env }));
  const tarball = join(work, packed[0].filename);
  checkTarball(tarball);

  const dir = join(work, 'consumer');
  makeConsumer(dir, tarball);
  // The npm cache holds these after `npm ci`; only the npm registry may be asked about the rest.
  run('the consumer', 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, env });
  const installedAt = join(dir, 'node_modules/phone-elements');
  // An unpacked copy of the tarball, never a link back to this repository.
  if (!realpathSync(installedAt).startsWith(realpathSync(dir))) fail(`the consumer's phone-elements is a link to ${realpathSync(installedAt)}`);
  const installed = JSON.parse(readFileSync(join(installedAt, 'package.json'), 'utf8'));
  if (installed.version !== pkg.version) fail(`the consumer installed phone-elements ${installed.version}, not ${pkg.version}`);
  console.log(`✓ consumer installed the tarball, ${CONSUMER_TOOLS.map((name) => `${name}@${lockedVersion(name)}`).join(', ')}`);

  run('the consumer', join(dir, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], { cwd: dir, env });
  console.log('✓ consumer type-checks (strict, skipLibCheck off): its page, types.ts and react.tsx');

  // The consumer serves the iframe page from the package it installed, as README says to.
  cpSync(join(dir, 'node_modules/phone-elements/dist'), join(dir, 'public/phone'), {
    recursive: true,
    filter: (source) => !source.endsWith('.d.ts'),
  });
  run('the consumer', join(dir, 'node_modules/.bin/vite'), ['build', '--base', './', '--outDir', 'build', '--emptyOutDir'], { cwd: dir, env });
  cpSync(join(dir, 'build'), out, { recursive: true });
  console.log(`✓ consumer builds with vite; output in .tmp/consumer/ (${((performance.now() - started) / 1000).toFixed(1)} s in all)`);
} catch (error) {
  if (!(error instanceof CheckFailed)) throw error;
  console.error(`✗ ${error.message}`);
  process.exitCode = 1;
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
