/**
 * The frame's side of the iframe bridge (protocol in bridge.ts): obeys the host's
 * commands and forwards every `phone-*` event to it.
 *
 * It imports the library only through its public entry (`../index.js`): in `dist/` that
 * is the CDN bundle the embed page has already loaded, so the frame holds one copy of
 * the phone, and `instanceof PhoneError` sees the errors that copy throws.
 */
import type { SoftPhoneElement } from '../components/soft-phone/soft-phone.js';
import type { CallerId, ConfigKey, PhoneConfig } from '../engine/config.js';
import type { PhoneCall, RejectReason } from '../engine/phone-call.js';
import { CONFIG_FIELDS, CONFIG_KEYS, PHONE_EVENT_NAMES, PhoneError } from '../index.js';
import { BridgeError, bridgeMessage, parseMessage, PROTOCOL_VERSION, type BridgeCommand, type BridgeMessage, type ErrorPayload, type ReadyPayload } from './bridge.js';

type Payload = Record<string, unknown>;

function field<T>(payload: Payload, name: string, type: 'string' | 'boolean' | 'object', required: boolean): T | undefined {
  const value = payload[name];
  if (value === undefined && !required) return undefined;
  if (typeof value !== type || value === null) throw new BridgeError('bad-request', `"${name}" must be a ${type}`);
  return value as T;
}
const text = (payload: Payload, name: string) => field<string>(payload, name, 'string', true)!;
const optionalText = (payload: Payload, name: string) => field<string>(payload, name, 'string', false);

/** A `configure` payload as settings: only names of CONFIG_FIELDS; the phone validates the values. */
function settings(payload: Payload): PhoneConfig {
  const unknown = Object.keys(payload).find((key) => !CONFIG_KEYS.includes(key as ConfigKey));
  if (unknown !== undefined) throw new BridgeError('bad-request', `"${unknown}" is not a setting of the phone`);
  return payload as unknown as PhoneConfig;
}

/**
 * The call a command without `callId` means: the newest one that `fits`, else the
 * newest call. `answer` and `reject` mean the ringing one, `resume` the one we hold,
 * anything else the one we talk on.
 */
function pickCall(phone: SoftPhoneElement, payload: Payload, fits: (call: PhoneCall) => boolean, action: string): PhoneCall {
  const callId = optionalText(payload, 'callId');
  const calls = [...phone.calls].reverse();
  const call = callId === undefined ? (calls.find(fits) ?? calls[0]) : phone.getCall(callId);
  if (!call) throw new PhoneError('invalid-state', callId === undefined ? `There is no call to ${action}` : `There is no call ${callId}`);
  return call;
}
const ringing = (call: PhoneCall) => call.state === 'incoming';
const talking = (call: PhoneCall) => call.heldBy !== 'local';

/** A watch list: one string (separated by commas) or an array of strings. */
function users(payload: Payload): string | string[] {
  const value = payload.users;
  if (typeof value === 'string' || (Array.isArray(value) && value.every((user) => typeof user === 'string'))) return value;
  throw new BridgeError('bad-request', '"users" must be a string or an array of strings');
}

type Handler = (phone: SoftPhoneElement, payload: Payload) => unknown;

const HANDLERS: Record<BridgeCommand, Handler> = {
  configure: (phone, p) => phone.configure(settings(p)),
  dial: async (phone, p) => {
    const headers = field<Record<string, string>>(p, 'headers', 'object', false);
    const callerId = field<CallerId>(p, 'callerId', 'object', false);
    const call = await phone.call(text(p, 'target'), { headers, callerId, video: field<boolean>(p, 'video', 'boolean', false) });
    return { callId: call.id };
  },
  joinRoom: async (phone, p) => {
    const call = await phone.joinRoom(text(p, 'room'), { video: field<boolean>(p, 'video', 'boolean', false) });
    return { callId: call.id };
  },
  answer: (phone, p) => pickCall(phone, p, ringing, 'answer').answer({ video: field<boolean>(p, 'video', 'boolean', false) }),
  reject: (phone, p) => {
    const reason = optionalText(p, 'reason');
    if (reason !== undefined && reason !== 'busy' && reason !== 'decline') throw new BridgeError('bad-request', '"reason" must be "busy" or "decline"');
    pickCall(phone, p, ringing, 'reject').reject(reason as RejectReason | undefined);
  },
  hangup: (phone, p) => pickCall(phone, p, talking, 'hang up').hangup(),
  hold: (phone, p) => pickCall(phone, p, talking, 'hold').hold(),
  resume: (phone, p) => pickCall(phone, p, (call) => call.heldBy === 'local', 'resume').resume(),
  mute: (phone, p) => pickCall(phone, p, talking, 'mute').mute(),
  unmute: (phone, p) => pickCall(phone, p, talking, 'unmute').unmute(),
  dtmf: (phone, p) => pickCall(phone, p, talking, 'send DTMF on').sendDTMF(text(p, 'tones')),
  transfer: (phone, p) => pickCall(phone, p, talking, 'transfer').transfer(text(p, 'target')),
  record: (phone, p) => pickCall(phone, p, talking, 'record').startRecording(),
  // The recording itself reaches the host as phone-recording-stopped, not in the result.
  stopRecording: async (phone, p) => void (await pickCall(phone, p, (call) => call.recording, 'stop recording').stopRecording()),
  setDnd: async (phone, p) => {
    phone.dnd = field<boolean>(p, 'on', 'boolean', true)!;
    await phone.updateComplete;
  },
  setAutoAnswer: async (phone, p) => {
    const delay = p['delay'];
    // Checked against the setting's bounds before it is set: a bad delay is an error reply, not a broken phone.
    const { min, max } = CONFIG_FIELDS.autoAnswer;
    if (delay !== null && !(typeof delay === 'number' && delay >= min && delay <= max)) {
      throw new BridgeError('bad-request', `"delay" must be a number of milliseconds from ${min} to ${max}, or null`);
    }
    phone.autoAnswer = delay;
    await phone.updateComplete;
  },
  forward: (phone, p) => pickCall(phone, p, ringing, 'forward').forward(text(p, 'target')),
  watch: (phone, p) => ({ watched: phone.watch(users(p)) }),
  unwatch: (phone, p) => phone.unwatch(users(p)),
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
      const payload = (message.payload ?? {}) as Payload;
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
