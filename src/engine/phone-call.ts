import type { EndEvent, RTCSession } from 'jssip/lib/RTCSession';
import type {
  CallDirection,
  CallEndedDetail,
  PhoneEventDetailMap,
  PhoneEventName,
  RemoteParty,
} from '../events/phone-events.js';
import { isAnswered, nextState, type CallState } from './call-state.js';
import type { ResolvedConfig } from './config.js';
import { endedDetail, type CallEndFacts } from './end-reasons.js';
import { capIceGathering } from './ice.js';
import { acquireLocalMedia, stopMedia } from './media/local-media.js';
import { RemoteAudio } from './media/remote-audio.js';
import { PhoneError } from './phone-error.js';

/** What a call needs from the controller that owns it. */
export interface CallOwner {
  readonly config: ResolvedConfig;
  emit<K extends PhoneEventName>(type: K, detail: PhoneEventDetailMap[K]): void;
  /** Something a view may show changed without an event of its own (every `emit` implies one). */
  changed(): void;
  /** The call has ended and must leave the active list. */
  released(call: PhoneCall): void;
}

export interface AnswerOptions {
  /** Send our camera too; defaults to whether the caller offered video. */
  video?: boolean;
}

export type RejectReason = 'busy' | 'decline';

const REJECT_RESPONSES: Record<RejectReason, { code: number; phrase: string }> = {
  busy: { code: 486, phrase: 'Busy Here' },
  decline: { code: 603, phrase: 'Decline' },
};

function newCallId(): string {
  // randomUUID needs a secure context; getRandomValues works everywhere.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function endFacts(event: EndEvent): CallEndFacts {
  const originator = String(event.originator);
  const message = event.message as { status_code?: number; reason_phrase?: string } | null;
  return {
    originator: originator === 'local' || originator === 'remote' ? originator : 'system',
    cause: event.cause,
    code: message?.status_code,
    reasonPhrase: message?.reason_phrase,
  };
}

/**
 * One call, outgoing or incoming. Every lifecycle step happens in one place
 * (`#step`), which moves the state machine and then emits that step's event.
 */
export class PhoneCall {
  readonly id = newCallId();
  #state: CallState;
  #session: RTCSession | null = null;
  #localStream: MediaStream | null = null;
  readonly #remoteAudio = new RemoteAudio();
  #answeredAt: number | null = null;
  #ended: CallEndedDetail | null = null;
  /** How the call ends when the stack's own report would tell it wrong (our reject code, a media failure). */
  #endOverride: CallEndFacts | null = null;
  readonly #cleanups: Array<() => void> = [];

  /** @internal Created by `PhoneController`; never by host code. */
  constructor(
    private readonly owner: CallOwner,
    readonly direction: CallDirection,
    readonly remote: RemoteParty,
    /** Whether video was offered (incoming) or asked for (outgoing). */
    readonly video: boolean,
    session: RTCSession | null = null,
  ) {
    this.#state = direction === 'incoming' ? 'incoming' : 'initiating';
    if (session) this.#attach(session);
  }

  get state(): CallState {
    return this.#state;
  }
  /** When the call was answered (ms since the epoch), for duration displays; null before. */
  get answeredAt(): number | null {
    return this.#answeredAt;
  }
  /** How the call ended; null while it lasts. */
  get ended(): CallEndedDetail | null {
    return this.#ended;
  }
  get muted(): boolean {
    return false;
  }
  get held(): boolean {
    return false;
  }
  /** The media connection, once it exists (for `getStats()`). */
  get peerConnection(): RTCPeerConnection | null {
    return this.#session?.connection ?? null;
  }

  /** Answers an incoming call. Rejects with `PhoneError` if the call is not ringing or the microphone is refused. */
  async answer(options: AnswerOptions = {}): Promise<void> {
    this.#require(this.#state === 'incoming', 'answer', 'only a ringing incoming call can be answered');
    this.#transition('answering');
    this.owner.changed();
    const stream = await this.#acquireMedia(options.video ?? this.video, () => this.#rejectWith(480, 'Temporarily Unavailable'));
    if (!stream) return;
    this.#capIce();
    this.#session!.answer({ mediaStream: stream, pcConfig: { iceServers: this.owner.config.iceServers } });
  }

  /** Declines an incoming call: 603 Decline, or 486 Busy Here with `'busy'`. */
  reject(reason: RejectReason = 'decline'): void {
    this.#require(this.#state === 'incoming', 'reject', 'only a ringing incoming call can be rejected');
    const response = REJECT_RESPONSES[reason] ?? REJECT_RESPONSES.decline;
    this.#rejectWith(response.code, response.phrase);
  }

  /** Ends the call whatever its stage: cancels, declines or hangs up. Does nothing once ended. */
  hangup(): void {
    if (this.#state === 'ended') return;
    if (this.direction === 'incoming' && !isAnswered(this.#state)) {
      this.#rejectWith(603, 'Decline');
    } else if (!this.#session) {
      // Still asking for the microphone: nothing is on the wire yet.
      this.#finish({ originator: 'local', cause: 'Canceled' });
    } else {
      this.#terminate({});
    }
  }

  /** @internal Places the outgoing call: media first, then the INVITE through `invite`. */
  async dial(invite: (stream: MediaStream) => RTCSession): Promise<void> {
    const stream = await this.#acquireMedia(this.video, () => undefined);
    if (!stream) return;
    try {
      this.#attach(invite(stream));
      this.#capIce();
    } catch (error) {
      this.#finish({ originator: 'system', cause: `The call could not be placed: ${(error as Error).message}` });
    }
  }

  async #acquireMedia(video: boolean, onDenied: () => void): Promise<MediaStream | null> {
    let stream: MediaStream;
    try {
      stream = await acquireLocalMedia(video);
    } catch (error) {
      const failure = error as PhoneError;
      this.owner.emit('phone-error', { code: failure.code, message: failure.message, callId: this.id });
      this.#endOverride = { originator: 'system', cause: failure.message };
      onDenied();
      this.#finish(this.#endOverride);
      return null;
    }
    if (this.#state === 'ended') {
      // Hung up (or cancelled by the caller) while the browser was asking for the microphone.
      stopMedia(stream);
      return null;
    }
    this.#localStream = stream;
    return stream;
  }

  #rejectWith(code: number, phrase: string): void {
    this.#endOverride ??= { originator: 'local', cause: phrase, code, reasonPhrase: phrase };
    this.#terminate({ status_code: code, reason_phrase: phrase });
  }

  #terminate(options: { status_code?: number; reason_phrase?: string }): void {
    try {
      this.#session?.terminate(options);
    } catch {
      // The stack already considers the session over; make sure we do too.
      this.#finish({ originator: 'local', cause: 'Terminated' });
    }
  }

  #capIce(): void {
    if (this.#session) this.#cleanups.push(capIceGathering(this.#session, this.owner.config.iceGatheringTimeout));
  }

  #attach(session: RTCSession): void {
    this.#session = session;
    const on = <A extends unknown[]>(event: string, handler: (...args: A) => void) => {
      const guarded = (...args: A) => this.#guard(() => handler(...args));
      session.on(event as 'sending', guarded as never);
      this.#cleanups.push(() => session.removeListener(event as 'sending', guarded as never));
    };
    on('sending', () => this.#step('trying', 'phone-call-trying', { callId: this.id, remote: this.remote, video: this.video }));
    on('progress', (event: { originator: string; response?: { status_code: number; body?: string } }) => {
      // Several 1xx may arrive (180 then 183); ringing is one step.
      if (String(event.originator) !== 'remote' || this.#state !== 'trying') return;
      const earlyMedia = event.response?.status_code === 183 && Boolean(event.response.body);
      this.#step('ringing', 'phone-call-ringing', { callId: this.id, earlyMedia });
    });
    on('accepted', () => {
      this.#answeredAt = Date.now();
      this.#step('answered', 'phone-call-answered', { callId: this.id });
      this.#establishIfConnected();
    });
    on('confirmed', () => this.#establishIfConnected());
    on('peerconnection', (event: { peerconnection: RTCPeerConnection }) => this.#watchConnection(event.peerconnection));
    on('ended', (event: EndEvent) => this.#finish(endFacts(event)));
    on('failed', (event: EndEvent) => this.#finish(endFacts(event)));
    // Outgoing sessions create their connection before we get the session.
    if (session.connection) this.#watchConnection(session.connection);
  }

  #watchConnection(connection: RTCPeerConnection): void {
    const onTrack = (event: RTCTrackEvent) => this.#remoteAudio.play(event.streams[0] ?? new MediaStream([event.track]));
    const onState = () =>
      this.#guard(() => {
        if (connection.connectionState === 'connected') this.#establishIfConnected();
        if (connection.connectionState === 'failed') {
          this.#endOverride ??= { originator: 'system', cause: 'The media connection failed' };
          this.#terminate({});
        }
      });
    connection.addEventListener('track', onTrack);
    connection.addEventListener('connectionstatechange', onState);
    this.#cleanups.push(() => {
      connection.removeEventListener('track', onTrack);
      connection.removeEventListener('connectionstatechange', onState);
    });
  }

  #establishIfConnected(): void {
    if (this.#state === 'answered' && this.peerConnection?.connectionState === 'connected') {
      this.#step('established', 'phone-call-established', { callId: this.id });
    }
  }

  #finish(facts: CallEndFacts): void {
    if (this.#state === 'ended') return;
    this.#transition('ended');
    this.#ended = endedDetail(this.id, this.#endOverride ?? facts);
    this.#cleanups.splice(0).forEach((cleanup) => cleanup());
    stopMedia(this.#localStream);
    this.#localStream = null;
    this.#remoteAudio.stop();
    this.owner.released(this);
    this.owner.emit('phone-call-ended', this.#ended);
  }

  #transition(to: CallState): void {
    this.#state = nextState(this.#state, to);
  }

  #step<K extends PhoneEventName>(to: CallState, type: K, detail: PhoneEventDetailMap[K]): void {
    this.#transition(to);
    this.owner.emit(type, detail);
  }

  /** Refuses a method call that does not apply now, loudly: a `phone-error` event and a thrown `PhoneError`. */
  #require(condition: boolean, action: string, why: string): void {
    if (condition) return;
    const error = new PhoneError('invalid-state', `Cannot ${action} a call that is ${this.#state}: ${why}`, this.id);
    this.owner.emit('phone-error', error.toDetail());
    throw error;
  }

  /** Network-driven handlers must never throw into the SIP stack: a refused transition becomes a `phone-error`. */
  #guard(handler: () => void): void {
    try {
      handler();
    } catch (error) {
      this.owner.emit('phone-error', { code: 'invalid-state', message: (error as Error).message, callId: this.id });
    }
  }
}
