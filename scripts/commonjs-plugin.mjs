// A web-test-runner plugin that serves CommonJS-only packages (JsSIP and React have no ESM build)
// as ES modules: esbuild bundles them once, in one build with code splitting, so that
// packages requiring each other (react-dom requires react) share a single copy.
import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { runPath } from '../test/sip/run-dir.mjs';
import * as esbuild from 'esbuild';

const PREFIX = '/__commonjs__/';
const ENTRY = 'commonjs-entry:';
const OUTDIR = runPath('commonjs');

/**
 * The keys of a package's module.exports, read in a child process: loading React here
 * would have it call console methods that the test runner's console lacks.
 */
function exportNames(specifier) {
  const script = `process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)}))))`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

const fileName = (specifier) => `${specifier.replace(/\//g, '__')}.js`;

async function bundle(specifiers) {
  const result = await esbuild.build({
    entryPoints: specifiers.map((specifier) => ({ in: `${ENTRY}${specifier}`, out: fileName(specifier).slice(0, -3) })),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: OUTDIR,
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"development"' },
    plugins: [
      {
        name: 'commonjs-entries',
        setup(build) {
          build.onResolve({ filter: new RegExp(`^${ENTRY}`) }, ({ path }) => ({ path: path.slice(ENTRY.length), namespace: 'commonjs-entry' }));
          // Each entry re-exports module.exports as the default export and its keys as named exports.
          build.onLoad({ filter: /.*/, namespace: 'commonjs-entry' }, ({ path }) => {
            const names = exportNames(path).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
            return {
              contents: `import m from ${JSON.stringify(path)};\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`,
              resolveDir: process.cwd(),
            };
          });
        },
      },
    ],
  });
  return new Map(result.outputFiles.map((file) => [PREFIX + relative(OUTDIR, file.path), file.text]));
}

/** Serves each of `specifiers` (`'react'`, `'react-dom/client'`…) as an ES module with named exports. */
export function commonjsPlugin(specifiers) {
  let files;
  return {
    name: 'commonjs-esm',
    resolveImport({ source }) {
      if (specifiers.includes(source)) return PREFIX + fileName(source);
    },
    async serve({ path }) {
      if (!path.startsWith(PREFIX)) return;
      files ??= bundle(specifiers);
      const body = (await files).get(path);
      if (body !== undefined) return { body, type: 'js' };
    },
  };
}
