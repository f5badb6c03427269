// The call-progress tones, heard: an AnalyserNode taps what each AudioContext
// sends to the speakers while real calls ring, connect, wait and end busy.
import { expect } from '@esm-bundle/chai';
import type { CallIncomingDetail } from '../../src/events/phone-events.js';
import { connect, control, mountPhone, unmountAll } from '../helpers/phones.js';
import { waitFor } from '../helpers/sip.js';
import { listenToTones } from '../helpers/tones.js';

const RINGBACK = [440, 480];
const RINGTONE = [880, 1100];
const BUSY = [480, 620];
const CALL_WAITING = [440];
const KEY_1 = [697, 1209];

/** Waits for the start of a burst of `frequencies` (silence, then sound), so the whole burst is still to come. */
async function nextBurst(tones: ReturnType<typeof listenToTones>, frequencies: number[], message: string): Promise<void> {
  await waitFor(() => tones.silent(...frequencies), { message: `a pause between bursts of ${message}`, interval: 10 });
  await waitFor(() => tones.playing(...frequencies), { message, interval: 10 });
}

/** Samples `check` every 100 ms for `ms` and fails at the first sample where it does not hold. */
async function holds(check: () => boolean, ms: number, message: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    expect(check(), message).to.equal(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fails unless `frequencies` sound for `ms` at one level (never 6 dB under their loudest): a steady tone, not one fading away. */
async function steady(tones: ReturnType<typeof listenToTones>, frequencies: number[], ms: number, message: string): Promise<void> {
  let peak = -Infinity;
  await holds(
    () => {
      const loudness = Math.min(...frequencies.map((hz) => tones.level(hz)));
      peak = Math.max(peak, loudness);
      return tones.playing(...frequencies) && loudness > peak - 6;
    },
    ms,
    message,
  );
}

describe('tones in real calls', () => {
  let tones: ReturnType<typeof listenToTones>;
  beforeEach(() => (tones = listenToTones()));
  afterEach(async () => {
    tones.stop();
    await unmountAll();
  });

  it('rings back at the caller and rings at the callee, steadily, until the answer stops both', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    await alice.el.call(bob.user);
    await alice.events.waitFor('phone-call-ringing');
    // Ringback starts with the 180: its first 2 s burst is under way.
    await waitFor(() => tones.playing(...RINGBACK), { message: 'ringback at the caller', interval: 10 });
    // One level for the whole burst: it must not fade away after a moment.
    await steady(tones, RINGBACK, 1000, 'ringback sounding steadily');
    await nextBurst(tones, RINGTONE, 'the ringtone at the callee');
    await steady(tones, RINGTONE, 300, 'ringtone sounding steadily');
    (await control<HTMLButtonElement>(bob, 'phone-incoming', 'answer-button')).click();
    await bob.events.waitFor('phone-call-answered');
    await waitFor(() => tones.silent(...RINGBACK, ...RINGTONE), { message: 'the tones to stop', timeout: 2000 });
    // Nothing starts again: longer than a ringtone cycle (3 s) and than the ringback's pause.
    await holds(() => tones.silent(...RINGBACK, ...RINGTONE), 3200, 'silence once answered');
  });

  it('plays the busy tone when the callee is busy (486)', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    await alice.el.call(bob.user);
    const incoming = await bob.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    bob.el.getCall(incoming.detail.callId)!.reject('busy');
    await alice.events.waitFor('phone-call-ended');
    await nextBurst(tones, BUSY, 'the busy tone');
    await steady(tones, BUSY, 300, 'busy tone sounding steadily');
  });

  it('beeps for a waiting call, and plays the key tone of a keypad press', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const carol = await mountPhone('carol');
    await connect(alice, bob);
    (await control<HTMLButtonElement>(alice, 'phone-call', 'keypad-button')).click();
    (await waitFor(() => {
      const call = alice.el.shadowRoot!.querySelector('phone-call')!;
      return call.shadowRoot!.querySelector<HTMLButtonElement>('[part="key"][aria-label="1"]');
    }, { message: 'the keypad' })).click();
    await waitFor(() => tones.playing(...KEY_1), { message: 'the key tone of 1', interval: 10 });
    await carol.el.call(alice.user);
    await alice.events.waitFor('phone-call-incoming');
    await waitFor(() => tones.playing(...CALL_WAITING), { message: 'the call-waiting beep', interval: 10 });
    // A waiting call beeps; it does not ring over the conversation. Checked once the beep
    // is over, for longer than the ringtone's whole cadence: under load, the beep's edges
    // (and the key tone's) spread over the spectrum for an instant.
    await waitFor(() => tones.silent(...CALL_WAITING, ...KEY_1), { message: 'the beep and the key tone over', interval: 10 });
    await holds(() => tones.silent(...RINGTONE), 3200, 'no ringtone over the conversation');
  });
});
