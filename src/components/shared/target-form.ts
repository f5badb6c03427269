import type { PhoneError } from '../../engine/phone-error.js';
import { css, html, nothing, type ReactiveControllerHost } from 'lit';
import { live } from 'lit/directives/live.js';
import { attempt } from './attempt.js';

/** One button of a target form; the first one also runs on Enter in the field. */
export interface TargetAction {
  part: string;
  text: string;
  /** What the button does with the typed target; a `PhoneError` it throws is shown by the field. */
  run(target: string): Promise<unknown>;
}

/** A target form as a popover shows it: `prefix` names its parts (`<prefix>-label`, `-input`, `-error`). */
export interface TargetField {
  prefix: string;
  label: string;
  actions: readonly TargetAction[];
  /** Targets the field offers as the user types (a datalist): the watched users, with their lamp in words. */
  suggestions?: readonly { value: string; label: string }[];
}

/**
 * The popover form that asks for a target: the transfer form ("Transfer now", "Consult
 * first") and the add-participant form ("Add") are this one with their own buttons. It
 * keeps what was typed and why the phone refused it until `reset()`; the buttons wait
 * while an action is on its way. One form is open at a time, so its ids are unique.
 */
export class TargetForm {
  readonly #host: ReactiveControllerHost;
  #target = '';
  #error: PhoneError | null = null;
  #pending = false;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  reset(): void {
    this.#target = '';
    this.#error = null;
    this.#pending = false;
  }

  render({ prefix, label, actions, suggestions = [] }: TargetField, error: (error: PhoneError) => string) {
    const [submitAction, ...others] = actions;
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      if (submitAction) void this.#run(submitAction);
    };
    const button = (action: TargetAction, submits: boolean) =>
      html`<button
        type=${submits ? 'submit' : 'button'}
        part=${action.part}
        class=${submits ? 'accept' : ''}
        ?disabled=${this.#pending}
        @click=${submits ? nothing : () => void this.#run(action)}
      >
        ${action.text}
      </button>`;
    return html`<form class="target-form" @submit=${submit}>
      <label part="${prefix}-label" class="target-label" for="${prefix}-target">${label}</label>
      <input
        id="${prefix}-target"
        part="${prefix}-input"
        class="target-input"
        dir="auto"
        autocomplete="off"
        spellcheck="false"
        list=${suggestions.length ? `${prefix}-suggestions` : nothing}
        .value=${live(this.#target)}
        aria-invalid=${this.#error ? 'true' : 'false'}
        aria-describedby=${this.#error ? `${prefix}-error` : nothing}
        @input=${(event: InputEvent) => this.#edit((event.target as HTMLInputElement).value)}
      />
      ${suggestions.length
        ? html`<datalist id="${prefix}-suggestions">${suggestions.map(({ value, label }) => html`<option value=${value} label=${label}></option>`)}</datalist>`
        : nothing}
      ${this.#error ? html`<p id="${prefix}-error" part="${prefix}-error" class="target-error" role="alert">${error(this.#error)}</p>` : nothing}
      <div class="target-actions">${submitAction ? button(submitAction, true) : nothing}${others.map((action) => button(action, false))}</div>
    </form>`;
  }

  #edit(target: string): void {
    this.#target = target;
    this.#error = null;
    this.#host.requestUpdate();
  }

  async #run(action: TargetAction): Promise<void> {
    this.#pending = true;
    this.#error = null;
    this.#host.requestUpdate();
    // The phone has fired phone-error already; here the message is shown next to the field.
    this.#error = await attempt(() => action.run(this.#target));
    this.#pending = false;
    this.#host.requestUpdate();
  }
}

export const targetFormStyles = css`
  .target-form {
    display: grid;
    gap: 0.5rem;
  }
  .target-label {
    font-size: 0.875em;
    font-weight: 600;
  }
  .target-input[aria-invalid='true'] {
    border-color: var(--_error);
  }
  .target-error {
    font-size: 0.875em;
    color: var(--_error);
    overflow-wrap: anywhere;
  }
  /* Stacked: side by side, their labels would wrap in the popover's width. */
  .target-actions {
    display: grid;
    gap: 0.5rem;
  }
`;
