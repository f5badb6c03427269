import { ContextProvider } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { phoneContext } from '../../context.js';
import { ClickToDialController } from '../../embed/click-to-dial.js';
import type { ConferenceMember, PhoneConference } from '../../engine/conference.js';
import type { PhoneCall } from '../../engine/phone-call.js';
import { CONFIG_FIELDS, CONFIG_KEYS, resolveConfig, type CallerId, type ConfigKey, type IceServersProvider, type PhoneConfig } from '../../engine/config.js';
import { PhoneController, type CallOptions, type RoomOptions } from '../../engine/phone-controller.js';
import type { PresenceDetail, VoicemailDetail } from '../../events/phone-events.js';
import type { CallHistory } from '../../engine/call-history.js';
import { createPhoneEvent, PHONE_EVENT_NAMES } from '../../events/phone-events.js';
import { stringsFor, type Strings } from '../../i18n/strings.js';
import { iconLabel } from '../shared/icons.js';
import { statusText, statusTone } from '../shared/status.js';
import { TooltipController } from '../shared/tooltip.js';
import { LocalizedElement } from '../shared/language.js';
import { ShortcutsController } from './shortcuts.js';
import { softPhoneStyles } from './soft-phone.styles.js';

/** The default layout's views, beside each other under one tab list. */
type View = 'keypad' | 'recent';
const VIEWS: readonly View[] = ['keypad', 'recent'];

/** A setting's value when nothing sets it: its default, or empty text. */
function unset(key: ConfigKey): string | number | boolean {
  const field = CONFIG_FIELDS[key];
  return 'default' in field ? field.default : '';
}

/**
 * @tagname soft-phone
 * @summary The phone itself: connects to a SIP server over WebSocket, registers,
 * and provides its calls to the `<phone-*>` elements inside it.
 *
 * With no element children it shows the default layout, call-first: a registration
 * chip (our name and number, and the state in words and colour), a banner while the
 * connection is being re-established, then the calls: `<phone-incoming>` (a ringing
 * call as a card, a call waiting while we talk as a banner) and `<phone-call>`. Under
 * them, `<phone-dialer>` or `<phone-history>` under Keypad and Recent tabs; while a
 * call rings or is up, those fold into a New call button that unfolds them (and
 * they fold again once the new call is placed). With children, they are the layout.
 * Showing Recent marks the missed calls seen.
 *
 * `compact` shows icon-only buttons (their names stay, a tooltip shows them on hover
 * and keyboard focus). `shortcuts` turns on page-wide keyboard shortcuts, never while
 * the user types in a field: Alt+Shift+A answers the newest ringing call (holding the
 * current one), Alt+Shift+E hangs up (or cancels the call being placed), Alt+Shift+M
 * mutes and unmutes, Alt+Shift+H holds and resumes (matched by physical key).
 * Every `phone-*` event bubbles and is composed, so `document` hears them all.
 *
 * @slot - A custom layout: any `<phone-*>` elements and markup of your own.
 *
 * @fires {CustomEvent<import('../../events/phone-events.js').ConnectingDetail>} phone-connecting - The WebSocket is connecting (`attempt` counts retries).
 * @fires {CustomEvent<import('../../events/phone-events.js').ServerDetail>} phone-connected - The WebSocket is open.
 * @fires {CustomEvent<import('../../events/phone-events.js').DisconnectedDetail>} phone-disconnected - The WebSocket closed.
 * @fires {CustomEvent<import('../../events/phone-events.js').RegistrationDetail>} phone-registered - The server accepted our registration.
 * @fires {CustomEvent<import('../../events/phone-events.js').RegistrationDetail>} phone-unregistered - We are no longer registered.
 * @fires {CustomEvent<import('../../events/phone-events.js').RegistrationFailedDetail>} phone-registration-failed - The server refused the registration (`code` 401/403: check the credentials).
 * @fires {CustomEvent<import('../../events/phone-events.js').CallIncomingDetail>} phone-call-incoming - A call arrived and rings.
 * @fires {CustomEvent<import('../../events/phone-events.js').CallTryingDetail>} phone-call-trying - Our INVITE is on the wire.
 * @fires {CustomEvent<import('../../events/phone-events.js').CallRingingDetail>} phone-call-ringing - The far end rings.
 * @fires {CustomEvent<import('../../events/phone-events.js').CallDetail>} phone-call-answered - The call was answered (200 OK).
 * @fires {CustomEvent<import('../../events/phone-events.js').CallDetail>} phone-call-established - Media is connected: the parties can talk.
 * @fires {CustomEvent<import('../../events/phone-events.js').CallEndedDetail>} phone-call-ended - The call ended; `reason` and `by` say how.
 * @fires {CustomEvent<import('../../events/phone-events.js').CallRecord>} phone-call-logged - The call's record for the call log, after `phone-call-ended` (also kept in `history` unless `history="off"`).
 * @fires {CustomEvent<import('../../events/phone-events.js').CallHoldDetail>} phone-call-held - The call was put on hold (`by` 'local' or 'remote').
 * @fires {CustomEvent<import('../../events/phone-events.js').CallHoldDetail>} phone-call-resumed - The call came off hold.
 * @fires {CustomEvent<import('../../events/phone-events.js').CallDetail>} phone-call-muted - Our microphone was muted for the call.
 * @fires {CustomEvent<import('../../events/phone-events.js').CallDetail>} phone-call-unmuted - Our microphone was unmuted.
 * @fires {CustomEvent<import('../../events/phone-events.js').CallDtmfDetail>} phone-call-dtmf - DTMF tones were sent or received.
 * @fires {CustomEvent<import('../../events/phone-events.js').CallTransferredDetail>} phone-call-transferred - The call was transferred.
 * @fires {CustomEvent<import('../../events/phone-events.js').CallQualityDetail>} phone-call-quality - A call-quality sample, every few seconds of an established call (`warning` flags one-way audio).
 * @fires {CustomEvent<import('../../events/phone-events.js').CallDetail>} phone-call-reconnecting - The call's media broke while signalling stays up; the phone restarts ICE until it comes back.
 * @fires {CustomEvent<import('../../events/phone-events.js').CallDetail>} phone-call-reconnected - The call's media is back after `phone-call-reconnecting`.
 * @fires {CustomEvent<import('../../events/phone-events.js').RoomParticipantsDetail>} phone-room-participants - The participants of a room call (`joinRoom`) changed, as its server's conference event package lists them.
 * @fires {CustomEvent<import('../../events/phone-events.js').ConferenceStartedDetail>} phone-conference-started - A conference began with these calls (answered ones merged, targets dialled).
 * @fires {CustomEvent<import('../../events/phone-events.js').ConferenceCallDetail>} phone-conference-joined - A call is in the conference's mix: it hears and is heard by everyone.
 * @fires {CustomEvent<import('../../events/phone-events.js').ConferenceLeftDetail>} phone-conference-left - A call left the conference, or never joined it (`reason`: removed, hangup, busy, no-answer…).
 * @fires {CustomEvent<import('../../events/phone-events.js').ConferenceDetail>} phone-conference-ended - The conference ended: one remote party or none was left (a last call carries on as an ordinary call).
 * @fires {CustomEvent<import('../../events/phone-events.js').RecordingDetail>} phone-recording-started - A call (`callId`) or a conference (`conferenceId`) started recording.
 * @fires {CustomEvent<import('../../events/phone-events.js').RecordingStoppedDetail>} phone-recording-stopped - A recording ended (stopped, or its call ended however it ended): `recording` is the Blob, two channels, ours left.
 * @fires {CustomEvent<import('../../events/phone-events.js').DeviceLostDetail>} phone-device-lost - A device in use went away (a headset unplugged): calls and tones switched to the default one of that `kind`.
 * @fires {CustomEvent<import('../../events/phone-events.js').DndDetail>} phone-dnd - Do not disturb was switched on or off (`on`), by the `dnd` setting or the dialer's toggle.
 * @fires {CustomEvent<import('../../events/phone-events.js').PresenceDetail>} phone-presence - A watched user's lamp changed (`watch()`): idle, ringing, busy, offline or unknown.
 * @fires {CustomEvent<import('../../events/phone-events.js').VoicemailDetail>} phone-voicemail - Our mailbox changed: messages waiting, new and old voice-message counts.
 * @fires {CustomEvent<import('../../events/phone-events.js').TabRoleDetail>} phone-tab-role - This tab's role for the account changed: `leader` (it holds the registration and the media), `follower` (another tab does; this one mirrors and drives it) or `independent`.
 * @fires {CustomEvent<import('../../events/phone-events.js').PhoneErrorDetail>} phone-error - Something was refused or failed: a bad target or configuration, no microphone, no connection, a `wss://` server that never opens (its certificate may be untrusted).
 *
 * @csspart layout - The default layout's container (absent with a custom layout).
 * @csspart status-chip - The registration chip: a coloured dot, the state in words (class `ready`, `pending` or `down`), our name and number.
 * @csspart status-text - The state in the chip: Ready, Registering…, Not connected…
 * @csspart identity - Our display name and SIP user in the chip.
 * @csspart reconnecting-banner - "Connection lost. Reconnecting… attempt 2", while the phone waits to reconnect, with its Reconnect now button.
 * @csspart banner-reconnect-button - Reconnect now, in the banner.
 * @csspart audio-elsewhere - In a follower tab with a call: "Audio is playing in another tab" (the leader tab holds the media; only one tab rings).
 * @csspart new-call-button - While a call rings or is up: unfolds (and folds) the dialer and its tabs (`aria-expanded`).
 * @csspart dialer-panel - The tabs and their views (the dialer, the call log); folded while a call rings or is up.
 * @csspart tooltip - Under `compact`, the label of the button pointed at or focused.
 * @csspart views - The default layout's tab list: Keypad and Recent.
 * @csspart view-tab - Each of its tabs.
 * @csspart missed-count - On the Recent tab: how many calls were missed since the list was last seen (present only then).
 *
 * @cssprop [--phone-width=20rem] - Width of the phone.
 * @cssprop [--phone-color=light-dark(#1b1f24, #e6edf3)] - Text color.
 * @cssprop [--phone-background=light-dark(#ffffff, #161b22)] - Background.
 * @cssprop [--phone-border=1px solid light-dark(#d0d7de, #3d444d)] - Border of the phone.
 * @cssprop [--phone-radius=0.75rem] - Corner radius.
 * @cssprop [--phone-padding=0.75rem] - Inner padding.
 * @cssprop [--phone-gap=0.5rem] - Space between the parts of the default layout.
 * @cssprop [--phone-dialer-control-size=2.375rem] - Smallest height of the default layout's dialer keys, field and buttons (so the idle phone fits 320 × 480).
 * @cssprop [--phone-font-family=system-ui, sans-serif] - Font.
 * @cssprop [--phone-font-size=0.9375rem] - Base font size.
 * @cssprop [--phone-key-background=light-dark(#f6f8fa, #21262d)] - Background of the Keypad/Recent tab list.
 * @cssprop [--phone-field-border=light-dark(#6e7781, #768390)] - Edge of the selected tab.
 * @cssprop [--phone-control-radius=0.5rem] - Corner radius of the tab list.
 * @cssprop [--phone-focus-color=light-dark(#0969da, #4493f8)] - Focus outline of the tabs.
 * @cssprop [--phone-reject-background=#cf222e] - Background of the missed-calls count.
 * @cssprop [--phone-reject-color=#ffffff] - Text of the missed-calls count.
 * @cssprop [--phone-accept-background=#1a7f37] - Dot of the chip when ready.
 * @cssprop [--phone-warning-background=#bf8700] - Dot of the chip while connecting or registering; edge of the reconnecting banner.
 * @cssprop [--phone-error-color=light-dark(#cf222e, #ff7b72)] - Dot of the chip when not taking calls.
 * @cssprop [--phone-muted-color=light-dark(#57606a, #9198a1)] - Our SIP user in the chip.
 * @cssprop [--phone-control-size=2.75rem] - Smallest height of the New call button.
 * @cssprop [--phone-tooltip-background=light-dark(#1b1f24, #e6edf3)] - Tooltip background under `compact`.
 * @cssprop [--phone-tooltip-color=light-dark(#ffffff, #1b1f24)] - Tooltip text under `compact`.
 */
export class SoftPhoneElement extends LocalizedElement {
  static override styles = softPhoneStyles;

  /** Color theme: `light`, `dark`, or unset to follow the page (`prefers-color-scheme`). */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;
  /**
   * WebSocket URL of the SIP server (`wss://…`, or `ws://` for a local server). Several, in
   * order of preference, to fail over between: separated by commas or spaces, or a JSON
   * array; an array as a property.
   */
  @property() server: string | readonly string[] = '';
  /** Our SIP address, e.g. `sip:alice@example.com`. */
  @property() uri = '';
  /** SIP password. Also settable as a property; never reflected to an attribute, never logged. */
  @property() password = '';
  /** Digest user name, when it differs from the user of `uri`. */
  @property({ attribute: 'auth-user' }) authUser = '';
  /** Name shown to the people we call. */
  @property({ attribute: 'display-name' }) displayName = '';
  /**
   * STUN/TURN servers as JSON: `[{"urls": "turn:turn.example.com", "username": "…", "credential": "…"}]`.
   * As a property, also an array, or a function asked before each call that returns them
   * (or a promise of them): for short-lived TURN credentials.
   */
  @property({ attribute: 'ice-servers' }) iceServers: string | RTCIceServer[] | IceServersProvider = '';
  /** `relay` sends media only through the TURN servers of `ice-servers` (no host or server-reflexive candidates); `all` (default) uses every path. */
  @property({ attribute: 'ice-transport-policy' }) iceTransportPolicy: RTCIceTransportPolicy = CONFIG_FIELDS.iceTransportPolicy.default;
  /** Longest wait for ICE candidates before a call's INVITE (or answer) leaves, in milliseconds (0–60000). */
  @property({ attribute: 'ice-gathering-timeout', type: Number }) iceGatheringTimeout: number = CONFIG_FIELDS.iceGatheringTimeout.default;
  /** Most calls up at once (1–16); beyond it incoming calls get 486 Busy Here. */
  @property({ attribute: 'max-calls', type: Number }) maxCalls: number = CONFIG_FIELDS.maxCalls.default;
  /** How often the connection is checked, in milliseconds (1000–300000); a dead one is replaced within twice that (at most this plus 10 s). */
  @property({ attribute: 'keepalive-interval', type: Number }) keepaliveInterval: number = CONFIG_FIELDS.keepaliveInterval.default;
  /**
   * How `joinRoom(room)` reaches a conference room: a SIP URI with `{room}` in its user part,
   * e.g. `sip:{room}@conference.example.com`; unset, `sip:{room}@<domain of uri>`.
   */
  @property({ attribute: 'room-uri' }) roomUri = '';
  /** `off` keeps no call log (nothing is stored; `phone-call-logged` still fires); `on` (default) keeps it in IndexedDB, per account. */
  @property({ attribute: 'history' }) historyMode: 'on' | 'off' = CONFIG_FIELDS.historyMode.default;
  /** Most calls the call log keeps (1–10000); beyond it the oldest are dropped. */
  @property({ attribute: 'history-limit', type: Number }) historyLimit: number = CONFIG_FIELDS.historyLimit.default;
  /**
   * Records every call from its answer, in two channels (our microphone left, the other
   * side right); `phone-recording-stopped` delivers each recording as a Blob when it ends.
   */
  @property({ attribute: 'auto-record', type: Boolean }) autoRecord: boolean = CONFIG_FIELDS.autoRecord.default;
  /**
   * Answers every incoming call by itself after this many milliseconds (0: at once), after
   * a short tone; unset, calls ring until someone answers.
   */
  @property({ attribute: 'auto-answer', type: Number }) autoAnswer: number | null = null;
  /**
   * Honours a caller's intercom or paging request: `Call-Info: <…>;answer-after=N` (seconds)
   * or `Alert-Info: <…>;info=alert-autoanswer` answers the call by itself.
   */
  @property({ attribute: 'allow-intercom', type: Boolean }) allowIntercom: boolean = CONFIG_FIELDS.allowIntercom.default;
  /** Do not disturb: incoming calls are refused at once with `dnd-response`, without ringing (they are still logged). */
  @property({ type: Boolean }) dnd: boolean = CONFIG_FIELDS.dnd.default;
  /** The refusal under `dnd`: `486` Busy Here (default), `480` Temporarily Unavailable or `603` Decline. */
  @property({ attribute: 'dnd-response' }) dndResponse: '486' | '480' | '603' | 486 | 480 | 603 = CONFIG_FIELDS.dndResponse.default;
  /**
   * Which headers of an incoming call `phone-call-incoming` carries in `headers` (names, `X-*`
   * for every X- header; commas, spaces or JSON); default `X-*`, P-Asserted-Identity,
   * Diversion, History-Info, Call-Info, Alert-Info.
   */
  @property({ attribute: 'expose-headers' }) exposeHeaders: string | readonly string[] = '';
  /** Names the caller by P-Asserted-Identity (set it only when your server vouches for that header). */
  @property({ attribute: 'trust-identity', type: Boolean }) trustIdentity: boolean = CONFIG_FIELDS.trustIdentity.default;
  /**
   * Identities to call as, offered by the dialer: JSON `[{"uri": "sip:sales@example.com", "name": "Sales"}]`
   * (each with a `uri`, a `name` or both); as a property, also the array.
   */
  @property({ attribute: 'caller-ids' }) callerIds: string | readonly CallerId[] = '';
  /** What the dialer's Voicemail button calls (`*97`, `sip:voicemail@example.com`); unset, the dialer shows no such button. */
  @property({ attribute: 'voicemail-uri' }) voicemailUri = '';
  /** Clicks on `tel:` and `sip:` links anywhere in the document dial through this phone. */
  @property({ attribute: 'click-to-dial', type: Boolean }) clickToDial = false;
  /** Do not remember the chosen microphone, camera, speaker and ringer in localStorage for the next visit. */
  @property({ attribute: 'forget-devices', type: Boolean }) forgetDevices = false;
  /**
   * `shared` (default): the tabs of this origin with the same account share one
   * registration, held by a leader tab; `independent`: this phone registers on its own.
   */
  @property() tabs: 'shared' | 'independent' = CONFIG_FIELDS.tabs.default;

  /** Icon-only buttons in the default layout, each with a tooltip; their accessible names stay. A view setting, not a phone setting. */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** Page-wide keyboard shortcuts (Alt+Shift+A answer, E hang up, M mute, H hold), never while typing in a field. */
  @property({ type: Boolean, reflect: true }) shortcuts = false;

  @state() private customLayout = false;
  @state() private view: View = 'keypad';
  /** While a call rings or is up: whether the user unfolded the dialer with New call. */
  @state() private dialerOpen = false;

  readonly #phone = this.createController();
  #watch: AbortController | null = null;

  constructor() {
    super();
    new ContextProvider(this, { context: phoneContext, initialValue: this.#phone });
    new ClickToDialController(this);
    new TooltipController(this);
    new ShortcutsController(this, this.#phone, () => this.shortcuts);
    for (const name of PHONE_EVENT_NAMES) {
      this.#phone.addEventListener(name, (event) => this.dispatchEvent(createPhoneEvent(name, event.detail)));
    }
    // The dialer's toggle switches the controller: the property follows it.
    this.#phone.addEventListener('phone-dnd', (event) => (this.dnd = event.detail.on));
  }

  /**
   * Makes the controller behind this element, once, while the element is constructed
   * (so before a subclass's own fields exist). A seam for the screenshot tests, which
   * draw every state of the default layout from a stand-in phone with fixed names.
   * @internal
   */
  protected createController(): PhoneController {
    return new PhoneController();
  }

  /** The headless controller behind this element, for advanced use. */
  get controller(): PhoneController {
    return this.#phone;
  }
  /** Calls that have not ended, oldest first. */
  get calls(): readonly PhoneCall[] {
    return this.#phone.calls;
  }
  /**
   * The call log of this account: `list({limit?, before?})` (newest first), `remove(callId)`,
   * `clear()`, `missed` and `markSeen()`.
   */
  get history(): CallHistory {
    return this.#phone.history;
  }
  /**
   * `leader`: this tab holds the account's registration and media; `follower`: another
   * tab of this origin does, and this one mirrors its calls and drives them;
   * `independent`: this phone is on its own (`tabs="independent"`, or no Web Locks here).
   * Null until the phone started; `phone-tab-role` tells of each change.
   */
  get tabRole(): 'leader' | 'follower' | 'independent' | null {
    return this.#phone.tabRole;
  }
  /** True while the server holds our registration. */
  get registered(): boolean {
    return this.#phone.registered;
  }

  /** Calls a name, extension, number or SIP address. Rejects (and fires `phone-error`) for bad input. */
  call(target: string, options?: CallOptions): Promise<PhoneCall> {
    return this.#phone.call(target, options);
  }
  /**
   * Joins a conference room by its id (at most 64 characters) through the `room-uri`
   * template; the call's `roomParticipants` list who is in it when the room server offers
   * the conference event package. Rejects (and fires `phone-error`) for a bad room id.
   */
  joinRoom(room: string, options?: RoomOptions): Promise<PhoneCall> {
    return this.#phone.joinRoom(room, options);
  }
  /**
   * Watches users' lamps (busy lamp field, RFC 4235): names, extensions or SIP addresses,
   * as an array or one string separated by commas. `phone-presence` reports each lamp.
   */
  watch(users: string | readonly string[]): string[] {
    return this.#phone.watch(users);
  }
  /** Stops watching users (their subscriptions end). */
  unwatch(users: string | readonly string[]): void {
    this.#phone.unwatch(users);
  }
  /** Every watched user's lamp: `{user, uri, state}`. */
  get presence(): PresenceDetail[] {
    return this.#phone.presence;
  }
  /** Our mailbox (`{waiting, newMessages, oldMessages}`), null before the server told; see `phone-voicemail`. */
  get voicemail(): VoicemailDetail | null {
    return this.#phone.voicemail;
  }
  /** The active call with this id. */
  getCall(id: string): PhoneCall | undefined {
    return this.#phone.getCall(id);
  }
  /** Conferences that have not ended, oldest first. */
  get conferences(): readonly PhoneConference[] {
    return this.#phone.conferences;
  }
  getConference(id: string): PhoneConference | undefined {
    return this.#phone.getConference(id);
  }
  /**
   * Links calls into one conference (mixed in the browser): answered calls are merged at
   * once, targets are dialled and join when they answer; a member that fails is reported
   * by `phone-conference-left` and does not stop the others.
   */
  conference(members: readonly ConferenceMember[]): Promise<PhoneConference> {
    return this.#phone.conference(members);
  }
  /**
   * Replaces every setting at once (those not given go back to their defaults), after
   * validating them together: throws `PhoneError('invalid-config')` naming the field,
   * and then changes nothing.
   */
  configure(config: PhoneConfig): void {
    resolveConfig(config);
    for (const key of CONFIG_KEYS) Object.assign(this, { [key]: config[key] ?? unset(key) });
  }
  /** Registers again (registration also happens on connect). */
  register(): void {
    this.#phone.register();
  }
  /** Removes our registration; calls can still be placed. */
  unregister(): void {
    this.#phone.unregister();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The layout shows the missed count, whether there are calls, and the chip: re-render
    // when one of those changes, not on every change of the phone (a call's every step).
    this.#watch = new AbortController();
    let shown = this.#layoutKey();
    let calls = this.#phone.calls.length;
    this.#phone.subscribe(() => {
      // A call placed from the unfolded dialer: the call takes over again.
      if (this.#phone.calls.length > calls) this.dialerOpen = false;
      calls = this.#phone.calls.length;
      if (calls === 0) this.dialerOpen = false;
      const key = this.#layoutKey();
      if (key === shown) return;
      shown = key;
      this.requestUpdate();
    }, this.#watch.signal);
    // Unconfigured, it only follows the devices (the settings list them); updated() connects it once configured.
    this.#phone.start();
    this.#protectClose(this.#watch.signal);
  }

  /**
   * Closing the page mid-call: the browser asks first (beforeunload, only while a call is
   * up); when the page goes anyway (pagehide), every call is hung up (BYE, or CANCEL)
   * and the phone unregisters, so the far end hears it at once, not at its media timeout.
   * A page restored from the back-forward cache connects again.
   */
  #protectClose(signal: AbortSignal): void {
    window.addEventListener(
      'beforeunload',
      (event) => {
        // A follower tab holds no call: closing it ends nothing (issue 17).
        if (this.#phone.calls.length === 0 || this.#phone.tabRole === 'follower') return;
        event.preventDefault();
        // Older browsers ask only when returnValue is set.
        event.returnValue = '';
      },
      { signal },
    );
    window.addEventListener('pagehide', () => this.#phone.stop(), { signal });
    window.addEventListener('pageshow', (event) => event.persisted && this.#phone.start(), { signal });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#watch?.abort();
    this.#phone.stop();
  }

  /** Before the render, so that what a new configuration changes is shown by this update, not a second one. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('forgetDevices')) this.#phone.devices.remember = !this.forgetDevices;
    if (!CONFIG_KEYS.some((key) => changed.has(key))) return;
    // Nothing configured yet is a phone waiting for its settings, not an error.
    if (!this.server.length && !this.uri) return;
    const config: PhoneConfig = { server: this.server, uri: this.uri };
    for (const key of CONFIG_KEYS) Object.assign(config, { [key]: this[key] });
    const valid = this.#phone.configure(config);
    if (valid && this.isConnected) this.#phone.start();
  }

  protected override render() {
    return html`<slot @slotchange=${this.#onSlotChange}></slot>${this.customLayout ? nothing : this.#defaultLayout()}`;
  }

  /** What the default layout shows of the phone, as one comparable string. */
  #layoutKey(): string {
    const phone = this.#phone;
    const config = phone.config;
    return [phone.history.missed, phone.calls.length > 0, this.#soundElsewhere(), phone.connection, phone.registration, phone.reconnect?.attempt, config?.uri, config?.displayName].join('|');
  }

  /** Our line: the state in words and colour, who we are. */
  #chip(s: Strings) {
    const phone = this.#phone;
    const config = phone.config;
    const name = config?.displayName || config?.aor.user || '';
    const user = config?.displayName ? config.aor.user : '';
    return html`<div part="status-chip" class=${statusTone(phone)}>
      <span class="dot" aria-hidden="true"></span>
      <span part="status-text" role="status">${statusText(phone, s)}</span>
      ${name
        ? html`<span part="identity"><bdi>${name}</bdi>${user ? html` <bdi class="number" dir="ltr">${user}</bdi>` : nothing}</span>`
        : nothing}
    </div>`;
  }

  #banner(s: Strings) {
    const plan = this.#phone.registration === 'failed' ? null : this.#phone.reconnect;
    if (!plan) return nothing;
    return html`<div part="reconnecting-banner" role="alert">
      <span>${s.connectionLost} ${s.statusReconnecting(plan.attempt)}</span>
      <button part="banner-reconnect-button" type="button" @click=${() => this.#phone.reconnectNow()}>${s.reconnectNow}</button>
    </div>`;
  }

  /** A follower with a call that does not ring here: the sound is in another tab. */
  #soundElsewhere(): boolean {
    return this.#phone.tabRole === 'follower' && this.#phone.calls.length > 0 && !this.#phone.ringing;
  }

  #defaultLayout() {
    const s = stringsFor(this);
    const inCall = this.#phone.calls.length > 0;
    const folded = inCall && !this.dialerOpen;
    const missed = this.#phone.history.missed;
    const tab = (view: View, label: string, badge: unknown = nothing) =>
      html`<button
        id="${view}-tab"
        part="view-tab"
        type="button"
        role="tab"
        aria-selected=${this.view === view ? 'true' : 'false'}
        aria-controls="${view}-view"
        tabindex=${this.view === view ? 0 : -1}
        @click=${() => this.#show(view)}
      >
        ${label}${badge}
      </button>`;
    // The count is part of the tab's name ("Recent, 2 missed"), not a separate announcement.
    const badge = missed && this.view !== 'recent' ? html` <span part="missed-count">${s.missedCount(missed)}</span>` : nothing;
    // The calls come first, always in the same place (they take no space without calls),
    // so no element is re-created as calls come and go and none loses its focus.
    return html`<div part="layout">
      ${this.#chip(s)} ${this.#banner(s)}
      ${this.#soundElsewhere() ? html`<p part="audio-elsewhere" role="status">${s.audioElsewhere}</p>` : nothing}
      <phone-incoming ?compact=${this.compact}></phone-incoming>
      <phone-call ?compact=${this.compact}></phone-call>
      ${inCall
        ? html`<button
            part="new-call-button"
            type="button"
            aria-expanded=${folded ? 'false' : 'true'}
            aria-controls="dialer-panel"
            @click=${this.#toggleDialer}
          >
            ${iconLabel('plus', s.newCall)}
          </button>`
        : nothing}
      <div id="dialer-panel" part="dialer-panel" ?hidden=${folded}>
        <div part="views" role="tablist" aria-label=${s.views} @keydown=${this.#onTabKey}>
          ${tab('keypad', s.keypad)} ${tab('recent', s.recent, badge)}
        </div>
        <div id="keypad-view" role="tabpanel" aria-labelledby="keypad-tab" ?hidden=${this.view !== 'keypad'}>
          <phone-dialer ?compact=${this.compact}></phone-dialer>
        </div>
        <div id="recent-view" role="tabpanel" aria-labelledby="recent-tab" ?hidden=${this.view !== 'recent'}>
          <phone-history></phone-history>
        </div>
      </div>
    </div>`;
  }

  /** New call: unfolded, the focus goes to the number field, where the user will type. */
  async #toggleDialer(): Promise<void> {
    this.dialerOpen = !this.dialerOpen;
    if (!this.dialerOpen) return;
    this.view = 'keypad';
    await this.updateComplete;
    const dialer = this.shadowRoot?.querySelector('phone-dialer');
    await dialer?.updateComplete;
    dialer?.shadowRoot?.querySelector<HTMLInputElement>('[part~="number-input"]')?.focus();
  }

  #show(view: View): void {
    this.view = view;
    // Recent on screen: the user has seen the missed calls (each stays marked in the list).
    if (view === 'recent') this.#phone.history.markSeen().catch(() => undefined); // a failure was reported as phone-error
  }

  /** The tabs are one Tab stop; arrows, Home and End move between them (WAI-ARIA APG tabs, automatic activation). */
  #onTabKey(event: KeyboardEvent): void {
    const at = VIEWS.indexOf(this.view);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: VIEWS.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.#show(VIEWS[(next + VIEWS.length) % VIEWS.length]!);
    void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>(`#${this.view}-tab`)?.focus());
  }

  #onSlotChange(event: Event): void {
    this.customLayout = (event.target as HTMLSlotElement).assignedElements().length > 0;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'soft-phone': SoftPhoneElement;
  }
}
