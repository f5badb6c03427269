import type { CallEndedDetail, CallIncomingDetail } from '../../events/phone-events.js';
import { isAnswered } from '../call-state.js';
import type { PhoneCall } from '../phone-call.js';
import { BUSY, playCadence, playCallWaitingTone, RINGBACK, RINGTONE } from './tones.js';

/** What the director needs to watch: the calls, and the events that start one-shot tones. */
export interface ToneSource extends EventTarget {
  readonly calls: ReadonlyArray<Pick<PhoneCall, 'id' | 'state' | 'direction' | 'earlyMedia'>>;
}

/**
 * Where sound belongs when several tabs show one phone (issue 17): the ringtone in one
 * tab only (`ring`), the tones of our own calls where their media is (`media`).
 */
export interface ToneHere {
  ring(): boolean;
  media(): boolean;
}
const EVERYWHERE: ToneHere = { ring: () => true, media: () => true };

/**
 * Decides which call-progress tone plays: the ringtone while a call rings and none
 * is answered (a discreet call-waiting beep otherwise), ringback while an outgoing
 * call rings without early media (early media is heard instead), and a busy tone
 * when a call we placed ends busy. The looping tones follow the calls' states, so
 * they stop the moment nothing rings any more.
 */
export class ToneDirector {
  readonly #source: ToneSource;
  #stopRingtone: (() => void) | null = null;
  #stopRingback: (() => void) | null = null;
  readonly #here: ToneHere;

  constructor(source: ToneSource, signal: AbortSignal, here: ToneHere = EVERYWHERE) {
    this.#source = source;
    this.#here = here;
    source.addEventListener('phone-call-incoming', (event) => this.#incoming((event as CustomEvent<CallIncomingDetail>).detail), { signal });
    source.addEventListener('phone-call-ended', (event) => this.#ended((event as CustomEvent<CallEndedDetail>).detail), { signal });
    signal.addEventListener('abort', () => this.#setLoops(false, false));
  }

  /** Re-evaluates the looping tones; call after every change of the calls. */
  update(): void {
    const calls = this.#source.calls;
    const answered = calls.some((call) => isAnswered(call.state));
    const ringing = !answered && this.#here.ring() && calls.some((call) => call.state === 'incoming');
    const ringback = this.#here.media() && calls.some((call) => call.direction === 'outgoing' && call.state === 'ringing' && !call.earlyMedia);
    this.#setLoops(ringing, ringback);
  }

  /** The ringtone plays here now. */
  get ringing(): boolean {
    return this.#stopRingtone !== null;
  }

  #setLoops(ringing: boolean, ringback: boolean): void {
    if (ringing && !this.#stopRingtone) this.#stopRingtone = playCadence(RINGTONE, 'ringer', true);
    if (!ringing && this.#stopRingtone) this.#stopRingtone = (this.#stopRingtone(), null);
    if (ringback && !this.#stopRingback) this.#stopRingback = playCadence(RINGBACK, 'speaker', true);
    if (!ringback && this.#stopRingback) this.#stopRingback = (this.#stopRingback(), null);
  }

  #incoming(detail: CallIncomingDetail): void {
    const others = this.#source.calls.filter((call) => call.id !== detail.callId);
    if (!detail.replaces && this.#here.ring() && others.some((call) => isAnswered(call.state))) playCallWaitingTone();
  }

  #ended(detail: CallEndedDetail): void {
    if (detail.reason === 'busy' && detail.by === 'remote' && this.#here.media()) playCadence(BUSY, 'speaker');
  }
}
