import { css } from 'lit';

export const phoneCallStyles = css`
  ul {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  /* Who and how far on the left, buttons on the right; the buttons wrap onto
     their own line when the row is narrow or holds more of them. */
  [part='call'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .summary {
    flex: 1 1 8rem;
    min-inline-size: 0;
    display: grid;
  }
  [part='remote'] {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .progress {
    display: flex;
    gap: 0.5rem;
    font-size: 0.875em;
    color: var(--_muted);
  }
  [part='duration'] {
    font-variant-numeric: tabular-nums;
  }
  [part='controls'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
`;
