import { css } from 'lit';

export const phoneHistoryStyles = css`
  :host {
    --_missed: var(--phone-missed-color, light-dark(#cf222e, #ff7b72));
  }
  [part='header'] {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin-block-end: 0.5rem;
  }
  [part='title'] {
    margin: 0;
    font-size: 1em;
    font-weight: 600;
  }
  [part='missed-badge'] {
    padding: 0.125rem 0.5rem;
    border-radius: 1rem;
    font-size: 0.8125em;
    font-weight: 600;
    color: var(--_bg);
    background: var(--_missed);
  }
  [part='list'] {
    display: grid;
    gap: 0.125rem;
    margin: 0;
    padding: 0;
    list-style: none;
    max-block-size: var(--phone-history-max-height, 20rem);
    overflow-y: auto;
  }
  [part~='entry'] {
    display: grid;
    /* Fits a 320 px sidebar: name over kind, time and duration on the right. */
    grid-template-columns: 1fr auto;
    grid-template-areas: 'name time' 'direction duration';
    align-items: baseline;
    column-gap: 0.5rem;
    inline-size: 100%;
    padding: 0.25rem 0.5rem;
    text-align: start;
    background-color: transparent;
  }
  [part~='entry']:hover {
    background-color: var(--_key-bg);
  }
  [part='name'] {
    grid-area: name;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }
  [part='direction'] {
    grid-area: direction;
  }
  /* The arrows point along the reading direction (outgoing away up the line, incoming
     back down it), so they mirror with it. */
  .arrow {
    display: inline-block;
  }
  .arrow:dir(rtl) {
    transform: scaleX(-1);
  }
  [part='time'] {
    grid-area: time;
  }
  [part='duration'] {
    grid-area: duration;
    justify-self: end;
  }
  [part='direction'],
  [part='time'],
  [part='duration'],
  [part='empty'] {
    font-size: 0.8125em;
    color: var(--_muted);
  }
  [part~='missed'] [part='name'],
  [part~='missed'] [part='direction'] {
    color: var(--_missed);
  }
  [part='error'] {
    margin-block-start: 0.5rem;
    font-size: 0.875em;
    color: var(--_error);
  }
`;
