/**
 * The public event contract: one typed `CustomEvent` per lifecycle step.
 *
 * The engine (`PhoneController`) dispatches these on itself; `<soft-phone>`
 * re-dispatches each one from its host element with `bubbles` and `composed`
 * so that `document.addEventListener('phone-call-ended', …)` sees it.
 * Every `detail` is plain, cloneable data (it also crosses the iframe bridge).
 */

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
  | 'not-connected'
  | 'too-many-calls'
  | 'media-denied'
  | 'transport-error';

export interface ServerDetail {
  /** The WebSocket URL of the SIP server. */
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
export interface PhoneErrorDetail {
  code: PhoneErrorCode;
  message: string;
  /** Set when the error concerns one call. */
  callId?: string;
}

/** Event name → `detail` type, for every event the phone dispatches. */
export interface PhoneEventDetailMap {
  'phone-connecting': ConnectingDetail;
  'phone-connected': ServerDetail;
  'phone-disconnected': DisconnectedDetail;
  'phone-registered': RegistrationDetail;
  'phone-unregistered': RegistrationDetail;
  'phone-registration-failed': RegistrationFailedDetail;
  'phone-call-incoming': CallIncomingDetail;
  'phone-call-trying': CallTryingDetail;
  'phone-call-ringing': CallRingingDetail;
  'phone-call-answered': CallDetail;
  'phone-call-established': CallDetail;
  'phone-call-ended': CallEndedDetail;
  'phone-call-held': CallHoldDetail;
  'phone-call-resumed': CallHoldDetail;
  'phone-call-muted': CallDetail;
  'phone-call-unmuted': CallDetail;
  'phone-call-dtmf': CallDtmfDetail;
  'phone-call-transferred': CallTransferredDetail;
  'phone-call-quality': CallQualityDetail;
  'phone-error': PhoneErrorDetail;
}

export type PhoneEventName = keyof PhoneEventDetailMap;
export type PhoneEvent<K extends PhoneEventName = PhoneEventName> = CustomEvent<PhoneEventDetailMap[K]>;

/** Every event name, for code that forwards all of them (the provider, the iframe bridge). */
export const PHONE_EVENT_NAMES = Object.freeze([
  'phone-connecting',
  'phone-connected',
  'phone-disconnected',
  'phone-registered',
  'phone-unregistered',
  'phone-registration-failed',
  'phone-call-incoming',
  'phone-call-trying',
  'phone-call-ringing',
  'phone-call-answered',
  'phone-call-established',
  'phone-call-ended',
  'phone-call-held',
  'phone-call-resumed',
  'phone-call-muted',
  'phone-call-unmuted',
  'phone-call-dtmf',
  'phone-call-transferred',
  'phone-call-quality',
  'phone-error',
] as const satisfies readonly PhoneEventName[]);

/** Builds a phone event the way every dispatcher must: bubbling, composed, not cancelable. */
export function createPhoneEvent<K extends PhoneEventName>(
  type: K,
  detail: PhoneEventDetailMap[K],
): PhoneEvent<K> {
  return new CustomEvent(type, { detail, bubbles: true, composed: true });
}

declare global {
  interface GlobalEventHandlersEventMap {
    'phone-connecting': PhoneEvent<'phone-connecting'>;
    'phone-connected': PhoneEvent<'phone-connected'>;
    'phone-disconnected': PhoneEvent<'phone-disconnected'>;
    'phone-registered': PhoneEvent<'phone-registered'>;
    'phone-unregistered': PhoneEvent<'phone-unregistered'>;
    'phone-registration-failed': PhoneEvent<'phone-registration-failed'>;
    'phone-call-incoming': PhoneEvent<'phone-call-incoming'>;
    'phone-call-trying': PhoneEvent<'phone-call-trying'>;
    'phone-call-ringing': PhoneEvent<'phone-call-ringing'>;
    'phone-call-answered': PhoneEvent<'phone-call-answered'>;
    'phone-call-established': PhoneEvent<'phone-call-established'>;
    'phone-call-ended': PhoneEvent<'phone-call-ended'>;
    'phone-call-held': PhoneEvent<'phone-call-held'>;
    'phone-call-resumed': PhoneEvent<'phone-call-resumed'>;
    'phone-call-muted': PhoneEvent<'phone-call-muted'>;
    'phone-call-unmuted': PhoneEvent<'phone-call-unmuted'>;
    'phone-call-dtmf': PhoneEvent<'phone-call-dtmf'>;
    'phone-call-transferred': PhoneEvent<'phone-call-transferred'>;
    'phone-call-quality': PhoneEvent<'phone-call-quality'>;
    'phone-error': PhoneEvent<'phone-error'>;
  }
}
