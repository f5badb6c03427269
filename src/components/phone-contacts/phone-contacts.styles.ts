import { css } from 'lit';

export const phoneContactsStyles = css`
  :host {
    --_idle: var(--phone-lamp-idle-color, light-dark(#1a7f37, #3fb950));
    --_ringing: var(--phone-lamp-ringing-color, light-dark(#9a6700, #d29922));
    --_busy: var(--phone-lamp-busy-color, light-dark(#cf222e, #ff7b72));
    --_off: var(--phone-lamp-off-color, light-dark(#8c959f, #6e7681));
  }
  [part='header'] {
    margin-block-end: 0.5rem;
  }
  [part~='contact'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
  }
  [part='lamp'] {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    font-size: 0.8125em;
    color: var(--_muted);
    white-space: nowrap;
  }
  .dot {
    inline-size: 0.625rem;
    block-size: 0.625rem;
    border-radius: 50%;
    background: var(--_off);
  }
  [part~='idle'] .dot {
    background: var(--_idle);
  }
  [part~='ringing'] .dot {
    background: var(--_ringing);
  }
  [part~='busy'] .dot {
    background: var(--_busy);
  }
  [part='empty'] {
    font-size: 0.8125em;
    color: var(--_muted);
  }
`;
