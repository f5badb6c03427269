import type { RecordingStoppedDetail } from '../../events/phone-events.js';
import type { CallAction } from '../call-abilities.js';
import type { PhoneCall } from '../phone-call.js';
import type { CallSnapshot, TabCommand } from './snapshot.js';

/** What a mirrored call needs of its tab: a way to run a method in the leader, and the other mirrors. */
export interface MirrorOwner {
  /** Runs the command in the leader: resolves with its result, a call for a `callId`; rejects with its PhoneError. */
  send(command: TabCommand): Promise<unknown>;
  find(id: string | null): PhoneCall | null;
}

/** The call surface the views, `<soft-phone>` and host pages use: a mirror has all of it. */
export type CallSurface = Omit<
  PhoneCall,
  // The engine's own wiring between a call and its controller, never called from outside it.
  | 'setConference'
  | 'refuseForDnd'
  | 'replaceInput'
  | 'setSpeaker'
  | 'linkTransfer'
  | 'markTransferring'
  | 'referReplacing'
  | 'replacesDialog'
  | 'endAsTransferred'
  | 'joinsRoom'
  | 'dial'
  | 'refresh'
  | 'sampleQuality'
  | 'adoptReferral'
  | 'markReplaced'
  | 'onEnded'
  | 'holdSettled'
  | 'dnd'
>;

/**
 * A call of the leader tab, as a follower tab sees it: its state is the leader's last
 * snapshot, and each method runs in the leader (the media and the SIP dialog live there).
 * Methods that return nothing in `PhoneCall` report a failure as `phone-error`, which the
 * leader fires in every tab.
 */
export class MirrorCall implements CallSurface {
  #state: CallSnapshot;
  readonly #owner: MirrorOwner;

  constructor(owner: MirrorOwner, snapshot: CallSnapshot) {
    this.#owner = owner;
    this.#state = snapshot;
  }

  /** @internal The leader's newer state of this call. */
  update(snapshot: CallSnapshot): void {
    this.#state = snapshot;
  }
  /** @internal The call ended without its leader saying so (the leader's tab closed). */
  end(ended: NonNullable<CallSnapshot['ended']>): void {
    this.#state = { ...this.#state, state: 'ended', ended, active: false };
  }

  get id() { return this.#state.id; }
  get direction() { return this.#state.direction; }
  get state() { return this.#state.state; }
  get remote() { return this.#state.remote; }
  get video() { return this.#state.video; }
  get answeredAt() { return this.#state.answeredAt; }
  get ended() { return this.#state.ended; }
  get earlyMedia() { return this.#state.earlyMedia; }
  get cameraOn() { return this.#state.cameraOn; }
  get muted() { return this.#state.muted; }
  get held() { return this.#state.held; }
  get heldBy() { return this.#state.heldBy; }
  get active() { return this.#state.active; }
  get busy() { return this.#state.busy; }
  get reconnecting() { return this.#state.reconnecting; }
  get transferring() { return this.#state.transferring; }
  get conferenceId() { return this.#state.conferenceId; }
  get quality() { return this.#state.quality; }
  get room() { return this.#state.room; }
  get roomParticipants() { return this.#state.roomParticipants; }
  get recording() { return this.#state.recording; }
  get recordingSince() { return this.#state.recordingSince; }
  get recorded() { return this.#state.recorded; }
  get consultation() { return this.#owner.find(this.#state.consultation); }
  get consultingFor() { return this.#owner.find(this.#state.consultingFor); }
  /** The media stays in the leader tab: a peer connection cannot move between tabs. */
  get peerConnection(): RTCPeerConnection | null { return null; }
  get localStream(): MediaStream | null { return null; }
  get remoteStream(): MediaStream | null { return null; }

  /** The leader's answer, never worked out here. */
  can(action: CallAction): boolean {
    return this.#state.state !== 'ended' && this.#state.can[action] === true;
  }

  async answer(options: { video?: boolean } = {}): Promise<void> {
    await this.#run('answer', options);
  }
  reject(reason: 'busy' | 'decline' = 'decline'): void {
    this.#fire('reject', reason);
  }
  forward(target: string): void {
    this.#fire('forward', target);
  }
  hangup(): void {
    if (this.#state.state !== 'ended') this.#fire('hangup');
  }
  async hold(): Promise<void> {
    await this.#run('hold');
  }
  async resume(): Promise<void> {
    await this.#run('resume');
  }
  mute(): void {
    this.#fire('mute');
  }
  unmute(): void {
    this.#fire('unmute');
  }
  setCamera(on: boolean): void {
    this.#fire('setCamera', on);
  }
  sendDTMF(tones: string): void {
    this.#fire('sendDTMF', tones);
  }
  async transfer(target: string): Promise<void> {
    await this.#run('transfer', target);
  }
  async attendedTransfer(target: string): Promise<PhoneCall> {
    return (await this.#run('attendedTransfer', target)) as PhoneCall;
  }
  async completeTransfer(): Promise<void> {
    await this.#run('completeTransfer');
  }
  startRecording(): void {
    this.#fire('startRecording');
  }
  async stopRecording(): Promise<RecordingStoppedDetail | null> {
    return (await this.#run('stopRecording')) as RecordingStoppedDetail | null;
  }

  #run(method: string, ...args: unknown[]): Promise<unknown> {
    return this.#owner.send({ method, callId: this.id, args });
  }
  /** For the methods that return nothing: the leader fires `phone-error` in every tab when one fails. */
  #fire(method: string, ...args: unknown[]): void {
    this.#run(method, ...args).catch(() => undefined);
  }
}
