import { en, type Strings } from './en.js';
import { langOf } from './lang.js';

export type { Strings } from './en.js';

/**
 * The catalogs beyond English, by primary language subtag. Each loads on first use: in
 * the ES bundles each is a chunk of its own, fetched relative to the bundle (so from any
 * CDN); the classic-script bundle inlines them. A new language is one entry here.
 */
const LOADERS: Readonly<Record<string, () => Promise<Strings>>> = {
  fr: () => import('./fr.js').then((module) => module.fr),
  de: () => import('./de.js').then((module) => module.de),
  es: () => import('./es.js').then((module) => module.es),
  pt: () => import('./pt.js').then((module) => module.pt),
  it: () => import('./it.js').then((module) => module.it),
  nl: () => import('./nl.js').then((module) => module.nl),
  ar: () => import('./ar.js').then((module) => module.ar),
};

/** Every language with a catalog, English first. */
export const LANGUAGES: readonly string[] = ['en', ...Object.keys(LOADERS)];

const loaded = new Map<string, Strings>([['en', en]]);
const loading = new Map<string, Promise<Strings>>();

/** The catalog `lang` (a BCP 47 tag such as `fr-CA`) uses: its own, else its primary language's, else English. */
function catalogOf(lang: string): string {
  const tag = lang.toLowerCase();
  if (LOADERS[tag]) return tag;
  const primary = tag.split('-')[0]!;
  return LOADERS[primary] ? primary : 'en';
}

/**
 * Loads the catalog for `lang`, once. A catalog that cannot load (a CDN missing the
 * chunk) leaves that language in English, with one warning, rather than no phone.
 */
export function loadStrings(lang = ''): Promise<Strings> {
  const tag = catalogOf(lang);
  const ready = loaded.get(tag);
  if (ready) return Promise.resolve(ready);
  let pending = loading.get(tag);
  if (!pending) {
    pending = LOADERS[tag]!()
      .catch((error: unknown) => {
        console.warn(`Phone Elements: the "${tag}" strings did not load; showing English.`, error);
        return en;
      })
      .then((catalog) => {
        loaded.set(tag, catalog);
        return catalog;
      });
    loading.set(tag, pending);
  }
  return pending;
}

/** Whether the catalog for `lang` has loaded (until then `strings(lang)` gives English). */
export function isLoaded(lang = ''): boolean {
  return loaded.has(catalogOf(lang));
}

/** The strings for `lang`, once its catalog has loaded (see `loadStrings`); English until then. */
export function strings(lang = ''): Strings {
  return loaded.get(catalogOf(lang)) ?? en;
}

/** The strings for the language `element` speaks (its `lang`, the document's, the browser's). */
export function stringsFor(element: Element): Strings {
  return strings(langOf(element));
}
