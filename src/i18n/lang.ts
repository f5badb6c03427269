/**
 * The language an element speaks: the nearest `lang` attribute up the composed tree
 * (through shadow roots, so the default layout inside `<soft-phone lang="fr">`
 * follows it), else the document's, else the browser's.
 */
export function langOf(element: Element): string {
  for (let node: Node | null = element; node; ) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang')!;
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return document.documentElement.lang || navigator.language || '';
}
