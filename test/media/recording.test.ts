// Issue 14, recording: real calls through Kamailio between phones of this page, each
// with a microphone of its own pure tone (toneMicrophone, switched between one phone's
// getUserMedia and the next). Each recording is decoded with decodeAudioData: two
// channels, our tone on the left and the other side's on the right, silence while held,
// and as long as the call it recorded.
import { expect } from '@esm-bundle/chai';
import type { PhoneCall } from '../../src/engine/phone-call.js';
import { PhoneError } from '../../src/engine/phone-error.js';
import type { RecordingStoppedDetail } from '../../src/events/phone-events.js';
import { takeTurnsWithOtherRuns } from '../helpers/heavy.js';
import { control, mountPhone, part, unmountAll, type TestPhone } from '../helpers/phones.js';
import { audioClock, decodeRecording, expectedRecordingType, type DecodedRecording } from '../helpers/recordings.js';
import { waitFor } from '../helpers/sip.js';
import { recordAudioContexts, toneMicrophone } from '../helpers/tones.js';

const OURS = 440;
const THEIRS = 660;
/** A tone "is" a side when it holds most of that side's energy, and "is absent" under this share. */
const PRESENT = 0.3;
const ABSENT = 0.05;
const SILENT_RMS = 0.003;

let microphone: ReturnType<typeof toneMicrophone>;
takeTurnsWithOtherRuns();
before(() => (microphone = toneMicrophone(OURS)));
after(() => microphone.stop());
afterEach(unmountAll);


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** When each of `phone`'s next events of `type` fired (performance.now()), with its detail. */
/** Each `type` event of `phone` with when it came: `at` (performance.now) and, given an audioClock, `audioAt`. */
function timed<D>(phone: TestPhone, type: string, clock?: { now(): number }) {
  const seen: Array<{ at: number; audioAt?: number; detail: D }> = [];
  phone.el.addEventListener(type, (event) =>
    seen.push({ at: performance.now(), audioAt: clock?.now(), detail: (event as CustomEvent<D>).detail }),
  );
  return { seen, next: (index = 0) => waitFor(() => seen[index], { message: type, timeout: 10_000 }) };
}

/** `caller` calls `callee`, each with its own tone; resolves once both ends are established. */
async function call(caller: TestPhone, callerTone: number, callee: TestPhone, calleeTone: number): Promise<{ ours: PhoneCall; theirs: PhoneCall }> {
  microphone.retune(callerTone);
  const ours = await caller.el.call(callee.user);
  const theirs = await waitFor(() => callee.el.calls.find((candidate) => candidate.state === 'incoming'), { message: `${callee.user} rings` });
  microphone.retune(calleeTone);
  await answerAndWait(ours, theirs);
  return { ours, theirs };
}

async function answerAndWait(ours: PhoneCall, theirs: PhoneCall): Promise<void> {
  await theirs.answer();
  await waitFor(() => ours.state === 'established' && theirs.state === 'established', { message: 'both ends established', timeout: 10_000 });
}

/** Expects `ours` on the left only and every one of `theirs` on the right, between `from` and `to` s. */
function expectSides(decoded: DecodedRecording, from: number, to: number, ours: number, theirs: number[], label: string) {
  const at = (channel: number, hz: number) => decoded.share(channel, from, to, hz);
  const all = [ours, ...theirs];
  const shares = [0, 1].map((channel) => all.map((hz) => `${hz} Hz ${at(channel, hz).toFixed(2)}`).join(', '));
  const why = `${label} (${from.toFixed(1)}–${to.toFixed(1)} s): left ${shares[0]}; right ${shares[1]}`;
  expect(decoded.rms(0, from, to), `${why}: energy on the left`).to.be.above(0.01);
  expect(decoded.rms(1, from, to), `${why}: energy on the right`).to.be.above(0.01);
  expect(at(0, ours), why).to.be.above(PRESENT);
  for (const hz of theirs) expect(at(0, hz), why).to.be.below(ABSENT);
  // Several tones on the right share its energy.
  for (const hz of theirs) expect(at(1, hz), why).to.be.above(PRESENT / theirs.length);
  expect(at(1, ours), why).to.be.below(ABSENT);
}

/** `audioMs`: how long the page's audio ran meanwhile (audioClock), the most a recording can hold; the call's wall time by default. */
function expectDuration(decoded: DecodedRecording, detail: RecordingStoppedDetail, callMs: number, audioMs = callMs) {
  expect(decoded.channels, 'two channels').to.equal(2);
  expect(detail.channels).to.equal(2);
  expect(detail.mimeType).to.match(expectedRecordingType()).and.match(/opus/);
  expect(detail.recording).to.be.instanceOf(Blob);
  expect(detail.recording.type).to.equal(detail.mimeType);
  const heard = `decoded ${decoded.seconds.toFixed(2)} s, the call ${callMs} ms, the page's audio ${Math.round(audioMs)} ms`;
  expect(decoded.seconds * 1000, heard).to.be.within(audioMs * 0.9, audioMs * 1.1);
  expect(detail.durationMs).to.be.within(callMs * 0.9, callMs * 1.1);
}

describe('recording', () => {
  it('records ours left and theirs right from the Record toggle; hold records silence; the far end hanging up delivers it', async function () {
    this.timeout(60_000);
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const started = timed(alice, 'phone-recording-started');
    const stopped = timed<RecordingStoppedDetail>(alice, 'phone-recording-stopped');
    const ended = timed<{ callId: string; by: string }>(alice, 'phone-call-ended');
    const { ours, theirs } = await call(alice, OURS, bob, THEIRS);

    const button = await control<HTMLButtonElement>(alice, 'phone-call', 'record-button');
    expect(button.getAttribute('aria-label')).to.equal(`Record call with ${bob.user}`);
    expect(button.textContent!.trim()).to.equal('Record');
    expect(button.getAttribute('aria-pressed')).to.equal('false');
    expect(ours.can('record')).to.equal(true);
    expect(part(alice, 'phone-call', 'recording')).to.equal(null);
    const contexts = recordAudioContexts();
    button.click();
    contexts.stop();
    const start = await started.next();
    expect(start.detail).to.deep.equal({ callId: ours.id });
    expect(ours.recording).to.equal(true);
    expect([ours.can('record'), ours.can('stopRecording')]).to.deep.equal([false, true]);
    await waitFor(() => button.getAttribute('aria-pressed') === 'true', { message: 'the toggle pressed' });
    const indicator = await control(alice, 'phone-call', 'recording');
    expect(indicator.textContent!.trim()).to.match(/^Recording 0:0[01]$/);
    // It ticks with the call clock.
    await waitFor(() => /^Recording 0:0[2-9]$/.test(indicator.textContent!.trim()), { message: 'the indicator to reach 0:02', timeout: 4000 });

    await ours.hold();
    const held = performance.now();
    await sleep(2000);
    const resuming = performance.now();
    await ours.resume();
    const resumed = performance.now();
    await sleep(2200);
    expect(ours.recording, 'hold does not stop the recording').to.equal(true);

    // The far end hangs up: the recording still arrives.
    theirs.hangup();
    const end = await ended.next();
    expect(end.detail).to.include({ callId: ours.id, by: 'remote' });
    const stop = await stopped.next();
    expect(stop.detail.callId).to.equal(ours.id);
    expect([ours.recording, ours.recorded]).to.deep.equal([false, true]);
    expect(contexts.created, 'the recorder made one audio context').to.have.length(1);
    await waitFor(() => contexts.created[0]!.state === 'closed', { message: "the recorder's audio context closed" });
    const decoded = await decodeRecording(stop.detail.recording);
    // It recorded from the click to the far end's BYE.
    expectDuration(decoded, stop.detail, Math.round(end.at - start.at));

    // The recording's time of a moment, counted back from its end (the BYE): a recorder
    // may take a moment to start (Firefox's does), never to stop.
    const t = (at: number) => decoded.seconds - (end.at - at) / 1000;
    expectSides(decoded, 0.5, t(held) - 0.3, OURS, [THEIRS], 'before the hold');
    for (const channel of [0, 1]) {
      expect(decoded.rms(channel, t(held) + 0.4, t(resuming) - 0.2), `channel ${channel} while held`).to.be.below(SILENT_RMS);
    }
    expectSides(decoded, t(resumed) + 0.6, decoded.seconds - 0.4, OURS, [THEIRS], 'after the resume');
    expect(stopped.seen).to.have.length(1);
  });

  it('auto-record records every answered call; the toggle stops it by hand; a transfer and pagehide deliver it; refuses a call not answered', async function () {
    this.timeout(60_000);
    const alice = await mountPhone('alice', { attributes: { 'auto-record': '' } });
    const [bob, carol] = await Promise.all([mountPhone('bob'), mountPhone('carol')]);
    expect(alice.el.autoRecord).to.equal(true);
    const clock = await audioClock();
    const stopped = timed<RecordingStoppedDetail>(alice, 'phone-recording-stopped');
    const started = timed<{ callId: string }>(alice, 'phone-recording-started', clock);

    // Bob (without auto-record) cannot record a call that only rings.
    microphone.retune(THEIRS);
    const bobsCall = await bob.el.call(alice.user);
    expect(bobsCall.can('record')).to.equal(false);
    expect(() => bobsCall.startRecording()).to.throw(PhoneError, /not answered/);
    const refusal = await bob.events.waitFor<{ code: string; callId: string }>('phone-error');
    expect(refusal.detail).to.include({ code: 'invalid-state', callId: bobsCall.id });
    const ringing = await waitFor(() => alice.el.calls.find((candidate) => candidate.state === 'incoming'), { message: 'alice rings' });
    microphone.retune(OURS);
    await answerAndWait(bobsCall, ringing);
    // Alice recorded from her answer.
    const start = await started.next();
    expect(start.detail).to.deep.equal({ callId: ringing.id });
    // Once audio records: at most a moment after the answer (a new audio context starting).
    expect(performance.timeOrigin + start.at).to.be.within(ringing.answeredAt! - 50, ringing.answeredAt! + 1000);
    expect(bob.events.types()).not.to.include('phone-recording-started');
    await sleep(3000);

    const button = await control<HTMLButtonElement>(alice, 'phone-call', 'record-button');
    expect(button.getAttribute('aria-pressed')).to.equal('true');
    const clicked = performance.now();
    const clickedAudio = clock.now();
    button.click();
    const stop = await stopped.next();
    await clock.close();
    const recordedMs = Math.round(clicked - start.at);
    await waitFor(() => button.getAttribute('aria-pressed') === 'false', { message: 'the toggle released' });
    expect(part(alice, 'phone-call', 'recording'), 'no indicator once stopped').to.equal(null);
    expect(ringing.state, 'the call goes on').to.equal('established');
    const decoded = await decodeRecording(stop.detail.recording);
    expectDuration(decoded, stop.detail, recordedMs, clickedAudio - start.audioAt!);
    expectSides(decoded, 0.8, decoded.seconds - 0.3, OURS, [THEIRS], 'auto-recorded');

    await sleep(300);
    expect(stopped.seen, 'one recording, once').to.have.length(1);

    // A transfer ends the call: its recording is delivered too.
    button.click();
    await started.next(1);
    await sleep(1000);
    await ringing.transfer(carol.user);
    expect(ringing.ended).to.include({ reason: 'transferred' });
    const transferred = await stopped.next(1);
    expect(transferred.detail.callId).to.equal(ringing.id);
    expect((await decodeRecording(transferred.detail.recording)).seconds).to.be.above(0.7);

    // The page going away hangs the next call up (close protection) and the page still
    // gets its recording. Carol, talking to Bob since the transfer, calls a second time.
    const again = await carol.el.call(alice.user);
    const next = await waitFor(() => alice.el.calls.find((candidate) => candidate.state === 'incoming'), { message: 'alice rings again' });
    await answerAndWait(again, next);
    await started.next(2);
    await sleep(1000);
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    const unloaded = await stopped.next(2);
    expect(unloaded.detail.callId).to.equal(next.id);
    expect(next.recording).to.equal(false);
    expect((await decodeRecording(unloaded.detail.recording)).channels).to.equal(2);
    await waitFor(() => next.ended, { message: 'close protection to hang the call up' });
    expect(stopped.seen).to.have.length(3);
  });

  it('records a conference: our microphone left, both other legs right; ending the conference delivers it', async function () {
    this.timeout(60_000);
    const [host, a, b] = await Promise.all([mountPhone('host'), mountPhone('a'), mountPhone('b')]);
    const A = 700;
    const B = 1100;
    const { ours: toA } = await call(host, OURS, a, A);
    const { ours: toB } = await call(host, OURS, b, B);
    const conference = await host.el.conference([toA, toB]);
    await waitFor(() => conference.participants.length === 2, { message: 'both legs mixed', timeout: 10_000 });
    // The page's audio clock at the recording's start and at the conference's end.
    const clock = await audioClock();
    const stopped = timed<RecordingStoppedDetail>(host, 'phone-recording-stopped');
    const ended = timed(host, 'phone-conference-ended', clock);
    const started = timed<{ conferenceId: string }>(host, 'phone-recording-started', clock);
    conference.startRecording();
    expect(conference.recording).to.equal(true);
    const start = await started.next();
    expect(start.detail).to.deep.equal({ conferenceId: conference.id });
    // The decoded length is held to the page's audio clock: in this test Firefox's ran
    // 8.06 s in 9.05 s (three calls mixed on two cores), and the recording held 8.08 s.
    await sleep(9000);

    conference.hangup();
    const stop = await stopped.next();
    const end = await ended.next();
    await clock.close();
    const audioMs = end.audioAt! - start.audioAt!;
    expect(stop.detail.conferenceId).to.equal(conference.id);
    expect(stop.detail).not.to.have.property('callId');
    const decoded = await decodeRecording(stop.detail.recording);
    expectDuration(decoded, stop.detail, Math.round(end.at - start.at), audioMs);
    expectSides(decoded, 0.8, decoded.seconds - 0.5, OURS, [A, B], 'the conference');
  });
});
