import { css } from 'lit';

/**
 * What the list views (Recent, Contacts) share: a title, a list of rows with no bullets,
 * each row a full-width button (class `row`) with the name first, and an error line.
 */
export const listViewStyles = css`
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
  .row {
    inline-size: 100%;
    padding: 0.25rem 0.5rem;
    text-align: start;
    background-color: transparent;
  }
  .row:hover {
    background-color: var(--_key-bg);
  }
  [part='name'] {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
  }
  [part='error'] {
    margin-block-start: 0.5rem;
    font-size: 0.875em;
    color: var(--_error);
  }
`;
