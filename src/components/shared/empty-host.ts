import { css } from 'lit';

/**
 * Lets an element that has nothing to show take no space at all (not even a gap in
 * its parent's grid), without touching its `hidden` attribute, which belongs to the
 * page. It sets the `empty` custom state, matched by `:host(:state(empty))`.
 */
export const emptyHostStyles = css`
  :host(:state(empty)) {
    display: none;
  }
`;

export function setEmpty(internals: ElementInternals, empty: boolean): void {
  try {
    if (empty) internals.states.add('empty');
    else internals.states.delete('empty');
  } catch {
    // Browsers without :state() (before 2024) refuse the name: the element stays displayed, empty.
  }
}
