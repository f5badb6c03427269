import { css } from 'lit';
import { colorSchemeStyles } from '../shared/theme.js';

export const softPhoneStyles = [
  colorSchemeStyles,
  css`
    :host {
      display: block;
      box-sizing: border-box;
      inline-size: var(--phone-width, 20rem);
      max-inline-size: 100%;
      color: var(--phone-color, light-dark(#1b1f24, #e6edf3));
      background: var(--phone-background, light-dark(#ffffff, #161b22));
      border: var(--phone-border, 1px solid light-dark(#d0d7de, #3d444d));
      border-radius: var(--phone-radius, 0.75rem);
      padding: var(--phone-padding, 0.75rem);
      font-family: var(--phone-font-family, system-ui, sans-serif);
      font-size: var(--phone-font-size, 0.9375rem);
    }
    :host([hidden]) {
      display: none;
    }
    [part='layout'] {
      display: grid;
      gap: var(--phone-gap, 0.75rem);
    }
  `,
];
