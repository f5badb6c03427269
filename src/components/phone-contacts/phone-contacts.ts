import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { PhoneController } from '../../engine/phone-controller.js';
import type { PhoneError } from '../../engine/phone-error.js';
import { normalizeTarget } from '../../engine/targets.js';
import type { PresenceState } from '../../events/phone-events.js';
import { stringsFor, type Strings } from '../../i18n/strings.js';
import { attempt } from '../shared/attempt.js';
import { presenceShown } from '../shared/call-view.js';
import { PhoneState } from '../shared/phone-state.js';
import { listViewStyles } from '../shared/list-view.js';
import { themeStyles } from '../shared/theme.js';
import { LocalizedElement } from '../shared/language.js';
import { phoneContactsStyles } from './phone-contacts.styles.js';

/** The users of the `users` attribute: separated by commas (or spaces), blanks and repeats dropped. */
export function parseUsers(users: string): string[] {
  return [...new Set(users.split(/[\s,]+/).filter(Boolean))];
}

/**
 * @tagname phone-contacts
 * @summary Busy lamps: the users in `users`, each with their lamp (Available,
 * Ringing, Busy, Offline, Unknown: in words and colour) and a click or Enter calls them.
 *
 * It watches them through its `<soft-phone>` (`softPhone.watch()`, the dialog event
 * package, RFC 4235) for as long as it is connected, and unwatches them when removed
 * or dropped from `users`. The list is one Tab stop: Up and Down arrows, Home and End
 * move between contacts (roving tabindex); Enter or Space calls the focused one.
 * Outside a `<soft-phone>` the lamps stay Unknown and calling does nothing.
 *
 * @csspart header - The heading row.
 * @csspart title - The "Contacts" heading.
 * @csspart list - The list of contacts.
 * @csspart contact - Each contact: a button that calls them. It also has the part of its lamp's state, one of the five below.
 * @csspart idle - A contact who is available (no call).
 * @csspart ringing - A contact whose phone rings (a call to them not answered yet).
 * @csspart busy - A contact in a call, or placing one.
 * @csspart offline - A contact the server will not tell about (it refused or ended the subscription).
 * @csspart unknown - A contact whose state is not known (yet).
 * @csspart name - The contact as given in `users`.
 * @csspart lamp - The lamp: a coloured dot and the state in words.
 * @csspart empty - "No contacts", when `users` lists none.
 * @csspart error - Why the last call could not be placed (present only then).
 *
 * @cssprop [--phone-color=light-dark(#1b1f24, #e6edf3)] - Text of the entries.
 * @cssprop [--phone-muted-color=light-dark(#57606a, #9198a1)] - The lamp's words.
 * @cssprop [--phone-key-background=light-dark(#f6f8fa, #21262d)] - Background of an entry under the pointer.
 * @cssprop [--phone-lamp-idle-color=light-dark(#1a7f37, #3fb950)] - Lamp of an available user.
 * @cssprop [--phone-lamp-ringing-color=light-dark(#9a6700, #d29922)] - Lamp of a user whose phone rings.
 * @cssprop [--phone-lamp-busy-color=light-dark(#cf222e, #ff7b72)] - Lamp of a user in a call.
 * @cssprop [--phone-lamp-off-color=light-dark(#8c959f, #6e7681)] - Lamp of an offline or unknown user.
 * @cssprop [--phone-error-color=light-dark(#cf222e, #ff7b72)] - A failed call.
 * @cssprop [--phone-focus-color=light-dark(#0969da, #4493f8)] - Focus outline.
 * @cssprop [--phone-control-radius=0.5rem] - Corner radius of the entries.
 * @cssprop [--phone-control-size=2.75rem] - Smallest height of an entry (touch target).
 */
export class PhoneContactsElement extends LocalizedElement {
  static override styles = [themeStyles, listViewStyles, phoneContactsStyles];

  /**
   * The users to watch and call: names, extensions or SIP addresses, separated by
   * commas, e.g. `users="bob, 2001, sip:carol@example.com"`. Shown as given.
   */
  @property() users = '';

  /** The contact that takes the Tab stop. */
  @state() private activeUser: string | null = null;
  @state() private error: PhoneError | null = null;

  readonly #state = new PhoneState(this, (phone) => [phone.config, ...presenceShown(phone)]);

  /** What this element watches, on which phone: only these are unwatched by it. */
  #watching: { phone: PhoneController; users: Set<string> } | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#sync(undefined, []);
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    // Watching needs the phone's domain: a phone not configured yet is watched once it is.
    const phone = this.#state.phone;
    this.#sync(phone?.config ? phone : undefined, this.isConnected ? parseUsers(this.users) : []);
  }

  /** Watches what `users` adds and unwatches what it dropped (or all of it, on another phone). */
  #sync(phone: PhoneController | undefined, users: string[]): void {
    const before = this.#watching;
    if (before && before.phone !== phone) {
      before.phone.unwatch([...before.users]);
      this.#watching = null;
    }
    if (!phone) return;
    const watching = (this.#watching ??= { phone, users: new Set() });
    const gone = [...watching.users].filter((user) => !users.includes(user));
    const added = users.filter((user) => !watching.users.has(user));
    if (gone.length) phone.unwatch(gone);
    gone.forEach((user) => watching.users.delete(user));
    if (added.length) phone.watch(added);
    added.forEach((user) => watching.users.add(user));
  }

  /** A user's lamp: what the phone's watch of their SIP address says. */
  #lamp(user: string): PresenceState {
    const phone = this.#state.phone;
    const host = phone?.config?.aor.host;
    if (!phone || !host) return 'unknown';
    let uri: string;
    try {
      uri = normalizeTarget(user, host);
    } catch {
      return 'unknown'; // reported as phone-error when watched
    }
    return phone.presence.find((lamp) => lamp.uri === uri)?.state ?? 'unknown';
  }

  protected override render() {
    const s = stringsFor(this);
    const users = parseUsers(this.users);
    return html`<div part="header"><h2 part="title" id="title">${s.contacts}</h2></div>
      ${users.length
        ? html`<ul part="list" aria-labelledby="title" @keydown=${this.#onKey}>
            ${repeat(users, (user) => user, (user) => this.#entry(user, users, s))}
          </ul>`
        : html`<p part="empty">${s.noContacts}</p>`}
      ${this.error ? html`<p part="error" role="alert">${s.error(this.error.code, this.error.message)}</p>` : nothing}`;
  }

  /** Which contact is the Tab stop: the active one, else the first. */
  #active(users: string[]): number {
    return Math.max(0, users.indexOf(this.activeUser ?? ''));
  }

  #entry(user: string, users: string[], s: Strings) {
    const lamp = this.#lamp(user);
    return html`<li>
      <button
        type="button"
        class="row"
        part="contact ${lamp}"
        data-user=${user}
        data-state=${lamp}
        tabindex=${users[this.#active(users)] === user ? 0 : -1}
        @click=${() => this.#call(user)}
        @focus=${() => (this.activeUser = user)}
      >
        <span class="visually-hidden">${s.callContact}</span>
        <span part="name">${user}</span>
        <span part="lamp"><span class="dot" aria-hidden="true"></span>${s.presenceStates[lamp]}</span>
      </button>
    </li>`;
  }

  async #call(user: string): Promise<void> {
    this.activeUser = user;
    const phone = this.#state.phone;
    if (!phone) return;
    this.error = await attempt(() => phone.call(user));
  }

  /** Up/Down, Home/End move the Tab stop between contacts (Enter and Space are the buttons' own). */
  #onKey(event: KeyboardEvent): void {
    const users = parseUsers(this.users);
    const last = users.length - 1;
    const at = this.#active(users);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.activeUser = users[Math.min(last, Math.max(0, next))]!;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`[data-user="${CSS.escape(this.activeUser!)}"]`)?.focus());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'phone-contacts': PhoneContactsElement;
  }
}
