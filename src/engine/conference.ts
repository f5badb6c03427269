import type { PhoneEventDetailMap, PhoneEventName, RecordingStoppedDetail } from '../events/phone-events.js';
import { ConferenceMixer } from './media/mixer.js';
import { recordingType, type TwoChannelRecorder } from './media/recorder.js';
import type { PhoneCall } from './phone-call.js';
import { PhoneError } from './phone-error.js';
import { startRecorder } from './recording.js';

/** A conference member: a call we have, or a target to dial (it joins when it answers). */
export type ConferenceMember = PhoneCall | string;

/** What a conference needs from the controller that owns it. */
export interface ConferenceOwner {
  emit<K extends PhoneEventName>(type: K, detail: PhoneEventDetailMap[K]): void;
  changed(): void;
  /** Places a call to `target` (PhoneController.call). */
  dial(target: string): Promise<PhoneCall>;
  /** The conference has ended and must leave the list. */
  released(conference: PhoneConference): void;
}

interface Pending {
  resolve(call: PhoneCall): void;
  reject(error: PhoneError): void;
  promise: Promise<PhoneCall>;
}

let counter = 0;

/**
 * Calls linked into one conversation, mixed in the browser (mix-minus): each leg hears
 * us and every other leg, never itself. The conference owns the link: each call keeps
 * its own life, and carries on as an ordinary call when it is the last one left.
 */
export class PhoneConference {
  readonly id = `conference-${Date.now().toString(36)}-${++counter}`;
  readonly #owner: ConferenceOwner;
  readonly #mixer = new ConferenceMixer();
  /** Calls in the mix, in the order they joined. */
  readonly #joined = new Set<PhoneCall>();
  /** Calls joining (dialled and not answered yet, or being switched into the mix). */
  readonly #pending = new Map<PhoneCall, Pending>();
  readonly #joining = new Set<PhoneCall>();
  #held = false;
  #muted = false;
  #ended = false;
  #started = false;
  #syncing = false;
  /** Records the conference while set: our microphone left, every leg right. */
  #recorder: TwoChannelRecorder | null = null;
  /** Settles once this recording's phone-recording-started was dispatched. */
  #announced: Promise<void> = Promise.resolve();

  /** @internal Created by `PhoneController.conference()`. */
  constructor(owner: ConferenceOwner) {
    this.#owner = owner;
  }

  /** The calls in the conference (answered and mixed), in the order they joined. */
  get participants(): readonly PhoneCall[] {
    return [...this.#joined];
  }
  /** Calls dialled for the conference that have not joined yet. */
  get joining(): readonly PhoneCall[] {
    return [...this.#pending.keys()];
  }
  /** `hold()` put everyone on hold. */
  get held(): boolean {
    return this.#held;
  }
  /** Our microphone is muted for everyone. */
  get muted(): boolean {
    return this.#muted;
  }
  get ended(): boolean {
    return this.#ended;
  }
  /** The conference is being recorded now. */
  get recording(): boolean {
    return this.#recorder !== null;
  }

  /**
   * Records the conference in two channels: our microphone left, every other leg mixed
   * right (a held leg is silent, a leg that joins later is heard from then on). It ends
   * with `stopRecording()` or with the conference; `phone-recording-stopped` with
   * `conferenceId` delivers it.
   */
  startRecording(): void {
    this.#requireLive('record');
    if (this.#recorder) return;
    const type = recordingType();
    if (type === null) throw this.#refuse(`Cannot record conference ${this.id}: this browser cannot record Opus audio (MediaRecorder)`);
    try {
      this.#recorder = startRecorder(type, {
        onError: (message) => this.#owner.emit('phone-error', { code: 'recording-failed', message }),
        onStop: () => void this.stopRecording(),
      });
    } catch (error) {
      this.#owner.emit('phone-error', (error as PhoneError).toDetail());
      throw error;
    }
    this.#feedRecorder();
    // Announced once audio is being recorded; always before its phone-recording-stopped.
    this.#announced = this.#recorder.started.then(() => this.#owner.emit('phone-recording-started', { conferenceId: this.id }));
    this.#owner.changed();
  }

  /** Ends the recording; resolves with what `phone-recording-stopped` carries (null when not recording). */
  async stopRecording(): Promise<RecordingStoppedDetail | null> {
    const recorder = this.#recorder;
    if (!recorder) return null;
    const announced = this.#announced;
    this.#recorder = null;
    this.#owner.changed();
    const detail: RecordingStoppedDetail = { conferenceId: this.id, ...(await recorder.stop()) };
    await announced;
    this.#owner.emit('phone-recording-stopped', detail);
    return detail;
  }

  /**
   * Adds a call, or dials a target. Resolves with the call once it is in the mix;
   * rejects with `PhoneError` when it cannot join (busy, no answer, ended), which is
   * also reported by `phone-conference-left`.
   */
  async add(member: ConferenceMember): Promise<PhoneCall> {
    this.#requireLive('add to');
    const call = typeof member === 'string' ? await this.#owner.dial(member) : member;
    this.#requireLive('add to');
    const joined = this.#enlist(this.#claim(call));
    this.sync();
    return joined;
  }

  /** Takes `call` out of the conference and hangs it up; the others go on talking. */
  remove(call: PhoneCall): void {
    if (!this.#joined.has(call) && !this.#pending.has(call)) {
      throw this.#refuse(`Call ${call.id} is not in conference ${this.id}`, call.id);
    }
    void this.#leave(call, 'removed').finally(() => call.hangup());
  }

  /** Puts every participant on hold. */
  async hold(): Promise<void> {
    this.#requireLive('hold');
    this.#held = true;
    this.#owner.changed();
    await Promise.allSettled(this.participants.map((call) => call.hold()));
  }

  /** Takes every participant off hold. */
  async resume(): Promise<void> {
    this.#requireLive('resume');
    this.#held = false;
    this.#owner.changed();
    await Promise.allSettled(this.participants.map((call) => call.resume()));
  }

  /** Mutes our microphone for everyone; the participants still hear each other. */
  mute(): void {
    this.#requireLive('mute');
    this.#muted = true;
    this.#mixer.setMuted(true);
    this.#owner.changed();
  }

  unmute(): void {
    this.#requireLive('unmute');
    this.#muted = false;
    this.#mixer.setMuted(false);
    this.#owner.changed();
  }

  /**
   * @internal A new microphone for `call` (another device chosen, or the old one lost):
   * it feeds the leg's mix, which the leg goes on sending. False when `call` is not in the
   * mix (then the call sends the track itself).
   */
  takeMicrophone(call: PhoneCall, track: MediaStreamTrack): boolean {
    return track.kind === 'audio' && this.#joined.has(call) && this.#mixer.replaceMicrophone(call.id, track);
  }

  /** Hangs up every leg (and every call still being dialled); the conference ends. */
  hangup(): void {
    if (this.#ended) return;
    for (const call of [...this.#joined, ...this.#pending.keys()]) call.hangup();
  }

  /** @internal Merges the answered calls and dials the targets: `PhoneController.conference()`. */
  async start(members: readonly ConferenceMember[]): Promise<void> {
    const calls: PhoneCall[] = [];
    for (const member of members) if (typeof member !== 'string') calls.push(this.#claim(member));
    for (const member of members) {
      if (typeof member !== 'string') continue;
      // A target refused before anything is sent was reported as phone-error; the others go on.
      const call = await this.#owner.dial(member).catch(() => null);
      if (call) calls.push(this.#claim(call));
    }
    const joined = calls.map((call) => this.#enlist(call));
    this.#started = true;
    this.#owner.emit('phone-conference-started', { conferenceId: this.id, callIds: calls.map((call) => call.id) });
    this.sync();
    // Answered calls are in once this resolves; dialled ones join when they answer.
    await Promise.allSettled(joined.filter((_, index) => calls[index]!.state === 'established'));
  }

  /** @internal After every change: joins calls that answered, lets go of calls that ended or hold. */
  sync(): void {
    if (this.#syncing || this.#ended || !this.#started) return;
    this.#syncing = true;
    try {
      for (const call of this.#pending.keys()) {
        if (call.state === 'ended') void this.#leave(call, call.ended?.reason ?? 'failed');
        else if (call.state === 'established' && !this.#joining.has(call)) void this.#join(call);
      }
      for (const call of this.#joined) {
        if (call.state === 'ended') void this.#leave(call, call.ended?.reason ?? 'hangup');
        else this.#mixer.setHeld(call.id, call.held);
      }
      this.#feedRecorder();
      if (this.#pending.size === 0 && this.#joined.size <= 1) void this.#end();
    } finally {
      this.#syncing = false;
    }
  }

  #claim(call: PhoneCall): PhoneCall {
    if (call.state === 'ended') throw this.#refuse(`Call ${call.id} has ended: it cannot join a conference`, call.id);
    if (call.conferenceId && call.conferenceId !== this.id) {
      throw this.#refuse(`Call ${call.id} is already in conference ${call.conferenceId}`, call.id);
    }
    call.setConference(this.id);
    return call;
  }

  /** Waits for `call` to join: resolves once it is in the mix, rejects if it ends first. */
  #enlist(call: PhoneCall): Promise<PhoneCall> {
    if (this.#joined.has(call)) return Promise.resolve(call);
    const existing = this.#pending.get(call);
    if (existing) return existing.promise;
    let pending!: Pending;
    const promise = new Promise<PhoneCall>((resolve, reject) => (pending = { resolve, reject, promise: null! }));
    pending.promise = promise;
    // Nobody may be waiting (a dialled member of a group call): its failure is an event.
    promise.catch(() => undefined);
    this.#pending.set(call, pending);
    return promise;
  }

  async #join(call: PhoneCall): Promise<void> {
    const pending = this.#pending.get(call);
    const connection = call.peerConnection;
    if (!pending || this.#joining.has(call) || !connection) return;
    this.#joining.add(call);
    try {
      // Merging a call we held, or are holding right now (calling the other party holds
      // it): it comes back into the conversation (other conference calls stay up).
      await call.holdSettled();
      if (call.heldBy === 'local' && !this.#held) await call.resume().catch(() => undefined);
      if (call.state === 'ended' || this.#ended) return;
      await this.#mixer.add(call.id, connection, call.remoteStream);
      this.#pending.delete(call);
      this.#joined.add(call);
      this.#mixer.setHeld(call.id, call.held);
      this.#owner.emit('phone-conference-joined', { conferenceId: this.id, callId: call.id });
      pending.resolve(call);
    } catch (error) {
      await this.#leave(call, 'failed');
      pending.reject(new PhoneError('invalid-state', `Call ${call.id} could not join the conference: ${(error as Error).message}`, call.id));
    } finally {
      this.#joining.delete(call);
      this.sync();
    }
  }

  async #leave(call: PhoneCall, reason: string): Promise<void> {
    const pending = this.#pending.get(call);
    const wasJoined = this.#joined.delete(call);
    if (!pending && !wasJoined) return;
    this.#pending.delete(call);
    call.setConference(null);
    this.#owner.emit('phone-conference-left', { conferenceId: this.id, callId: call.id, reason });
    pending?.reject(new PhoneError('invalid-state', `Call ${call.id} did not join the conference (${reason})`, call.id));
    if (wasJoined) await this.#mixer.remove(call.id);
    this.sync();
  }

  /** The last remote party carries on as an ordinary call: its microphone back, the mix gone. */
  async #end(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    const last = [...this.#joined];
    this.#joined.clear();
    last.forEach((call) => call.setConference(null));
    // Reported first: closing an AudioContext may take a while (Firefox's can wait for its output).
    this.#owner.released(this);
    this.#owner.emit('phone-conference-ended', { conferenceId: this.id });
    await Promise.all([this.stopRecording(), this.#mixer.close()]);
  }

  /**
   * The recording follows the conference: left is our microphone (one leg's: they all
   * open the same one), right each joined leg's audio, silent while it is held; our
   * mute and a hold of everyone silence the left channel.
   */
  #feedRecorder(): void {
    const recorder = this.#recorder;
    if (!recorder) return;
    const joined = [...this.#joined].filter((call) => call.state !== 'ended');
    const ids = new Set(joined.map((call) => call.id));
    for (const key of recorder.keys) if (key !== 'microphone' && !ids.has(key)) recorder.setSource('right', key, null);
    for (const call of joined) {
      recorder.setSource('right', call.id, call.remoteStream);
      recorder.setSourceOn(call.id, !call.held);
    }
    const live = (call: PhoneCall) => call.localStream?.getAudioTracks()[0]?.readyState === 'live';
    // A leg we hold has its microphone track disabled: another leg's carries our voice.
    const microphone = joined.find((call) => live(call) && call.heldBy !== 'local') ?? joined.find(live);
    if (microphone) recorder.setSource('left', 'microphone', microphone.localStream);
    recorder.setSideOn('left', !this.#muted && !this.#held);
  }

  #requireLive(action: string): void {
    if (this.#ended) throw this.#refuse(`Cannot ${action} conference ${this.id}: it has ended`);
  }

  #refuse(message: string, callId?: string): PhoneError {
    const error = new PhoneError('invalid-state', message, callId);
    this.#owner.emit('phone-error', error.toDetail());
    return error;
  }
}
