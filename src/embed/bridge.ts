/**
 * The iframe bridge's protocol: a versioned postMessage protocol between a host page
 * and the phone in `embed.html`. The frame's side is frame-bridge.ts, the host's host.ts.
 *
 * Every message, both ways, is `{ protocol: 'phone-elements', version: 1, type, id?, payload? }`.
 *
 * Host → frame: `hello` (answered by `ready`), and the commands `configure`, `dial`,
 * `joinRoom`, `answer`, `reject`, `hangup`, `hold`, `resume`, `mute`, `unmute`, `dtmf`, `transfer`,
 * `record`, `stopRecording`, `setDnd`, `setAutoAnswer`, `forward`, `watch`, `unwatch`.
 * A command with an `id` is answered by `result` or `error` with the same `id`.
 *
 * Frame → host: `ready` (on load when the browser tells the frame its parent's origin,
 * and in answer to `hello`), `event` with `{name, detail}` for every `phone-*` event,
 * and the replies. Details are posted as they are: a recording's `Blob` in
 * `phone-recording-stopped` reaches the host by structured clone.
 *
 * Security: the frame acts only on messages from its parent window whose origin is
 * in its allow-list; it posts only to its parent, with that origin as `targetOrigin`
 * (never `'*'`); it never puts the configuration (password, TURN credentials) in a
 * message; anything that is not a well-formed message is ignored without a word.
 */
import type { CallerId, PhoneConfig } from '../engine/config.js';
import type { RejectReason } from '../engine/phone-call.js';
import type { PhoneErrorCode, PhoneEventDetailMap, PhoneEventName } from '../events/phone-events.js';

export const PROTOCOL = 'phone-elements';
export const PROTOCOL_VERSION = 1;

export interface BridgeMessage<T extends string = string, P = unknown> {
  protocol: typeof PROTOCOL;
  version: typeof PROTOCOL_VERSION;
  type: T;
  /** Chosen by the host; a reply carries the `id` of its command. */
  id?: string;
  payload?: P;
}

/** What `configure` takes: every `<soft-phone>` setting (CONFIG_FIELDS); those not given take their defaults. */
export type FrameConfig = PhoneConfig;

/** Host → frame: each command's payload, and what its `result` carries. */
export interface BridgeCommands {
  configure: { payload: FrameConfig; result: undefined };
  dial: { payload: { target: string; headers?: Record<string, string>; video?: boolean; callerId?: CallerId }; result: { callId: string } };
  /** `softPhone.joinRoom(room, {video})`: dials the room through the `roomUri` setting. */
  joinRoom: { payload: { room: string; video?: boolean }; result: { callId: string } };
  answer: { payload: { callId?: string; video?: boolean }; result: undefined };
  reject: { payload: { callId?: string; reason?: RejectReason }; result: undefined };
  hangup: { payload: { callId?: string }; result: undefined };
  hold: { payload: { callId?: string }; result: undefined };
  resume: { payload: { callId?: string }; result: undefined };
  mute: { payload: { callId?: string }; result: undefined };
  unmute: { payload: { callId?: string }; result: undefined };
  dtmf: { payload: { callId?: string; tones: string }; result: undefined };
  transfer: { payload: { callId?: string; target: string }; result: undefined };
  record: { payload: { callId?: string }; result: undefined };
  stopRecording: { payload: { callId?: string }; result: undefined };
  /** Do not disturb on or off (`phone-dnd` follows). */
  setDnd: { payload: { on: boolean }; result: undefined };
  /** Auto-answer after `delay` ms (0: at once), or never with null; the other settings stay. */
  setAutoAnswer: { payload: { delay: number | null }; result: undefined };
  /** Forwards the ringing call (or the call `callId`) to `target`: 302 Moved Temporarily. */
  forward: { payload: { callId?: string; target: string }; result: undefined };
  /** `softPhone.watch(users)`: busy lamps; each then reaches the host as `phone-presence`. */
  watch: { payload: { users: string | string[] }; result: { watched: string[] } };
  unwatch: { payload: { users: string | string[] }; result: undefined };
}
export type BridgeCommand = keyof BridgeCommands;

/** `ready`'s payload: the protocol versions the frame speaks. */
export interface ReadyPayload {
  versions: number[];
}
export interface EventPayload<K extends PhoneEventName = PhoneEventName> {
  name: K;
  detail: PhoneEventDetailMap[K];
}

/** An `error` reply's code: the engine's `phone-error` codes, and the bridge's own. */
export type BridgeErrorCode = PhoneErrorCode | 'unknown-command' | 'bad-request' | 'failed';
export interface ErrorPayload {
  code: BridgeErrorCode;
  message: string;
}

/** A command the frame refused or that failed; the host's promise rejects with it. */
export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

export function bridgeMessage<T extends string, P>(type: T, payload?: P, id?: string): BridgeMessage<T, P> {
  return { protocol: PROTOCOL, version: PROTOCOL_VERSION, type, ...(id === undefined ? {} : { id }), ...(payload === undefined ? {} : { payload }) };
}

/** `data` as a message of this protocol version, or null for anything else. */
export function parseMessage(data: unknown): BridgeMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const { protocol, version, type, id, payload } = data as Record<string, unknown>;
  if (protocol !== PROTOCOL || version !== PROTOCOL_VERSION || typeof type !== 'string') return null;
  if (id !== undefined && typeof id !== 'string') return null;
  if (payload !== undefined && (typeof payload !== 'object' || payload === null)) return null;
  return data as BridgeMessage;
}

/**
 * The allowed host origins of a frame URL's query: `?origin=https://a.example,https://b.example`
 * (or `origin` repeated). Exact origins only: a wildcard, a path or anything unparsable is dropped.
 */
export function allowedOrigins(search: string): string[] {
  return new URLSearchParams(search)
    .getAll('origin')
    .flatMap((list) => list.split(','))
    .map((origin) => origin.trim())
    .filter((origin) => {
      try {
        return new URL(origin).origin === origin && origin !== 'null';
      } catch {
        return false;
      }
    });
}
