// Read by `cem analyze`: the manifest documents the elements' public contract only.
import { loadConfigFields, manifestDefault } from './scripts/contract-tables.mjs';

const CONFIG_FIELDS = await loadConfigFields();

/**
 * `<soft-phone>`'s settings take their defaults from CONFIG_FIELDS (src/engine/config.ts),
 * which the analyzer cannot evaluate: write the table's values into the manifest.
 */
function configDefaults() {
  return {
    name: 'config-defaults',
    packageLinkPhase({ customElementsManifest }) {
      const softPhone = customElementsManifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'soft-phone');
      for (const entry of [...(softPhone?.attributes ?? []), ...(softPhone?.members ?? [])]) {
        const field = CONFIG_FIELDS[entry.fieldName ?? entry.name];
        if (field?.default !== undefined) entry.default = manifestDefault(field.default);
      }
    },
  };
}

/**
 * Modules in path order: the analyzer lists them in the order its file reads finish,
 * which differed between two checkouts of one commit (a stale manifest out of nothing).
 */
function modulesInPathOrder() {
  return {
    name: 'modules-in-path-order',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
  };
}

export default {
  globs: ['src/components/**/*.ts'],
  exclude: ['src/components/**/*.styles.ts', 'src/components/shared/**'],
  litelement: true,
  outdir: '.',
  // package.json names the manifest itself; the staleness check writes elsewhere and must not touch it.
  packagejson: false,
  plugins: [configDefaults(), modulesInPathOrder()],
};
