import type { PhoneError } from '../../engine/phone-error.js';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { stringsFor, type Strings } from '../../i18n/strings.js';
import { attempt } from '../shared/attempt.js';
import { ClockController } from '../shared/clock.js';
import { DeviceSettings, deviceSettingsStyles, devicesShown } from '../shared/device-settings.js';
import { keypad, keypadStyles } from '../shared/keypad.js';
import { PhoneState } from '../shared/phone-state.js';
import { iconLabel, iconStyles } from '../shared/icons.js';
import { themeStyles } from '../shared/theme.js';
import { TooltipController, tooltipStyles } from '../shared/tooltip.js';
import { statusText } from '../shared/status.js';
import { LocalizedElement } from '../shared/language.js';
import { phoneDialerStyles } from './phone-dialer.styles.js';

/**
 * @tagname phone-dialer
 * @summary Places calls: a number field, a keypad and a Call button, under a line
 * that says whether the phone is ready.
 *
 * Enter in the field calls too. A target the phone refuses (a bad number, no
 * connection) is shown under the field until the next edit; the phone has also
 * fired `phone-error` for it. Outside a `<soft-phone>` it says so and its
 * controls are disabled.
 *
 * Settings, under the Call button, opens a popover to pick the microphone, camera,
 * speaker and ringer; the choice applies to calls in progress too, and is remembered
 * unless `<soft-phone forget-devices>`.
 *
 * @csspart status - The line telling the connection and registration state.
 * @csspart reconnect-button - "Reconnect now", while the phone waits to reconnect.
 * @csspart label - The label of the number field.
 * @csspart number-input - The number field.
 * @csspart error - Why the last call could not be placed (present only then).
 * @csspart keypad - The 12-key keypad.
 * @csspart key - Each key of the keypad.
 * @csspart call-button - The Call button.
 * @csspart tooltip - Under `compact`, the label of the button pointed at or focused.
 * @csspart caller-id-label - The label of the caller ID chooser.
 * @csspart caller-id-select - Who to call as, when `<soft-phone caller-ids>` lists identities.
 * @csspart dnd-button - The Do not disturb toggle (pressed while on): calls are refused without ringing.
 * @csspart voicemail-button - Calls the voicemail (`voicemail-uri` of `<soft-phone>`; present only when it is set). Its name counts the new messages.
 * @csspart voicemail-count - The badge on the Voicemail button: how many new messages wait (present only while the server says some wait).
 * @csspart settings-button - Opens the device settings popover.
 * @csspart settings - The device settings popover: a labelled list per device, Notify me of calls.
 * @csspart device-label - The label of each device list.
 * @csspart device-select - Each device list; each also has its own part, below.
 * @csspart microphone-select - The microphone list.
 * @csspart camera-select - The camera list.
 * @csspart speaker-select - The list of outputs for calls and their tones (where the browser can route them).
 * @csspart ringer-select - The list of outputs for the ringtone (where the browser can route Web Audio).
 * @csspart notify-button - "Notify me of calls": asks to allow desktop notifications of calls that ring while the page is hidden (shown until the user has decided).
 *
 * @cssprop [--phone-color=light-dark(#1b1f24, #e6edf3)] - Text of keys and field.
 * @cssprop [--phone-muted-color=light-dark(#57606a, #9198a1)] - Status line, key letters, placeholder.
 * @cssprop [--phone-field-background=light-dark(#ffffff, #0d1117)] - Background of the number field.
 * @cssprop [--phone-field-border=light-dark(#6e7781, #768390)] - Border of the number field.
 * @cssprop [--phone-key-background=light-dark(#f6f8fa, #21262d)] - Background of the keys.
 * @cssprop [--phone-accept-background=#1a7f37] - Background of the Call button.
 * @cssprop [--phone-accept-color=#ffffff] - Text of the Call button.
 * @cssprop [--phone-error-color=light-dark(#cf222e, #ff7b72)] - Error text and a failed registration.
 * @cssprop [--phone-focus-color=light-dark(#0969da, #4493f8)] - Focus outline.
 * @cssprop [--phone-control-radius=0.5rem] - Corner radius of keys, field and button.
 * @cssprop [--phone-control-size=2.75rem] - Smallest height of keys, field and button (touch target).
 * @cssprop [--phone-tooltip-background=light-dark(#1b1f24, #e6edf3)] - Tooltip background under `compact`.
 * @cssprop [--phone-tooltip-color=light-dark(#ffffff, #1b1f24)] - Tooltip text under `compact`.
 */
export class PhoneDialerElement extends LocalizedElement {
  static override styles = [themeStyles, keypadStyles, deviceSettingsStyles, iconStyles, tooltipStyles, phoneDialerStyles];

  /** The number or address in the field; set it to prefill the dialer (click-to-dial). */
  @property({ attribute: false }) value = '';
  /** Hint shown in the empty field; a default in the user's language when unset. */
  @property() placeholder?: string;
  /** Icon-only Call and Settings buttons, each with a tooltip; their accessible names stay. */
  @property({ type: Boolean, reflect: true }) compact = false;

  @state() private error: PhoneError | null = null;
  /** Which of the configured caller IDs calls go out as; -1: our own. */
  @state() private callerIdIndex = -1;

  readonly #state = new PhoneState(this, (phone) => [
    phone.config,
    phone.connection,
    phone.registration,
    phone.registrationFailure,
    phone.reconnect,
    phone.dnd,
    phone.voicemail,
    ...devicesShown(phone),
  ]);
  readonly #settings = new DeviceSettings(this, () => this.#state.phone);

  constructor() {
    super();
    // The countdown to the next reconnection ticks on the page's shared clock.
    new TooltipController(this);
    new ClockController(this, () => Boolean(this.#state.phone?.reconnect));
  }

  protected override render() {
    const s = stringsFor(this);
    const phone = this.#state.phone;
    const failed = phone?.registration === 'failed';
    // Waiting to reconnect (the status says so unless the credentials were refused).
    const reconnect = failed ? null : phone?.reconnect;
    // The countdown is hidden from the live region: a screen reader hears each attempt once, not every second.
    const countdown = reconnect
      ? html`<span aria-hidden="true">${s.nextTryIn(Math.max(0, Math.ceil((reconnect.at - Date.now()) / 1000)))}</span>`
      : nothing;
    return html`<p part="status" role="status" class=${failed ? 'failed' : ''}>${statusText(phone, s)}${countdown}</p>
      ${reconnect
        ? html`<button part="reconnect-button" type="button" @click=${() => phone!.reconnectNow()}>${s.reconnectNow}</button>`
        : nothing}
      <form @submit=${this.#onSubmit}>
        <label part="label" for="number">${s.numberLabel}</label>
        <input
          id="number"
          part="number-input"
          type="tel"
          dir="auto"
          autocomplete="off"
          placeholder=${this.placeholder ?? s.numberPlaceholder}
          .value=${live(this.value)}
          ?disabled=${!phone}
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby=${this.error ? 'error' : nothing}
          @input=${this.#onInput}
        />
        ${this.error ? html`<p id="error" part="error" role="alert">${s.error(this.error.code, this.error.message)}</p>` : nothing}
        ${keypad({ label: s.keypad, disabled: !phone, onKey: (digit) => this.#edit(this.value + digit) })}
        ${this.#callerIdChooser(s)}
        <button part="call-button" class="accept" type="submit" ?disabled=${!phone}>${iconLabel('phone', s.call)}</button>
      </form>
      <div class="tools">
        <button
          part="dnd-button"
          type="button"
          aria-pressed=${phone?.dnd ? 'true' : 'false'}
          ?disabled=${!phone?.config}
          @click=${() => phone?.setDnd(!phone.dnd)}
        >
          ${s.doNotDisturb}
        </button>
        ${this.#voicemail(s)} ${this.#settings.render(s)}
      </div>`;
  }

  /** The Voicemail button, when the phone has a `voicemail-uri`: with the count of new messages while some wait. */
  #voicemail(s: Strings) {
    const phone = this.#state.phone;
    const target = phone?.config?.voicemailUri;
    if (!phone || !target) return nothing;
    const mailbox = phone.voicemail;
    const count = mailbox?.waiting && mailbox.newMessages > 0 ? mailbox.newMessages : 0;
    return html`<button part="voicemail-button" type="button" @click=${() => this.#callVoicemail(target)}>
      ${s.voicemail}${count ? html` <span part="voicemail-count">${s.voicemailNew(count)}</span>` : nothing}
    </button>`;
  }

  async #callVoicemail(target: string): Promise<void> {
    const phone = this.#state.phone;
    if (phone) this.error = await attempt(() => phone.call(target));
  }

  #callerIdChooser(s: Strings) {
    const callerIds = this.#state.phone?.config?.callerIds ?? [];
    if (callerIds.length === 0) return nothing;
    return html`<label part="caller-id-label" for="caller-id">${s.callAs}</label>
      <select id="caller-id" part="caller-id-select" @change=${(event: Event) => (this.callerIdIndex = Number((event.target as HTMLSelectElement).value))}>
        <option value="-1" ?selected=${this.callerIdIndex === -1}>${s.defaultCallerId}</option>
        ${callerIds.map(
          (callerId, index) =>
            html`<option value=${index} ?selected=${this.callerIdIndex === index}>
              ${callerId.name && callerId.uri ? `${callerId.name} (${callerId.uri})` : (callerId.name ?? callerId.uri)}
            </option>`,
        )}
      </select>`;
  }

  #onInput(event: InputEvent): void {
    this.#edit((event.target as HTMLInputElement).value);
  }

  #edit(value: string): void {
    this.value = value;
    this.error = null;
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const phone = this.#state.phone;
    if (!phone) return;
    const callerId = phone.config?.callerIds[this.callerIdIndex];
    this.error = await attempt(() => phone.call(this.value, callerId ? { callerId } : {}));
    if (!this.error) this.value = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'phone-dialer': PhoneDialerElement;
  }
}
