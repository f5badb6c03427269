// Read by `cem analyze`: the manifest documents the elements' public contract only.
export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/*.styles.ts', 'src/components/shared/**'],
  litelement: true,
  outdir: '.',
  // package.json names the manifest itself; the staleness check writes elsewhere and must not touch it.
  packagejson: false,
};
