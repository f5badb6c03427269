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
  [part='title'] {
    margin: 0;
    font-size: 1em;
    font-weight: 600;
  }
  [part='list'] {
    display: grid;
    gap: 0.125rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [part~='contact'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    inline-size: 100%;
    padding: 0.25rem 0.5rem;
    text-align: start;
    background-color: transparent;
  }
  [part~='contact']:hover {
    background-color: var(--_key-bg);
  }
  [part='name'] {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
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
  [part='error'] {
    margin-block-start: 0.5rem;
    font-size: 0.875em;
    color: var(--_error);
  }
`;
