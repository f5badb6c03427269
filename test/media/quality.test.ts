// Call quality on real calls: the phone samples every established call's media every
// 2 s, fires phone-call-quality, and <phone-call> shows the latest sample as bars, and
// a warning when nothing arrives from the other side (one-way audio).
import { expect } from '@esm-bundle/chai';
import type { PhoneCall } from '../../src/engine/phone-call.js';
import type { CallQualityDetail } from '../../src/events/phone-events.js';
import { recordEvents } from '../helpers/events.js';
import { connect, mountPhone, part, unmountAll, type TestPhone } from '../helpers/phones.js';
import { waitFor } from '../helpers/sip.js';

/** Silences our microphone on the wire: with no track the sender sends no RTP at all (a disabled track still would). */
function stopSendingAudio(call: PhoneCall): () => Promise<void> {
  const sender = call.peerConnection!.getSenders().find((candidate) => candidate.track?.kind === 'audio')!;
  const track = sender.track;
  void sender.replaceTrack(null);
  return () => sender.replaceTrack(track);
}

/** The quality samples `phone` reports from now on, with the time each arrived. */
function qualityOf(phone: TestPhone) {
  const samples: Array<CallQualityDetail & { at: number }> = [];
  const listener = (event: Event) => samples.push({ ...(event as CustomEvent<CallQualityDetail>).detail, at: performance.now() });
  phone.el.addEventListener('phone-call-quality', listener);
  return { samples, stop: () => phone.el.removeEventListener('phone-call-quality', listener) };
}

describe('call quality', () => {
  afterEach(unmountAll);

  it('is sampled every 2 s with plausible loopback figures, and shown as bars', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { callerCall } = await connect(alice, bob);
    const quality = qualityOf(alice);
    await waitFor(() => quality.samples.length >= 3, { timeout: 8000, message: 'three quality samples' });
    quality.stop();
    // Every 2 s on a 2 s timer; each sample also waits for getStats(), which a busy machine slows down.
    const [first, , third] = quality.samples;
    expect((third!.at - first!.at) / 2).to.be.within(1700, 2700);
    for (const sample of quality.samples) {
      expect(sample.callId).to.equal(callerCall.id);
      expect(sample.mos).to.be.within(4, 4.5);
      expect(sample.bars).to.be.at.least(4);
      expect(sample.lossPercent).to.be.within(0, 1);
      expect(sample.jitterMs).to.be.within(0, 30);
      expect(sample.roundTripMs).to.be.within(0, 50);
      expect(sample).not.to.have.property('warning');
    }
    // The call keeps its latest sample, which is what the view shows.
    const { at, callId, ...latest } = quality.samples.at(-1)!;
    expect(callerCall.quality).to.deep.equal(latest);
    const bars = await waitFor(() => part(alice, 'phone-call', 'quality'), { message: 'the quality bars' });
    expect(bars.getAttribute('role')).to.equal('img');
    expect(bars.getAttribute('aria-label')).to.equal(`Call quality: ${latest.bars} of 5`);
    expect(bars.querySelectorAll('.lit')).to.have.length(latest.bars);
    expect(part(alice, 'phone-call', 'quality-warning')).to.equal(null);
  });

  it('warns of one-way audio within about 5 s, shows the hint, and clears when audio returns', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { calleeCall } = await connect(alice, bob);
    const quality = recordEvents(alice.el, ['phone-call-quality']);
    const resume = stopSendingAudio(calleeCall);
    const stopped = performance.now();
    // Silence for 3 s, seen by a sample every 2 s: the warning comes 4 to 6 s after the far end stops.
    await waitFor(() => quality.events.some((event) => (event.detail as CallQualityDetail).warning === 'no-inbound-audio'), {
      timeout: 8000,
      message: 'a no-inbound-audio warning',
    });
    expect(performance.now() - stopped).to.be.within(3000, 7000);
    const hint = await waitFor(() => part(alice, 'phone-call', 'quality-warning'), { message: 'the one-way-audio hint' });
    expect(hint.textContent).to.equal('No audio from the other side — check the connection');
    expect(hint.getAttribute('role')).to.equal('alert');
    await resume();
    await waitFor(() => !part(alice, 'phone-call', 'quality-warning'), { timeout: 5000, message: 'the hint to go once audio is back' });
    expect((quality.events.at(-1)!.detail as CallQualityDetail).warning).to.equal(undefined);
    quality.stop();
  });

  it('does not warn while the call is on hold, when silence is expected', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { callerCall } = await connect(alice, bob);
    await callerCall.hold();
    const quality = qualityOf(alice);
    // Longer than the 3 s of silence that would otherwise warn.
    await waitFor(() => quality.samples.length >= 3, { timeout: 8000, message: 'three samples on hold' });
    quality.stop();
    expect(quality.samples.filter((sample) => sample.warning)).to.deep.equal([]);
    expect(part(alice, 'phone-call', 'quality-warning')).to.equal(null);
  });

  it('counts the silence from when media connects, not from when the call started ringing', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const outgoing = await alice.el.call(bob.user);
    const incoming = await waitFor(() => bob.el.calls.find((call) => call.state === 'incoming'), { message: 'bob to ring' });
    // The caller will send nothing: a genuine one-way call, whose warning is due 3 s after it connects.
    await waitFor(() => outgoing.peerConnection?.getSenders().some((sender) => sender.track), { message: "alice's sender" });
    stopSendingAudio(outgoing);
    // Rings longer than the 3 s of silence that make a warning.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    await incoming.answer();
    await waitFor(() => incoming.state === 'established', { message: 'bob established' });
    // With another call up, the phone's 2 s timer may sample this one at any moment after it connects: at once, here.
    await incoming.sampleQuality();
    expect(incoming.quality).to.include({ bars: 5 }).and.not.to.have.property('warning');
  });
});
