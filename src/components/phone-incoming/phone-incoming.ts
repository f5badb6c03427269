import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { isAnswered } from '../../engine/call-state.js';
import type { PhoneCall } from '../../engine/phone-call.js';
import { stringsFor, type Strings } from '../../i18n/strings.js';
import { attempt } from '../shared/attempt.js';
import { emptyHostStyles, setEmpty } from '../shared/empty-host.js';
import { askToNotify, shouldNotify } from '../shared/notifications.js';
import { partyName } from '../shared/party.js';
import { PhoneState } from '../shared/phone-state.js';
import { iconLabel, iconStyles } from '../shared/icons.js';
import { themeStyles } from '../shared/theme.js';
import { TooltipController, tooltipStyles } from '../shared/tooltip.js';
import { mayTakeFocus } from '../shared/typing.js';
import { LocalizedElement } from '../shared/language.js';
import { phoneIncomingStyles } from './phone-incoming.styles.js';

/**
 * @tagname phone-incoming
 * @summary Shows each ringing incoming call with Answer and Decline buttons, or,
 * while another call is answered, Hold & answer, End & answer and Decline.
 *
 * It takes no space while nothing rings. When a call starts ringing it is announced
 * to screen readers, and its Answer button takes the focus unless the user is typing
 * in a text field. A call that rings while another is answered (call waiting; the
 * phone plays a discreet tone) takes no focus: the user is busy on the other call,
 * and a key meant for it must not answer this one. The caller's name comes from the
 * network and is always shown as plain text.
 *
 * When the browser keeps the ringtone silent because the page has not been clicked
 * yet (autoplay policy), a "Click to enable sound" button says so and lets it ring;
 * that click also asks whether calls may be notified on the desktop. With that
 * permission, a call that starts ringing while the page is hidden shows a desktop
 * notification; clicking it brings the page back with the call's Answer button focused.
 *
 * @csspart enable-sound-button - "Click to enable sound", while the browser keeps the ringtone silent (autoplay policy).
 * @csspart incoming - The card of one ringing call (a slim banner while another call is answered).
 * @csspart call-waiting - Also on the card of a call waiting: the banner.
 * @csspart tooltip - Under `compact`, the label of the button pointed at or focused.
 * @csspart caller-name - The caller's display name, else their user (name or number).
 * @csspart caller-number - The caller's user (name or number); absent when it is already the name.
 * @csspart answer-button - The Answer button (when no other call is answered).
 * @csspart hold-answer-button - Holds the answered calls and answers this one (call waiting).
 * @csspart end-answer-button - Hangs up the answered calls and answers this one (call waiting).
 * @csspart decline-button - The Decline button.
 *
 * @cssprop [--phone-muted-color=light-dark(#57606a, #9198a1)] - The caller's number.
 * @cssprop [--phone-key-background=light-dark(#f6f8fa, #21262d)] - End & answer button.
 * @cssprop [--phone-accept-background=#1a7f37] - Answer and Hold & answer buttons, and the card's border.
 * @cssprop [--phone-accept-color=#ffffff] - Text of the Answer and Hold & answer buttons.
 * @cssprop [--phone-reject-background=#cf222e] - Decline button.
 * @cssprop [--phone-reject-color=#ffffff] - Text of the Decline button.
 * @cssprop [--phone-focus-color=light-dark(#0969da, #4493f8)] - Focus outline.
 * @cssprop [--phone-control-radius=0.5rem] - Corner radius of the card and buttons.
 * @cssprop [--phone-control-size=2.75rem] - Smallest height of the buttons (touch target).
 * @cssprop [--phone-tooltip-background=light-dark(#1b1f24, #e6edf3)] - Tooltip background under `compact`.
 * @cssprop [--phone-tooltip-color=light-dark(#ffffff, #1b1f24)] - Tooltip text under `compact`.
 */
export class PhoneIncomingElement extends LocalizedElement {
  static override styles = [themeStyles, emptyHostStyles, iconStyles, tooltipStyles, phoneIncomingStyles];

  /** Icon-only buttons, each with a tooltip (on hover and keyboard focus); their accessible names stay. */
  @property({ type: Boolean, reflect: true }) compact = false;

  constructor() {
    super();
    new TooltipController(this);
  }

  // The ringing calls, and whether another call is up (call waiting).
  readonly #state = new PhoneState(this, ({ soundBlocked, calls }) => {
    const ringing = calls.filter((call) => call.state === 'incoming').map((call) => call.id);
    // Another call being answered changes only how a ringing call's card reads.
    return ringing.length ? [soundBlocked, calls.some((call) => isAnswered(call.state)), ...ringing] : [soundBlocked];
  });
  readonly #internals = this.attachInternals();
  #ringing: PhoneCall[] = [];
  /** The answered calls: while there is one, a ringing call is a waiting call. */
  #talking: PhoneCall[] = [];
  /** The calls shown by the previous render, to tell which card is new. */
  #shown = new Set<string>();
  /** The desktop notification of each ringing call that rang while the page was hidden. */
  readonly #notices = new Map<string, Notification>();

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const calls = this.#state.phone?.calls ?? [];
    this.#ringing = calls.filter((call) => call.state === 'incoming');
    this.#talking = calls.filter((call) => isAnswered(call.state));
  }

  protected override render() {
    const s = stringsFor(this);
    const newest = this.#ringing.at(-1);
    // role="alert" as well: it is announced even though it appears together with its text.
    return html`<p class="visually-hidden" role="alert" aria-live="assertive">
        ${newest ? this.#announcement(partyName(newest.remote, s), s) : nothing}
      </p>
      ${this.#state.phone?.soundBlocked
        ? html`<button type="button" part="enable-sound-button" @click=${this.#enableSound}>${s.enableSound}</button>`
        : nothing}
      ${repeat(this.#ringing, (call) => call.id, (call) => this.#card(call, s))}`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    setEmpty(this.#internals, this.#ringing.length === 0);
    const fresh = this.#ringing.filter((call) => !this.#shown.has(call.id));
    this.#shown = new Set(this.#ringing.map((call) => call.id));
    this.#notify(fresh);
    if (fresh.length === 0) return;
    if (this.#talking.length > 0 || !mayTakeFocus()) return;
    this.#focusAnswer(fresh[0]!.id);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#notices.forEach((notice) => notice.close());
    this.#notices.clear();
  }

  /** Focuses the button that answers `callId` (Answer, or Hold & answer while another call is up). */
  #focusAnswer(callId: string): void {
    this.renderRoot.querySelector<HTMLButtonElement>(`[data-call="${callId}"] .accept`)?.focus();
  }

  /**
   * A call that starts ringing while the page is hidden is also shown as a desktop
   * notification (when the user allowed them): a click on it brings the page and the
   * call's answer button to the front. It closes once the call stops ringing.
   */
  #notify(fresh: PhoneCall[]): void {
    for (const [callId, notice] of this.#notices) {
      if (this.#ringing.some((call) => call.id === callId)) continue;
      notice.close();
      this.#notices.delete(callId);
    }
    if (fresh.length === 0 || !shouldNotify()) return;
    const s = stringsFor(this);
    for (const call of fresh) {
      const name = partyName(call.remote, s);
      let notice: Notification;
      try {
        notice = new Notification(this.#announcement(name, s), { body: call.remote.user === name ? '' : call.remote.user, tag: call.id });
      } catch {
        // Some browsers (Chrome on Android) only notify through a service worker: the ringtone and the card remain.
        continue;
      }
      notice.onclick = () => {
        window.focus();
        this.#focusAnswer(call.id);
        notice.close();
      };
      this.#notices.set(call.id, notice);
    }
  }

  /** Sound needs the user's click; so does asking for notifications of the calls to come while the page is hidden. */
  async #enableSound(): Promise<void> {
    const done = this.#state.phone?.enableSound();
    void askToNotify();
    await done;
    // The prompt is gone: the focus goes on to what the user will do next, answer.
    const newest = this.#ringing.at(-1);
    if (newest) this.#focusAnswer(newest.id);
  }

  #announcement(name: string, s: Strings): string {
    return this.#talking.length > 0 ? s.callWaitingFrom(name) : s.incomingFrom(name);
  }

  #card(call: PhoneCall, s: Strings) {
    const name = partyName(call.remote, s);
    const number = call.remote.user;
    // While we talk, a slim banner: the call on air keeps the space; otherwise a prominent card.
    const waiting = this.#talking.length > 0;
    return html`<div part=${waiting ? 'incoming call-waiting' : 'incoming'} role="group" data-call=${call.id} aria-label=${this.#announcement(name, s)}>
      <p part="caller-name" dir="auto">${name}</p>
      ${number && number !== name ? html`<p part="caller-number" dir="ltr">${number}</p>` : nothing}
      <div class="actions">
        ${this.#talking.length === 0
          ? html`<button
              type="button"
              part="answer-button"
              class="accept"
              aria-label=${s.answerCallFrom(name)}
              @click=${() => void attempt(() => call.answer())}
            >
              ${iconLabel('phone', s.answer)}
            </button>`
          : html`<button
                type="button"
                part="hold-answer-button"
                class="accept"
                aria-label=${s.holdAndAnswerCallFrom(name)}
                @click=${() => void attempt(() => call.answer())}
              >
                ${iconLabel('pause', s.holdAndAnswer)}
              </button>
              <button
                type="button"
                part="end-answer-button"
                aria-label=${s.endAndAnswerCallFrom(name)}
                @click=${() => void attempt(() => this.#endOthersAndAnswer(call))}
              >
                ${iconLabel('hangup', s.endAndAnswer)}
              </button>`}
        <button
          type="button"
          part="decline-button"
          class="reject"
          aria-label=${s.declineCallFrom(name)}
          @click=${() => void attempt(() => call.reject())}
        >
          ${iconLabel('hangup', s.decline)}
        </button>
      </div>
    </div>`;
  }

  /** The answered calls as they are now (not as last rendered) end, then `call` is answered. */
  #endOthersAndAnswer(call: PhoneCall): Promise<void> {
    this.#state.phone?.calls.filter((other) => other !== call && isAnswered(other.state)).forEach((other) => other.hangup());
    return call.answer();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'phone-incoming': PhoneIncomingElement;
  }
}
