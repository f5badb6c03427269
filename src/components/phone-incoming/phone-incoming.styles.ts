import { css } from 'lit';

export const phoneIncomingStyles = css`
  /* Above the ringing cards, as wide as they are: the ringtone is silent until it is pressed. */
  [part='enable-sound-button'] {
    inline-size: 100%;
    margin-block-end: 0.5rem;
    font-weight: 600;
    border: 2px solid var(--_accept-bg);
  }
  [part~='incoming'] {
    display: grid;
    gap: 0.5rem;
    padding: 0.75rem;
    border: 2px solid var(--_accept-bg);
    border-radius: var(--_radius);
  }
  [part~='incoming'] + [part~='incoming'] {
    margin-block-start: 0.5rem;
  }
  p {
    margin: 0;
  }
  [part='caller-name'] {
    /* Its text's own direction (dir), the layout's alignment: a Latin name lines up on the right in Arabic.
       Chromium knows only the prefixed keyword, Firefox only the plain one. */
    text-align: -webkit-match-parent;
    text-align: match-parent;
    font-size: 1.125em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  [part='caller-number'] {
    text-align: -webkit-match-parent;
    text-align: match-parent;
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  .actions {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 0.5rem;
  }
  .actions button {
    padding: 0 0.5rem;
  }
  /* Ringing while nothing else is up: the call is the page, so its card is bold. */
  [part~='incoming']:not([part~='call-waiting']) [part='caller-name'] {
    font-size: 1.375em;
  }
  /* Call waiting: a slim banner, its three choices on one line. */
  [part~='call-waiting'] {
    gap: 0.25rem;
    padding: 0.5rem;
    border-inline-start-width: 6px;
  }
  [part~='call-waiting'] [part='caller-name'] {
    font-size: 1em;
  }
  [part~='call-waiting'] .actions {
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: 0.25rem;
  }
  [part~='call-waiting'] .actions button {
    min-block-size: 2.25rem;
    padding: 0 0.25rem;
    font-size: 0.8125em;
    line-height: 1.1;
  }
  [part~='call-waiting'] .actions button .icon {
    display: none;
  }
  :host([compact]) [part~='call-waiting'] .actions button .icon {
    display: inline;
  }
`;
