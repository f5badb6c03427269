/**
 * The public event contract: one typed `CustomEvent` per lifecycle step.
 *
 * The engine (`PhoneController`) dispatches these on itself; `<soft-phone>`
 * re-dispatches each one from its host element with `bubbles` and `composed`
 * so that `document.addEventListener('phone-call-ended', …)` sees it.
 * Every `detail` is plain, cloneable data (it also crosses the iframe bridge): a
 * recording's `Blob` too, which structured clone carries as it is.
 */

import type { DeviceKind } from '../engine/media/devices.js';

/** Who is on the other end of a call, as the network told us. */
export interface RemoteParty {
  /** Full SIP URI, e.g. `sip:bob@example.com`. */
  uri: string;
  /** The user part of the URI (a name, an extension or an E.164 number). */
  user: string;
  /** Display name, cleaned of control and bidi-override characters; '' when none. */
  displayName: string;
}

export type CallDirection = 'outgoing' | 'incoming';

/** Why a call ended; see README for the mapping from SIP. */
export type EndReason =
  | 'hangup'
  | 'busy'
  | 'no-answer'
  | 'rejected'
  | 'cancelled'
  | 'failed'
  | 'transferred';

/** Which side ended the call: us, the far end, or the network/browser. */
export type EndedBy = 'local' | 'remote' | 'system';

export type PhoneErrorCode =
  | 'invalid-target'
  | 'invalid-config'
  | 'invalid-header'
  | 'invalid-dtmf'
  | 'invalid-state'
  | 'transfer-failed'
  | 'renegotiation-failed'
  | 'not-connected'
  | 'too-many-calls'
  | 'media-denied'
  | 'ice-servers-failed'
  | 'storage-failed'
  | 'transport-error'
  | 'recording-failed';

export interface ServerDetail {
  /** The WebSocket URL of the SIP server this event is about: with several, the one tried or in use. */
  server: string;
}
export interface ConnectingDetail extends ServerDetail {
  /** 1 for the first attempt, then counts reconnection attempts. */
  attempt: number;
}
export interface DisconnectedDetail extends ServerDetail {
  /** WebSocket close code, when the socket reported one. */
  code?: number;
  reason: string;
  /** When the connection dropped unexpectedly: milliseconds until the next attempt. */
  retryIn?: number;
}
export interface RegistrationDetail {
  /** Our own address of record. */
  uri: string;
}
export interface RegistrationFailedDetail {
  /** SIP status code of the final response; 0 when no response came (timeout, transport). */
  code: number;
  cause: string;
}
export interface CallDetail {
  callId: string;
}
export interface CallIncomingDetail extends CallDetail {
  remote: RemoteParty;
  video: boolean;
  /** The address the caller dialled (the To URI): which of our numbers or queues rang. */
  to: string;
  /**
   * Call-pop data: the INVITE's headers on the `expose-headers` list (default `X-*`,
   * P-Asserted-Identity, Diversion, History-Info, Call-Info, Alert-Info), as text
   * without control characters, each value at most 512 characters.
   */
  headers: Record<string, string>;
  /** In how many ms the phone answers by itself (`auto-answer`, or an honoured intercom request); null: it rings. */
  autoAnswer: number | null;
  /**
   * Set when this call replaces one of ours (an attended transfer completed by the far
   * end): it is answered at once, and the call with this id ends as `transferred`.
   */
  replaces?: string;
}
export interface CallTryingDetail extends CallDetail {
  remote: RemoteParty;
  video: boolean;
}
export interface CallRingingDetail extends CallDetail {
  /** True when the far end sent early media (183 with SDP) instead of a plain 180. */
  earlyMedia: boolean;
}
export interface CallEndedDetail extends CallDetail {
  reason: EndReason;
  by: EndedBy;
  /** SIP status code, when a SIP response (sent or received) ended the call. */
  code?: number;
  /** Human-readable cause: the SIP reason phrase or the engine's cause. */
  cause: string;
}
export interface CallHoldDetail extends CallDetail {
  by: 'local' | 'remote';
}
export interface CallDtmfDetail extends CallDetail {
  tones: string;
  direction: 'sent' | 'received';
}
export interface CallTransferredDetail extends CallDetail {
  target: string;
}
export interface CallQualityDetail extends CallDetail {
  /** Estimated mean opinion score, 1 (bad) to 4.5 (excellent). */
  mos: number;
  /** 1 to 5, for a signal-bars display. */
  bars: 1 | 2 | 3 | 4 | 5;
  lossPercent: number;
  jitterMs: number;
  roundTripMs: number;
  /** `no-inbound-audio`: nothing has arrived for 3 s on an established, unheld call (one-way audio). */
  warning?: 'no-inbound-audio';
}
/** How a call sounded over its whole length, from its `phone-call-quality` samples. */
export interface CallQualitySummary {
  /** The mean of the samples' `mos`, to two decimals. */
  meanMos: number;
  /** The fewest bars any sample showed. */
  worstBars: 1 | 2 | 3 | 4 | 5;
}
/** The call log's record of one ended call: the `phone-call-logged` detail, and what `history.list()` returns. */
export interface CallRecord extends CallDetail {
  direction: CallDirection;
  remote: RemoteParty;
  /** When the call was placed or began ringing here (ms since the epoch). */
  startedAt: number;
  /** When it was answered; null for a call never answered (a missed call, when incoming). */
  answeredAt: number | null;
  endedAt: number;
  /** Talk time: from `answeredAt` to `endedAt`; 0 when never answered. */
  durationMs: number;
  reason: EndReason;
  by: EndedBy;
  /** SIP status code, when a SIP response ended the call (as in `phone-call-ended`). */
  code?: number;
  /** Where the call was transferred, when `reason` is `transferred`. */
  transferredTo?: string;
  /** The conference the call was part of, if it joined one. */
  conferenceId?: string;
  /** Whether the call was recorded. */
  recorded: boolean;
  /** Set when do not disturb refused the call (`reason` is then `rejected`). */
  dnd?: true;
  /** null when no sample was taken (a call never established, or shorter than one sampling interval). */
  quality: CallQualitySummary | null;
}
/** `phone-dnd`: do not disturb was switched on or off. */
/** Which tab runs the phone of this account (issue 17): see `softPhone.tabRole`. */
export interface TabRoleDetail {
  /** `leader`: this tab holds the registration and the media; `follower`: another tab does, and this one drives it; `independent`: this tab's phone is on its own. */
  role: 'leader' | 'follower' | 'independent';
}
export interface DndDetail {
  on: boolean;
}
/** A participant's status in a conference room: RFC 4575's endpoint status. */
export type RoomParticipantStatus =
  | 'connected'
  | 'disconnected'
  | 'on-hold'
  | 'muted-via-focus'
  | 'pending'
  | 'alerting'
  | 'dialing-in'
  | 'dialing-out'
  | 'disconnecting';
/** Someone in a conference room, as the room server's conference event package lists them. */
export interface RoomParticipant {
  /** Their SIP URI (the `entity` of their `<user>`). */
  uri: string;
  /** Cleaned of control and bidi-override characters; '' when none. */
  displayName: string;
  status: RoomParticipantStatus;
}
export interface RoomParticipantsDetail extends CallDetail {
  /** Everyone the room server lists now, in the order they first appeared. */
  participants: RoomParticipant[];
}
export interface ConferenceDetail {
  conferenceId: string;
}
export interface ConferenceStartedDetail extends ConferenceDetail {
  /** The calls it started with: the answered ones merged, and the ones dialled for it. */
  callIds: string[];
}
export interface ConferenceCallDetail extends ConferenceDetail {
  callId: string;
}
export interface ConferenceLeftDetail extends ConferenceCallDetail {
  /**
   * `removed` (by `remove()`), `failed`, or how the call ended (`hangup`, `busy`,
   * `no-answer`, `rejected`, `cancelled`…) when it ended or never answered.
   */
  reason: string;
}
/** Whose recording: a call's (`callId`) or a conference's (`conferenceId`). */
export type RecordingDetail = { callId: string; conferenceId?: undefined } | { conferenceId: string; callId?: undefined };
/** A finished recording: left channel our microphone, right channel the other side. */
export type RecordingStoppedDetail = RecordingDetail & {
  /** The audio, Opus in Ogg (Firefox) or WebM (Chromium); nothing keeps a copy. */
  recording: Blob;
  /** The Blob's type, e.g. `audio/webm;codecs=opus`. */
  mimeType: string;
  /** How long it recorded, in ms. */
  durationMs: number;
  /** Always 2: left ours, right theirs. */
  channels: 2;
};
export interface DeviceLostDetail {
  /** Which device went away: calls (or the ringtone) now use the default one of this kind. */
  kind: DeviceKind;
  /** The id of the device that went away. */
  deviceId: string;
}
/** A watched user's lamp (busy lamp field), from the dialog event package (RFC 4235). */
export type PresenceState = 'idle' | 'ringing' | 'busy' | 'offline' | 'unknown';
export interface PresenceDetail {
  /** The user as given to `watch()` (trimmed). */
  user: string;
  /** The SIP URI subscribed to. */
  uri: string;
  /**
   * `ringing`: a call to them is not answered yet; `busy`: in a call or placing one;
   * `idle`: no call; `offline`: the server refused or ended the subscription;
   * `unknown`: no usable state yet (not subscribed yet, or a document we cannot read).
   */
  state: PresenceState;
}
/** Our mailbox, from the message-summary event package (RFC 3842). */
export interface VoicemailDetail {
  /** The server's `Messages-Waiting`: true while there are messages to listen to. */
  waiting: boolean;
  /** New (unheard) voice messages. */
  newMessages: number;
  /** Old (heard, kept) voice messages. */
  oldMessages: number;
}
export interface PhoneErrorDetail {
  code: PhoneErrorCode;
  message: string;
  /** Set when the error concerns one call. */
  callId?: string;
}

/**
 * A row of the event table: the event's scope at run time, and its `detail` type.
 * `call` rows must have a detail with `callId`: the compiler refuses them otherwise.
 */
export interface PhoneEventSpec<Detail, Scope extends 'phone' | 'call' = 'phone' | 'call'> {
  readonly scope: Scope;
  /** Never set: carries the detail type for `PhoneEventDetailMap`. */
  readonly detail?: Detail;
}
const phoneEvent = <Detail>(): PhoneEventSpec<Detail, 'phone'> => ({ scope: 'phone' });
const callEvent = <Detail extends CallDetail>(): PhoneEventSpec<Detail, 'call'> => ({ scope: 'call' });

/**
 * THE event table: every event the phone dispatches, with its detail type. The names,
 * `PhoneEventDetailMap`, `GlobalEventHandlersEventMap` and the bridge all derive from
 * it; `npm run check:manifest` holds `<soft-phone>`'s `@fires` to it.
 */
export const PHONE_EVENTS = Object.freeze({
  'phone-connecting': phoneEvent<ConnectingDetail>(),
  'phone-connected': phoneEvent<ServerDetail>(),
  'phone-disconnected': phoneEvent<DisconnectedDetail>(),
  'phone-registered': phoneEvent<RegistrationDetail>(),
  'phone-unregistered': phoneEvent<RegistrationDetail>(),
  'phone-registration-failed': phoneEvent<RegistrationFailedDetail>(),
  'phone-call-incoming': callEvent<CallIncomingDetail>(),
  'phone-call-trying': callEvent<CallTryingDetail>(),
  'phone-call-ringing': callEvent<CallRingingDetail>(),
  'phone-call-answered': callEvent<CallDetail>(),
  'phone-call-established': callEvent<CallDetail>(),
  'phone-call-ended': callEvent<CallEndedDetail>(),
  'phone-call-logged': callEvent<CallRecord>(),
  'phone-call-held': callEvent<CallHoldDetail>(),
  'phone-call-resumed': callEvent<CallHoldDetail>(),
  'phone-call-muted': callEvent<CallDetail>(),
  'phone-call-unmuted': callEvent<CallDetail>(),
  'phone-call-dtmf': callEvent<CallDtmfDetail>(),
  'phone-call-transferred': callEvent<CallTransferredDetail>(),
  'phone-call-quality': callEvent<CallQualityDetail>(),
  'phone-call-reconnecting': callEvent<CallDetail>(),
  'phone-call-reconnected': callEvent<CallDetail>(),
  'phone-room-participants': callEvent<RoomParticipantsDetail>(),
  'phone-conference-started': phoneEvent<ConferenceStartedDetail>(),
  'phone-conference-joined': callEvent<ConferenceCallDetail>(),
  'phone-conference-left': callEvent<ConferenceLeftDetail>(),
  'phone-conference-ended': phoneEvent<ConferenceDetail>(),
  'phone-recording-started': phoneEvent<RecordingDetail>(),
  'phone-recording-stopped': phoneEvent<RecordingStoppedDetail>(),
  'phone-device-lost': phoneEvent<DeviceLostDetail>(),
  'phone-dnd': phoneEvent<DndDetail>(),
  'phone-presence': phoneEvent<PresenceDetail>(),
  'phone-voicemail': phoneEvent<VoicemailDetail>(),
  'phone-error': phoneEvent<PhoneErrorDetail>(),
  'phone-tab-role': phoneEvent<TabRoleDetail>(),
});

export type PhoneEventName = keyof typeof PHONE_EVENTS;
/** Event name → `detail` type, for every event the phone dispatches. */
export type PhoneEventDetailMap = {
  [K in PhoneEventName]: (typeof PHONE_EVENTS)[K] extends PhoneEventSpec<infer Detail> ? Detail : never;
};
export type PhoneEvent<K extends PhoneEventName = PhoneEventName> = CustomEvent<PhoneEventDetailMap[K]>;
/** Event name → event type, as `addEventListener` sees it. */
export type PhoneEventMap = { [K in PhoneEventName]: PhoneEvent<K> };

/** Every event name, for code that forwards all of them (the provider, the iframe bridge). */
export const PHONE_EVENT_NAMES = Object.freeze(Object.keys(PHONE_EVENTS) as PhoneEventName[]);

/** Builds a phone event the way every dispatcher must: bubbling, composed, not cancelable. */
export function createPhoneEvent<K extends PhoneEventName>(
  type: K,
  detail: PhoneEventDetailMap[K],
): PhoneEvent<K> {
  return new CustomEvent(type, { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap extends PhoneEventMap {}
}
