import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { PhoneConference } from '../../engine/conference.js';
import type { PhoneCall } from '../../engine/phone-call.js';
import { playKeyTone } from '../../engine/media/tones.js';
import { stringsFor, type Strings } from '../../i18n/strings.js';
import { attempt } from '../shared/attempt.js';
import { activeFirst, callShown, conferenceShown, presenceShown, stateLabel, videoOf } from '../shared/call-view.js';
import { ClockController, formatDuration } from '../shared/clock.js';
import { emptyHostStyles, setEmpty } from '../shared/empty-host.js';
import { keypad, keypadStyles } from '../shared/keypad.js';
import { partyName } from '../shared/party.js';
import { PhoneState } from '../shared/phone-state.js';
import { findPopover, PopoverController, popoverStyles } from '../shared/popover.js';
import { iconLabel, iconStyles, type IconName } from '../shared/icons.js';
import { themeStyles } from '../shared/theme.js';
import { TooltipController, tooltipStyles } from '../shared/tooltip.js';
import { TargetForm, targetFormStyles, type TargetField } from '../shared/target-form.js';
import { LocalizedElement } from '../shared/language.js';
import { phoneCallStyles } from './phone-call.styles.js';

type PopoverKind = 'keypad' | 'transfer' | 'add-participant';

/** One popover at a time for the whole list, so one id serves every trigger's `aria-controls`. */
const POPOVER_ID = 'popover';
/** Keys typed on a physical keyboard that the keypad sends, as its own keys would. */
const DTMF_KEY = /^[0-9*#]$/;

/** Five signal bars, `bars` of them lit; one image to assistive technology, named by its figure. */
function qualityBars(bars: number, s: Strings) {
  return html`<span part="quality" role="img" aria-label=${s.callQuality(bars)} class=${bars <= 2 ? 'poor' : ''}>
    ${[1, 2, 3, 4, 5].map((bar) => html`<span class=${bar <= bars ? 'lit' : ''}></span>`)}
  </span>`;
}

/**
 * Hold, or Resume when we hold the call: for a call row and a conference participant
 * alike, with their own part and names. Pressed while held; enabled as the engine says.
 */
function holdToggle(call: PhoneCall, partName: string, label: { hold: string; resume: string }, content: { hold: unknown; resume: unknown }) {
  const heldHere = call.heldBy === 'local';
  return html`<button
    type="button"
    part=${partName}
    aria-label=${heldHere ? label.resume : label.hold}
    aria-pressed=${heldHere ? 'true' : 'false'}
    ?disabled=${!call.can(heldHere ? 'resume' : 'hold')}
    @click=${() => void attempt(() => (heldHere ? call.resume() : call.hold()))}
  >
    ${heldHere ? content.resume : content.hold}
  </button>`;
}

/**
 * @tagname phone-call
 * @summary Lists the calls in progress, each with its state, its duration, its
 * quality, its video if any, and Mute, Hold, Keypad, Transfer, Add participant, Record and Hang up
 * buttons; and conferences, with their participants.
 *
 * Every call that is not ringing here is listed: outgoing calls from the first
 * moment, incoming ones once answered. The call being talked on comes first;
 * pressing Resume on a held call swaps to it (the phone holds the others). Controls
 * that do not apply (before the answer, during a hold or resume, while the call is
 * being transferred) are disabled. Keypad and Transfer open a popover next to their
 * button: Escape or a press outside closes it. While the keypad is open, digits,
 * `*` and `#` typed on the keyboard are sent too. An attended transfer lists the
 * consultation call as "Consultation for …" and offers Complete transfer on the
 * held call once the consultation is answered. A conference is one row listing its
 * participants, each with its own Hold and Drop; Merge appears while two or more
 * calls are answered, and Add participant dials someone into the conversation. It takes no space while there is no
 * call. All durations on the page tick from one shared clock, running only while a
 * call is answered.
 *
 * A video call shows the other party's picture with ours as a small mirror-image
 * preview over it, and a Stop video toggle. An established call shows its quality as
 * five bars, from the phone's `phone-call-quality` samples (every 2 s), and a warning
 * when nothing has been heard from the other side for 3 s (one-way audio).
 *
 * @csspart call - The row of one call.
 * @csspart conference - The row of a conference, in place of its calls' rows: "Conference", its state, its participants, and Mute, Hold, Add and Hang up for everyone (named "Mute conference"…).
 * @csspart participants - The list of a conference's participants (and of the calls still joining it).
 * @csspart participant - One participant of a conference.
 * @csspart participant-name - The participant: their display name, else their user.
 * @csspart participant-state - The participant's call state: Connected, On hold, Calling…
 * @csspart participant-hold-button - Holds and resumes that participant alone ("Hold Bob"): held, they hear nothing and are not heard.
 * @csspart participant-drop-button - Takes that participant out of the conference and hangs up their call ("Drop Bob").
 * @csspart merge-button - Below the list, while two or more calls are answered: merges them into a conference (or the others into the conference there is).
 * @csspart active - Also on the row of the call being talked on (answered, held by nobody).
 * @csspart consultation - "Consultation for …" on the consultation call of an attended transfer.
 * @csspart remote - The other party: their display name, else their user (name or number).
 * @csspart state - Calling…, Ringing…, Connecting…, Connected, Reconnecting…, On hold, On hold by the other party or Transferring…; announced politely when it changes.
 * @csspart reconnecting - Also on the state while the call's media broke and the phone brings it back ("Reconnecting…"); the call stays up meanwhile.
 * @csspart muted - "Muted", while our microphone is muted for the call.
 * @csspart duration - Time since the call was answered, `m:ss` or `h:mm:ss` (absent before).
 * @csspart recording - "Recording 0:42" while the call is recorded: how long the recording has run.
 * @csspart quality - Five signal bars for an established call (an image named "Call quality: 4 of 5"); its lit bars have the class `lit`, and it has the class `poor` at 2 bars or fewer.
 * @csspart quality-warning - "No audio from the other side — check the connection", while none arrives (one-way audio).
 * @csspart media - The picture area of a video call, holding the two videos.
 * @csspart remote-video - The other party's video (muted: the call's sound plays through the phone).
 * @csspart local-video - The preview of our camera, mirrored.
 * @csspart controls - The row's buttons.
 * @csspart mute-button - Mutes and unmutes our microphone for the call (a toggle).
 * @csspart hold-button - Holds and resumes the call (a toggle labelled Hold or Resume).
 * @csspart keypad-button - Opens the keypad popover, to send DTMF.
 * @csspart transfer-button - Opens the transfer popover.
 * @csspart add-participant-button - Opens the add-participant popover: the target is dialled and joins the conversation (a conference with this call) when it answers.
 * @csspart record-button - Starts and stops recording the call (a toggle, pressed while recording; disabled before the answer or where the browser cannot record).
 * @csspart complete-transfer-button - Connects the held call to the answered consultation (attended transfer).
 * @csspart camera-button - Stops and restarts sending our camera on a video call (a toggle, pressed while stopped).
 * @csspart hangup-button - The Hang up button: on a call's row the first of its buttons, so it is the row's first Tab stop; the last on a conference's.
 * @csspart tooltip - Under `compact`, the label of the button pointed at or focused.
 * @csspart popover - The open popover, keypad, transfer or add participant (one at a time).
 * @csspart keypad - The keypad in the keypad popover.
 * @csspart key - Each key of the keypad.
 * @csspart transfer-label - The label of the transfer target field.
 * @csspart transfer-input - The transfer target field.
 * @csspart transfer-error - Why the phone refused the last transfer (present only then).
 * @csspart transfer-now-button - Transfers at once (blind transfer); Enter in the field does too.
 * @csspart consult-button - Holds the call and calls the target first (attended transfer).
 * @csspart add-participant-label - The label of the add-participant target field.
 * @csspart add-participant-input - The add-participant target field.
 * @csspart add-participant-error - Why the phone refused the last target to add (present only then).
 * @csspart add-button - Dials the target into the conversation; Enter in the field does too.
 *
 * @cssprop [--phone-color=light-dark(#1b1f24, #e6edf3)] - Text; background of a toggle that is on.
 * @cssprop [--phone-background=light-dark(#ffffff, #161b22)] - Background of the popover; text of a toggle that is on.
 * @cssprop [--phone-border=1px solid light-dark(#d0d7de, #3d444d)] - Border of the popover.
 * @cssprop [--phone-muted-color=light-dark(#57606a, #9198a1)] - State, duration, key letters and unlit quality bars.
 * @cssprop [--phone-key-background=light-dark(#f6f8fa, #21262d)] - Background of the buttons and keys.
 * @cssprop [--phone-field-background=light-dark(#ffffff, #0d1117)] - Background of the transfer field.
 * @cssprop [--phone-field-border=light-dark(#6e7781, #768390)] - Border of the transfer field.
 * @cssprop [--phone-accept-background=#1a7f37] - Mark of the active call; Transfer now and Complete transfer buttons; lit quality bars.
 * @cssprop [--phone-accept-color=#ffffff] - Text of the Transfer now and Complete transfer buttons.
 * @cssprop [--phone-reject-background=#cf222e] - Hang up button.
 * @cssprop [--phone-reject-color=#ffffff] - Text of the Hang up button.
 * @cssprop [--phone-error-color=light-dark(#cf222e, #ff7b72)] - Why a transfer was refused; the one-way-audio warning; lit bars of a poor call.
 * @cssprop [--phone-video-background=#000000] - Behind the videos, where no picture is (yet).
 * @cssprop [--phone-focus-color=light-dark(#0969da, #4493f8)] - Focus outline.
 * @cssprop [--phone-control-radius=0.5rem] - Corner radius of buttons, field and popover.
 * @cssprop [--phone-control-size=2.75rem] - Smallest height of buttons and field (touch target).
 * @cssprop [--phone-tooltip-background=light-dark(#1b1f24, #e6edf3)] - Tooltip background under `compact`.
 * @cssprop [--phone-tooltip-color=light-dark(#ffffff, #1b1f24)] - Tooltip text under `compact`.
 */
export class PhoneCallElement extends LocalizedElement {
  static override styles = [themeStyles, emptyHostStyles, keypadStyles, popoverStyles, targetFormStyles, iconStyles, tooltipStyles, phoneCallStyles];

  /** Icon-only buttons, each with a tooltip (on hover and keyboard focus); their accessible names stay. */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** The popover shown, if any: whose (a call's or a conference's id), and which one. */
  @state() private open: { owner: string; kind: PopoverKind } | null = null;

  readonly #state = new PhoneState(this, (phone) => [
    phone.mergeable.length,
    ...presenceShown(phone),
    ...phone.calls.flatMap(callShown),
    ...phone.conferences.flatMap(conferenceShown),
  ]);
  readonly #internals = this.attachInternals();
  readonly #form = new TargetForm(this);
  /** The calls listed on their own rows: those in no conference. */
  #calls: PhoneCall[] = [];
  #conferences: PhoneConference[] = [];
  /** What had the focus in our shadow root before this render. */
  #focused: Element | null = null;
  /** A control to move the focus to after this render, if the render took it away. */
  #focusNext = '';

  constructor() {
    super();
    new TooltipController(this);
    new ClockController(this, () => this.#state.phone?.calls.some((call) => call.answeredAt !== null) ?? false);
    new PopoverController(this, {
      find: () => findPopover(this.renderRoot, POPOVER_ID),
      dismiss: () => (this.open = null),
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const phone = this.#state.phone;
    this.#calls = activeFirst(phone?.calls.filter((call) => call.state !== 'incoming' && call.conferenceId === null) ?? []);
    this.#conferences = [...(phone?.conferences ?? [])];
    // A popover whose call ended, joined a conference or is being transferred (or whose conference ended) has nothing left to do.
    const call = this.#calls.find((candidate) => candidate.id === this.open?.owner);
    const conference = this.#conferences.find((candidate) => candidate.id === this.open?.owner);
    // Mute applies exactly while a call is up: answered and not being transferred.
    if (this.open && !call?.can('mute') && !conference) this.open = null;
    this.#focused = this.shadowRoot!.activeElement;
  }

  protected override render() {
    if (this.#calls.length === 0 && this.#conferences.length === 0) return nothing;
    const s = stringsFor(this);
    // A conference is one conversation: listed first unless it is on hold.
    const rows: (PhoneCall | PhoneConference)[] = [
      ...this.#conferences.filter((conference) => !conference.held),
      ...this.#calls,
      ...this.#conferences.filter((conference) => conference.held),
    ];
    const mergeable = this.#state.phone?.mergeable.length ?? 0;
    return html`<ul role="list" aria-label=${s.calls}>
        ${repeat(rows, (row) => row.id, (row) => ('participants' in row ? this.#conferenceRow(row, s) : this.#row(row, s)))}
      </ul>
      ${mergeable
        ? html`<button type="button" part="merge-button" aria-label=${s.mergeCalls} @click=${() => this.#merge()}>
            ${iconLabel('merge', s.merge)}
          </button>`
        : nothing}`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    setEmpty(this.#internals, this.#calls.length === 0 && this.#conferences.length === 0);
    // Moving a row (the active call goes first) or closing a popover drops the focus
    // of what was inside: give it back, but only if it was ours to begin with.
    const next = this.#focusNext ? this.renderRoot.querySelector(this.#focusNext) : this.#focused;
    this.#focusNext = '';
    if (this.#focused && !this.shadowRoot!.activeElement && next instanceof HTMLElement && next.isConnected) next.focus();
  }

  #row(call: PhoneCall, s: Strings) {
    const name = partyName(call.remote, s);
    const { answeredAt, consultingFor } = call;
    // The latest sample while media flows; an answered call that is not yet established has none.
    const quality = call.state === 'established' ? call.quality : null;
    return html`<li part=${call.active ? 'call active' : 'call'} data-call=${call.id}>
      <div class="summary">
        ${consultingFor ? html`<span part="consultation">${s.consultationFor(partyName(consultingFor.remote, s))}</span>` : nothing}
        <span part="remote" dir="auto">${name}</span>
        <span class="progress">
          <span part=${call.reconnecting ? 'state reconnecting' : 'state'} role="status">${stateLabel(call, s)}</span>
          ${call.muted ? html`<span part="muted">${s.muted}</span>` : nothing}
          ${answeredAt === null ? nothing : html`<span part="duration">${formatDuration(Date.now() - answeredAt)}</span>`}
          ${call.recordingSince === null ? nothing : html`<span part="recording">${s.recordingFor(formatDuration(Date.now() - call.recordingSince))}</span>`}
          ${quality ? qualityBars(quality.bars, s) : nothing}
        </span>
        ${quality?.warning === 'no-inbound-audio' ? html`<p part="quality-warning" role="alert">${s.noInboundAudio}</p>` : nothing}
      </div>
      ${this.#video(call, name, s)}
      <div part="controls">
        <button type="button" part="hangup-button" class="reject" aria-label=${s.hangUpCallWith(name)} @click=${() => call.hangup()}>
          ${iconLabel('hangup', s.hangUp)}
        </button>
        <button
          type="button"
          part="mute-button"
          aria-label=${s.muteCallWith(name)}
          aria-pressed=${call.muted ? 'true' : 'false'}
          ?disabled=${!call.can('mute')}
          @click=${() => void attempt(() => (call.muted ? call.unmute() : call.mute()))}
        >
          ${iconLabel('mic', s.mute)}
        </button>
        ${holdToggle(
          call,
          'hold-button',
          { hold: s.holdCallWith(name), resume: s.resumeCallWith(name) },
          { hold: iconLabel('pause', s.hold), resume: iconLabel('play', s.resume) },
        )}
        ${this.#trigger(call.id, 'keypad', 'keypad', s.keypad, s.keypadCallWith(name), call.can('sendDTMF'))}
        ${this.#trigger(call.id, 'transfer', 'transfer', s.transfer, s.transferCallWith(name), call.can('transfer'))}
        ${this.#trigger(call.id, 'add-participant', 'addPerson', s.addParticipant, s.addParticipantToCall(name), call.can('addParticipant'))}
        <button
          type="button"
          part="record-button"
          aria-label=${s.recordCallWith(name)}
          aria-pressed=${call.recording ? 'true' : 'false'}
          ?disabled=${!call.can(call.recording ? 'stopRecording' : 'record')}
          @click=${() => void attempt(() => (call.recording ? call.stopRecording() : call.startRecording()))}
        >
          ${iconLabel('record', s.record)}
        </button>
        ${!call.can('completeTransfer') && !(call.consultation && call.transferring)
          ? nothing
          : html`<button
              type="button"
              part="complete-transfer-button"
              class="accept"
              aria-label=${s.completeTransferOf(name, partyName(call.consultation!.remote, s))}
              ?disabled=${!call.can('completeTransfer')}
              @click=${() => void attempt(() => call.completeTransfer())}
            >
              ${iconLabel('check', s.completeTransfer)}
            </button>`}
        ${videoOf(call.localStream)
          ? html`<button
              type="button"
              part="camera-button"
              aria-label=${s.stopVideoCallWith(name)}
              aria-pressed=${call.cameraOn ? 'false' : 'true'}
              @click=${() => void attempt(() => call.setCamera(!call.cameraOn))}
            >
              ${iconLabel('video', s.stopVideo)}
            </button>`
          : nothing}
      </div>
      ${this.open?.owner === call.id ? this.#callPopover(call, this.open.kind, name, s) : nothing}
    </li>`;
  }

  /**
   * A video call's pictures: theirs, and ours as a mirror-image preview. Both elements
   * are muted: the call's sound already plays through the phone's own audio element.
   */
  #video(call: PhoneCall, name: string, s: Strings) {
    const theirs = videoOf(call.remoteStream);
    const ours = videoOf(call.localStream);
    if (!theirs && !ours) return nothing;
    // The muted property, not the attribute: the attribute only sets the default.
    return html`<div part="media">
      ${theirs
        ? html`<video part="remote-video" aria-label=${s.videoFrom(name)} autoplay playsinline .muted=${true} .srcObject=${theirs}></video>`
        : nothing}
      ${ours
        ? html`<video part="local-video" aria-label=${s.yourVideo} autoplay playsinline .muted=${true} .srcObject=${ours}></video>`
        : nothing}
    </div>`;
  }

  /**
   * A conference as one row: its state, its participants (and the calls still joining it),
   * each with its own Hold and Drop, and the controls that act on everyone.
   */
  #conferenceRow(conference: PhoneConference, s: Strings) {
    const members = [...conference.participants, ...conference.joining];
    const held = conference.held;
    return html`<li part="conference" data-conference=${conference.id}>
      <div class="summary">
        <span part="remote">${s.conference}</span>
        <span class="progress">
          <span part="state" role="status">${held ? s.onHold : s.connected}</span>
          ${conference.muted ? html`<span part="muted">${s.muted}</span>` : nothing}
        </span>
      </div>
      <ul part="participants" role="list" aria-label=${s.participants}>
        ${repeat(members, (call) => call.id, (call) => this.#participant(conference, call, s))}
      </ul>
      <div part="controls">
        <button
          type="button"
          part="mute-button"
          aria-label=${s.muteConference}
          aria-pressed=${conference.muted ? 'true' : 'false'}
          @click=${() => void attempt(() => (conference.muted ? conference.unmute() : conference.mute()))}
        >
          ${iconLabel('mic', s.mute)}
        </button>
        <button
          type="button"
          part="hold-button"
          aria-label=${held ? s.resumeConference : s.holdConference}
          aria-pressed=${held ? 'true' : 'false'}
          @click=${() => void attempt(() => (held ? conference.resume() : conference.hold()))}
        >
          ${held ? iconLabel('play', s.resume) : iconLabel('pause', s.hold)}
        </button>
        ${this.#trigger(conference.id, 'add-participant', 'addPerson', s.addParticipant, s.addParticipantToConference, true)}
        <button type="button" part="hangup-button" class="reject" aria-label=${s.hangUpConference} @click=${() => conference.hangup()}>
          ${iconLabel('hangup', s.hangUp)}
        </button>
      </div>
      ${this.open?.owner === conference.id
        ? this.#popover(s.addParticipantToConference, this.#addForm(s, (target) => this.#addTo(conference, target)))
        : nothing}
    </li>`;
  }

  /** One participant: who, how (held, calling…), and Hold and Drop for them alone. */
  #participant(conference: PhoneConference, call: PhoneCall, s: Strings) {
    const name = partyName(call.remote, s);
    return html`<li part="participant" data-call=${call.id}>
      <span class="summary">
        <span part="participant-name" dir="auto">${name}</span>
        <span part="participant-state">${stateLabel(call, s)}</span>
      </span>
      ${holdToggle(call, 'participant-hold-button', { hold: s.holdParticipant(name), resume: s.resumeParticipant(name) }, { hold: s.hold, resume: s.resume })}
      <button type="button" part="participant-drop-button" aria-label=${s.dropParticipant(name)} @click=${() => this.#drop(conference, call)}>
        ${s.drop}
      </button>
    </li>`;
  }

  /** A button that opens (and closes) one of the popovers of a call or conference (`owner`, its id). */
  #trigger(owner: string, kind: PopoverKind, glyph: IconName, text: string, label: string, enabled: boolean) {
    const open = this.open?.owner === owner && this.open.kind === kind;
    return html`<button
      type="button"
      part="${kind}-button"
      aria-label=${label}
      aria-haspopup="dialog"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls=${open ? POPOVER_ID : nothing}
      ?disabled=${!enabled}
      @click=${() => this.#toggle(owner, kind)}
    >
      ${iconLabel(glyph, text)}
    </button>`;
  }

  #callPopover(call: PhoneCall, kind: PopoverKind, name: string, s: Strings) {
    if (kind === 'keypad') {
      return this.#popover(
        s.keypadCallWith(name),
        keypad({ label: s.keypad, disabled: false, onKey: (key) => this.#sendTone(call, key) }),
        (event) => this.#onKeyboardDigit(call, event),
      );
    }
    if (kind === 'add-participant') {
      // The call and the target become a conference; the target joins when it answers.
      return this.#popover(s.addParticipantToCall(name), this.#addForm(s, (target) => this.#state.phone!.addToCall(call, target)));
    }
    const transfer: TargetField = {
      prefix: 'transfer',
      label: s.transferTarget,
      // The watched users (busy lamps) as targets: who is free shows in the list.
      suggestions: (this.#state.phone?.presence ?? []).map(({ user, state }) => ({ value: user, label: `${user} — ${s.presenceStates[state]}` })),
      actions: [
        { part: 'transfer-now-button', text: s.transferNow, run: (target) => call.transfer(target) },
        {
          part: 'consult-button',
          text: s.consultFirst,
          run: async (target) => {
            const consultation = await call.attendedTransfer(target);
            this.open = null;
            // The next step is the consultation's: talk, then hang up or complete.
            this.#focusNext = `[data-call="${consultation.id}"] [part~="hangup-button"]`;
          },
        },
      ],
    };
    return this.#popover(s.transferCallWith(name), this.#form.render(transfer, (error) => s.error(error.code, error.message)));
  }

  /** The add-participant form: `add` dials the target into the conversation; the popover closes once it is dialled. */
  #addForm(s: Strings, add: (target: string) => Promise<PhoneConference | void>) {
    const field: TargetField = {
      prefix: 'add-participant',
      label: s.participantTarget,
      actions: [
        {
          part: 'add-button',
          text: s.addNow,
          run: async (target) => {
            const conference = await add(target);
            this.open = null;
            // The row that had the focus may have become the conference's.
            if (conference) this.#focusNext = `[data-conference="${conference.id}"] [part~="add-participant-button"]`;
          },
        },
      ],
    };
    return this.#form.render(field, (error) => s.error(error.code, error.message));
  }

  /**
   * Dials `target` and adds it to `conference`: it joins when it answers. Dialled first, so
   * the popover can close then; a failure to join is reported by `phone-conference-left`.
   */
  async #addTo(conference: PhoneConference, target: string): Promise<void> {
    const call = await this.#state.phone!.call(target);
    conference.add(call).catch(() => undefined);
  }

  /** Merge: its button goes away with the merge, so the focus goes on to the conference's row. */
  #merge(): void {
    this.#focusNext = '[part~="conference"] [part~="add-participant-button"]';
    void attempt(() => this.#state.phone?.merge());
  }

  /**
   * Drop: the participant's row goes away, so the focus goes on to the conference's row,
   * or to the call left when the conference ended with it (the first match in the list).
   */
  #drop(conference: PhoneConference, call: PhoneCall): void {
    this.#focusNext = `[data-conference="${conference.id}"] [part~="add-participant-button"], [part~="call"] [part~="hangup-button"]`;
    void attempt(() => conference.remove(call));
  }

  #popover(label: string, content: unknown, onKeydown?: (event: KeyboardEvent) => void) {
    return html`<div
      id=${POPOVER_ID}
      part="popover"
      popover="manual"
      tabindex="-1"
      role="dialog"
      aria-label=${label}
      @keydown=${onKeydown ?? nothing}
    >
      ${content}
    </div>`;
  }

  #toggle(owner: string, kind: PopoverKind): void {
    const same = this.open?.owner === owner && this.open.kind === kind;
    this.open = same ? null : { owner, kind };
    if (!same) this.#form.reset();
  }

  #onKeyboardDigit(call: PhoneCall, event: KeyboardEvent): void {
    if (this.open?.kind !== 'keypad' || !DTMF_KEY.test(event.key) || event.repeat) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    this.#sendTone(call, event.key);
  }

  #sendTone(call: PhoneCall, key: string): void {
    // The local tone is feedback for the press; the phone reports a refused send as phone-error.
    playKeyTone(key);
    void attempt(() => call.sendDTMF(key));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'phone-call': PhoneCallElement;
  }
}
