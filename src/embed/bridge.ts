/**
 * The iframe bridge: a versioned postMessage protocol between a host page and the
 * phone in `embed.html`, and the frame's side of it.
 *
 * Every message, both ways, is `{ protocol: 'phone-elements', version: 1, type, id?, payload? }`.
 *
 * Host → frame: `hello` (answered by `ready`), and the commands `configure`, `dial`,
 * `answer`, `reject`, `hangup`, `hold`, `resume`, `mute`, `unmute`, `dtmf`, `transfer`.
 * A command with an `id` is answered by `result` or `error` with the same `id`.
 *
 * Frame → host: `ready` (on load when the browser tells the frame its parent's origin,
 * and in answer to `hello`), `event` with `{name, detail}` for every `phone-*` event,
 * and the replies.
 *
 * Security: the frame acts only on messages from its parent window whose origin is
 * in its allow-list; it posts only to its parent, with that origin as `targetOrigin`
 * (never `'*'`); it never puts the configuration (password, TURN credentials) in a
 * message; anything that is not a well-formed message is ignored without a word.
 */
import type { SoftPhoneElement } from '../components/soft-phone/soft-phone.js';
import type { PhoneCall, RejectReason } from '../engine/phone-call.js';
import { resolveConfig, type PhoneConfig } from '../engine/config.js';
import { PhoneError } from '../engine/phone-error.js';
import { PHONE_EVENT_NAMES, type PhoneErrorCode, type PhoneEventDetailMap, type PhoneEventName } from '../events/phone-events.js';

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

/** What `configure` takes: the `<soft-phone>` settings a host may give. */
export type FrameConfig = Pick<PhoneConfig, 'server' | 'uri' | 'password' | 'authUser' | 'displayName' | 'iceServers'>;

/** Host → frame: each command's payload, and what its `result` carries. */
export interface BridgeCommands {
  configure: { payload: FrameConfig; result: undefined };
  dial: { payload: { target: string; headers?: Record<string, string>; video?: boolean }; result: { callId: string } };
  answer: { payload: { callId?: string; video?: boolean }; result: undefined };
  reject: { payload: { callId?: string; reason?: RejectReason }; result: undefined };
  hangup: { payload: { callId?: string }; result: undefined };
  hold: { payload: { callId?: string }; result: undefined };
  resume: { payload: { callId?: string }; result: undefined };
  mute: { payload: { callId?: string }; result: undefined };
  unmute: { payload: { callId?: string }; result: undefined };
  dtmf: { payload: { callId?: string; tones: string }; result: undefined };
  transfer: { payload: { callId?: string; target: string }; result: undefined };
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

function field<T>(payload: Record<string, unknown>, name: string, type: 'string' | 'boolean' | 'object', required: boolean): T | undefined {
  const value = payload[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== type || value === null) throw new BridgeError('bad-request', `"${name}" must be a ${type}`);
  return value as T;
}
const text = (payload: Record<string, unknown>, name: string) => field<string>(payload, name, 'string', true)!;
const optionalText = (payload: Record<string, unknown>, name: string) => field<string>(payload, name, 'string', false);

/** Validates a configuration (throwing `invalid-config` naming the field) and applies it to the phone. */
export function applyConfig(phone: SoftPhoneElement, config: FrameConfig): void {
  resolveConfig(config);
  const { iceServers } = config;
  Object.assign(phone, {
    server: config.server,
    uri: config.uri,
    password: config.password ?? '',
    authUser: config.authUser ?? '',
    displayName: config.displayName ?? '',
    iceServers: typeof iceServers === 'string' || iceServers === undefined ? (iceServers ?? '') : JSON.stringify(iceServers),
  });
}

/**
 * The call a command without `callId` means: the newest one that `fits`, else the
 * newest call. `answer` and `reject` mean the ringing one, `resume` the one we hold,
 * anything else the one we talk on.
 */
function pickCall(phone: SoftPhoneElement, payload: Record<string, unknown>, fits: (call: PhoneCall) => boolean, action: string): PhoneCall {
  const callId = optionalText(payload, 'callId');
  const calls = [...phone.calls].reverse();
  const call = callId === undefined ? (calls.find(fits) ?? calls[0]) : phone.getCall(callId);
  if (!call) throw new PhoneError('invalid-state', callId === undefined ? `There is no call to ${action}` : `There is no call ${callId}`);
  return call;
}
const ringing = (call: PhoneCall) => call.state === 'incoming';
const talking = (call: PhoneCall) => call.heldBy !== 'local';

type Handler = (phone: SoftPhoneElement, payload: Record<string, unknown>) => unknown;

const HANDLERS: Record<BridgeCommand, Handler> = {
  configure: (phone, p) =>
    applyConfig(phone, {
      server: text(p, 'server'),
      uri: text(p, 'uri'),
      password: optionalText(p, 'password'),
      authUser: optionalText(p, 'authUser'),
      displayName: optionalText(p, 'displayName'),
      iceServers: Array.isArray(p.iceServers) ? (p.iceServers as RTCIceServer[]) : optionalText(p, 'iceServers'),
    }),
  dial: async (phone, p) => {
    const headers = field<Record<string, string>>(p, 'headers', 'object', false);
    const call = await phone.call(text(p, 'target'), { headers, video: field<boolean>(p, 'video', 'boolean', false) });
    return { callId: call.id };
  },
  answer: (phone, p) => pickCall(phone, p, ringing, 'answer').answer({ video: field<boolean>(p, 'video', 'boolean', false) }),
  reject: (phone, p) => {
    const reason = optionalText(p, 'reason');
    if (reason !== undefined && reason !== 'busy' && reason !== 'decline') throw new BridgeError('bad-request', '"reason" must be "busy" or "decline"');
    pickCall(phone, p, ringing, 'reject').reject(reason);
  },
  hangup: (phone, p) => pickCall(phone, p, talking, 'hang up').hangup(),
  hold: (phone, p) => pickCall(phone, p, talking, 'hold').hold(),
  resume: (phone, p) => pickCall(phone, p, (call) => call.heldBy === 'local', 'resume').resume(),
  mute: (phone, p) => pickCall(phone, p, talking, 'mute').mute(),
  unmute: (phone, p) => pickCall(phone, p, talking, 'unmute').unmute(),
  dtmf: (phone, p) => pickCall(phone, p, talking, 'send DTMF on').sendDTMF(text(p, 'tones')),
  transfer: (phone, p) => pickCall(phone, p, talking, 'transfer').transfer(text(p, 'target')),
};

function errorPayload(error: unknown): ErrorPayload {
  if (error instanceof BridgeError || error instanceof PhoneError) return { code: error.code, message: error.message };
  return { code: 'failed', message: String((error as Error | undefined)?.message ?? error) };
}

/**
 * Connects `phone` to the host page (the frame's parent), until `signal` aborts if given.
 * `origins` is the allow-list of host origins: any other sender is ignored.
 */
export function connectBridge(phone: SoftPhoneElement, origins: readonly string[], signal?: AbortSignal): void {
  const host = window.parent;
  if (host === window) return; // not in a frame: nobody to talk to
  // Where events go: the parent's origin once known (Chromium and Safari tell it up front,
  // elsewhere the host's first message does). Until then events are not posted at all.
  const ancestor = location.ancestorOrigins?.[0];
  let hostOrigin = ancestor && origins.includes(ancestor) ? ancestor : null;
  const post = (message: BridgeMessage) => hostOrigin && host.postMessage(message, hostOrigin);
  const ready = (id?: string) => post(bridgeMessage<'ready', ReadyPayload>('ready', { versions: [PROTOCOL_VERSION] }, id));

  for (const name of PHONE_EVENT_NAMES) {
    phone.addEventListener(name, (event) => post(bridgeMessage('event', { name, detail: event.detail })), { signal });
  }

  addEventListener(
    'message',
    (event: MessageEvent) => {
      if (event.source !== host || !origins.includes(event.origin)) return;
      const message = parseMessage(event.data);
      if (!message) return;
      hostOrigin = event.origin;
      const { type, id } = message;
      if (type === 'hello') return void ready(id);
      const payload = (message.payload ?? {}) as Record<string, unknown>;
      const handler = Object.hasOwn(HANDLERS, type) ? HANDLERS[type as BridgeCommand] : undefined;
      // An async function so that a handler's throw becomes a rejection like any other.
      const run = async () => {
        if (!handler) throw new BridgeError('unknown-command', `Unknown command "${type}"`);
        return handler(phone, payload);
      };
      run().then(
        (result) => id !== undefined && post(bridgeMessage('result', result, id)),
        (error: unknown) => id !== undefined && post(bridgeMessage('error', errorPayload(error), id)),
      );
    },
    { signal },
  );

  ready();
}
