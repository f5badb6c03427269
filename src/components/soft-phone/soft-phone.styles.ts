import { css } from 'lit';
import { iconStyles } from '../shared/icons.js';
import { colorSchemeStyles } from '../shared/theme.js';
import { tooltipStyles } from '../shared/tooltip.js';

export const softPhoneStyles = [
  colorSchemeStyles,
  iconStyles,
  tooltipStyles,
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
      gap: var(--phone-gap, 0.5rem);
    }
    [hidden] {
      display: none;
    }
    [part='dialer-panel']:not([hidden]) {
      display: grid;
      gap: var(--phone-gap, 0.5rem);
    }
    /* A little tighter than a dialer on its own: the idle phone fits a 320 × 480 sidebar. */
    phone-dialer {
      --phone-control-size: var(--phone-dialer-control-size, 2.375rem);
    }
    /* The chip above replaces the dialer's status line (and its live region) here. */
    phone-dialer::part(status),
    phone-dialer::part(reconnect-button) {
      display: none;
    }
    /* Our line: the state in words, a dot whose colour says the same, who we are. */
    [part='status-chip'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0 0.5rem;
      padding: 0.25rem 0.625rem;
      border-radius: 1rem;
      font-size: 0.875em;
      background: var(--phone-key-background, light-dark(#f6f8fa, #21262d));
    }
    [part='status-chip'] .dot {
      inline-size: 0.625rem;
      block-size: 0.625rem;
      border-radius: 50%;
      flex: none;
      background: var(--_tone);
    }
    [part='status-chip'].ready {
      --_tone: var(--phone-accept-background, #1a7f37);
    }
    [part='status-chip'].pending {
      --_tone: var(--phone-warning-background, #bf8700);
    }
    [part='status-chip'].down {
      --_tone: var(--phone-error-color, light-dark(#cf222e, #ff7b72));
    }
    [part='status-text'] {
      font-weight: 600;
    }
    [part='identity'] {
      margin-inline-start: auto;
      min-inline-size: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    [part='identity'] .number {
      color: var(--phone-muted-color, light-dark(#57606a, #9198a1));
    }
    [part='reconnecting-banner'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
      padding: 0.5rem 0.625rem;
      border-inline-start: 4px solid var(--phone-warning-background, #bf8700);
      border-radius: var(--phone-control-radius, 0.5rem);
      font-size: 0.875em;
      background: var(--phone-key-background, light-dark(#f6f8fa, #21262d));
    }
    [part='audio-elsewhere'] {
      margin: 0;
      font-size: 0.875em;
      color: var(--phone-muted-color, light-dark(#57606a, #9198a1));
    }
    [part='new-call-button'],
    [part='banner-reconnect-button'] {
      font: inherit;
      min-block-size: var(--phone-control-size, 2.75rem);
      padding: 0 0.75rem;
      color: inherit;
      background: var(--phone-key-background, light-dark(#f6f8fa, #21262d));
      border: 1px solid var(--phone-field-border, light-dark(#6e7781, #768390));
      border-radius: var(--phone-control-radius, 0.5rem);
      cursor: pointer;
    }
    [part='banner-reconnect-button'] {
      min-block-size: 2rem;
    }
    [part='new-call-button']:focus-visible,
    [part='banner-reconnect-button']:focus-visible {
      outline: 2px solid var(--phone-focus-color, light-dark(#0969da, #4493f8));
      outline-offset: 2px;
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
      min-block-size: 2rem;
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
