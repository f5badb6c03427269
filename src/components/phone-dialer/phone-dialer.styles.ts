import { css } from 'lit';
import { countBadge } from '../shared/theme.js';

export const phoneDialerStyles = css`
  form {
    display: grid;
    gap: 0.5rem;
    margin-block-start: 0.5rem;
  }
  [part='status'] {
    font-size: 0.875em;
    color: var(--_muted);
  }
  [part='status'].failed,
  [part='error'] {
    font-size: 0.875em;
    color: var(--_error);
  }
  [part='label'] {
    font-size: 0.875em;
    font-weight: 600;
  }
  /* The line's toggles share one row under the form, Settings at its end: each row is
     height the 320 x 480 sidebar cannot spare. */
  .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin-block-start: 0.5rem;
  }
  .tools > [part] {
    margin-block-start: 0;
  }
  /* On, it is unmistakable: the error colour, not a shade of grey. */
  [part='dnd-button'][aria-pressed='true'] {
    border-color: var(--_error);
    color: var(--_error);
    font-weight: 600;
  }
  [part='caller-id-label'] {
    font-size: 0.875em;
    font-weight: 600;
  }
  [part='voicemail-count'] {
    ${countBadge}
    background: var(--_error);
  }
  [part='number-input'][aria-invalid='true'] {
    border-color: var(--_error);
  }
`;
