import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import packageJson from './package.json' with { type: 'json' };
import { minifyCssTemplates } from './scripts/minify-css-templates.js';

// npm consumers bring their own copies of the dependencies (and may share them with
// other libraries); only the CDN bundles inline them.
const dependencies = Object.keys(packageJson.dependencies);
const isDependency = (id: string) => dependencies.some((name) => id === name || id.startsWith(`${name}/`));

/** `vite build --mode cdn`: self-contained ES module and classic script. */
const cdn: UserConfig = {
  plugins: [minifyCssTemplates()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    lib: {
      entry: 'src/embed/cdn.ts',
      name: 'PhoneElements',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'phone-elements.js' : 'phone-elements.iife.js'),
    },
    rolldownOptions: {
      output: {
        // Vite keeps whitespace in minified ES library output unless told otherwise.
        minify: true,
        // What loads on first use (languages beyond English, Floating UI) sits in a
        // folder beside the ES bundle, fetched relative to it; the IIFE inlines it.
        chunkFileNames: 'phone-elements/[name]-[hash].js',
      },
    },
  },
};

/** `vite build --mode npm`: the package entries, dependencies external. */
const npm: UserConfig = {
  plugins: [minifyCssTemplates()],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: false,
    lib: {
      entry: { index: 'src/index.ts', define: 'src/define.ts', host: 'src/embed/host.ts' },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: { external: isDependency },
  },
};

const LIBRARY_ENTRIES = ['src/index.ts', 'src/define.ts'].map((file) => fileURLToPath(new URL(file, import.meta.url)));
const EMBED_FOLDER = fileURLToPath(new URL('src/embed/', import.meta.url));

/**
 * The embed page is not a second phone: its script takes the library from the CDN bundle
 * beside it (`./phone-elements.js`), and the build fails if any other module of the
 * library would be bundled into it a second time.
 */
function libraryFromCdnBundle(): Plugin {
  return {
    name: 'library-from-cdn-bundle',
    // Before Vite's own resolver, which would otherwise resolve these to the sources.
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer?.startsWith(EMBED_FOLDER)) return null;

      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && LIBRARY_ENTRIES.includes(resolved.id) ? { id: './phone-elements.js', external: true } : null;
    },
    // The page asks for the bundle at once, not only once embed.js has arrived and named it.
    transformIndexHtml: () => [{ tag: 'link', attrs: { rel: 'modulepreload', href: './phone-elements.js', crossorigin: true }, injectTo: 'head' }],
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const copied = chunk.moduleIds.filter((id) => !id.startsWith(EMBED_FOLDER) && !id.startsWith('\0'));
        if (copied.length) this.error(`${chunk.fileName} would copy the library (${copied.join(', ')}): import it through src/index.ts`);
      }
    },
  };
}

/** `vite build --mode embed`: dist/embed.html, the phone for an iframe: the CDN bundle plus a small embed.js. */
const embed: UserConfig = {
  plugins: [minifyCssTemplates(), libraryFromCdnBundle()],
  root: 'src/embed',
  base: './',
  build: {
    outDir: '../../dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    // Every browser we support has modulepreload: no polyfill in embed.js.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: 'src/embed/embed.html',
      output: { entryFileNames: '[name].js' },
    },
  },
};

export default defineConfig(({ mode }) => ({ npm, embed })[mode] ?? cdn);
