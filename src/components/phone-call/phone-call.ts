import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CallState } from '../../engine/call-state.js';
import type { PhoneCall } from '../../engine/phone-call.js';
import { strings, type Strings } from '../../i18n/strings.js';
import { ClockController, formatDuration } from '../shared/clock.js';
import { emptyHostStyles, setEmpty } from '../shared/empty-host.js';
import { partyName } from '../shared/party.js';
import { PhoneState } from '../shared/phone-state.js';
import { themeStyles } from '../shared/theme.js';
import { phoneCallStyles } from './phone-call.styles.js';

function stateLabel(state: CallState, s: Strings): string {
  switch (state) {
    case 'ringing':
      return s.ringing;
    case 'answering':
    case 'answered':
      return s.connecting;
    case 'established':
      return s.connected;
    default:
      // initiating, trying: ringing calls are <phone-incoming>'s and ended ones are gone.
      return s.calling;
  }
}

/**
 * @tagname phone-call
 * @summary Lists the calls in progress, each with its state, its duration and a
 * Hang up button.
 *
 * Every call that is not ringing here is listed: outgoing calls from the first
 * moment, incoming ones once answered. It takes no space while there is none.
 * All durations on the page tick from one shared clock, running only while a
 * call is answered.
 *
 * @csspart call - The row of one call.
 * @csspart remote - The other party: their display name, else their user (name or number).
 * @csspart state - Calling…, Ringing…, Connecting… or Connected; announced politely when it changes.
 * @csspart duration - Time since the call was answered, `m:ss` or `h:mm:ss` (absent before).
 * @csspart controls - The row's buttons.
 * @csspart hangup-button - The Hang up button.
 *
 * @cssprop [--phone-muted-color=light-dark(#57606a, #9198a1)] - State and duration.
 * @cssprop [--phone-reject-background=#cf222e] - Hang up button.
 * @cssprop [--phone-reject-color=#ffffff] - Text of the Hang up button.
 * @cssprop [--phone-focus-color=light-dark(#0969da, #4493f8)] - Focus outline.
 * @cssprop [--phone-control-radius=0.5rem] - Corner radius of the buttons.
 * @cssprop [--phone-control-size=2.75rem] - Smallest height of the buttons (touch target).
 */
export class PhoneCallElement extends LitElement {
  static override styles = [themeStyles, emptyHostStyles, phoneCallStyles];

  readonly #state = new PhoneState(this);
  readonly #internals = this.attachInternals();
  #calls: PhoneCall[] = [];

  constructor() {
    super();
    new ClockController(this, () => this.#calls.some((call) => call.answeredAt !== null));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#calls = this.#state.phone?.calls.filter((call) => call.state !== 'incoming') ?? [];
  }

  protected override render() {
    if (this.#calls.length === 0) return nothing;
    const s = strings();
    return html`<ul role="list" aria-label=${s.calls}>
      ${repeat(this.#calls, (call) => call.id, (call) => this.#row(call, s))}
    </ul>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    setEmpty(this.#internals, this.#calls.length === 0);
  }

  #row(call: PhoneCall, s: Strings) {
    const name = partyName(call.remote, s);
    const { answeredAt } = call;
    // The controls hold the hang-up button now; mute, hold, keypad and transfer buttons join it.
    return html`<li part="call">
      <div class="summary">
        <span part="remote">${name}</span>
        <span class="progress">
          <span part="state" role="status">${stateLabel(call.state, s)}</span>
          ${answeredAt === null ? nothing : html`<span part="duration">${formatDuration(Date.now() - answeredAt)}</span>`}
        </span>
      </div>
      <div part="controls">
        <button type="button" part="hangup-button" class="reject" aria-label=${s.hangUpCallWith(name)} @click=${() => call.hangup()}>
          ${s.hangUp}
        </button>
      </div>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'phone-call': PhoneCallElement;
  }
}
