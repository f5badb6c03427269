import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CallHistory } from '../../engine/call-history.js';
import type { PhoneError } from '../../engine/phone-error.js';
import type { CallRecord } from '../../events/phone-events.js';
import { langOf } from '../../i18n/lang.js';
import { stringsFor, type Strings } from '../../i18n/strings.js';
import { attempt } from '../shared/attempt.js';
import { formatDuration } from '../shared/clock.js';
import { partyName } from '../shared/party.js';
import { PhoneState } from '../shared/phone-state.js';
import { listViewStyles } from '../shared/list-view.js';
import { themeStyles } from '../shared/theme.js';
import { LocalizedElement } from '../shared/language.js';
import { phoneHistoryStyles } from './phone-history.styles.js';

type Kind = keyof Strings['callKinds'];

/** Missed: an incoming call never answered (the same rule as `history.missed`). */
function kindOf(record: CallRecord): Kind {
  if (record.direction === 'outgoing') return 'outgoing';
  return record.answeredAt === null ? 'missed' : 'incoming';
}

/** Formatters by language and style: making one costs far more than formatting with it (each record of each render). */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(lang: string, sameDay: boolean): Intl.DateTimeFormat {
  const key = `${lang} ${sameDay}`;
  let formatter = formats.get(key);
  if (!formatter) {
    const options: Intl.DateTimeFormatOptions = sameDay ? { timeStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' };
    try {
      formatter = new Intl.DateTimeFormat(lang || undefined, options);
    } catch {
      // A `lang` that is no valid BCP 47 tag: the browser's own format.
      formatter = new Intl.DateTimeFormat(undefined, options);
    }
    formats.set(key, formatter);
  }
  return formatter;
}

/** The time of day for today's calls, the date and time for older ones, in the element's language. */
function when(time: number, lang: string): string {
  return format(lang, new Date(time).toDateString() === new Date().toDateString()).format(time);
}

const ARROWS: Record<Kind, string> = { outgoing: '↗', incoming: '↙', missed: '↙' };

/**
 * @tagname phone-history
 * @summary The call log: recent calls, newest first, each with its direction, the
 * other party's name or number, when it happened and how long it lasted. Enter or a
 * click on a call calls that party again.
 *
 * Missed calls (incoming, never answered) are marked in words and color, and a badge
 * counts those since `history.markSeen()` (the default layout's Recent tab calls it).
 * The list is one Tab stop: Up and Down arrows, Home and End move between calls
 * (roving tabindex). It reads `softPhone.history` and follows it as calls are logged.
 * Outside a `<soft-phone>`, or with `history="off"`, it shows that there are no calls.
 *
 * @csspart header - The heading row: the title and the missed-calls badge.
 * @csspart title - The "Recent calls" heading.
 * @csspart missed-badge - How many calls were missed since they were last seen (present only then).
 * @csspart list - The list of calls.
 * @csspart entry - Each call: a button that calls the party again. Missed calls also have the part `missed`.
 * @csspart missed - A missed call's entry.
 * @csspart direction - The call's kind in words (Outgoing, Incoming, Missed), with an arrow.
 * @csspart name - The other party's name, else their number or user.
 * @csspart time - When the call began.
 * @csspart duration - How long the call lasted, `m:ss`, or "Not answered".
 * @csspart empty - "No recent calls", when there are none.
 * @csspart error - Why the last redial could not be placed (present only then).
 *
 * @cssprop [--phone-color=light-dark(#1b1f24, #e6edf3)] - Text of the entries.
 * @cssprop [--phone-muted-color=light-dark(#57606a, #9198a1)] - Direction, time and duration.
 * @cssprop [--phone-key-background=light-dark(#f6f8fa, #21262d)] - Background of an entry under the pointer.
 * @cssprop [--phone-missed-color=light-dark(#cf222e, #ff7b72)] - Missed calls, and the badge's background.
 * @cssprop [--phone-error-color=light-dark(#cf222e, #ff7b72)] - A failed redial.
 * @cssprop [--phone-focus-color=light-dark(#0969da, #4493f8)] - Focus outline.
 * @cssprop [--phone-control-radius=0.5rem] - Corner radius of the entries.
 * @cssprop [--phone-control-size=2.75rem] - Smallest height of an entry (touch target).
 * @cssprop [--phone-history-max-height=20rem] - Height beyond which the list scrolls.
 */
export class PhoneHistoryElement extends LocalizedElement {
  static override styles = [themeStyles, listViewStyles, phoneHistoryStyles];

  /** Most calls shown (the log may keep more: `history-limit`). */
  @property({ type: Number }) limit = 20;

  @state() private records: readonly CallRecord[] = [];
  /** The call whose entry takes the Tab stop; it keeps it as newer calls are logged above it. */
  @state() private activeId: string | null = null;
  @state() private error: PhoneError | null = null;

  readonly #state = new PhoneState(this, ({ history }) => [history, history.revision, history.missed]);

  /** The history and revision `records` were read at, so a change of either reloads them. */
  #loaded: { history: CallHistory | undefined; revision: number; limit: number } | null = null;

  /**
   * A new revision of the history (a call logged) is read first and rendered once its
   * records arrive, not also before with the old ones; anything else renders at once.
   */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    return !this.#reload() || !this.hasUpdated || changed.size > 0;
  }

  /** Starts reading the records when the history, its revision or the limit changed; says whether it did. */
  #reload(): boolean {
    const history = this.#state.phone?.history;
    const wanted = { history, revision: history?.revision ?? 0, limit: this.limit };
    const loaded = this.#loaded;
    if (loaded && loaded.history === wanted.history && loaded.revision === wanted.revision && loaded.limit === wanted.limit) return false;
    this.#loaded = wanted;
    if (!history) {
      this.records = [];
      return false;
    }
    history.list({ limit: this.limit }).then(
      (records) => {
        // A newer read may have started meanwhile: only the latest one counts.
        if (this.#loaded !== wanted) return;
        this.records = records;
      },
      // Already reported as phone-error: the list stays as it was, the rest is shown.
      () => this.requestUpdate(),
    );
    return true;
  }

  protected override render() {
    const s = stringsFor(this);
    const missed = this.#state.phone?.history?.missed ?? 0;
    return html`<div part="header">
        <h2 part="title" id="title">${s.recentCalls}</h2>
        ${missed ? html`<span part="missed-badge">${s.missedCount(missed)}</span>` : nothing}
      </div>
      ${this.records.length
        ? html`<ul part="list" aria-labelledby="title" @keydown=${this.#onKey}>
            ${repeat(this.records, (record) => record.callId, (record) => this.#entry(record, s))}
          </ul>`
        : html`<p part="empty">${s.noRecentCalls}</p>`}
      ${this.error ? html`<p part="error" role="alert">${s.error(this.error.code, this.error.message)}</p>` : nothing}`;
  }

  /** Which entry is the Tab stop: the active call's, else the newest. */
  get #active(): number {
    return Math.max(0, this.records.findIndex((record) => record.callId === this.activeId));
  }

  #entry(record: CallRecord, s: Strings) {
    const kind = kindOf(record);
    const name = partyName(record.remote, s);
    const time = when(record.startedAt, langOf(this));
    const duration = record.answeredAt === null ? (kind === 'missed' ? '' : s.notAnswered) : formatDuration(record.durationMs);
    return html`<li>
      <button
        type="button"
        class="row"
        part=${kind === 'missed' ? 'entry missed' : 'entry'}
        data-call=${record.callId}
        tabindex=${this.records[this.#active] === record ? 0 : -1}
        @click=${() => this.#redial(record)}
        @focus=${() => (this.activeId = record.callId)}
      >
        <span class="visually-hidden">${s.callBack}</span>
        <span part="name" dir="auto">${name}</span>
        <span part="direction"><span class="arrow" aria-hidden="true">${ARROWS[kind]}</span> ${s.callKinds[kind]}</span>
        <span part="time">${time}</span>
        ${duration ? html`<span part="duration">${duration}</span>` : nothing}
      </button>
    </li>`;
  }

  async #redial(record: CallRecord): Promise<void> {
    this.activeId = record.callId;
    const phone = this.#state.phone;
    if (!phone) return;
    this.error = await attempt(() => phone.call(record.remote.uri));
  }

  /** Up/Down, Home/End move the Tab stop between entries (Enter and Space are the buttons' own). */
  #onKey(event: KeyboardEvent): void {
    const last = this.records.length - 1;
    const at = this.#active;
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.activeId = this.records[Math.min(last, Math.max(0, next))]!.callId;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`[data-call="${CSS.escape(this.activeId!)}"]`)?.focus());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'phone-history': PhoneHistoryElement;
  }
}
