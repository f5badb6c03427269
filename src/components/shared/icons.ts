/**
 * The few icons the elements show beside their labels: inline SVG paths (24 × 24,
 * stroked in `currentColor`), so they follow the text colour and forced-colors mode,
 * need no icon font and load nothing from the network. Each is decorative
 * (`aria-hidden`): the button's label or `aria-label` stays its accessible name.
 */
import { css, html, svg } from 'lit';
import { visuallyHidden } from './theme.js';

const PATHS = {
  // A handset, upright: call, answer.
  phone: 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
  // A handset lying down: hang up, decline.
  hangup: 'M3 15.5v-2.2C3 11 7 9 12 9s9 2 9 4.3v2.2l-4.5 1-1-3.2a9 9 0 0 0-7 0l-1 3.2z',
  mic: 'M12 3a3 3 0 0 1 3 3v6a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3M5 11a7 7 0 0 0 14 0M12 18v3',
  pause: 'M8 5v14M16 5v14',
  play: 'M7 4l13 8-13 8z',
  keypad: 'M6 5h.01M12 5h.01M18 5h.01M6 10h.01M12 10h.01M18 10h.01M6 15h.01M12 15h.01M18 15h.01M12 20h.01',
  transfer: 'M4 8h13l-4-4M20 16H7l4 4',
  addPerson: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8M2 21a7 7 0 0 1 14 0M19 8v6M16 11h6',
  record: 'M12 7a5 5 0 1 0 0 10 5 5 0 0 0 0-10',
  video: 'M3 7h12v10H3zM15 10l6-3v10l-6-3',
  merge: 'M6 4v4a6 6 0 0 0 6 6 6 6 0 0 0 6-6V4M12 14v6',
  plus: 'M12 5v14M5 12h14',
  check: 'M5 12l5 5 9-10',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18M12 7v5l3 2',
  gear: 'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9 7 7M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1',
} as const;

export type IconName = keyof typeof PATHS;

/**
 * Whose meaning follows the reading direction, and so mirror under `dir="rtl"`:
 * only the transfer arrows. A handset or a microphone is the same either way.
 */
const MIRRORED: ReadonlySet<IconName> = new Set(['transfer']);

export function icon(name: IconName) {
  return svg`<svg class=${MIRRORED.has(name) ? 'icon mirror' : 'icon'} viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d=${PATHS[name]}></path></svg>`;
}

/**
 * An icon and its visible label. Under `compact` the label is hidden visually but stays
 * in the accessibility tree, so a button without an `aria-label` keeps its name; the
 * tooltip (tooltip.ts) shows it on hover and focus.
 */
export function iconLabel(name: IconName, text: string) {
  return html`${icon(name)}<span class="label">${text}</span>`;
}

export const iconStyles = css`
  .icon {
    inline-size: 1.15em;
    block-size: 1.15em;
    flex: none;
    fill: none;
    stroke: currentColor;
    stroke-width: 2;
    stroke-linecap: round;
    stroke-linejoin: round;
    vertical-align: -0.2em;
  }
  :dir(rtl) .icon.mirror {
    transform: scaleX(-1);
  }
  button:has(> .icon) {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.375rem;
  }
  /* Compact: icon-only buttons; the label stays for assistive technology, a tooltip shows it. */
  :host([compact]) button > .label {
    ${visuallyHidden}
  }
`;
