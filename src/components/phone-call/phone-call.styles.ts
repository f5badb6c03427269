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
  [part~='call'],
  [part~='conference'] {
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
    /* Its text's own direction (dir), the layout's alignment: a Latin name lines up on the right in Arabic.
       Chromium knows only the prefixed keyword, Firefox only the plain one. */
    text-align: -webkit-match-parent;
    text-align: match-parent;
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
  [part='recording'] {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
    color: var(--_error);
  }
  [part='recording']::before {
    content: '● ' / '';
  }
  /* Five bars rising from the start edge, like a signal meter: a level, so it follows the reading direction. */
  [part='quality'] {
    display: inline-flex;
    align-items: flex-end;
    gap: 2px;
    block-size: 0.875em;
    align-self: center;
  }
  [part='quality'] > span {
    inline-size: 3px;
    background: var(--_muted);
    opacity: 0.35;
  }
  [part='quality'] > span:nth-child(1) { block-size: 20%; }
  [part='quality'] > span:nth-child(2) { block-size: 40%; }
  [part='quality'] > span:nth-child(3) { block-size: 60%; }
  [part='quality'] > span:nth-child(4) { block-size: 80%; }
  [part='quality'] > span:nth-child(5) { block-size: 100%; }
  [part='quality'] > .lit {
    background: var(--_accept-bg);
    opacity: 1;
  }
  [part='quality'].poor > .lit {
    background: var(--_error);
  }
  [part='quality-warning'] {
    font-size: 0.875em;
    font-weight: 600;
    color: var(--_error);
  }
  /* Their picture fills the area; ours is a small mirror image in a corner, as in a mirror. */
  [part='media'] {
    flex: 1 1 100%;
    position: relative;
    aspect-ratio: 4 / 3;
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--phone-video-background, #000000);
  }
  [part='remote-video'] {
    inline-size: 100%;
    block-size: 100%;
    object-fit: contain;
  }
  [part='local-video'] {
    position: absolute;
    inset-block-end: 0.5rem;
    inset-inline-end: 0.5rem;
    inline-size: 30%;
    border-radius: calc(var(--_radius) / 2);
    /* A light edge: our picture must not blend into theirs. */
    box-shadow: 0 0 0 2px rgb(255 255 255 / 0.75);
    transform: scaleX(-1);
  }
  /* Four columns: Hang up (two wide), Mute and Hold, then Keypad, Transfer, Add and Record. */
  [part='controls'] {
    flex: 1 1 100%;
    display: grid;
    grid-template-columns: repeat(4, minmax(0, 1fr));
    gap: 0.5rem;
  }
  [part='controls'] button {
    padding: 0 0.25rem;
    font-size: 0.875em;
  }
  /* Hang up comes first, two columns wide, then Mute and Hold; the rest on the next
     line: the same place for every call, and the row's first Tab stop. */
  [part~='hangup-button'] {
    grid-column: span 2;
  }
  /* A conference's four buttons on one line, ending with Hang up. */
  [part~='conference'] [part~='hangup-button'] {
    grid-column: auto;
  }
  /* Labels of the in-call buttons sit under their icons, to fit four to a line. */
  [part='controls'] button:has(> .icon) {
    flex-direction: column;
    gap: 0.125rem;
    line-height: 1.1;
  }
  /* The participants of a conference, each on a line of its own: who, how, Hold and Drop. */
  [part~='participants'] {
    flex: 1 1 100%;
    gap: 0.25rem;
  }
  [part~='participant'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  [part~='participant-name'] {
    text-align: -webkit-match-parent;
    text-align: match-parent;
    overflow-wrap: anywhere;
  }
  [part~='participant-state'] {
    font-size: 0.875em;
    color: var(--_muted);
  }
  [part~='merge-button'] {
    inline-size: 100%;
    margin-block-start: 0.75rem;
  }
`;
