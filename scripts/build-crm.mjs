#!/usr/bin/env node
// `npm run build` (last step): the CRM adapter pages in dist/crm/<name>/, after the CDN
// bundle. One Vite build per CRM, each page with its own small script (assets/<name>.js:
// the adapter, the shared CRM mapping, the bridge and the CRM's SDK from npm). The phone
// itself is not in it: the page imports the CDN bundle, dist/phone-elements.js, so the
// adapters never grow that bundle, and the build fails if a library module would be
// copied into them. The Zendesk app's zip must hold all it loads: it gets its own copy.
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const LIBRARY_ENTRIES = ['src/index.ts', 'src/define.ts'].map(root);
/** What an adapter's script may contain: its own sources, the shared ones, the bridge, and npm SDKs. */
const MAY_BUNDLE = ['src/crm/', 'src/embed/bridge.ts', 'src/embed/frame-bridge.ts', 'src/embed/sign-in.ts', 'node_modules/'].map(root);

/** Each CRM: its page (relative to src/crm/<name>/), and the files shipped beside it. */
const CRMS = [
  { name: 'hubspot', page: 'index.html' },
  { name: 'zendesk', page: 'assets/iframe.html', files: ['manifest.json', 'translations'], ownLibrary: true },
  { name: 'salesforce', page: 'index.html', files: ['call-center.xml'] },
  { name: 'dynamics', page: 'index.html' },
];

/** Imports of the library become the CDN bundle at `library` (relative to assets/). */
function libraryFromCdnBundle(library) {
  return {
    name: 'library-from-cdn-bundle',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && LIBRARY_ENTRIES.includes(resolved.id) ? { id: library, external: true } : null;
    },
    transformIndexHtml: () => [{ tag: 'link', attrs: { rel: 'modulepreload', href: library.replace(/^\.\.\//, ''), crossorigin: true }, injectTo: 'head' }],
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const copied = chunk.moduleIds.filter((id) => !id.startsWith('\0') && !MAY_BUNDLE.some((folder) => id.startsWith(folder)));
        if (copied.length) this.error(`${chunk.fileName} would copy the library (${copied.join(', ')}): import it through src/index.ts`);
        // No network but the page's own origin and the CRM's: an SDK that names a server of its own fails the build.
        const addresses = chunk.code.match(/\b(?:https?|wss?):\/\/[^\s'"`)]+/g) ?? [];
        if (addresses.length) this.error(`${chunk.fileName} names addresses it could contact: ${[...new Set(addresses)].join(', ')}`);
      }
    },
  };
}

for (const { name, page, files = [], ownLibrary = false } of CRMS) {
  const outDir = root(`dist/crm/${name}`);
  // From dist/crm/<name>/assets/: the bundle beside it (Zendesk's copy), or dist/phone-elements.js.
  const library = ownLibrary ? './phone-elements.js' : '../../../phone-elements.js';
  await build({
    configFile: false,
    logLevel: 'warn',
    root: root(`src/crm/${name}`),
    base: './',
    plugins: [libraryFromCdnBundle(library)],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      modulePreload: { polyfill: false },
      rolldownOptions: {
        input: root(`src/crm/${name}/${page}`),
        output: { entryFileNames: 'assets/[name].js', assetFileNames: 'assets/[name][extname]' },
      },
    },
  });
  for (const file of files) cpSync(root(`src/crm/${name}/${file}`), `${outDir}/${file}`, { recursive: true });
  if (ownLibrary) {
    mkdirSync(`${outDir}/assets`, { recursive: true });
    copyFileSync(root('dist/phone-elements.js'), `${outDir}/assets/phone-elements.js`);
    // The chunks it loads on first use (see vite.config.ts), beside it.
    cpSync(root('dist/phone-elements'), `${outDir}/assets/phone-elements`, { recursive: true });
  }
  console.log(`dist/crm/${name}/ built`);
}
