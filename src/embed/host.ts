/**
 * `phone-elements/host`: the host page's side of the iframe bridge (see bridge.ts).
 * `mountPhone()` puts `embed.html` in an iframe (`attachPhone()` takes one already in the
 * page) and returns a `PhoneFrame`: methods that command the phone and resolve with its
 * replies, one per command of BRIDGE_COMMANDS, and the phone's `phone-*` events
 * re-dispatched on it.
 */
import { PHONE_EVENT_NAMES, type PhoneEvent, type PhoneEventName } from '../events/phone-events.js';
import type { DeviceKind } from '../engine/media/devices.js';
import {
  BRIDGE_COMMANDS,
  BridgeError,
  bridgeMessage,
  parseMessage,
  PROTOCOL_VERSIONS,
  type BridgeCommand,
  type BridgeCommands,
  type ErrorPayload,
  type EventPayload,
  type FrameConfig,
  type HelloPayload,
  type PhoneSnapshot,
  type ReadyPayload,
} from './bridge.js';
import { listenForClickToDial } from './click-to-dial.js';

export { BRIDGE_COMMANDS, BridgeError, PROTOCOL, PROTOCOL_VERSION, PROTOCOL_VERSIONS } from './bridge.js';
export type {
  BridgeCommand,
  BridgeCommands,
  BridgeErrorCode,
  BridgeMessage,
  CallSnapshot,
  ConferenceSnapshot,
  DeviceList,
  FrameConfig,
  PhoneSnapshot,
  ProtocolVersion,
} from './bridge.js';
export type * from '../events/phone-events.js';

/** For `attachPhone()`: the frame is already there, so only whom to talk to, and click-to-dial. */
export interface AttachOptions {
  /** The frame's origin: messages from anywhere else are ignored, and commands go only there. */
  origin: string;
  /** Dial `tel:` and `sip:` links clicked anywhere on this page through the frame. */
  clickToDial?: boolean;
}

export interface MountOptions extends AttachOptions {
  /**
   * Address of `embed.html`. Unless it already lists its allowed host origins
   * (`?origin=…`), this page's origin is added as the only one.
   */
  src: string;
  /** The iframe's permissions policy; the phone needs the microphone (default `microphone; camera; autoplay`). */
  allow?: string;
  /** The iframe's accessible name (default `Phone`). */
  title?: string;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** A method for every command of BRIDGE_COMMANDS: `PhoneFrame` must have them all. */
type HostCommands = { [K in BridgeCommand]: (...args: never[]) => Promise<BridgeCommands[K]['result']> };

const LATEST = Math.max(...PROTOCOL_VERSIONS);

/** The phone in an iframe, driven over postMessage. Create it with `mountPhone()` or `attachPhone()`. */
export class PhoneFrame extends EventTarget implements HostCommands {
  readonly iframe: HTMLIFrameElement;
  /** Resolves once the frame answered the handshake in a version both sides speak; commands wait for it. */
  readonly ready: Promise<void>;
  readonly #origin: string;
  readonly #pending = new Map<string, Pending>();
  readonly #stop = new AbortController();
  #nextId = 1;
  #version = 0;
  #state: PhoneSnapshot | null = null;

  /** @internal Use `mountPhone()` or `attachPhone()`. */
  constructor(iframe: HTMLIFrameElement, options: AttachOptions) {
    super();
    this.iframe = iframe;
    this.#origin = new URL(options.origin).origin;
    const signal = this.#stop.signal;
    let ready!: () => void;
    this.ready = new Promise((resolve) => (ready = resolve));
    addEventListener('message', (event) => this.#receive(event, ready), { signal });
    // The frame's scripts have run by its load event: a hello then always gets its ready.
    // A frame already loaded (attachPhone) gets one now as well.
    iframe.addEventListener('load', () => this.#hello(LATEST), { signal });
    this.#hello(LATEST);
    if (options.clickToDial) listenForClickToDial(document, (target) => this.dial(target), signal);
  }

  /** The protocol version agreed with the frame (1 with a frame older than version 2); 0 until `ready`. */
  get version(): number {
    return this.#version;
  }
  /**
   * The phone's state as the handshake found it (version 2): registration, calls with their
   * state and what each can do now, conferences, do not disturb. It is not kept up to date:
   * the events tell what changes, and `getState()` asks again. Null with a version-1 frame.
   */
  get state(): PhoneSnapshot | null {
    return this.#state;
  }

  /** Sends any command of BRIDGE_COMMANDS as it is; the methods below are this with their arguments. */
  send<C extends BridgeCommand>(command: C, payload: BridgeCommands[C]['payload']): Promise<BridgeCommands[C]['result']> {
    return this.#command(command, payload);
  }

  /** Signs the phone in (validated first: rejects with `invalid-config` naming the field). */
  configure(config: FrameConfig): Promise<void> {
    return this.#command('configure', config);
  }
  /** Calls a name, number or SIP address; resolves with the new call's id once it is placed. */
  dial(target: string, options: Omit<BridgeCommands['dial']['payload'], 'target'> = {}): Promise<{ callId: string }> {
    return this.#command('dial', { ...options, target });
  }
  /** Joins the conference room `room` (through the `roomUri` setting); resolves with the call's id once it is placed. */
  joinRoom(room: string, options: Omit<BridgeCommands['joinRoom']['payload'], 'room'> = {}): Promise<{ callId: string }> {
    return this.#command('joinRoom', { ...options, room });
  }
  /** Answers the ringing call (or the call `callId`). */
  answer(callId?: string, options: { video?: boolean } = {}): Promise<void> {
    return this.#command('answer', { callId, ...options });
  }
  reject(callId?: string, reason?: 'busy' | 'decline'): Promise<void> {
    return this.#command('reject', { callId, reason });
  }
  /** Hangs up, cancels or declines the current call (or the call `callId`). */
  hangup(callId?: string): Promise<void> {
    return this.#command('hangup', { callId });
  }
  hold(callId?: string): Promise<void> {
    return this.#command('hold', { callId });
  }
  /** Takes the call we hold (or the call `callId`) off hold. */
  resume(callId?: string): Promise<void> {
    return this.#command('resume', { callId });
  }
  mute(callId?: string): Promise<void> {
    return this.#command('mute', { callId });
  }
  unmute(callId?: string): Promise<void> {
    return this.#command('unmute', { callId });
  }
  dtmf(tones: string, callId?: string): Promise<void> {
    return this.#command('dtmf', { callId, tones });
  }
  /** Blind transfer of the current call (or the call `callId`) to `target`. */
  transfer(target: string, callId?: string): Promise<void> {
    return this.#command('transfer', { callId, target });
  }
  /** Starts recording the current call (or the call `callId`); `phone-recording-stopped` brings the Blob. */
  record(callId?: string): Promise<void> {
    return this.#command('record', { callId });
  }
  /** Stops recording the call being recorded (or the call `callId`). */
  stopRecording(callId?: string): Promise<void> {
    return this.#command('stopRecording', { callId });
  }
  /** Watches users' lamps (busy lamp field); each lamp comes as the `phone-presence` event. Resolves with the SIP URIs newly watched. */
  watch(users: string | string[]): Promise<{ watched: string[] }> {
    return this.#command('watch', { users });
  }
  /** Stops watching users. */
  unwatch(users: string | string[]): Promise<void> {
    return this.#command('unwatch', { users });
  }

  /** Switches do not disturb on or off; `phone-dnd` tells of the change. */
  setDnd(on: boolean): Promise<void> {
    return this.#command('setDnd', { on });
  }
  /** Answers calls by themselves after `delay` ms (0: at once), or never with null. */
  setAutoAnswer(delay: number | null): Promise<void> {
    return this.#command('setAutoAnswer', { delay });
  }
  /** Forwards the ringing call (or the call `callId`) to `target` (302 Moved Temporarily). */
  forward(target: string, callId?: string): Promise<void> {
    return this.#command('forward', { callId, target });
  }

  /** The phone's state now: the snapshot `ready` brought, afresh. */
  getState(): Promise<PhoneSnapshot> {
    return this.#command('getState', {});
  }
  /** Registers again; `phone-registered` follows. */
  register(): Promise<void> {
    return this.#command('register', {});
  }
  /** Removes our registration (calls can still be placed); `phone-unregistered` follows. */
  unregister(): Promise<void> {
    return this.#command('unregister', {});
  }
  /** Attended transfer, step one: holds the current call (or the call `callId`) and calls `target` to consult; resolves with the consultation's id. */
  attendedTransfer(target: string, callId?: string): Promise<{ callId: string }> {
    return this.#command('attendedTransfer', { callId, target });
  }
  /** Attended transfer, step two: connects the held call's far end to the consulted party (`callId`: either call of the pair). */
  completeTransfer(callId?: string): Promise<void> {
    return this.#command('completeTransfer', { callId });
  }
  /** Turns our camera off (the far end sees no picture) or back on, on the current video call (or the call `callId`). */
  setCamera(on: boolean, callId?: string): Promise<void> {
    return this.#command('setCamera', { callId, on });
  }
  /** Starts a conference of our calls `callIds` and the `targets`, dialled (each joins when it answers); resolves with its id. */
  conference(members: { callIds?: string[]; targets?: string[] }): Promise<{ conferenceId: string }> {
    return this.#command('conference', members);
  }
  /** Merges the answered calls into a conference (or into the one there is); resolves with its id. */
  merge(): Promise<{ conferenceId: string }> {
    return this.#command('merge', {});
  }
  /**
   * Dials `target` into the conversation: the conference `conferenceId`, or the call `callId`
   * (the current call by default; one not in a conference becomes a conference with it). Resolves once dialled.
   */
  addParticipant(target: string, to: { callId?: string; conferenceId?: string } = {}): Promise<{ conferenceId: string }> {
    return this.#command('addParticipant', { ...to, target });
  }
  /** Takes the call `callId` out of its conference and hangs it up. */
  removeParticipant(callId: string): Promise<void> {
    return this.#command('removeParticipant', { callId });
  }
  /** Puts everyone in the conference (the newest one by default) on hold. */
  holdConference(conferenceId?: string): Promise<void> {
    return this.#command('holdConference', { conferenceId });
  }
  resumeConference(conferenceId?: string): Promise<void> {
    return this.#command('resumeConference', { conferenceId });
  }
  /** Mutes our microphone for everyone in the conference; they still hear each other. */
  muteConference(conferenceId?: string): Promise<void> {
    return this.#command('muteConference', { conferenceId });
  }
  unmuteConference(conferenceId?: string): Promise<void> {
    return this.#command('unmuteConference', { conferenceId });
  }
  /** Records the conference; `phone-recording-stopped` with its `conferenceId` brings the Blob. */
  recordConference(conferenceId?: string): Promise<void> {
    return this.#command('recordConference', { conferenceId });
  }
  stopRecordingConference(conferenceId?: string): Promise<void> {
    return this.#command('stopRecordingConference', { conferenceId });
  }
  /** Hangs up every leg of the conference. */
  hangupConference(conferenceId?: string): Promise<void> {
    return this.#command('hangupConference', { conferenceId });
  }
  /** The microphones, cameras, speakers and ringers the browser lists (labels once the microphone was granted), and the choices. */
  listDevices(): Promise<BridgeCommands['listDevices']['result']> {
    return this.#command('listDevices', {});
  }
  /** Uses another device (`''`: the browser's default): the microphone switches live on every call, the speaker moves their audio. */
  selectDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.#command('selectDevice', { kind, deviceId });
  }

  /** Removes the iframe (which ends its calls) and rejects the commands still waiting. */
  destroy(): void {
    this.#stop.abort();
    this.iframe.remove();
    for (const { reject } of this.#pending.values()) reject(new BridgeError('failed', 'The phone frame was destroyed'));
    this.#pending.clear();
  }

  async #command<C extends BridgeCommand>(type: C, payload: BridgeCommands[C]['payload']): Promise<BridgeCommands[C]['result']> {
    await this.ready;
    if (this.#stop.signal.aborted) throw new BridgeError('failed', 'The phone frame was destroyed');
    // A name not in our table (from plain JavaScript) goes as it is: the frame may know it, or says it does not.
    const since = Object.hasOwn(BRIDGE_COMMANDS, type) ? BRIDGE_COMMANDS[type].since : 1;
    if (since > this.#version) throw new BridgeError('unknown-command', `"${type}" needs version ${since} of the protocol; the frame speaks ${this.#version}`);
    const id = String(this.#nextId++);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject } as Pending);
      this.#post(type, payload, id);
    });
  }

  #hello(version: number): void {
    this.#post('hello', { version } satisfies HelloPayload);
  }

  #post(type: string, payload?: unknown, id?: string): void {
    // Only to our frame's origin: if it navigated elsewhere, the browser drops the message.
    this.iframe.contentWindow?.postMessage(bridgeMessage(type, payload, id), this.#origin);
  }

  #receive(event: MessageEvent, ready: () => void): void {
    if (event.source !== this.iframe.contentWindow || event.origin !== this.#origin) return;
    const message = parseMessage(event.data);
    if (!message) return;
    const { type, id, payload } = message;
    if (type === 'ready') return this.#handshake(payload as ReadyPayload, ready);
    if (type === 'event') {
      const { name, detail } = (payload ?? {}) as EventPayload;
      if (PHONE_EVENT_NAMES.includes(name)) this.dispatchEvent(new CustomEvent(name, { detail }));
      return;
    }
    const pending = id === undefined ? undefined : this.#pending.get(id);
    if (!pending || (type !== 'result' && type !== 'error')) return;
    this.#pending.delete(id!);
    if (type === 'result') pending.resolve(payload);
    else pending.reject(new BridgeError((payload as ErrorPayload).code, (payload as ErrorPayload).message));
  }

  /**
   * A `ready` from the frame: the host picks the best version both speak. A frame that
   * answered in another one (its `ready` on load, or a hello of ours it did not take) is
   * asked again in that one.
   */
  #handshake({ versions, version, state }: ReadyPayload, ready: () => void): void {
    const common = Array.isArray(versions) ? versions.filter((candidate) => (PROTOCOL_VERSIONS as readonly number[]).includes(candidate)) : [];
    const pick = common.length ? Math.max(...common) : 1;
    if ((version ?? 1) !== pick) return this.#hello(pick);
    this.#version = pick;
    this.#state = state ?? null;
    ready();
  }
}

/** Typed listeners, as on `<soft-phone>`: `frame.addEventListener('phone-call-ended', (e) => e.detail.reason)`. */
export interface PhoneFrame {
  addEventListener<K extends PhoneEventName>(type: K, listener: (event: PhoneEvent<K>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends PhoneEventName>(type: K, listener: (event: PhoneEvent<K>) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * Puts the phone (`embed.html`) in an iframe inside `container`:
 *
 * ```ts
 * const phone = mountPhone(panel, { src: 'https://phone.example.com/embed.html', origin: 'https://phone.example.com' });
 * await phone.configure({ server: 'wss://pbx.example.com/ws', uri: 'sip:1001@pbx.example.com', password });
 * phone.addEventListener('phone-call-ended', (e) => console.log(e.detail.reason));
 * await phone.dial('+14155551234');
 * ```
 */
export function mountPhone(container: Element, options: MountOptions): PhoneFrame {
  const src = new URL(options.src, location.href);
  if (!src.searchParams.has('origin')) src.searchParams.set('origin', location.origin);
  const iframe = document.createElement('iframe');
  iframe.src = src.href;
  iframe.allow = options.allow ?? 'microphone; camera; autoplay';
  iframe.title = options.title ?? 'Phone';
  // Listening before the frame loads: its first `ready` is not missed.
  const frame = new PhoneFrame(iframe, options);
  container.append(iframe);
  return frame;
}

/**
 * Drives a phone frame already in the page (in the HTML, or mounted by another script),
 * perhaps with calls up: the handshake's `state` shows them, as they are.
 */
export function attachPhone(iframe: HTMLIFrameElement, options: AttachOptions): PhoneFrame {
  return new PhoneFrame(iframe, options);
}
