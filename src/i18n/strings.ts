import { en, type Strings } from './en.js';

export type { Strings } from './en.js';

/** Catalogs by primary language subtag; a new language is one import and one entry here. */
const CATALOGS: Readonly<Record<string, Strings>> = { en };

/**
 * The strings for `lang` (a BCP 47 tag such as `fr-CA`): its catalog, else its
 * primary language's, else English.
 */
export function strings(lang = ''): Strings {
  const tag = lang.toLowerCase();
  return CATALOGS[tag] ?? CATALOGS[tag.split('-')[0]!] ?? en;
}
