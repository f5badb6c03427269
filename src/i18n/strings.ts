import { en, type Strings } from './en.js';
import { ar } from './ar.js';
import { de } from './de.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { it } from './it.js';
import { nl } from './nl.js';
import { pt } from './pt.js';
import { langOf } from './lang.js';

export type { Strings } from './en.js';

/** Catalogs by primary language subtag; a new language is one import and one entry here. */
export const CATALOGS: Readonly<Record<string, Strings>> = { en, fr, de, es, pt, it, nl, ar };

/**
 * The strings for `lang` (a BCP 47 tag such as `fr-CA`): its catalog, else its
 * primary language's, else English.
 */
export function strings(lang = ''): Strings {
  const tag = lang.toLowerCase();
  return CATALOGS[tag] ?? CATALOGS[tag.split('-')[0]!] ?? en;
}

/** The strings for the language `element` speaks (its `lang`, the document's, the browser's). */
export function stringsFor(element: Element): Strings {
  return strings(langOf(element));
}
