import type { EndEvent, RTCSession } from 'jssip/lib/RTCSession';
import type {
  CallDirection,
  CallEndedDetail,
  PhoneEventDetailMap,
  PhoneEventName,
  RecordingStoppedDetail,
  RemoteParty,
  RoomParticipant,
} from '../events/phone-events.js';
import { callCan, type CallAction } from './call-abilities.js';
import { isAnswered, nextState, type CallState } from './call-state.js';
import type { ResolvedConfig } from './config.js';
import { checkTones, sendTones } from './dtmf.js';
import { endedDetail, type CallEndFacts } from './end-reasons.js';
import { capIceGathering } from './ice.js';
import { MEDIA_RECOVERY_TIMING, MediaRecovery } from './media-recovery.js';
import { acquireLocalMedia, stopMedia } from './media/local-media.js';
import { QualityMeter, type QualitySample } from './media/quality.js';
import { recordingType, type TwoChannelRecorder } from './media/recorder.js';
import { startRecorder } from './recording.js';
import { RemoteAudio } from './media/remote-audio.js';
import { PhoneError } from './phone-error.js';
import { glareDelay, sendReoffer, type ReofferOptions } from './reoffer.js';
import { conferenceFocus, type FocusResponse } from './room-subscription.js';
import { AttendedTransfer } from './transfer.js';

/** @internal How a REFER or INVITE-with-Replaces reaches the call it concerns (JsSIP's event shape). */
interface TransferRequest {
  request: { refer_to?: { uri: { toString(): string; clone(): { clearHeaders(): void; toString(): string } } } };
  accept(initCallback: (session: RTCSession) => void, options?: object): unknown;
  reject(): void;
}

/** A re-INVITE or UPDATE from the far end, as JsSIP's `reinvite` and `update` events give it. */
interface RemoteOfferEvent {
  request: { body?: string; hasHeader(name: string): boolean; parseHeader(name: string): { uri: unknown } | undefined };
  reject(options: { status_code: number }): void;
  /** JsSIP calls it right after it answered 200. */
  callback?: () => void;
}

/** @internal What a call needs from the controller that owns it. */
export interface CallOwner {
  readonly config: ResolvedConfig;
  /**
   * The peer connection's settings for this call: the ICE servers (asked of the host's
   * provider when it gave one) and the transport policy. Never rejects: a failing
   * provider is reported, and the call goes on without its servers.
   */
  rtcConfiguration(callId: string): Promise<RTCConfiguration>;
  /** getUserMedia constraints with the user's chosen devices. */
  mediaConstraints(video: boolean): MediaStreamConstraints;
  /** The chosen audio output for calls ('' is the default). */
  readonly speakerId: string;
  emit<K extends PhoneEventName>(type: K, detail: PhoneEventDetailMap[K]): void;
  /** Something a view may show changed without an event of its own (every `emit` implies one). */
  changed(): void;
  /** The call has ended and must leave the active list. */
  released(call: PhoneCall): void;
  /** Turns user input into a request URI, or throws (and reports) `invalid-target`. */
  resolveTarget(target: string): string;
  /** Places a consultation call for an attended transfer. */
  consult(target: string): Promise<PhoneCall>;
  /** Places the call a REFER asks for; null when no new call may be placed now. */
  followReferral(target: string, request: TransferRequest, media: MediaStream): PhoneCall | null;
  /** Registers the session of an INVITE-with-Replaces so it is answered in place of `call`. */
  replaceWith(call: PhoneCall, session: RTCSession): void;
  /** Puts every other answered call on hold: one conversation at a time. */
  holdOthers(call: PhoneCall): void;
  /**
   * Subscribes to a room's conference event package at `focus` (the dialog's target);
   * `onChange` hears each new participant list. Returns what unsubscribes.
   */
  subscribeRoom(focus: string, room: string, onChange: (participants: RoomParticipant[]) => void): () => void;
}

/** @internal Sends the INVITE of an outgoing call: to `uri` when a redirection gave one, else to the dialled target. */
export type Invite = (stream: MediaStream, pcConfig: RTCConfiguration, uri?: string) => RTCSession;

export interface AnswerOptions {
  /** Send our camera too; defaults to whether the caller offered video. */
  video?: boolean;
}

export type RejectReason = 'busy' | 'decline';

/** Most 3xx redirections an outgoing call follows: more is a loop between two servers. */
const MAX_REDIRECTS = 3;
/** The do-not-disturb refusals: the code and its reason phrase. */
const DND_PHRASES: Record<486 | 480 | 603, string> = { 486: 'Busy Here', 480: 'Temporarily Unavailable', 603: 'Decline' };

const REFRESH_RETRY_MS = 2000;
/** Tries after a 491 (glare), at RFC 3261 §14.1's pace, beyond the one JsSIP makes itself after 1 s. */
const GLARE_RETRIES = 3;
/** While the far end's own offer/answer is under way, ours waits this long at most, looking this often. */
const NOT_READY_WAIT_MS = 4000;
const NOT_READY_POLL_MS = 250;
/** JsSIP's cause (JsSIP.C.causes.RTP_TIMEOUT) when it hangs up on ICE `failed`. */
const JSSIP_RTP_TIMEOUT = 'RTP Timeout';
/** The caller's media recovery waits this much longer than the callee's (see `#recovery`). */
const CALLER_EXTRA_GRACE_MS = 1000;
/** The `a=ice-ufrag` of an SDP: it changes when either side restarts ICE. */
const ICE_UFRAG = /^a=ice-ufrag:(\S+)/m;

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
  // A 200 OK whose SDP is missing or unusable ends the call too, but "200 OK" is not
  // why: only an error response is; otherwise the stack's cause (Bad Media Description) is.
  const response = (message?.status_code ?? 0) >= 300 ? message : null;
  return {
    originator: originator === 'local' || originator === 'remote' ? originator : 'system',
    cause: event.cause,
    code: response?.status_code,
    reasonPhrase: response?.reason_phrase,
  };
}

/**
 * One call, outgoing or incoming. Every lifecycle step happens in one place
 * (`#step`), which moves the state machine and then emits that step's event.
 * Hold and mute are flags of an answered call, reported by their own events.
 */
export class PhoneCall {
  readonly id = newCallId();
  readonly #onEnd: Array<() => void> = [];
  readonly #cleanups: Array<() => void> = [];
  #state: CallState;
  #session: RTCSession | null = null;
  #localStream: MediaStream | null = null;
  readonly #remoteAudio = new RemoteAudio();
  #answeredAt: number | null = null;
  #earlyMedia = false;
  #remoteStream: MediaStream | null = null;
  #quality = new QualityMeter();
  #lastQuality: QualitySample | null = null;
  #ended: CallEndedDetail | null = null;
  /** How an outgoing call places its INVITE again when redirected (3xx), and how often it still may. */
  #redirect: { invite: Invite; stream: MediaStream; pcConfig: RTCConfiguration; left: number } | null = null;
  /** How the call ends when the stack's own report would tell it wrong (our reject code, a transfer). */
  #endOverride: CallEndFacts | null = null;
  #transferTarget = '';
  #localHold = false;
  #remoteHold = false;
  #muted = false;
  /** While a re-INVITE of ours is pending (with its glare retries): hold and resume wait for it. */
  #reoffering = false;
  /** While our offer is outstanding (sent, or being written), not between glare retries. */
  #offerOutstanding = false;
  /**
   * ICE restarts while signalling stays up; fed once the call is established. Both
   * sides see a break at about the same moment: the caller gives it one second more,
   * so the callee's restart usually goes first (the caller's then counts it as its own)
   * instead of the two meeting in glare, which costs a 491 round and seconds of silence.
   */
  readonly #recovery: MediaRecovery;
  /** The last hold() or resume(), for holdSettled(). */
  #holdChange: Promise<void> = Promise.resolve();
  /** Resolves when the call ends: waits (glare, a busy offer/answer) end with it. */
  readonly #ending = new Promise<void>((resolve) => this.#onEnd.push(resolve));
  /** The attended transfer this call is part of (as the original or the consultation); it owns the link. */
  #transfer: AttendedTransfer | null = null;
  /** Set once a transfer is under way: the end of a linked call then means success, not failure. */
  #transferring = false;
  /** For a call placed by `joinRoom`: the room's URI, and whom its server lists. */
  #room: string | null = null;
  #roomParticipants: readonly RoomParticipant[] = [];
  #conferenceId: string | null = null;
  /** Records the call while set (`startRecording`); `#recorded` stays once it ever did. */
  #recorder: TwoChannelRecorder | null = null;
  /** Settles once this recording's phone-recording-started was dispatched. */
  #announced: Promise<void> = Promise.resolve();
  #recordingSince: number | null = null;
  #recorded = false;

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
    this.#recovery = new MediaRecovery(
      {
        restart: () => this.#restartIce(),
        canRestart: () => this.#state === 'established' && !this.#reoffering,
        reconnecting: () => this.owner.emit('phone-call-reconnecting', { callId: this.id }),
        reconnected: () => this.owner.emit('phone-call-reconnected', { callId: this.id }),
        giveUp: () => {
          this.#endOverride ??= { originator: 'system', cause: 'The media connection failed' };
          this.#terminate({});
        },
      },
      { ...MEDIA_RECOVERY_TIMING, graceMs: MEDIA_RECOVERY_TIMING.graceMs + (direction === 'outgoing' ? CALLER_EXTRA_GRACE_MS : 0) },
    );
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
  /** The far end sent early media (183 with SDP): it is heard instead of our ringback. */
  get earlyMedia(): boolean {
    return this.#earlyMedia;
  }
  /** Our microphone (and camera) for this call, for a local preview. */
  get localStream(): MediaStream | null {
    return this.#localStream;
  }
  /** What the far end sends: audio, and video on a video call. */
  get remoteStream(): MediaStream | null {
    return this.#remoteStream;
  }
  /** Our camera is sending (a video call whose camera was not turned off). */
  get cameraOn(): boolean {
    return this.#localStream?.getVideoTracks().some((track) => track.enabled) ?? false;
  }
  /** Our microphone is muted for this call. */
  get muted(): boolean {
    return this.#muted;
  }
  /** On hold, by either side. */
  get held(): boolean {
    return this.#localHold || this.#remoteHold;
  }
  /** Who holds the call: we do ('local', also when both do), the other party ('remote'), or nobody. */
  get heldBy(): 'local' | 'remote' | null {
    return this.#localHold ? 'local' : this.#remoteHold ? 'remote' : null;
  }
  /** The call being talked on: answered and held by nobody. */
  get active(): boolean {
    return isAnswered(this.#state) && !this.held;
  }
  /** A hold, resume or ICE restart is on the wire; controls should wait. */
  get busy(): boolean {
    return this.#reoffering;
  }
  /**
   * The media broke while the call is up (ICE `disconnected` past a grace period, or
   * `failed`) and the phone is restarting ICE; `phone-call-reconnected` ends it.
   */
  get reconnecting(): boolean {
    return this.#recovery.reconnecting;
  }
  /** A transfer involving this call is under way; it is about to end. */
  get transferring(): boolean {
    return this.#transferring;
  }
  /** The consultation call of an attended transfer started from this call. */
  get consultation(): PhoneCall | null {
    return this.#transfer?.original === this ? this.#transfer.consultation : null;
  }
  /** For a consultation call: the call it would be transferred from. */
  get consultingFor(): PhoneCall | null {
    return this.#transfer?.consultation === this ? this.#transfer.original : null;
  }
  /** The conference this call is in (`PhoneConference.id`); null when it is not in one. */
  get conferenceId(): string | null {
    return this.#conferenceId;
  }
  /** @internal Set by the conference that takes this call in, and cleared when it lets go. */
  setConference(id: string | null): void {
    this.#conferenceId = id;
    this.owner.changed();
  }
  /** The latest `phone-call-quality` sample of this call (every 2 s once established); null before the first. */
  get quality(): QualitySample | null {
    return this.#lastQuality;
  }
  /** The conference room this call joined (`joinRoom`), as its SIP URI; null for other calls. */
  get room(): string | null {
    return this.#room;
  }
  /**
   * Who is in the room, as its server's conference event package (RFC 4575) lists them;
   * empty until its first NOTIFY, and always for a server without the package.
   * `phone-room-participants` fires whenever it changes.
   */
  get roomParticipants(): readonly RoomParticipant[] {
    return this.#roomParticipants;
  }
  /** The call is being recorded now. */
  get recording(): boolean {
    return this.#recorder !== null;
  }
  /** When the current recording started (ms since the epoch), for a "Recording 0:42" display; null when not recording. */
  get recordingSince(): number | null {
    return this.#recordingSince;
  }
  /** The call was recorded at some point (for the call log). */
  get recorded(): boolean {
    return this.#recorded;
  }

  /** Whether `action` (a method of this call) applies now: views ask instead of working it out. */
  can(action: CallAction): boolean {
    return callCan(this, action, this.#session !== null && recordingType() !== null);
  }

  /**
   * Records the call in two channels: our microphone left, the other side right. Hold
   * records silence. The recording ends with `stopRecording()` or with the call,
   * however it ends; `phone-recording-stopped` then delivers it as a Blob. Throws
   * (and reports) `PhoneError` when the call is not answered or the browser cannot record.
   */
  startRecording(): void {
    this.#requireAnswered('record');
    if (this.#recorder) return;
    const type = recordingType();
    this.#require(type !== null, 'record', 'this browser cannot record Opus audio (MediaRecorder)');
    const events = {
      onError: (message: string) => this.owner.emit('phone-error', { code: 'recording-failed', message, callId: this.id }),
      onStop: () => void this.stopRecording(),
    };
    const recorder = this.#reportIfThrows(() => startRecorder(type!, events, this.id));
    recorder.setSource('left', 'microphone', this.#localStream);
    recorder.setSource('right', 'remote', this.#remoteStream);
    this.#recorder = recorder;
    this.#recordingSince = Date.now();
    this.#recorded = true;
    this.#recordHold();
    // Announced once audio is being recorded; always before its phone-recording-stopped.
    this.#announced = recorder.started.then(() => this.owner.emit('phone-recording-started', { callId: this.id }));
    this.owner.changed();
  }

  /**
   * Ends the recording; resolves with what `phone-recording-stopped` carries (null when
   * the call was not recording).
   */
  async stopRecording(): Promise<RecordingStoppedDetail | null> {
    const recorder = this.#recorder;
    if (!recorder) return null;
    const announced = this.#announced;
    this.#recorder = null;
    this.#recordingSince = null;
    this.owner.changed();
    const detail: RecordingStoppedDetail = { callId: this.id, ...(await recorder.stop()) };
    await announced;
    this.owner.emit('phone-recording-stopped', detail);
    return detail;
  }

  /** The media connection, once it exists (for `getStats()`). */
  get peerConnection(): RTCPeerConnection | null {
    return this.#session?.connection ?? null;
  }

  /**
   * Answers an incoming call; any other answered call is put on hold first.
   * Rejects with `PhoneError` if the call is not ringing or the microphone is refused.
   */
  async answer(options: AnswerOptions = {}): Promise<void> {
    this.#require(this.#state === 'incoming', 'answer', 'only a ringing incoming call can be answered');
    this.#transition('answering');
    this.owner.changed();
    this.owner.holdOthers(this);
    const started = performance.now();
    const ready = await this.#prepareMedia(options.video ?? this.video, () => this.#rejectWith(480, 'Temporarily Unavailable'));
    if (!ready) return;
    this.#capIce(started);
    this.#session!.answer({ mediaStream: ready.stream, pcConfig: ready.pcConfig });
  }

  /** Declines an incoming call: 603 Decline, or 486 Busy Here with `'busy'`. */
  reject(reason: RejectReason = 'decline'): void {
    this.#require(this.#state === 'incoming', 'reject', 'only a ringing incoming call can be rejected');
    const response = REJECT_RESPONSES[reason] ?? REJECT_RESPONSES.decline;
    this.#rejectWith(response.code, response.phrase);
  }

  /**
   * Sends a ringing incoming call elsewhere: 302 Moved Temporarily with `target` as the
   * Contact, so the caller calls it instead. The call ends as `transferred` to it.
   * Throws (and reports) `PhoneError` for a call that is not ringing or a bad target.
   */
  forward(target: string): void {
    this.#require(this.can('forward'), 'forward', 'only a ringing incoming call can be forwarded');
    const uri = this.owner.resolveTarget(target);
    this.#transferTarget = uri;
    this.#endOverride = { originator: 'local', cause: 'Moved Temporarily', code: 302, reasonPhrase: 'Moved Temporarily', transferred: true };
    this.#terminate({ status_code: 302, reason_phrase: 'Moved Temporarily', extraHeaders: [`Contact: <${uri}>`] });
  }

  /** Whether do not disturb refused this call. */
  get dnd(): boolean {
    return this.#endOverride?.dnd === true;
  }

  /** @internal Do not disturb is on: refuses the call at once with `code`; it ends as `rejected`. */
  refuseForDnd(code: 486 | 480 | 603): void {
    const phrase = DND_PHRASES[code];
    this.#endOverride = { originator: 'local', cause: phrase, code, reasonPhrase: phrase, dnd: true };
    this.#terminate({ status_code: code, reason_phrase: phrase });
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

  /** Puts the call on hold (re-INVITE, sendonly); resolves once the far end agreed. */
  hold(): Promise<void> {
    return this.#changeHold(async () => {
      this.#requireAnswered('hold');
      if (this.#localHold) return;
      await this.#reoffer('hold', { hold: true });
      this.#localHold = true;
      this.#recordHold();
      this.owner.emit('phone-call-held', { callId: this.id, by: 'local' });
    });
  }

  /** Takes the call off hold; any other answered call is put on hold first. */
  resume(): Promise<void> {
    return this.#changeHold(async () => {
      this.#requireAnswered('resume');
      if (!this.#localHold) return;
      this.owner.holdOthers(this);
      await this.#reoffer('resume', { hold: false });
      this.#localHold = false;
      this.#recordHold();
      this.owner.emit('phone-call-resumed', { callId: this.id, by: 'local' });
    });
  }

  /**
   * @internal Resolves once the hold or resume under way (if any) has settled, whatever
   * its outcome: `heldBy` then tells where it ended. A conference merging a call that is
   * being held waits for this, or it would mix a call that goes on hold a moment later.
   */
  holdSettled(): Promise<void> {
    return this.#holdChange.then(
      () => undefined,
      () => undefined,
    );
  }

  #changeHold(change: () => Promise<void>): Promise<void> {
    const changing = change();
    this.#holdChange = changing;
    return changing;
  }

  /** Stops sending our microphone on this call (the track is disabled; no signalling). */
  mute(): void {
    this.#requireSession('mute');
    this.#session!.mute({ audio: true, video: false });
  }

  unmute(): void {
    this.#requireSession('unmute');
    this.#session!.unmute({ audio: true, video: false });
  }

  /** Turns our camera off (the far end sees no picture) or back on, without renegotiation. */
  setCamera(on: boolean): void {
    this.#requireSession('turn the camera on or off for');
    this.#localStream?.getVideoTracks().forEach((track) => (track.enabled = on));
    this.owner.changed();
  }

  /**
   * @internal Swaps the microphone or camera mid-call (RTCRtpSender.replaceTrack: no
   * renegotiation). `intoMix`, for a call in a conference, takes a new microphone into
   * the conference's mix instead (the sender goes on sending the mix); it says whether it did.
   */
  async replaceInput(track: MediaStreamTrack, intoMix?: (track: MediaStreamTrack) => boolean): Promise<void> {
    const sender = this.peerConnection?.getSenders().find((candidate) => candidate.track?.kind === track.kind);
    if (!sender || !this.#localStream) return track.stop();
    // Our own input, not the sender's track: in a conference the sender carries the mix.
    const previous = this.#localStream.getTracks().find((candidate) => candidate.kind === track.kind) ?? sender.track!;
    track.enabled = track.kind === 'audio' ? !(this.#muted || this.#localHold) : previous.enabled;
    if (!intoMix?.(track)) await sender.replaceTrack(track);
    this.#localStream.removeTrack(previous);
    this.#localStream.addTrack(track);
    if (track.kind === 'audio') this.#recorder?.setSource('left', 'microphone', this.#localStream);
    previous.stop();
    this.owner.changed();
  }

  /** @internal Plays the call on another audio output. */
  setSpeaker(deviceId: string): void {
    this.#remoteAudio.setSink(deviceId);
  }

  /**
   * Sends DTMF: `0-9 * # A-D`, and `,` for a two-second pause. In the media
   * (RFC 4733) when the far end negotiated telephone-event, else by SIP INFO.
   */
  sendDTMF(tones: string): void {
    this.#requireAnswered('send DTMF on');
    const valid = this.#reportIfThrows(() => checkTones(tones, this.id));
    sendTones(this.#session!, valid);
    this.owner.emit('phone-call-dtmf', { callId: this.id, tones: valid, direction: 'sent' });
  }

  /**
   * Blind transfer: asks the far end (REFER) to call `target` instead, then ends
   * this call as `transferred` once the far end accepted. Rejects with
   * `PhoneError('transfer-failed')` when the far end refuses; the call goes on.
   */
  async transfer(target: string): Promise<void> {
    this.#requireAnswered('transfer');
    this.#require(!this.#transferring, 'transfer', 'a transfer is already under way');
    const uri = this.owner.resolveTarget(target);
    this.#setTransferring(true);
    try {
      await this.#refer(uri, {}, 'requestSucceeded');
    } finally {
      this.#setTransferring(false);
    }
    this.#endAsTransferred(uri);
  }

  /**
   * Attended transfer, step one: holds this call and calls `target` to consult.
   * If the consultation fails or is hung up before `completeTransfer()`, this call
   * resumes by itself. The link between the two calls is an `AttendedTransfer`.
   */
  async attendedTransfer(target: string): Promise<PhoneCall> {
    this.#requireAnswered('transfer');
    this.#require(!this.consultation, 'start a second consultation for', 'one is already under way');
    // A bad target is refused before the caller is put on hold, not after.
    const uri = this.owner.resolveTarget(target);
    const transfer = await AttendedTransfer.start(this, uri, (to) => this.owner.consult(to));
    return transfer.consultation;
  }

  /**
   * Attended transfer, step two: asks the far end of this call to replace the
   * consultation call (REFER with Replaces). Resolves once the two parties are
   * connected; both of our calls then end as `transferred`.
   */
  async completeTransfer(): Promise<void> {
    const consultation = this.consultation;
    this.#require(Boolean(consultation && isAnswered(consultation.state)), 'complete the transfer of', 'the consultation call must be answered first');
    await this.#transfer!.complete();
  }

  /** @internal The attended transfer this call is linked into, or none (set by `AttendedTransfer`). */
  linkTransfer(transfer: AttendedTransfer | null): void {
    this.#transfer = transfer;
    this.owner.changed();
  }

  /** @internal Runs `callback` once the call has ended (at once if it has). */
  onEnded(callback: () => void): void {
    if (this.#state === 'ended') callback();
    else this.#onEnd.push(callback);
  }

  /** @internal Marks a transfer of this call as under way (or no longer). */
  markTransferring(transferring: boolean): void {
    this.#setTransferring(transferring);
  }

  /** @internal REFER with Replaces: asks the far end to call `target` in place of the dialog `replaces`. */
  referReplacing(target: string, replaces: RTCSession | null): Promise<void> {
    return this.#refer(target, { replaces }, 'accepted');
  }

  /** @internal The dialog an INVITE with Replaces names to take this call's place (JsSIP's session). */
  replacesDialog(): RTCSession | null {
    return this.#session;
  }

  /** @internal Ends this call as transferred to `target` (a completed transfer). */
  endAsTransferred(target: string): void {
    this.#endAsTransferred(target);
  }

  /** @internal Marks the call as joining the room `uri`, before it is dialled. */
  joinsRoom(uri: string): void {
    this.#room = uri;
  }

  /** @internal Places the outgoing call: media first, then the INVITE through `invite`. */
  async dial(invite: Invite): Promise<void> {
    const started = performance.now();
    const ready = await this.#prepareMedia(this.video, () => undefined);
    if (!ready) return;
    this.#redirect = { invite, stream: ready.stream, pcConfig: ready.pcConfig, left: MAX_REDIRECTS };
    this.#place(started, undefined);
  }

  #place(started: number, uri: string | undefined): void {
    const { invite, stream, pcConfig } = this.#redirect!;
    try {
      this.#attach(invite(stream, pcConfig, uri));
      this.#capIce(started);
    } catch (error) {
      this.#finish({ originator: 'system', cause: `The call could not be placed: ${(error as Error).message}` });
    }
  }

  /**
   * A 3xx to our INVITE (a callee forwarding its ringing call): JsSIP gives up there, so
   * the call follows the first SIP Contact itself, with the same microphone, as one call.
   * Returns false when it does not (not a redirection, none left, no usable Contact).
   */
  #followRedirect(event: EndEvent): boolean {
    const response = event.message as { status_code?: number; parseHeader?(name: string): { uri?: { scheme?: string; toString(): string } } | undefined } | null;
    const code = response?.status_code ?? 0;
    if (this.direction !== 'outgoing' || String(event.originator) !== 'remote' || code < 300 || code > 399 || !this.#redirect?.left) return false;
    const contact = response?.parseHeader?.('contact')?.uri;
    if (!contact || !/^sips?$/i.test(String(contact.scheme))) return false;
    this.#redirect.left -= 1;
    // The old session's listeners go; the media stays for the new INVITE.
    this.#cleanups.splice(0).forEach((cleanup) => cleanup());
    this.#place(performance.now(), contact.toString());
    return true;
  }

  /**
   * @internal After the socket came back: refresh the dialog so in-dialog requests
   * (BYE above all) reach both sides over their new connections. An UPDATE without
   * SDP does it without touching media; when the media itself broke, a re-INVITE
   * with an ICE restart brings it back.
   */
  refresh(attemptsLeft = 3): void {
    if (!isAnswered(this.#state) || !this.#session) return;
    // A re-INVITE of ours is under way (a hold, an ICE restart): ours would be refused; after it.
    if (this.#reoffering) {
      if (attemptsLeft > 1) void this.#wait(REFRESH_RETRY_MS).then(() => this.refresh(attemptsLeft - 1));
      return;
    }
    const ice = this.peerConnection?.iceConnectionState;
    if (ice === 'disconnected' || ice === 'failed') {
      // A re-INVITE refreshes the dialog too; a failure was reported as phone-error.
      this.#reoffer('restart ICE on', { iceRestart: true }).catch(() => undefined);
      return;
    }
    // The far end may not have re-registered yet: try again a little later.
    const retry = () => {
      if (attemptsLeft > 1) setTimeout(() => this.refresh(attemptsLeft - 1), REFRESH_RETRY_MS);
    };
    // The 2xx to our UPDATE carries the far end's current Contact: RFC 3311 §5.1 makes it
    // our remote target, which JsSIP does not (see #takeTargetFrom).
    const refreshed = (response: { parseHeader(name: string): { uri: unknown } | undefined }) =>
      this.#guard(() => this.#setRemoteTarget(response.parseHeader('contact')?.uri));
    // RTCSession.sendRequest() is public in JsSIP but missing from its typings.
    (this.#session as unknown as { sendRequest(method: string, options: object): void }).sendRequest('UPDATE', {
      extraHeaders: [`Contact: ${this.#session.contact}`],
      eventHandlers: { onSuccessResponse: refreshed, onErrorResponse: retry, onRequestTimeout: retry, onTransportError: retry },
    });
  }

  /**
   * @internal Measures the call's media and reports it as `phone-call-quality`;
   * silence while we expect audio (answered, not held) becomes a one-way-audio warning.
   */
  async sampleQuality(): Promise<void> {
    const connection = this.peerConnection;
    if (this.#state !== 'established' || !connection) return;
    const sample = await this.#quality.sample(connection, !this.held);
    if (this.#state !== 'established') return;
    // Kept before the event: views re-render on it and read the sample from the call.
    this.#lastQuality = sample;
    this.owner.emit('phone-call-quality', { callId: this.id, ...sample });
  }

  /** @internal The call a REFER placed: its session, with the media it was given. */
  adoptReferral(session: RTCSession, media: MediaStream): void {
    this.#localStream = media;
    this.#attach(session);
    this.#capIce(performance.now());
  }

  /** @internal This call is being replaced by another (INVITE with Replaces): it ends as transferred. */
  markReplaced(by: RemoteParty): void {
    this.#transferring = true;
    this.#transferTarget = by.uri;
    this.#endOverride = { originator: 'remote', cause: 'Replaced', transferred: true };
  }

  /**
   * JsSIP hangs up as soon as ICE reports `failed` (RTCSession.js terminates with cause
   * RTP_TIMEOUT). Once the media has been up, a failure is `#recovery`'s to mend with an
   * ICE restart: Firefox reports `failed` while a restart's checks cannot pass yet (a
   * network still cut), and the call must outlive that. Before the media ever came up,
   * JsSIP's hang-up stands. JsSIP also terminates, unguarded, the call an INVITE with
   * Replaces took over, once the new one is confirmed; if the old one had ended first
   * (its BYE came in between), that threw INVALID_STATE_ERROR out of the stack's message
   * handler. An ended session has nothing left to terminate.
   */
  #keepThroughIceFailure(session: RTCSession): void {
    const terminate = session.terminate.bind(session);
    session.terminate = (options?: { cause?: string }) => {
      if (options?.cause === JSSIP_RTP_TIMEOUT && this.#state === 'established') return;
      if (session.isEnded()) return;
      terminate(options as never);
    };
  }

  /** The microphone (and camera) and the peer connection's settings, asked for at once. */
  async #prepareMedia(video: boolean, onDenied: () => void): Promise<{ stream: MediaStream; pcConfig: RTCConfiguration } | null> {
    const [stream, pcConfig] = await Promise.all([this.#acquireMedia(video, onDenied), this.owner.rtcConfiguration(this.id)]);
    if (stream && this.#state === 'ended') {
      // Hung up (or cancelled by the caller) while the ICE servers were being fetched.
      stopMedia(stream);
      return null;
    }
    return stream ? { stream, pcConfig } : null;
  }

  async #acquireMedia(video: boolean, onDenied: () => void): Promise<MediaStream | null> {
    let stream: MediaStream;
    try {
      stream = await acquireLocalMedia(this.owner.mediaConstraints(video));
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

  /**
   * Sends a re-INVITE (hold, resume, ICE restart) and waits for its answer. After a 491
   * (both sides re-INVITEd at once) it tries again at RFC 3261 §14.1's pace, as long as
   * `stillWanted()`. Any other failure rejects with `renegotiation-failed`, reported as
   * `phone-error`, and changes nothing: the call goes on as it was (RFC 3261 §14.1).
   */
  async #reoffer(action: string, options: ReofferOptions, stillWanted: () => boolean = () => true): Promise<void> {
    this.#require(!this.#reoffering, action, 'a hold, resume or ICE restart is already in progress');
    this.#reoffering = true;
    this.owner.changed();
    try {
      for (let glare = 0; ; glare++) {
        const outcome = await this.#offerOnce(action, options);
        if (outcome.ok) return;
        if (outcome.code !== 491 || glare >= GLARE_RETRIES) {
          const error = new PhoneError('renegotiation-failed', `Could not ${action} the call: ${outcome.why}; it goes on as before`, this.id);
          this.owner.emit('phone-error', error.toDetail());
          throw error;
        }
        // The side that chose the Call-ID (the caller) waits longer, so the other goes first.
        await this.#wait(glareDelay(this.direction === 'outgoing'));
        if (this.#state === 'ended') throw this.#endedBefore(action);
        if (!stillWanted()) return;
      }
    } finally {
      this.#reoffering = false;
      this.owner.changed();
    }
  }

  /** One re-INVITE, once JsSIP is free to send it; settles early, as a failure, if the call ends. */
  async #offerOnce(action: string, options: ReofferOptions) {
    const deadline = performance.now() + NOT_READY_WAIT_MS;
    for (;;) {
      if (this.#state === 'ended' || !this.#session) throw this.#endedBefore(action);
      const sent = sendReoffer(this.#session, options);
      if (sent) {
        this.#offerOutstanding = true;
        try {
          const outcome = await Promise.race([sent, this.#ending.then(() => null)]);
          if (!outcome) throw this.#endedBefore(action);
          return outcome;
        } finally {
          this.#offerOutstanding = false;
        }
      }
      // The far end's offer/answer is under way (often the winner of a glare): let it finish.
      if (performance.now() > deadline) throw this.#refuse(action, 'the call is renegotiating its media; try again');
      await this.#wait(NOT_READY_POLL_MS);
    }
  }

  #endedBefore(action: string): PhoneError {
    return new PhoneError('invalid-state', `The call ended before it could ${action}`, this.id);
  }

  /** Resolves after `ms`, or as soon as the call ends (the timer goes with it). */
  #wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      void this.#ending.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** One ICE restart for `MediaRecovery`: true once answered. Its failure is already a phone-error. */
  async #restartIce(): Promise<boolean> {
    const broken = () => !['connected', 'completed'].includes(this.peerConnection?.iceConnectionState ?? '');
    try {
      await this.#reoffer('restart ICE on', { iceRestart: true }, broken);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A re-INVITE or UPDATE with SDP from the far end. While our own offer is outstanding
   * it is glare, and JsSIP has already answered 491 (RFC 3261 §14.2) but would still
   * apply the offer, undoing ours: `reject()` stops it there (its second reply is a
   * no-op; if JsSIP had not answered yet, it sends the 491).
   */
  #remoteOffer(event: RemoteOfferEvent): void {
    if (this.#offerOutstanding && event.request.body) {
      event.reject({ status_code: 491 });
      return;
    }
    const theirs = ICE_UFRAG.exec(String(event.request.body ?? ''))?.[1];
    const before = ICE_UFRAG.exec(this.peerConnection?.remoteDescription?.sdp ?? '')?.[1];
    if (theirs && before && theirs !== before) this.#recovery.remoteRestarted();
  }

  /**
   * RFC 3311 §5.2: an UPDATE is a target refresh, as a re-INVITE is: once we accept it,
   * its Contact becomes where our requests in this dialog go. JsSIP 3.13 does that for a
   * re-INVITE only (Dialog `_checkInDialogRequest`), so after a server restart, behind
   * a proxy without GRUU, our BYE would still go to the far end's dead connection (the
   * `;alias` of the Contact it had before). JsSIP calls `callback` right after it
   * answered the UPDATE with 200; the dialog's `_remote_target` is the one private
   * field this writes, the very one JsSIP writes for a re-INVITE.
   */
  #takeTargetFrom(event: RemoteOfferEvent): void {
    const request = event.request;
    if (!request.hasHeader('contact')) return;
    event.callback = () => this.#guard(() => this.#setRemoteTarget(request.parseHeader('contact')?.uri));
  }

  #setRemoteTarget(target: unknown): void {
    const dialog = (this.#session as unknown as { _dialog?: { _remote_target: unknown } | null } | null)?._dialog;
    if (target && dialog) dialog._remote_target = target;
  }

  /** Sends a REFER and resolves when JsSIP reports `resolveOn`; rejects with `transfer-failed`. */
  #refer(target: string, options: object, resolveOn: 'requestSucceeded' | 'accepted'): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const fail = (what: string) => (event?: { response?: { status_code?: number; reason_phrase?: string } }) => {
        const status = event?.response ? ` (${event.response.status_code} ${event.response.reason_phrase ?? ''})` : '';
        const error = new PhoneError('transfer-failed', `The transfer to ${target} failed: ${what}${status.trimEnd()}`, this.id);
        this.owner.emit('phone-error', error.toDetail());
        reject(error);
      };
      try {
        this.#session!.refer(target, {
          ...options,
          eventHandlers: { [resolveOn]: () => resolve(), requestFailed: fail('the far end refused it'), failed: fail('the new call did not connect') },
        } as never);
      } catch (error) {
        fail((error as Error).message)();
      }
    });
  }

  #setTransferring(transferring: boolean): void {
    this.#transferring = transferring;
    this.owner.changed();
  }

  #endAsTransferred(target: string): void {
    this.#transferTarget = target;
    this.#endOverride = { originator: 'local', cause: 'Transferred', transferred: true };
    this.#terminate({});
  }

  #rejectWith(code: number, phrase: string): void {
    this.#endOverride ??= { originator: 'local', cause: phrase, code, reasonPhrase: phrase };
    this.#terminate({ status_code: code, reason_phrase: phrase });
  }

  #terminate(options: { status_code?: number; reason_phrase?: string; extraHeaders?: string[] }): void {
    const session = this.#session;
    if (!session) return;
    try {
      if (!session.isEnded()) return session.terminate(options);
    } catch {
      // Refused: the stack considers the session over.
    }
    // The stack already considers the session over; make sure we do too.
    this.#finish({ originator: 'local', cause: 'Terminated' });
  }

  /** The cap counts from `started` (the user's click), so time spent opening the microphone is inside it. */
  #capIce(started: number): void {
    const remaining = Math.max(0, this.owner.config.iceGatheringTimeout - (performance.now() - started));
    const servers = () => this.peerConnection?.getConfiguration().iceServers ?? [];
    if (this.#session) this.#cleanups.push(capIceGathering(this.#session, remaining, servers));
  }

  #attach(session: RTCSession): void {
    this.#session = session;
    this.#keepThroughIceFailure(session);
    this.#remoteAudio.setSink(this.owner.speakerId);
    const on = <A extends unknown[]>(event: string, handler: (...args: A) => void) => {
      const guarded = (...args: A) => this.#guard(() => handler(...args));
      session.on(event as 'sending', guarded as never);
      this.#cleanups.push(() => session.removeListener(event as 'sending', guarded as never));
    };
    // A redirected call's new INVITE: the call is already trying (or ringing), one step each.
    on('sending', () => this.#state === 'initiating' && this.#step('trying', 'phone-call-trying', { callId: this.id, remote: this.remote, video: this.video }));
    on('progress', (event: { originator: string; response?: { status_code: number; body?: string } }) => {
      // Several 1xx may arrive (180 then 183); ringing is one step.
      if (String(event.originator) !== 'remote' || this.#state !== 'trying') return;
      this.#earlyMedia = event.response?.status_code === 183 && Boolean(event.response.body);
      this.#step('ringing', 'phone-call-ringing', { callId: this.id, earlyMedia: this.#earlyMedia });
    });
    on('accepted', (event: { response?: FocusResponse }) => {
      this.#answeredAt = Date.now();
      this.#step('answered', 'phone-call-answered', { callId: this.id });
      this.#autoRecord();
      this.#watchRoom(event.response);
      this.#establishIfConnected();
    });
    on('confirmed', () => this.#establishIfConnected());
    on('peerconnection', (event: { peerconnection: RTCPeerConnection }) => this.#watchConnection(event.peerconnection));
    on('reinvite', (event: RemoteOfferEvent) => this.#remoteOffer(event));
    on('update', (event: RemoteOfferEvent) => {
      this.#remoteOffer(event);
      this.#takeTargetFrom(event);
    });
    on('hold', (event: { originator: string }) => this.#remoteHoldChanged(event, true));
    on('unhold', (event: { originator: string }) => this.#remoteHoldChanged(event, false));
    on('muted', () => this.#muteChanged(true));
    on('unmuted', () => this.#muteChanged(false));
    on('newDTMF', (event: { originator: string; dtmf: { tone: string } }) => {
      if (String(event.originator) === 'remote') {
        this.owner.emit('phone-call-dtmf', { callId: this.id, tones: String(event.dtmf.tone), direction: 'received' });
      }
    });
    on('refer', (event: TransferRequest) => this.#referred(event));
    on('replaces', (event: TransferRequest) => {
      if (!isAnswered(this.#state)) return event.reject();
      event.accept((replacement) => this.owner.replaceWith(this, replacement));
    });
    on('ended', (event: EndEvent) => this.#finish(endFacts(event)));
    on('failed', (event: EndEvent) => {
      if (!this.#followRedirect(event)) this.#finish(endFacts(event));
    });
    // Outgoing sessions create their connection before we get the session.
    if (session.connection) this.#watchConnection(session.connection);
  }

  /** The far end asks us (REFER) to call someone else: we do, visibly, with our current microphone. */
  #referred(event: TransferRequest): void {
    const target = event.request.refer_to?.uri.clone();
    target?.clearHeaders();
    const media = this.#localStream?.clone();
    const placed = target && media && isAnswered(this.#state) ? this.owner.followReferral(String(target), event, media) : null;
    if (!placed) {
      stopMedia(media);
      event.reject();
      return;
    }
    // A blind transferor hangs up as soon as we accepted: from now on our call ends as
    // transferred, unless the new call fails first (then the call may simply go on).
    const transfer: CallEndFacts = { originator: 'remote', cause: 'Transferred', transferred: true };
    this.#transferTarget = String(target);
    this.#endOverride ??= transfer;
    placed.onEnded(() => {
      if (!placed.answeredAt && this.#endOverride === transfer) this.#endOverride = null;
    });
  }

  /** A room call answered by a server that offers the conference event package: follow its participants until the call ends. */
  #watchRoom(response: FocusResponse | undefined): void {
    const focus = this.#room ? conferenceFocus(response) : null;
    if (!focus || this.#state === 'ended') return;
    const unsubscribe = this.owner.subscribeRoom(focus, this.#room!, (participants) => {
      if (this.#state === 'ended') return;
      this.#roomParticipants = participants;
      // The event's own copy: a listener that changes it does not change the call.
      this.owner.emit('phone-room-participants', { callId: this.id, participants: participants.map((participant) => ({ ...participant })) });
    });
    this.#cleanups.push(unsubscribe);
  }

  #remoteHoldChanged(event: { originator: string }, held: boolean): void {
    // Our own holds are reported when the far end agreed (see hold/resume).
    if (String(event.originator) !== 'remote' || this.#remoteHold === held) return;
    this.#remoteHold = held;
    this.#recordHold();
    this.owner.emit(held ? 'phone-call-held' : 'phone-call-resumed', { callId: this.id, by: 'remote' });
  }

  #muteChanged(muted: boolean): void {
    if (this.#muted === muted) return;
    this.#muted = muted;
    this.owner.emit(muted ? 'phone-call-muted' : 'phone-call-unmuted', { callId: this.id });
  }

  #watchConnection(connection: RTCPeerConnection): void {
    // No sound can come before the media connection is up. Starting the audio element
    // then keeps its set-up (~3 ms in Chromium, measured) off the path of the 200 OK,
    // which waits on the answer SDP that the remote track arrives in the middle of.
    const playWhenConnected = () => {
      if (this.#remoteStream && connection.connectionState === 'connected') this.#remoteAudio.play(this.#remoteStream);
    };
    const onTrack = (event: RTCTrackEvent) => {
      this.#remoteStream = event.streams[0] ?? new MediaStream([event.track]);
      playWhenConnected();
      this.#recorder?.setSource('right', 'remote', this.#remoteStream);
      this.owner.changed();
    };
    const onState = () =>
      this.#guard(() => {
        playWhenConnected();
        if (connection.connectionState === 'connected') this.#establishIfConnected();
        // A call whose media never connected is over; an established one is recovered.
        if (connection.connectionState === 'failed' && this.#state !== 'established') {
          this.#endOverride ??= { originator: 'system', cause: 'The media connection failed' };
          this.#terminate({});
        }
      });
    const onIce = () =>
      this.#guard(() => {
        if (this.#state === 'established') this.#recovery.iceStateChanged(connection.iceConnectionState);
      });
    connection.addEventListener('track', onTrack);
    connection.addEventListener('connectionstatechange', onState);
    connection.addEventListener('iceconnectionstatechange', onIce);
    this.#cleanups.push(() => {
      connection.removeEventListener('track', onTrack);
      connection.removeEventListener('connectionstatechange', onState);
      connection.removeEventListener('iceconnectionstatechange', onIce);
      this.#recovery.stop();
    });
  }

  /** With `auto-record`, every answered call records; a refusal was reported as `phone-error`, and the call goes on. */
  #autoRecord(): void {
    if (!this.owner.config.autoRecord) return;
    try {
      this.startRecording();
    } catch {
      // Reported by #require.
    }
  }

  /** Hold records silence, both ways: the recording goes on. */
  #recordHold(): void {
    this.#recorder?.setSideOn('left', !this.held);
    this.#recorder?.setSideOn('right', !this.held);
  }

  #establishIfConnected(): void {
    if (this.#state === 'answered' && this.peerConnection?.connectionState === 'connected') {
      // Silence counts from now: a call that rang for a while is not one-way at its first sample.
      this.#quality = new QualityMeter();
      this.#step('established', 'phone-call-established', { callId: this.id });
    }
  }

  #finish(facts: CallEndFacts): void {
    if (this.#state === 'ended') return;
    this.#transition('ended');
    this.#ended = endedDetail(this.id, this.#endOverride ?? facts);
    // Whoever ended the call, its recording is delivered (after phone-call-ended: stopping takes a moment).
    void this.stopRecording();
    this.#cleanups.splice(0).forEach((cleanup) => cleanup());
    stopMedia(this.#localStream);
    this.#localStream = null;
    this.#remoteAudio.stop();
    this.owner.released(this);
    if (this.#ended.reason === 'transferred') {
      this.owner.emit('phone-call-transferred', { callId: this.id, target: this.#transferTarget });
    }
    this.owner.emit('phone-call-ended', this.#ended);
    this.#onEnd.splice(0).forEach((callback) => callback());
  }

  #transition(to: CallState): void {
    this.#state = nextState(this.#state, to);
  }

  #step<K extends PhoneEventName>(to: CallState, type: K, detail: PhoneEventDetailMap[K]): void {
    this.#transition(to);
    this.owner.emit(type, detail);
  }

  #requireAnswered(action: string): void {
    this.#require(isAnswered(this.#state) && this.#session !== null, action, 'the call is not answered');
  }

  #requireSession(action: string): void {
    this.#require(this.#state !== 'ended' && this.#session !== null, action, 'the call has no media yet');
  }

  /** Refuses a method call that does not apply now, loudly: a `phone-error` event and a thrown `PhoneError`. */
  #require(condition: boolean, action: string, why: string): void {
    if (!condition) throw this.#refuse(action, why);
  }

  #refuse(action: string, why: string): PhoneError {
    const error = new PhoneError('invalid-state', `Cannot ${action} a call that is ${this.#state}: ${why}`, this.id);
    this.owner.emit('phone-error', error.toDetail());
    return error;
  }

  #reportIfThrows<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof PhoneError) this.owner.emit('phone-error', error.toDetail());
      throw error;
    }
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
