import JsSIP from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingRequest } from 'jssip/lib/SIPMessage';
import type { UA } from 'jssip/lib/UA';
import {
  createPhoneEvent,
  type DisconnectedDetail,
  type RegistrationFailedDetail,
  type PhoneEvent,
  type PhoneEventDetailMap,
  type PhoneEventName,
  type PresenceDetail,
  type VoicemailDetail,
} from '../events/phone-events.js';
import { checkCallerId, needsReconnect, resolveConfig, validIceServers, type CallerId, type PhoneConfig, type ResolvedConfig } from './config.js';
import { isAnswered } from './call-state.js';
import { CallHistory } from './call-history.js';
import { CallLog } from './call-log.js';
import { Devices, type DeviceKind } from './media/devices.js';
import { acquireLocalMedia } from './media/local-media.js';
import { ToneDirector } from './media/tone-director.js';
import { onSoundStateChange, playAutoAnswerTone, setToneOutput, soundBlocked, unlockSound } from './media/tones.js';
import { callPopHeaders, intercomDelay, type RawHeaders } from './line-features.js';
import {
  ConnectionKeeper,
  FAILED_OPENS_BEFORE_ERROR,
  OpenFailures,
  STACK_RECOVERY_SECONDS,
  secureConnectionFailed,
  type ReconnectPlan,
} from './connection-keeper.js';
import { PhoneConference, type ConferenceMember } from './conference.js';
import { claimInstance, releaseInstance } from './instance-id.js';
import { QueuedWebSocket } from './opening-queue.js';
import { PhoneCall, type CallOwner } from './phone-call.js';
import { PhoneError } from './phone-error.js';
import { remoteParty } from './remote-party.js';
import type { EventSubscriber, SubscribingAgent } from './event-subscription.js';
import { MAX_WATCHED, Presence } from './presence.js';
import { RoomSubscription } from './room-subscription.js';
import { roomUri } from './rooms.js';
import { normalizeTarget } from './targets.js';
import { accountKey, type TabRole } from './tabs/leadership.js';
import { TabLink } from './tabs/tab-link.js';

export type ConnectionState = 'disconnected' | 'connecting' | 'connected';
export type RegistrationState = 'unregistered' | 'registering' | 'registered' | 'failed';

interface RegisterResponse {
  status_code?: number;
  reason_phrase?: string;
  getHeader?(name: string): string | undefined;
}

export interface CallOptions {
  /** Send our camera too. */
  video?: boolean;
  /** Extra SIP headers; only `X-` headers are accepted. */
  headers?: Record<string, string>;
  /**
   * Who we present ourselves as on this call: `name` is the From display name, `uri` the
   * identity asked for with P-Preferred-Identity (the server decides whether to assert it).
   */
  callerId?: CallerId;
}

export interface RoomOptions {
  /** Send our camera too. */
  video?: boolean;
}

const USER_AGENT = 'phone-elements';
/** How long an IceServersProvider may take before the call goes ahead without its servers. */
const ICE_SERVERS_TIMEOUT_MS = 5000;
const QUALITY_INTERVAL_MS = 2000;
/** Longest Retry-After we honour before registering again (RFC 3261 20.33 allows any). */
const MAX_RETRY_AFTER_S = 3600;
// RFC 3261 token characters, for header names; values may not break out of their line.
const X_HEADER_NAME = /^X-[A-Za-z0-9\-.!%*_+`'~]+$/i;
const HEADER_VALUE = /^[\u0020-\u007e]{0,1024}$/;

/** The microphone or camera track a call sends, if any. */
function inputTrack(call: PhoneCall, kind: 'microphone' | 'camera'): MediaStreamTrack | undefined {
  const stream = call.localStream;
  return kind === 'camera' ? stream?.getVideoTracks()[0] : stream?.getAudioTracks()[0];
}

function offersVideo(request: IncomingRequest | undefined): boolean {
  return /^m=video [1-9]/m.test(String(request?.body ?? ''));
}

function checkHeaders(headers: Record<string, string> | undefined): string[] {
  return Object.entries(headers ?? {}).map(([name, value]) => {
    if (!X_HEADER_NAME.test(name)) throw new PhoneError('invalid-header', `Only X- headers can be added to a call, not "${name}"`);
    if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
      throw new PhoneError('invalid-header', `The value of header "${name}" must be printable ASCII, at most 1024 characters`);
    }
    return `${name}: ${value}`;
  });
}

/**
 * The headless phone: one JsSIP user agent, its registration and its calls.
 * It is an `EventTarget` that dispatches the same `phone-*` events as
 * `<soft-phone>`, so it can be used and tested without any element.
 */
export class PhoneController extends EventTarget {
  #config: ResolvedConfig | null = null;
  #ua: UA | null = null;
  readonly #calls = new Map<string, PhoneCall>();
  readonly #conferences = new Map<string, PhoneConference>();
  /** Sessions of INVITEs with Replaces, and the call each one replaces. */
  readonly #replacements = new WeakMap<RTCSession, PhoneCall>();
  readonly #changes = new EventTarget();
  #connection: ConnectionState = 'disconnected';
  #registration: RegistrationState = 'unregistered';
  #registrationFailure: RegistrationFailedDetail | null = null;
  #keeper: ConnectionKeeper | null = null;
  /** This browser's `+sip.instance` for the account, while started. */
  #instance: string | null = null;
  #reconnect: ReconnectPlan | null = null;
  #retryRegister: ReturnType<typeof setTimeout> | undefined;
  /** Set when the socket dropped under answered calls: their dialogs need refreshing once we are back. */
  #refreshCalls = false;
  #tones: { director: ToneDirector; stop: AbortController } | null = null;
  /** The other tabs of this account (issue 17), while started with `tabs` shared. */
  #link: TabLink | null = null;
  #qualityTimer: ReturnType<typeof setInterval> | undefined;
  /** What an IceServersProvider last gave. */
  #fetchedIceServers: RTCIceServer[] = [];
  /** Aborted by stop(): ends the devicechange listener, so a removed phone can be collected. */
  #deviceWatch: AbortController | null = null;
  /** The user's microphone, camera, speaker and ringer, and their choices. */
  readonly devices = new Devices(() => this.#changed());
  /** Builds each call's record from its events, for `phone-call-logged`. */
  readonly #log = new CallLog();
  /** The watched users' lamps and our mailbox: SUBSCRIBE dialogs, made afresh on each registration. */
  readonly #presence = new Presence({
    agent: () => (this.#ua && this.registered ? this.#agent(this.#ua) : null),
    presence: (detail) => this.#emit('phone-presence', detail),
    voicemail: (detail) => this.#emit('phone-voicemail', detail),
  });
  /** The call log of the configured account: ended calls kept in IndexedDB, and the missed count. */
  readonly history = new CallHistory({ report: (error) => void this.#report(error), changed: () => this.#changed() });

  get connection(): ConnectionState {
    // A follower waiting for its (new) leader's state is on its way to a connection.
    if (this.#follows) return this.#link!.snapshot?.connection ?? 'connecting';
    return this.#connection;
  }
  get registration(): RegistrationState {
    if (this.#follows) return this.#link!.snapshot?.registration ?? 'unregistered';
    return this.#registration;
  }
  /** Why the last registration failed, while `registration` is 'failed'. */
  get registrationFailure(): RegistrationFailedDetail | null {
    if (this.#follows) return this.#link!.snapshot?.registrationFailure ?? null;
    return this.#registration === 'failed' ? this.#registrationFailure : null;
  }
  get registered(): boolean {
    return this.registration === 'registered';
  }
  /**
   * Which tab runs this account's phone: `leader` (this one: the registration and the
   * media are here), `follower` (another tab of this origin; this one mirrors and drives
   * it), `independent` (`tabs="independent"`, or a browser without Web Locks here); null
   * until started and decided. `phone-tab-role` tells of each change.
   */
  get tabRole(): TabRole | null {
    if (this.#link) return this.#link.role;
    return this.#ua ? 'independent' : null;
  }
  /** True while this tab plays the ringtone: of all tabs, only the one focused most recently (the leader when none was) rings. */
  get ringing(): boolean {
    return this.#tones?.director.ringing ?? false;
  }
  get #follows(): boolean {
    return this.#link?.following === true;
  }
  /**
   * A call rings but the browser keeps the page silent until the user interacts with
   * it (autoplay policy): show a prompt whose click calls `enableSound()`.
   */
  get soundBlocked(): boolean {
    return soundBlocked();
  }

  /** Lets the ringtone and tones play; call it from a click or key press. */
  async enableSound(): Promise<void> {
    await unlockSound();
    this.#changed();
  }

  /**
   * Uses another device: the microphone and camera switch live on every call
   * (no renegotiation), the speaker moves every call's audio, the ringer moves the ringtone.
   */
  async selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    this.devices.select(kind, deviceId);
    if (kind === 'ringer') return setToneOutput('ringer', deviceId);
    if (kind === 'speaker') {
      setToneOutput('speaker', deviceId);
      return this.#calls.forEach((call) => call.setSpeaker(deviceId));
    }
    const constraints = this.devices.constraints(kind === 'camera');
    await this.#switchInput(this.calls, kind, kind === 'camera' ? { video: constraints.video } : { audio: constraints.audio });
  }

  /** Gives each of `calls` a new microphone or camera track opened with `constraints`. */
  async #switchInput(calls: readonly PhoneCall[], kind: 'microphone' | 'camera', constraints: MediaStreamConstraints): Promise<void> {
    for (const call of calls) {
      if (!call.peerConnection || !inputTrack(call, kind)) continue;
      const stream = await acquireLocalMedia(constraints).catch((error: unknown) => {
        this.#report(error);
        return null;
      });
      const track = stream?.getTracks()[0];
      const conference = call.conferenceId ? this.#conferences.get(call.conferenceId) : undefined;
      if (track) await call.replaceInput(track, conference && ((input) => conference.takeMicrophone(call, input)));
    }
  }

  /**
   * After `devicechange`: a device in use that went away (a headset unplugged) is
   * replaced by the default one, on every call and for the tones, and reported.
   */
  async #recoverLostDevices(): Promise<void> {
    // A list that names no device (a browser re-enumerating, or telling this page
    // nothing) says nothing of the ones in use: only an ended track does then.
    const listed = this.devices.namesDevices;
    for (const kind of ['microphone', 'camera'] as const) {
      const lost = this.calls.filter((call) => {
        const track = inputTrack(call, kind);
        const deviceId = track?.getSettings().deviceId;
        return track && (track.readyState === 'ended' || (listed && deviceId && !this.devices.has(kind, deviceId)));
      });
      if (lost.length === 0) continue;
      const deviceId = inputTrack(lost[0]!, kind)!.getSettings().deviceId ?? '';
      if (this.devices.choice[kind] === deviceId) this.devices.fallBack(kind);
      await this.#switchInput(lost, kind, kind === 'camera' ? { video: true } : { audio: true });
      this.#emit('phone-device-lost', { kind, deviceId });
    }
    for (const kind of ['speaker', 'ringer'] as const) {
      const deviceId = this.devices.choice[kind];
      if (!deviceId || this.devices.has(kind, deviceId)) continue;
      this.devices.fallBack(kind);
      setToneOutput(kind, '');
      if (kind === 'speaker') this.#calls.forEach((call) => call.setSpeaker(''));
      this.#emit('phone-device-lost', { kind, deviceId });
    }
  }

  /** The next reconnection attempt while the socket is down; null otherwise. */
  get reconnect(): ReconnectPlan | null {
    if (this.#follows) return this.#link!.snapshot?.reconnect ?? null;
    return this.#reconnect;
  }
  /** The validated configuration, or null before a valid one was given. */
  get config(): ResolvedConfig | null {
    return this.#config;
  }
  /** Calls that have not ended, oldest first. */
  get calls(): readonly PhoneCall[] {
    if (this.#follows) return this.#link!.calls;
    return [...this.#calls.values()];
  }
  getCall(id: string): PhoneCall | undefined {
    if (this.#follows) return this.#link!.getCall(id);
    return this.#calls.get(id);
  }
  /** Conferences that have not ended, oldest first. */
  get conferences(): readonly PhoneConference[] {
    return [...this.#conferences.values()];
  }
  getConference(id: string): PhoneConference | undefined {
    return this.#conferences.get(id);
  }

  /**
   * Links calls into one conversation, mixed in the browser: answered calls (held ones
   * too) are merged at once; targets are dialled, and each joins when it answers. A
   * member that fails (busy, no answer) is reported by `phone-conference-left` and does
   * not stop the others. Resolves once the answered calls are in and the targets dialled.
   */
  async conference(members: readonly ConferenceMember[]): Promise<PhoneConference> {
    if (this.#follows) throw this.#report(new PhoneError('invalid-state', 'Conferences are mixed in the tab that holds the calls: start them there'));
    const conference = new PhoneConference({
      emit: (type, detail) => this.#emit(type, detail),
      changed: () => this.#changed(),
      dial: (target) => this.call(target),
      released: (ended) => {
        this.#conferences.delete(ended.id);
        this.#changed();
      },
    });
    this.#conferences.set(conference.id, conference);
    try {
      await conference.start(members);
    } catch (error) {
      this.#conferences.delete(conference.id);
      conference.hangup();
      throw error;
    }
    return conference;
  }

  /** Calls `listener` after every change a view may show, until `signal` aborts. */
  subscribe(listener: () => void, signal: AbortSignal): void {
    this.#changes.addEventListener('change', listener, { signal });
  }

  /**
   * Validates and applies a configuration. When a setting of the connection changed
   * (CONFIG_FIELDS `reconnects`) a running phone restarts with it, which ends its calls;
   * the others (ICE servers, limits) apply from the next call on, and calls go on.
   * Returns false (and dispatches `phone-error`) when invalid.
   */
  configure(config: PhoneConfig): boolean {
    let resolved: ResolvedConfig;
    try {
      resolved = resolveConfig(config);
    } catch (error) {
      this.#report(error);
      return false;
    }
    const wasRunning = (this.#ua !== null || this.#link !== null) && needsReconnect(this.#config, resolved);
    if (wasRunning) this.stop();
    const dndChanged = (this.#config?.dnd ?? false) !== resolved.dnd;
    this.#config = resolved;
    // A follower's switch goes to the leader, whose incoming calls it is about; its phone-dnd comes back to every tab.
    if (dndChanged && this.#follows) void this.#forward('setDnd', resolved.dnd);
    else if (dndChanged) this.#emit('phone-dnd', { on: resolved.dnd });
    this.history.configure({ uri: resolved.uri, enabled: resolved.historyMode === 'on', limit: resolved.historyLimit });
    if (wasRunning) this.start();
    return true;
  }

  /**
   * Follows the user's devices, then connects and registers with the configured server
   * (not yet when unconfigured); does nothing when already started. `stop()` undoes all of it.
   */
  start(): void {
    if (!this.#deviceWatch) {
      this.#deviceWatch = new AbortController();
      this.devices.watch(this.#deviceWatch.signal, () => void this.#recoverLostDevices());
    }
    if (this.#ua || !this.#config) return;
    const config = this.#config;
    if (config.tabs === 'shared' && !this.#link) {
      // The lock decides within a few ms; the role's callback comes back here (or follows).
      this.#link = new TabLink(accountKey(config.uri, config.servers), {
        controller: this,
        uri: config.uri,
        role: (role) => this.#tabRoleChanged(role),
        dispatch: (name, detail) => this.dispatchEvent(createPhoneEvent(name, detail)),
        changed: () => this.#changed(),
      });
      return;
    }
    if (this.#link && this.#link.role !== 'leader' && this.#link.role !== 'independent') return;
    if (!this.#link) this.#tabRoleChanged('independent');
    const instance = claimInstance(config.uri);
    let ua: UA;
    try {
      ua = new JsSIP.UA({
        // Fail-over in the order given: JsSIP tries the highest weight first, and the
        // keeper moves to the next one that has not failed (ConnectionKeeper.connectNow).
        sockets: config.servers.map((server, index) => ({
          socket: new QueuedWebSocket(server),
          weight: config.servers.length - index,
        })),
        uri: config.uri,
        instance_id: instance,
        password: config.password,
        authorization_user: config.authUser,
        display_name: config.displayName || undefined,
        user_agent: USER_AGENT,
        register: true,
        connection_recovery_min_interval: STACK_RECOVERY_SECONDS,
        connection_recovery_max_interval: STACK_RECOVERY_SECONDS,
      });
    } catch (error) {
      if (instance) releaseInstance(instance);
      this.#report(new PhoneError('invalid-config', `The SIP stack refused the configuration: ${(error as Error).message}`));
      return;
    }
    this.#ua = ua;
    this.#instance = instance ?? null;
    this.#startTones();
    this.#keeper = new ConnectionKeeper(
      ua,
      `sip:${config.aor.host}`,
      (plan) => {
        this.#reconnect = plan;
        this.#changed();
      },
      config.keepaliveInterval,
    );
    this.#bind(ua, config);
    ua.start();
    void this.devices.refresh();
  }

  /** Every tab plays the tones of the calls it shows; only the one focused most recently rings. */
  #startTones(): void {
    if (this.#tones) return;
    const stopTones = new AbortController();
    const here = { ring: () => this.#link?.ringsHere ?? true, media: () => !this.#follows };
    this.#tones = { director: new ToneDirector(this, stopTones.signal, here), stop: stopTones };
    onSoundStateChange(() => this.#changed(), stopTones.signal);
  }

  /** The lock decided (or handed us the registration after the leader tab closed). */
  #tabRoleChanged(role: TabRole): void {
    // Only here: each tab has its own role, so this event is never shared with the others.
    this.dispatchEvent(createPhoneEvent('phone-tab-role', { role }));
    if (role === 'follower') {
      this.#startTones();
      this.#changed();
    } else if (this.#link) this.start();
  }

  /** Reconnects now instead of waiting for the planned attempt. */
  reconnectNow(): void {
    if (this.#follows) return void this.#forward('reconnectNow');
    this.#keeper?.connectNow();
  }

  /** Runs a phone method in the leader tab; its failure was fired there as `phone-error`, and in every tab. */
  #forward(method: string, ...args: unknown[]): Promise<unknown> {
    const sent = this.#link!.send({ method, args });
    sent.catch(() => undefined);
    return sent;
  }

  /** Hangs up every call, unregisters, closes the socket and stops following the devices. */
  stop(): void {
    this.#deviceWatch?.abort();
    this.#deviceWatch = null;
    // First, while the calls are still up: the other tabs end a leader's calls as failed.
    this.#link?.close();
    this.#link = null;
    const ua = this.#ua;
    if (!ua) {
      this.#tones?.stop.abort();
      this.#tones = null;
      return;
    }
    this.#calls.forEach((call) => call.hangup());
    // Unsubscribes (Expires: 0) while the socket is still open.
    this.#presence.pause();
    this.#keeper?.stop();
    this.#keeper = null;
    this.#tones?.stop.abort();
    this.#tones = null;
    clearTimeout(this.#retryRegister);
    this.#ua = null;
    // JsSIP keeps the last agent that received a message in a module variable
    // (lib/sanityCheck.js): once this one is closed, our listeners leave it, so that
    // agent cannot keep a removed phone reachable.
    ua.once('disconnected', () => queueMicrotask(() => ua.removeAllListeners()));
    ua.stop();
    if (this.#instance) releaseInstance(this.#instance);
    this.#instance = null;
    // After the hang-ups above: their records are queued before the close.
    this.history.suspend();
  }

  register(): void {
    if (this.#follows) return void this.#forward('register');
    this.#requireUa('register').register();
  }

  unregister(): void {
    if (this.#follows) return void this.#forward('unregister');
    this.#requireUa('unregister').unregister({ all: false });
  }

  /**
   * Calls `target` (a name, an extension, a number or a SIP address). Resolves with
   * the call as soon as it exists; its progress is reported by `phone-call-*` events.
   * Rejects with `PhoneError` (and dispatches `phone-error`) for a bad target or
   * header, when not connected, or when too many calls are up; nothing is sent then.
   */
  async call(target: string, options: CallOptions = {}): Promise<PhoneCall> {
    if (this.#follows) return this.#link!.send({ method: 'call', args: [target, options] }) as Promise<PhoneCall>;
    let uri: string;
    let extraHeaders: string[];
    let callerId: CallerId;
    let ua: UA;
    try {
      const config = this.#requireConfig();
      uri = normalizeTarget(String(target ?? ''), config.aor.host);
      extraHeaders = checkHeaders(options.headers);
      callerId = options.callerId === undefined ? {} : checkCallerId(options.callerId, 'callerId');
      ua = this.#requireCallSlot('call', config);
    } catch (error) {
      throw this.#report(error);
    }
    if (callerId.uri) extraHeaders.push(`P-Preferred-Identity: ${callerId.name ? `"${callerId.name.replace(/["\\]/g, '')}" ` : ''}<${callerId.uri}>`);
    const fromDisplayName = callerId.name;
    const call = this.#newOutgoing(uri, Boolean(options.video));
    this.#holdOthers(call);
    void call.dial((mediaStream, pcConfig, to = uri) => ua.call(to, { mediaStream, extraHeaders, pcConfig, fromDisplayName }));
    return call;
  }

  /** Every watched user's lamp, in the order they were watched (busy lamp field). */
  get presence(): PresenceDetail[] {
    if (this.#follows) return this.#link!.snapshot?.presence ?? [];
    return this.#presence.lamps;
  }
  /** Our mailbox, as the last message summary said (RFC 3842); null before one arrived. */
  get voicemail(): VoicemailDetail | null {
    if (this.#follows) return this.#link!.snapshot?.voicemail ?? null;
    return this.#presence.voicemail;
  }

  /**
   * Watches users' lamps (busy lamp field): subscribes to the dialog event package
   * (RFC 4235) of each, now when registered, else once registered. `users` are names,
   * extensions or SIP addresses, as an array or one string separated by commas or spaces.
   * Each gets `phone-presence` with state `unknown` at once, then on every change. A bad
   * entry is reported by `phone-error` (`invalid-target`) and skipped; nothing throws.
   * Returns the SIP URIs now watched because of this call.
   */
  watch(users: string | readonly string[]): string[] {
    // The leader subscribes; its phone-presence events reach this tab too. What it newly watched is not known here yet.
    if (this.#follows) {
      void this.#forward('watch', users);
      return [];
    }
    const watched: string[] = [];
    for (const [user, uri] of this.#users(users)) {
      if (this.#presence.watch(user, uri)) watched.push(uri);
      else if (this.#presence.lamps.length >= MAX_WATCHED) this.#report(new PhoneError('invalid-target', `At most ${MAX_WATCHED} users can be watched`));
    }
    return watched;
  }

  /** Stops watching users (their subscriptions end with Expires: 0); unknown ones are ignored. */
  unwatch(users: string | readonly string[]): void {
    if (this.#follows) return void this.#forward('unwatch', users);
    for (const [, uri] of this.#users(users)) this.#presence.unwatch(uri);
  }

  /** Each valid user of a watch list with its SIP URI; the invalid ones are reported. */
  #users(users: string | readonly string[]): Array<[string, string]> {
    const host = this.#config?.aor.host;
    if (!host) {
      this.#report(new PhoneError('not-connected', 'Cannot watch users: the phone is not configured'));
      return [];
    }
    const list = typeof users === 'string' ? users.split(/[\s,]+/) : Array.isArray(users) ? users : [];
    const valid: Array<[string, string]> = [];
    for (const entry of list) {
      const user = typeof entry === 'string' ? entry.trim() : '';
      if (!user && typeof entry === 'string') continue;
      try {
        valid.push([user, normalizeTarget(user, host)]);
      } catch (error) {
        this.#report(error);
      }
    }
    return valid;
  }

  /**
   * Joins the conference room `room` (Sinch's `callConference(id)`): calls the URI that
   * the `room-uri` template makes of it. When the room server offers the conference event
   * package (RFC 4575), the call's `roomParticipants` follow it until the call ends.
   * Rejects with `PhoneError` `invalid-target` (and dispatches `phone-error`) for an
   * empty room id, one over 64 characters or one with control characters; other
   * characters are percent-escaped, never passed into the URI as they are.
   */
  async joinRoom(room: string, options: RoomOptions = {}): Promise<PhoneCall> {
    if (this.#follows) return this.#link!.send({ method: 'joinRoom', args: [room, options] }) as Promise<PhoneCall>;
    let uri: string;
    let ua: UA;
    try {
      const config = this.#requireConfig();
      uri = roomUri(room, config.roomUri);
      ua = this.#requireCallSlot('join a room', config);
    } catch (error) {
      throw this.#report(error);
    }
    const call = this.#newOutgoing(uri, Boolean(options.video));
    call.joinsRoom(uri);
    this.#holdOthers(call);
    void call.dial((mediaStream, pcConfig, to = uri) => ua.call(to, { mediaStream, pcConfig }));
    return call;
  }

  #requireConfig(): ResolvedConfig {
    if (!this.#config) throw new PhoneError('not-connected', 'The phone is not configured: set a server and a SIP address');
    return this.#config;
  }

  /** The user agent, when a new call may be placed now; throws `PhoneError` otherwise. */
  #requireCallSlot(action: string, config: ResolvedConfig): UA {
    const ua = this.#requireUa(action);
    if (this.#connection !== 'connected') throw new PhoneError('not-connected', 'The phone is not connected to its server');
    if (this.#calls.size >= config.maxCalls) throw new PhoneError('too-many-calls', `At most ${config.maxCalls} calls can be up at once`);
    return ua;
  }

  #newOutgoing(uri: string, video: boolean): PhoneCall {
    const call = new PhoneCall(this.#callOwner(), 'outgoing', remoteParty(JsSIP.URI.parse(uri) ?? uri, ''), video);
    this.#calls.set(call.id, call);
    this.#log.begin(call);
    this.#changed();
    return call;
  }

  /** One conversation at a time: a new, answered or resumed call holds the others. */
  #holdOthers(active: PhoneCall): void {
    for (const call of this.#calls.values()) {
      if (call === active || !isAnswered(call.state) || call.heldBy === 'local' || call.busy || call.transferring) continue;
      // A conference is one conversation: its calls are never held for another.
      if (call.conferenceId !== null) continue;
      call.hold().catch(() => undefined); // a refusal was already reported as phone-error
    }
  }

  /** A REFER from the far end: place the call it asks for, with the media of the call it came on. */
  #followReferral(target: string, request: { accept(init: (session: RTCSession) => void, options: object): unknown }, media: MediaStream) {
    if (this.#calls.size >= this.#config!.maxCalls) return null;
    const call = this.#newOutgoing(target, false);
    let placed = false;
    request.accept(
      (session) => {
        placed = true;
        call.adoptReferral(session, media);
      },
      // Placed at once from the REFER: the ICE servers already known, not the provider's next answer.
      { mediaStream: media, pcConfig: { iceServers: this.#knownIceServers(), iceTransportPolicy: this.#config!.iceTransportPolicy } },
    );
    if (!placed) {
      // The referring call ended meanwhile: JsSIP declined to place the new one.
      this.#calls.delete(call.id);
      this.#log.forget(call.id);
      this.#changed();
      return null;
    }
    return call;
  }

  #bind(ua: UA, config: ResolvedConfig): void {
    // Which server an event is about: the URL of the socket JsSIP used (with several
    // servers, the one it is trying or failed over to).
    const serverOf = (event: { socket?: { url?: string } }) => event.socket?.url ?? config.servers[0]!;
    // Events from a UA that was stopped and replaced must not touch the new one's state.
    const current = () => this.#ua === ua || this.#ua === null;
    const failures = new OpenFailures();
    let opened = false;
    ua.on('connecting', (event: { attempts: number; socket?: { url?: string } }) => {
      if (!current()) return;
      this.#connection = 'connecting';
      opened = false;
      // JsSIP counts retries from 0; hosts count attempts from 1.
      this.#emit('phone-connecting', { server: serverOf(event), attempt: event.attempts + 1 });
    });
    ua.on('connected', (event: { socket?: { url?: string } }) => {
      if (!current()) return;
      opened = true;
      failures.opened(serverOf(event));
      this.#keeper?.connected();
      this.#connection = 'connected';
      if (this.#registration !== 'registered') this.#registration = 'registering';
      this.#emit('phone-connected', { server: serverOf(event) });
    });
    ua.on('disconnected', (event: { code?: number; reason?: string; error?: boolean; socket?: { url?: string } }) => {
      if (!current()) return;
      const server = serverOf(event);
      // Our own stop() is no failure; a socket that never opened is.
      const failedOpen = !opened && this.#ua === ua && failures.failed(server);
      this.#connection = 'disconnected';
      if (this.#registration === 'registering') this.#registration = 'unregistered';
      // An unexpected drop (not our stop()) is retried; calls keep their media meanwhile.
      this.#keeper?.disconnected();
      this.#refreshCalls ||= this.calls.some((call) => isAnswered(call.state));
      const detail: DisconnectedDetail = { server, reason: event.reason || (event.error ? 'Connection error' : 'Connection closed') };
      if (event.code) detail.code = event.code;
      if (this.#reconnect) detail.retryIn = Math.max(0, this.#reconnect.at - Date.now());
      this.#emit('phone-disconnected', detail);
      if (failedOpen) this.#report(new PhoneError('transport-error', secureConnectionFailed(server, FAILED_OPENS_BEFORE_ERROR)));
    });
    ua.on('registered', () => {
      if (!current()) return;
      this.#registration = 'registered';
      this.#emit('phone-registered', { uri: config.uri });
      // After a reconnect the old subscriptions' NOTIFYs would go to the socket that closed.
      this.#presence.resume(config.uri);
      if (this.#refreshCalls) {
        this.#refreshCalls = false;
        this.calls.forEach((call) => call.refresh());
      }
    });
    ua.on('unregistered', () => {
      if (!current()) return;
      this.#registration = 'unregistered';
      this.#emit('phone-unregistered', { uri: config.uri });
    });
    ua.on('registrationFailed', (event: { response?: RegisterResponse | null; cause?: string }) => {
      if (!current()) return;
      // A server that is busy says when to come back; bad credentials (401/403) are not retried.
      const retryAfter = Number(event.response?.getHeader?.('Retry-After')?.split(/[\s;(]/)[0]);
      const retrying = event.response?.status_code === 503 && retryAfter > 0;
      // Still on its way to registering: 'failed' would tell the user to check credentials that are fine.
      this.#registration = retrying ? 'registering' : 'failed';
      this.#registrationFailure = {
        code: event.response?.status_code ?? 0,
        cause: event.response?.reason_phrase || event.cause || 'Registration failed',
      };
      this.#emit('phone-registration-failed', this.#registrationFailure);
      if (retrying) {
        clearTimeout(this.#retryRegister);
        this.#retryRegister = setTimeout(() => this.#ua === ua && ua.register(), Math.min(retryAfter, MAX_RETRY_AFTER_S) * 1000);
      }
    });
    ua.on('newRTCSession', (event: { originator: string; session: RTCSession; request: IncomingRequest }) => {
      // The settings as they are now (DND, auto-answer, limits apply without reconnecting), not as the agent started.
      if (String(event.originator) === 'remote' && this.#ua === ua) this.#incoming(event.session, event.request, this.#config ?? config);
    });
  }

  #incoming(session: RTCSession, request: IncomingRequest, config: ResolvedConfig): void {
    const replaced = this.#replacements.get(session);
    // A replacement takes the place of a call we have: it never counts against the limit.
    if (!replaced && this.#calls.size >= config.maxCalls) {
      session.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      return;
    }
    const headers = (request as unknown as { headers: RawHeaders }).headers;
    const call = new PhoneCall(this.#callOwner(), 'incoming', this.#caller(session, request, config), offersVideo(request), session);
    this.#calls.set(call.id, call);
    this.#log.begin(call);
    // Do not disturb: no ringing, no incoming event; the refusal still ends (and logs) the call.
    if (!replaced && config.dnd) return call.refuseForDnd(Number(config.dndResponse) as 486 | 480 | 603);
    const detail = {
      callId: call.id,
      remote: call.remote,
      video: call.video,
      to: session.local_identity.uri.toString(),
      headers: callPopHeaders(headers, config.exposeHeaders),
      autoAnswer: replaced ? null : ((config.allowIntercom ? intercomDelay(headers) : null) ?? config.autoAnswer),
    };
    if (!replaced) {
      this.#emit('phone-call-incoming', detail);
      if (detail.autoAnswer !== null) this.#answerBySelf(call, detail.autoAnswer);
      return;
    }
    replaced.markReplaced(call.remote);
    this.#emit('phone-call-incoming', { ...detail, replaces: replaced.id });
    call.answer().catch(() => undefined); // a failure was already reported as phone-error
  }

  /** Who calls: the From header's party, or P-Asserted-Identity's when `trust-identity` says the server vouches for it. */
  #caller(session: RTCSession, request: IncomingRequest, config: ResolvedConfig) {
    const identity = session.remote_identity;
    const asserted = config.trustIdentity ? request.getHeader('P-Asserted-Identity') : undefined;
    // Several identities (a sip: and a tel: one) may be listed: the first that parses is the caller.
    for (const value of asserted?.split(/,(?=\s*["<a-z])/i) ?? []) {
      const parsed = JsSIP.NameAddrHeader.parse(value.trim());
      if (parsed) return remoteParty(parsed.uri, parsed.display_name ?? '');
    }
    return remoteParty(identity.uri, identity.display_name);
  }

  /** Auto-answer: a short tone now, the answer after `delayMs` unless the call was answered or ended meanwhile. */
  #answerBySelf(call: PhoneCall, delayMs: number): void {
    playAutoAnswerTone();
    const timer = setTimeout(() => {
      if (call.state === 'incoming') call.answer().catch(() => undefined); // a failure was reported as phone-error
    }, delayMs);
    call.onEnded(() => clearTimeout(timer));
  }

  /** Do not disturb: on, incoming calls are refused with `dnd-response` without ringing. */
  get dnd(): boolean {
    if (this.#follows && this.#link!.snapshot) return this.#link!.snapshot.dnd;
    return this.#config?.dnd ?? false;
  }

  /** Switches do not disturb on or off (the `dnd` setting); `phone-dnd` tells of each change. */
  setDnd(on: boolean): void {
    if (this.#follows) return void this.#forward('setDnd', on);
    let config: ResolvedConfig;
    try {
      config = this.#requireConfig();
    } catch (error) {
      throw this.#report(error);
    }
    if (config.dnd === Boolean(on)) return;
    this.#config = { ...config, dnd: Boolean(on) };
    this.#emit('phone-dnd', { on: Boolean(on) });
  }

  #callOwner(): CallOwner {
    const devices = this.devices;
    return {
      config: this.#config!,
      rtcConfiguration: async (callId) => ({ iceServers: await this.#iceServers(callId), iceTransportPolicy: this.#config!.iceTransportPolicy }),
      mediaConstraints: (video) => devices.constraints(video),
      get speakerId() {
        return devices.choice.speaker ?? '';
      },
      emit: (type, detail) => this.#emit(type, detail),
      changed: () => this.#changed(),
      released: (call) => this.#calls.delete(call.id),
      resolveTarget: (target) => this.#resolveTarget(target),
      consult: (target) => this.call(target),
      followReferral: (target, request, media) => this.#followReferral(target, request, media),
      replaceWith: (call, session) => void this.#replacements.set(session, call),
      holdOthers: (call) => this.#holdOthers(call),
      subscribeRoom: (focus, room, onChange) => {
        const ua = this.#ua;
        if (!ua) return () => undefined;
        const subscription = new RoomSubscription(this.#agent(ua), focus, room, onChange);
        return () => subscription.stop();
      },
    };
  }

  #agent(ua: UA): SubscribingAgent {
    return { subscribe: (...args) => ua.subscribe(...args) as unknown as EventSubscriber };
  }

  /** The configured ICE servers; from a provider, what it gives, within ICE_SERVERS_TIMEOUT_MS. */
  async #iceServers(callId: string): Promise<RTCIceServer[]> {
    const source = this.#config!.iceServers;
    if (typeof source !== 'function') return source;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ICE_SERVERS_TIMEOUT_MS / 1000} s`)), ICE_SERVERS_TIMEOUT_MS);
    });
    try {
      this.#fetchedIceServers = validIceServers(await Promise.race([Promise.resolve().then(source), timeout]));
      return this.#fetchedIceServers;
    } catch (error) {
      const message = `Could not get the ICE servers (${(error as Error)?.message ?? error}): the call goes on without them`;
      this.#emit('phone-error', { code: 'ice-servers-failed', message, callId });
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  /** The ICE servers without asking a provider: the configured ones, or the provider's last answer. */
  #knownIceServers(): RTCIceServer[] {
    const source = this.#config!.iceServers;
    return typeof source === 'function' ? this.#fetchedIceServers : source;
  }

  #resolveTarget(target: string): string {
    try {
      return normalizeTarget(String(target ?? ''), this.#config!.aor.host);
    } catch (error) {
      throw this.#report(error);
    }
  }

  #requireUa(action: string): UA {
    if (!this.#ua) throw this.#report(new PhoneError('not-connected', `Cannot ${action}: the phone is not started`));
    return this.#ua;
  }

  /** Dispatches `phone-error` for `error` and returns it as a `PhoneError`, for rethrowing. */
  /**
   * The answered calls a merge would link now: those outside any conference, when there
   * are two parties or more to link (two such calls, or one and a conference to join).
   * Empty when there is nothing to merge; `merge()` takes exactly these.
   */
  get mergeable(): readonly PhoneCall[] {
    const calls = [...this.#calls.values()].filter((call) => isAnswered(call.state) && call.conferenceId === null && !call.transferring);
    return calls.length >= (this.#conferences.size > 0 ? 1 : 2) ? calls : [];
  }

  /**
   * Merges the `mergeable` calls: into the oldest conference when there is one (each is
   * added), else into a new conference. Rejects with `PhoneError` (also `phone-error`)
   * when there is nothing to merge.
   */
  async merge(): Promise<PhoneConference> {
    const calls = this.mergeable;
    if (calls.length === 0) throw this.#report(new PhoneError('invalid-state', 'Nothing to merge: it takes two answered calls, or one and a conference'));
    const [existing] = this.#conferences.values();
    if (!existing) return this.conference(calls);
    // Each joins on its own: one that fails is reported and does not stop the others.
    await Promise.allSettled(calls.map((call) => existing.add(call)));
    return existing;
  }

  /**
   * Brings `target` into the conversation on `call`: a conference of the two, the target
   * joining when it answers (Add participant on an ordinary call). A target that cannot be
   * dialled (bad input, not connected, too many calls) rejects with `PhoneError` (also
   * `phone-error`) before anything starts; the call is never held meanwhile.
   */
  async addToCall(call: PhoneCall, target: string): Promise<PhoneConference> {
    if (this.#follows) return this.conference([call, target]);
    try {
      const config = this.#requireConfig();
      normalizeTarget(String(target ?? ''), config.aor.host);
      this.#requireCallSlot('call', config);
    } catch (error) {
      throw this.#report(error);
    }
    return this.conference([call, target]);
  }

  #report(error: unknown): PhoneError {
    const failure = error instanceof PhoneError ? error : new PhoneError('transport-error', String((error as Error)?.message ?? error));
    this.#emit('phone-error', failure.toDetail());
    return failure;
  }

  #emit<K extends PhoneEventName>(type: K, detail: PhoneEventDetailMap[K]): void {
    this.dispatchEvent(createPhoneEvent(type, detail));
    this.#link?.publish(type, detail);
    // Only after every listener has had phone-call-ended: the record follows it.
    const record = this.#log.observe(type, detail);
    if (record) {
      // The stored copy is ours: a listener editing the event's detail does not change it.
      this.history.add(structuredClone(record));
      this.#emit('phone-call-logged', record);
    }
    this.#changed();
  }

  #changed(): void {
    this.#tones?.director.update();
    this.#sampleQualityWhileEstablished();
    this.#conferences.forEach((conference) => conference.sync());
    this.#changes.dispatchEvent(new Event('change'));
    this.#link?.changed();
  }

  /** One timer per phone samples every established call's media every 2 s, and only while there is one. */
  #sampleQualityWhileEstablished(): void {
    const established = this.calls.some((call) => call.state === 'established');
    if (established && this.#qualityTimer === undefined) {
      this.#qualityTimer = setInterval(() => this.#calls.forEach((call) => void call.sampleQuality().catch(() => undefined)), QUALITY_INTERVAL_MS);
    } else if (!established && this.#qualityTimer !== undefined) {
      clearInterval(this.#qualityTimer);
      this.#qualityTimer = undefined;
    }
  }
}

/** Typed listeners: `controller.addEventListener('phone-call-ended', (e) => e.detail.reason)`. */
export interface PhoneController {
  addEventListener<K extends PhoneEventName>(
    type: K,
    listener: (event: PhoneEvent<K>) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends PhoneEventName>(
    type: K,
    listener: (event: PhoneEvent<K>) => void,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}
