import { css } from 'lit';

/**
 * The look every `<phone-*>` consumer shares: palette, buttons, fields, focus.
 *
 * Colors come from public `--phone-*` custom properties. Custom properties inherit
 * through shadow roots, so a page sets them once on `<soft-phone>` (or any ancestor).
 * Their defaults use `light-dark()`, so the palette follows the `color-scheme` in
 * effect: the page's, or the one `<soft-phone>` picks with `colorSchemeStyles`.
 *
 * Each host resolves private `--_*` copies once, so every default lives here. The
 * public names are never declared on `:host`: that would override the page's values.
 */
/** Out of sight, still read by assistive technology (the declarations only). */
export const visuallyHidden = css`
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
`;

/** A count in a pill: the missed calls, the voicemail messages (the declarations only; the colour is the element's). */
export const countBadge = css`
  padding: 0.125rem 0.5rem;
  border-radius: 1rem;
  font-size: 0.8125em;
  font-weight: 600;
  color: var(--_bg);
`;

export const themeStyles = css`
  :host {
    display: block;
    --_fg: var(--phone-color, light-dark(#1b1f24, #e6edf3));
    --_bg: var(--phone-background, light-dark(#ffffff, #161b22));
    --_border: var(--phone-border, 1px solid light-dark(#d0d7de, #3d444d));
    --_muted: var(--phone-muted-color, light-dark(#57606a, #9198a1));
    --_field-bg: var(--phone-field-background, light-dark(#ffffff, #0d1117));
    --_field-border: var(--phone-field-border, light-dark(#6e7781, #768390));
    --_key-bg: var(--phone-key-background, light-dark(#f6f8fa, #21262d));
    --_accept-bg: var(--phone-accept-background, #1a7f37);
    --_accept-fg: var(--phone-accept-color, #ffffff);
    --_reject-bg: var(--phone-reject-background, #cf222e);
    --_reject-fg: var(--phone-reject-color, #ffffff);
    --_error: var(--phone-error-color, light-dark(#cf222e, #ff7b72));
    --_focus: var(--phone-focus-color, light-dark(#0969da, #4493f8));
    --_radius: var(--phone-control-radius, 0.5rem);
    --_size: var(--phone-control-size, 2.75rem);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  p {
    margin: 0;
  }
  button,
  input,
  select {
    font: inherit;
    min-block-size: var(--_size);
    border-radius: var(--_radius);
  }
  button {
    /* Transparent, so forced-colors mode still draws the button's edge. */
    border: 1px solid transparent;
    padding: 0 1rem;
    color: var(--_fg);
    background-color: var(--_key-bg);
    cursor: pointer;
    touch-action: manipulation;
  }
  button.accept,
  button.reject {
    font-weight: 600;
  }
  button.accept {
    color: var(--_accept-fg);
    background-color: var(--_accept-bg);
  }
  button.reject {
    color: var(--_reject-fg);
    background-color: var(--_reject-bg);
  }
  /* A toggle that is on (muted, on hold) shows inverted, not by color alone. */
  button[aria-pressed='true'] {
    color: var(--_bg);
    background-color: var(--_fg);
  }
  /* Darkening whatever the color is keeps light text on it readable. */
  button:hover:not(:disabled) {
    background-image: linear-gradient(rgb(0 0 0 / 0.15) 0 0);
  }
  button:active:not(:disabled) {
    background-image: linear-gradient(rgb(0 0 0 / 0.25) 0 0);
  }
  input,
  select {
    inline-size: 100%;
    padding: 0 0.75rem;
    color: var(--_fg);
    background-color: var(--_field-bg);
    border: 1px solid var(--_field-border);
  }
  input::placeholder {
    color: var(--_muted);
    opacity: 1;
  }
  :disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    ${visuallyHidden}
  }
`;

/**
 * For the provider (`<soft-phone>`): the color scheme its elements use. By default
 * it follows the operating system; `theme="light"` or `theme="dark"` forces one.
 * `color-scheme` inherits, so the consumers' `light-dark()` defaults follow it, and
 * so do native parts such as the text caret and autofill colors.
 */
export const colorSchemeStyles = css`
  :host {
    color-scheme: light dark;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
`;
