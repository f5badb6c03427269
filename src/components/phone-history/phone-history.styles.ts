import { css } from 'lit';
import { countBadge } from '../shared/theme.js';

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
  [part='missed-badge'] {
    ${countBadge}
    background: var(--_missed);
  }
  [part='list'] {
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
  }
  [part='name'] {
    grid-area: name;
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
`;
