import { css } from 'lit';

export const phoneIncomingStyles = css`
  /* Above the ringing cards, as wide as they are: the ringtone is silent until it is pressed. */
  [part='enable-sound-button'] {
    inline-size: 100%;
    margin-block-end: 0.5rem;
    font-weight: 600;
    border: 2px solid var(--_accept-bg);
  }
  [part='incoming'] {
    display: grid;
    gap: 0.5rem;
    padding: 0.75rem;
    border: 2px solid var(--_accept-bg);
    border-radius: var(--_radius);
  }
  [part='incoming'] + [part='incoming'] {
    margin-block-start: 0.5rem;
  }
  [part='caller-name'] {
    font-size: 1.125em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  [part='caller-number'] {
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
  /* Call waiting: the two ways to answer side by side, Decline under them. */
  [part='hold-answer-button'] ~ [part='decline-button'] {
    grid-column: 1 / -1;
  }
`;
