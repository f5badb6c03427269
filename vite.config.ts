import { defineConfig, type UserConfig } from 'vite';
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
      // Vite keeps whitespace in minified ES library output unless told otherwise.
      output: { minify: true },
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

/** `vite build --mode embed`: dist/embed.html, the phone for an iframe, with its own self-contained script. */
const embed: UserConfig = {
  plugins: [minifyCssTemplates()],
  root: 'src/embed',
  base: './',
  build: {
    outDir: '../../dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    rolldownOptions: {
      input: 'src/embed/embed.html',
      output: { entryFileNames: '[name].js' },
    },
  },
};

export default defineConfig(({ mode }) => ({ npm, embed })[mode] ?? cdn);
