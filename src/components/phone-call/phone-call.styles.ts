import { css } from 'lit';

export const phoneCallStyles = css`
  ul {
    display: grid;
    gap: 0.75rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  /* Who and how far on the left, buttons on the right; the buttons wrap onto
     their own line when the row is narrow or holds more of them. */
  [part~='call'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding-inline-start: 0.5rem;
    border-inline-start: 3px solid transparent;
  }
  /* The call being talked on: marked by a bar, and it is also listed first. */
  [part~='active'] {
    border-inline-start-color: var(--_accept-bg);
  }
  .summary {
    flex: 1 1 8rem;
    min-inline-size: 0;
    display: grid;
  }
  [part='consultation'] {
    font-size: 0.875em;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  [part='remote'] {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .progress {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5rem;
    font-size: 0.875em;
    color: var(--_muted);
  }
  [part='muted'] {
    font-weight: 600;
    color: var(--_fg);
  }
  [part='duration'] {
    font-variant-numeric: tabular-nums;
  }
  /* The four in-call buttons on one line, the call-ending ones under them: the
     same layout for every call, so a hand finds Hang up in the same place. */
  [part='controls'] {
    flex: 1 1 16rem;
    display: grid;
    grid-template-columns: repeat(4, minmax(0, 1fr));
    gap: 0.5rem;
  }
  [part='controls'] button {
    padding: 0 0.25rem;
    font-size: 0.875em;
  }
  [part~='hangup-button'] {
    grid-column: 1 / -1;
  }
  [part~='complete-transfer-button'],
  [part~='complete-transfer-button'] + [part~='hangup-button'] {
    grid-column: span 2;
  }
`;
