import type { PhoneError } from '../../engine/phone-error.js';
import { css, html, nothing, type ReactiveControllerHost } from 'lit';
import { live } from 'lit/directives/live.js';
import type { PhoneCall } from '../../engine/phone-call.js';
import type { Strings } from '../../i18n/strings.js';
import { attempt } from './attempt.js';

/**
 * The transfer popover's form: a target field, "Transfer now" (blind, also on Enter)
 * and "Consult first" (attended). It keeps what was typed and why the phone refused
 * it until `reset()`; the buttons wait while a transfer is on its way.
 */
export class TransferForm {
  readonly #host: ReactiveControllerHost;
  /** Called with the consultation call once "Consult first" placed it. */
  readonly #consulting: (consultation: PhoneCall) => void;
  #target = '';
  #error: PhoneError | null = null;
  #pending = false;

  constructor(host: ReactiveControllerHost, consulting: (consultation: PhoneCall) => void) {
    this.#host = host;
    this.#consulting = consulting;
  }

  reset(): void {
    this.#target = '';
    this.#error = null;
    this.#pending = false;
  }

  render(call: PhoneCall, s: Strings) {
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      void this.#run(() => call.transfer(this.#target));
    };
    const consult = () => void this.#run(async () => this.#consulting(await call.attendedTransfer(this.#target)));
    return html`<form class="transfer" @submit=${submit}>
      <label part="transfer-label" for="transfer-target">${s.transferTarget}</label>
      <input
        id="transfer-target"
        part="transfer-input"
        autocomplete="off"
        spellcheck="false"
        .value=${live(this.#target)}
        aria-invalid=${this.#error ? 'true' : 'false'}
        aria-describedby=${this.#error ? 'transfer-error' : nothing}
        @input=${(event: InputEvent) => this.#edit((event.target as HTMLInputElement).value)}
      />
      ${this.#error ? html`<p id="transfer-error" part="transfer-error" role="alert">${s.error(this.#error.code, this.#error.message)}</p>` : nothing}
      <div class="transfer-actions">
        <button type="submit" part="transfer-now-button" class="accept" ?disabled=${this.#pending}>${s.transferNow}</button>
        <button type="button" part="consult-button" ?disabled=${this.#pending} @click=${consult}>${s.consultFirst}</button>
      </div>
    </form>`;
  }

  #edit(target: string): void {
    this.#target = target;
    this.#error = null;
    this.#host.requestUpdate();
  }

  async #run(transfer: () => Promise<unknown>): Promise<void> {
    this.#pending = true;
    this.#error = null;
    this.#host.requestUpdate();
    // The phone has fired phone-error already; here the message is shown next to the field.
    this.#error = await attempt(transfer);
    this.#pending = false;
    this.#host.requestUpdate();
  }
}

export const transferFormStyles = css`
  .transfer {
    display: grid;
    gap: 0.5rem;
  }
  [part='transfer-label'] {
    font-size: 0.875em;
    font-weight: 600;
  }
  [part='transfer-input'][aria-invalid='true'] {
    border-color: var(--_error);
  }
  [part='transfer-error'] {
    font-size: 0.875em;
    color: var(--_error);
    overflow-wrap: anywhere;
  }
  /* Stacked: side by side, their labels would wrap in the popover's width. */
  .transfer-actions {
    display: grid;
    gap: 0.5rem;
  }
`;
