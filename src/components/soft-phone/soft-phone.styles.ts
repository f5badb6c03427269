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
    [hidden] {
      display: none;
    }
    [part='views'] {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0.25rem;
      padding: 0.25rem;
      border-radius: var(--phone-control-radius, 0.5rem);
      background: var(--phone-key-background, light-dark(#f6f8fa, #21262d));
    }
    [part='view-tab'] {
      font: inherit;
      min-block-size: 2.25rem;
      border: 1px solid transparent;
      border-radius: calc(var(--phone-control-radius, 0.5rem) - 0.125rem);
      color: inherit;
      background: transparent;
      cursor: pointer;
    }
    [part='view-tab'][aria-selected='true'] {
      font-weight: 600;
      background: var(--phone-background, light-dark(#ffffff, #161b22));
      border-color: var(--phone-field-border, light-dark(#6e7781, #768390));
    }
    [part='view-tab']:focus-visible {
      outline: 2px solid var(--phone-focus-color, light-dark(#0969da, #4493f8));
      outline-offset: 1px;
    }
    [part='missed-count'] {
      display: inline-block;
      min-inline-size: 1.25rem;
      padding: 0 0.375rem;
      border-radius: 0.625rem;
      font-size: 0.8125em;
      font-weight: 600;
      color: var(--phone-reject-color, #ffffff);
      background: var(--phone-reject-background, #cf222e);
    }
  `,
];
