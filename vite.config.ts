import { defineConfig, type UserConfig } from 'vite';
import packageJson from './package.json' with { type: 'json' };

// npm consumers bring their own copies of the dependencies (and may share them with
// other libraries); only the CDN bundles inline them.
const dependencies = Object.keys(packageJson.dependencies);
const isDependency = (id: string) => dependencies.some((name) => id === name || id.startsWith(`${name}/`));

/** `vite build --mode cdn`: self-contained ES module and classic script. */
const cdn: UserConfig = {
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
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: false,
    lib: {
      entry: { index: 'src/index.ts', define: 'src/define.ts' },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: { external: isDependency },
  },
};

export default defineConfig(({ mode }) => (mode === 'npm' ? npm : cdn));
