/**
 * The iframe bridge's protocol: a versioned postMessage protocol between a host page
 * and the phone in `embed.html`. The frame's side is frame-bridge.ts, the host's host.ts.
 *
 * Every message, both ways, is `{ protocol: 'phone-elements', version: 1, type, id?, payload? }`:
 * `version` is the envelope's, the same in every protocol version, so that a frame and a
 * host of different ages always understand each other's handshake.
 *
 * The handshake: the host sends `hello` (payload `{version}`: the protocol version it
 * wants; none means 1), the frame answers `ready` with the versions it speaks
 * (`{versions}`), and for version 2 or later also `{version, state}`: the agreed
 * version and a snapshot of the phone. The frame also posts `ready` on load, when the
 * browser tells it its parent's origin; a host that sees there that the frame speaks a
 * better version than the one it asked for says `hello` again with it.
 *
 * Host → frame: the commands of BRIDGE_COMMANDS. A command with an `id` is answered by
 * `result` or `error` with the same `id`.
 *
 * Frame → host: `ready`, `event` with `{name, detail}` for every `phone-*` event (the
 * names come from PHONE_EVENT_NAMES), and the replies. Details are posted as they are: a
 * recording's `Blob` in `phone-recording-stopped` reaches the host by structured clone.
 *
 * Security: the frame acts only on messages from its parent window whose origin is
 * in its allow-list; it posts only to its parent, with that origin as `targetOrigin`
 * (never `'*'`); it never puts the configuration (password, TURN credentials) in a
 * message; anything that is not a well-formed message is ignored without a word.
 */
import type { CallAction } from '../engine/call-abilities.js';
import type { CallState } from '../engine/call-state.js';
import type { CallerId, PhoneConfig } from '../engine/config.js';
import type { DeviceChoice, DeviceKind, DeviceOption } from '../engine/media/devices.js';
import type { RejectReason } from '../engine/phone-call.js';
import type { ConnectionState, RegistrationState } from '../engine/phone-controller.js';
import type {
  CallDirection,
  PhoneErrorCode,
  PhoneEventDetailMap,
  PhoneEventName,
  PresenceDetail,
  RemoteParty,
  VoicemailDetail,
} from '../events/phone-events.js';

export const PROTOCOL = 'phone-elements';
/** The envelope's `version`: 1 in every message, whatever protocol version the two sides agreed. */
export const PROTOCOL_VERSION = 1;
/** The protocol versions this code speaks, oldest first. */
export const PROTOCOL_VERSIONS = Object.freeze([1, 2] as const);
export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];

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

/**
 * How the frame checks one payload field: alternatives separated by `|` (`string`,
 * `boolean`, `number`, `object`, `null`, `string[]`, or a quoted literal `'busy'`),
 * after a `?` when the field may be left out. README's payload column shows the same text.
 */
export type FieldRule = string;
/** A rule for every field of payload `P`; optional fields' rules start with `?` (the compiler holds them to it). */
export type FieldRules<P> = { readonly [K in keyof P]-?: undefined extends P[K] ? `?${string}` : FieldRule };

/** A row of the command table. `P` is the payload, `R` what the `result` carries. */
export interface CommandSpec<P, R> {
  /** The protocol version that brought the command: a host uses it only once that version is agreed. */
  readonly since: ProtocolVersion;
  /** How the frame checks the payload; null for `configure`, whose settings the phone itself validates. */
  readonly fields: FieldRules<P> | null;
  /** Never set: carries the payload and result types for `BridgeCommands`. */
  readonly types?: { payload: P; result: R };
}
const command =
  <P, R = void>() =>
  (since: ProtocolVersion, fields: FieldRules<P> | null): CommandSpec<P, R> => ({ since, fields });

type CallPayload = { callId?: string };
type ConferencePayload = { conferenceId?: string };
const CALL: FieldRules<CallPayload> = { callId: '?string' };
const CONFERENCE: FieldRules<ConferencePayload> = { conferenceId: '?string' };

/** What every call shows, in the state snapshot. */
export interface CallSnapshot {
  callId: string;
  direction: CallDirection;
  state: CallState;
  remote: RemoteParty;
  video: boolean;
  /** Our camera is sending (a video call whose camera was not turned off). */
  cameraOn: boolean;
  muted: boolean;
  /** Who holds the call: 'local' (also when both do), 'remote', or null. */
  heldBy: 'local' | 'remote' | null;
  recording: boolean;
  /** When it was answered (ms since the epoch); null before. */
  answeredAt: number | null;
  /** A transfer of this call is under way (it is about to end). */
  transferring: boolean;
  conferenceId: string | null;
  /** The consultation call of an attended transfer started from this call. */
  consultationId: string | null;
  /** For a consultation call: the call it would be transferred from. */
  consultingFor: string | null;
  /** The room's SIP URI, for a call placed by `joinRoom`. */
  room: string | null;
  /** The engine's `call.can(action)` for every action, as it answers now. */
  can: Record<CallAction, boolean>;
}
export interface ConferenceSnapshot {
  conferenceId: string;
  /** The calls in the mix, in the order they joined. */
  callIds: string[];
  /** Calls dialled for it that have not joined yet. */
  joining: string[];
  held: boolean;
  muted: boolean;
  recording: boolean;
}
/** The phone as it is: what a host that loads late (a call already up) needs to show it. */
export interface PhoneSnapshot {
  connection: ConnectionState;
  registration: RegistrationState;
  /** Our address of record; '' before the phone is configured. */
  uri: string;
  /** Calls that have not ended, oldest first. */
  calls: CallSnapshot[];
  conferences: ConferenceSnapshot[];
  /** The calls `merge` would link now (the engine's `mergeable`); empty when there is nothing to merge. */
  mergeable: string[];
  dnd: boolean;
  /** The auto-answer delay in ms, or null for never. */
  autoAnswer: number | null;
  presence: PresenceDetail[];
  voicemail: VoicemailDetail | null;
}
/** `listDevices`' result: what the browser lists of each kind, and the choices. */
export type DeviceList = Record<DeviceKind, DeviceOption[]> & { selected: DeviceChoice };

/**
 * THE command table: every command a host may send, with the version that brought it, the
 * rules its payload is checked by, and (as types) its payload and result. The frame's
 * dispatch, `BridgeCommands`, `PhoneFrame`'s methods (held to it by the compiler) and
 * README's protocol table (held to it by scripts/check-manifest.mjs) all follow it.
 */
export const BRIDGE_COMMANDS = Object.freeze({
  configure: command<FrameConfig>()(1, null),
  dial: command<{ target: string; headers?: Record<string, string>; video?: boolean; callerId?: CallerId }, { callId: string }>()(1, {
    target: 'string',
    headers: '?object',
    video: '?boolean',
    callerId: '?object',
  }),
  joinRoom: command<{ room: string; video?: boolean }, { callId: string }>()(1, { room: 'string', video: '?boolean' }),
  answer: command<{ callId?: string; video?: boolean }>()(1, { ...CALL, video: '?boolean' }),
  reject: command<{ callId?: string; reason?: RejectReason }>()(1, { ...CALL, reason: "?'busy'|'decline'" }),
  hangup: command<CallPayload>()(1, CALL),
  hold: command<CallPayload>()(1, CALL),
  resume: command<CallPayload>()(1, CALL),
  mute: command<CallPayload>()(1, CALL),
  unmute: command<CallPayload>()(1, CALL),
  dtmf: command<{ callId?: string; tones: string }>()(1, { ...CALL, tones: 'string' }),
  transfer: command<{ callId?: string; target: string }>()(1, { ...CALL, target: 'string' }),
  record: command<CallPayload>()(1, CALL),
  stopRecording: command<CallPayload>()(1, CALL),
  setDnd: command<{ on: boolean }>()(1, { on: 'boolean' }),
  setAutoAnswer: command<{ delay: number | null }>()(1, { delay: 'number|null' }),
  forward: command<{ callId?: string; target: string }>()(1, { ...CALL, target: 'string' }),
  watch: command<{ users: string | string[] }, { watched: string[] }>()(1, { users: 'string|string[]' }),
  unwatch: command<{ users: string | string[] }>()(1, { users: 'string|string[]' }),
  // Version 2.
  getState: command<Record<never, never>, PhoneSnapshot>()(2, {}),
  register: command<Record<never, never>>()(2, {}),
  unregister: command<Record<never, never>>()(2, {}),
  attendedTransfer: command<{ callId?: string; target: string }, { callId: string }>()(2, { ...CALL, target: 'string' }),
  completeTransfer: command<CallPayload>()(2, CALL),
  setCamera: command<{ callId?: string; on: boolean }>()(2, { ...CALL, on: 'boolean' }),
  merge: command<Record<never, never>, { conferenceId: string }>()(2, {}),
  conference: command<{ callIds?: string[]; targets?: string[] }, { conferenceId: string }>()(2, { callIds: '?string[]', targets: '?string[]' }),
  addParticipant: command<{ callId?: string; conferenceId?: string; target: string }, { conferenceId: string }>()(2, {
    ...CALL,
    ...CONFERENCE,
    target: 'string',
  }),
  removeParticipant: command<{ callId: string }>()(2, { callId: 'string' }),
  holdConference: command<ConferencePayload>()(2, CONFERENCE),
  resumeConference: command<ConferencePayload>()(2, CONFERENCE),
  muteConference: command<ConferencePayload>()(2, CONFERENCE),
  unmuteConference: command<ConferencePayload>()(2, CONFERENCE),
  recordConference: command<ConferencePayload>()(2, CONFERENCE),
  stopRecordingConference: command<ConferencePayload>()(2, CONFERENCE),
  hangupConference: command<ConferencePayload>()(2, CONFERENCE),
  listDevices: command<Record<never, never>, DeviceList>()(2, {}),
  selectDevice: command<{ kind: DeviceKind; deviceId: string }>()(2, { kind: "'microphone'|'camera'|'speaker'|'ringer'", deviceId: 'string' }),
});
export type BridgeCommand = keyof typeof BRIDGE_COMMANDS;
/** Host → frame: each command's payload, and what its `result` carries (from BRIDGE_COMMANDS). */
export type BridgeCommands = {
  [K in BridgeCommand]: (typeof BRIDGE_COMMANDS)[K] extends CommandSpec<infer P, infer R> ? { payload: P; result: R } : never;
};

/** `hello`'s payload: the protocol version the host wants (none: 1). */
export interface HelloPayload {
  version?: number;
}
/** `ready`'s payload: the versions the frame speaks; from version 2 on, the agreed one and the phone's state. */
export interface ReadyPayload {
  versions: number[];
  version?: number;
  state?: PhoneSnapshot;
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
