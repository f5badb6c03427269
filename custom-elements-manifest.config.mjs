// Read by `cem analyze`: the manifest documents the elements' public contract only.
export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/*.styles.ts', 'src/components/shared/**'],
  litelement: true,
  outdir: '.',
};
