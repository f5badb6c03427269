type FloatingUi = typeof import('./floating-ui.js');

let loading: Promise<FloatingUi> | null = null;

/**
 * Floating UI, loaded when the first popover or tooltip shows: many sessions never open
 * one, so in the ES bundles it is a chunk of its own (the classic script inlines it).
 * A chunk that cannot load leaves the popover where the top layer puts it, with a
 * warning, and is asked for again at the next popover.
 */
export function floatingUi(): Promise<FloatingUi> {
  loading ??= import('./floating-ui.js').catch((error: unknown) => {
    loading = null;
    console.warn('Phone Elements: Floating UI did not load; popovers stay unpositioned.', error);
    throw error;
  });
  return loading;
}
