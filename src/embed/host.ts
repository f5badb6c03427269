/**
 * `phone-elements/host`: the host page's side of the iframe bridge (see bridge.ts).
 * `mountPhone()` puts `embed.html` in an iframe and returns a `PhoneFrame`: methods
 * that command the phone and resolve with its replies, and the phone's `phone-*`
 * events re-dispatched on it.
 */
import { PHONE_EVENT_NAMES, type PhoneEvent, type PhoneEventName } from '../events/phone-events.js';
import {
  BridgeError,
  bridgeMessage,
  parseMessage,
  type BridgeCommand,
  type BridgeCommands,
  type ErrorPayload,
  type EventPayload,
  type FrameConfig,
} from './bridge.js';
import { listenForClickToDial } from './click-to-dial.js';

export { BridgeError, PROTOCOL, PROTOCOL_VERSION } from './bridge.js';
export type { BridgeCommand, BridgeCommands, BridgeErrorCode, BridgeMessage, FrameConfig } from './bridge.js';
export type * from '../events/phone-events.js';

export interface MountOptions {
  /**
   * Address of `embed.html`. Unless it already lists its allowed host origins
   * (`?origin=…`), this page's origin is added as the only one.
   */
  src: string;
  /** The frame's origin: messages from anywhere else are ignored, and commands go only there. */
  origin: string;
  /** The iframe's permissions policy; the phone needs the microphone (default `microphone; camera; autoplay`). */
  allow?: string;
  /** The iframe's accessible name (default `Phone`). */
  title?: string;
  /** Dial `tel:` and `sip:` links clicked anywhere on this page through the frame. */
  clickToDial?: boolean;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** The phone in an iframe, driven over postMessage. Create it with `mountPhone()`. */
export class PhoneFrame extends EventTarget {
  readonly iframe: HTMLIFrameElement;
  /** Resolves once the frame answered the handshake; commands wait for it. */
  readonly ready: Promise<void>;
  readonly #origin: string;
  readonly #pending = new Map<string, Pending>();
  readonly #stop = new AbortController();
  #nextId = 1;

  constructor(container: Element, options: MountOptions) {
    super();
    this.#origin = new URL(options.origin).origin;
    const src = new URL(options.src, location.href);
    if (!src.searchParams.has('origin')) src.searchParams.set('origin', location.origin);
    const iframe = (this.iframe = document.createElement('iframe'));
    iframe.src = src.href;
    iframe.allow = options.allow ?? 'microphone; camera; autoplay';
    iframe.title = options.title ?? 'Phone';

    const signal = this.#stop.signal;
    let ready!: () => void;
    this.ready = new Promise((resolve) => (ready = resolve));
    addEventListener('message', (event) => this.#receive(event, ready), { signal });
    // The frame's scripts have run by its load event: a hello then always gets its ready.
    iframe.addEventListener('load', () => this.#post('hello'), { signal });
    if (options.clickToDial) listenForClickToDial(document, (target) => this.dial(target), signal);
    container.append(iframe);
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
    const id = String(this.#nextId++);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject } as Pending);
      this.#post(type, payload, id);
    });
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
    if (type === 'ready') return ready();
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
  return new PhoneFrame(container, options);
}
