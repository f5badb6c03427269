import { css, html } from 'lit';

/** The twelve keys of a phone, with their ITU E.161 letters. */
const KEYS: ReadonlyArray<readonly [digit: string, letters: string]> = [
  ['1', ''],
  ['2', 'ABC'],
  ['3', 'DEF'],
  ['4', 'GHI'],
  ['5', 'JKL'],
  ['6', 'MNO'],
  ['7', 'PQRS'],
  ['8', 'TUV'],
  ['9', 'WXYZ'],
  ['*', ''],
  ['0', '+'],
  ['#', ''],
];

export interface KeypadOptions {
  /** Accessible name of the keypad group. */
  label: string;
  disabled: boolean;
  onKey(digit: string): void;
}

// A pointer press must not move focus onto the key: whoever was typing in a field
// keeps typing there, and a touch user gets no on-screen keyboard popping up.
const keepFocus = (event: Event) => event.preventDefault();

const COLUMNS = 3;

/**
 * Arrow keys move between the keys as on a grid (WAI-ARIA APG grid navigation): the
 * keypad is one Tab stop, and the key last moved to is the one Tab comes back to
 * (roving tabindex). Home and End go to the row's ends, Ctrl+Home and Ctrl+End to the
 * first and last key. Lit sets `tabindex` only when its rendered value changes, which
 * it never does, so the roving one set here survives re-renders.
 */
function onGridKey(event: KeyboardEvent): void {
  const keys = [...(event.currentTarget as HTMLElement).querySelectorAll<HTMLButtonElement>('[part~="key"]')];
  const at = keys.indexOf(event.target as HTMLButtonElement);
  if (at < 0) return;
  const row = at - (at % COLUMNS);
  const moves: Record<string, number> = {
    ArrowRight: Math.min(at + 1, keys.length - 1),
    ArrowLeft: Math.max(at - 1, 0),
    ArrowDown: at + COLUMNS < keys.length ? at + COLUMNS : at,
    ArrowUp: at - COLUMNS >= 0 ? at - COLUMNS : at,
    Home: event.ctrlKey ? 0 : row,
    End: event.ctrlKey ? keys.length - 1 : row + COLUMNS - 1,
  };
  const next = moves[event.key];
  if (next === undefined) return;
  event.preventDefault();
  keys.forEach((key, index) => (key.tabIndex = index === next ? 0 : -1));
  keys[next]!.focus();
}

/** A 12-key keypad: part `keypad`, each key part `key` (named like "2 ABC"); one Tab stop, arrows inside. */
export function keypad({ label, disabled, onKey }: KeypadOptions) {
  // Left to right in every language, as on phones: digits are read left to right, also in
  // Arabic and Hebrew, and a mirrored pad would put 1 where the hand expects 3.
  return html`<div part="keypad" role="group" aria-label=${label} dir="ltr" @keydown=${onGridKey}>
    ${KEYS.map(
      ([digit, letters], index) =>
        html`<button
          type="button"
          part="key"
          tabindex=${index === 0 ? 0 : -1}
          aria-label=${letters ? `${digit} ${letters}` : digit}
          ?disabled=${disabled}
          @mousedown=${keepFocus}
          @click=${() => onKey(digit)}
        >
          <span class="digit">${digit}</span> <span class="letters">${letters}</span>
        </button>`,
    )}
  </div>`;
}

export const keypadStyles = css`
  [part='keypad'] {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: 0.5rem;
  }
  [part='key'] {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    padding: 0.25rem;
    line-height: 1.15;
  }
  .digit {
    font-size: 1.25em;
    font-weight: 600;
  }
  .letters {
    /* Keeps the digits aligned when a key has no letters. */
    min-block-size: 1.15em;
    font-size: 0.6875em;
    letter-spacing: 0.08em;
    color: var(--_muted);
  }
`;
