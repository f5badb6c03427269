// Issue 12: calls between Chromium and Firefox. The test page's phones live in the
// browser this file runs in; the far phones in the other one (test/sip/far-browser.mjs),
// so each run covers both "Chromium calls Firefox" and "Firefox calls Chromium". Real
// JsSIP, real Kamailio, real browsers; the far side's events and RTP counters are read
// from its own page.
import { expect } from '@esm-bundle/chai';
import type { PhoneCall } from '../../src/engine/phone-call.js';
import type { CallDtmfDetail, CallEndedDetail, CallHoldDetail, CallIncomingDetail, CallTransferredDetail } from '../../src/events/phone-events.js';
import { audioDirection, expectAudioFlowing, mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { waitFor } from '../helpers/sip.js';
import { expectFramesDecoding } from '../helpers/video.js';
import { expectFarMediaFlowing, farBrowserLog, FarPhone, openFarBrowser, resetFarBrowser, type FarKind } from './far-browser.js';

const here: FarKind = navigator.userAgent.includes('Firefox') ? 'firefox' : 'chromium';
const NAMES: Record<FarKind, string> = { chromium: 'Chromium', firefox: 'Firefox' };
let there: FarKind;

function eventsOf(phone: TestPhone, type: string, callId: string) {
  return phone.events.events.filter((event) => event.type === type && (event.detail as { callId: string }).callId === callId);
}

async function endedOf(phone: TestPhone, callId: string): Promise<CallEndedDetail> {
  await waitFor(() => eventsOf(phone, 'phone-call-ended', callId).length, { message: `${phone.user}'s call ${callId} to end` });
  return eventsOf(phone, 'phone-call-ended', callId)[0]!.detail as CallEndedDetail;
}

/** A call between a phone here and a far one, placed by `caller`, answered by the other; resolves once both are established. */
async function callAcross(near: TestPhone, far: FarPhone, caller: 'near' | 'far', { video = false } = {}): Promise<{ call: PhoneCall; farId: string }> {
  let call: PhoneCall;
  let farId: string;
  if (caller === 'near') {
    call = await near.el.call(far.user, { video });
    farId = await far.answer();
  } else {
    farId = await far.call(near.user, { video });
    call = await waitFor(() => near.el.calls.find((candidate) => candidate.state === 'incoming'), { message: `${near.user} to ring` });
    expect(call.video, 'video offered').to.equal(video);
    await call.answer();
  }
  await waitFor(() => call.state === 'established', { message: `${near.user}'s call established`, timeout: 10_000 });
  const farCall = await far.waitForCall((candidate) => candidate.id === farId && candidate.state === 'established', 'call established', 10_000);
  expect(farCall.video, 'video on the far call').to.equal(video);
  return { call, farId };
}

before(async function () {
  this.timeout(60_000);
  ({ kind: there } = await openFarBrowser());
  expect(there, 'the far browser is the other one').not.to.equal(here);
});

afterEach(async function () {
  if (this.currentTest?.state === 'failed') {
    const log = await farBrowserLog();
    if (log.length > 0) console.error(`far browser (${there}) log:\n${log.join('\n')}`);
  }
  // Side by side: each side's phones take about 2 s to unregister and close their sockets.
  await Promise.all([unmountAll(), resetFarBrowser()]);
});

for (const caller of ['near', 'far'] as const) {
  // Named by the browsers, e.g. "Chromium calls Firefox".
  const title = () => (caller === 'near' ? `${NAMES[here]} calls ${NAMES[there]}` : `${NAMES[there]} calls ${NAMES[here]}`);

  describe(`cross-browser: the test page's browser and the other one (${caller === 'near' ? 'the test page calls' : 'the far browser calls'})`, () => {
    let alice: TestPhone;
    let bob: FarPhone;

    beforeEach(async () => {
      [alice, bob] = await Promise.all([mountPhone('alice'), FarPhone.mount('bob')]);
    });

    it('answers; RTP flows both ways on both ends; a hang-up ends both', async function () {
      this.test!.title = `${title()}: ${this.test!.title}`;
      const { call, farId } = await callAcross(alice, bob, caller);
      await expectAudioFlowing(call, `${alice.user} (${here})`);
      await expectFarMediaFlowing(bob, farId);

      await bob.hangup(farId);
      expect(await endedOf(alice, call.id)).to.include({ reason: 'hangup', by: 'remote' });
      expect(await bob.waitForEvent<CallEndedDetail>('phone-call-ended', { callId: farId })).to.include({ reason: 'hangup', by: 'local' });
    });

    it('holds and resumes from each side; the other sees it held and resumed by remote', async function () {
      this.test!.title = `${title()}: ${this.test!.title}`;
      const { call, farId } = await callAcross(alice, bob, caller);

      // This side holds.
      await call.hold();
      expect((await alice.events.waitFor<CallHoldDetail>('phone-call-held')).detail).to.deep.equal({ callId: call.id, by: 'local' });
      expect(await bob.waitForEvent<CallHoldDetail>('phone-call-held', { callId: farId })).to.deep.equal({ callId: farId, by: 'remote' });
      expect((await bob.calls())[0]!.heldBy).to.equal('remote');
      expect([audioDirection(call), (await bob.calls())[0]!.audioDirection], 'audio directions').to.deep.equal(['sendonly', 'recvonly']);
      await call.resume();
      expect((await alice.events.waitFor<CallHoldDetail>('phone-call-resumed')).detail).to.deep.equal({ callId: call.id, by: 'local' });
      expect(await bob.waitForEvent<CallHoldDetail>('phone-call-resumed', { callId: farId })).to.deep.equal({ callId: farId, by: 'remote' });
      await waitFor(async () => (await bob.calls())[0]!.heldBy === null, { message: 'the far call off hold' });

      // The far side holds.
      await bob.hold(farId);
      expect(await bob.waitForEvent<CallHoldDetail>('phone-call-held', { callId: farId, by: 'local' })).to.deep.equal({ callId: farId, by: 'local' });
      expect((await alice.events.waitFor<CallHoldDetail>('phone-call-held')).detail).to.deep.equal({ callId: call.id, by: 'remote' });
      expect(call.heldBy).to.equal('remote');
      expect([audioDirection(call), (await bob.calls())[0]!.audioDirection], 'audio directions').to.deep.equal(['recvonly', 'sendonly']);
      await bob.resume(farId);
      expect((await alice.events.waitFor<CallHoldDetail>('phone-call-resumed')).detail).to.deep.equal({ callId: call.id, by: 'remote' });
      expect(call.held).to.equal(false);
      await waitFor(async () => (await bob.calls())[0]!.heldBy === null, { message: 'the far call off hold' });
      expect([audioDirection(call), (await bob.calls())[0]!.audioDirection], 'audio directions').to.deep.equal(['sendrecv', 'sendrecv']);

      // Both directions of audio are back, on both ends.
      await expectAudioFlowing(call, `${alice.user} after resume`);
      await expectFarMediaFlowing(bob, farId);
    });

    // Both browsers offer telephone-event, so the phone sends DTMF in the media (RFC 4733),
    // not by SIP INFO; no browser exposes received RFC 4733 events, so the other phone fires
    // no phone-call-dtmf 'received' (README: "received: SIP INFO"). What is proved: both
    // ends negotiated it, and each side's RTCDTMFSender plays every tone into the RTP.
    it('sends DTMF from each side in the media (RFC 4733, negotiated by both browsers)', async function () {
      this.test!.title = `${title()}: ${this.test!.title}`;
      const { call, farId } = await callAcross(alice, bob, caller);
      const telephoneEvent = /a=rtpmap:\d+ telephone-event\//i;
      expect(call.peerConnection!.remoteDescription!.sdp, `${there} offers or answers telephone-event`).to.match(telephoneEvent);
      expect((await bob.calls())[0]!.telephoneEvent, `both SDPs in ${there} carry telephone-event`).to.equal(true);

      // This side sends.
      const sender = call.peerConnection!.getSenders().find((candidate) => candidate.track?.kind === 'audio')!;
      const played: string[] = [];
      sender.dtmf!.addEventListener('tonechange', (event) => played.push((event as RTCDTMFToneChangeEvent).tone));
      call.sendDTMF('1#');
      expect((await alice.events.waitFor<CallDtmfDetail>('phone-call-dtmf')).detail).to.deep.equal({ callId: call.id, tones: '1#', direction: 'sent' });
      await waitFor(() => played.includes(''), { message: `${here} to play the tones into RTP` });
      expect(played).to.deep.equal(['1', '#', '']);

      // The far side sends.
      await bob.sendDTMF('5*', farId);
      expect(await bob.waitForEvent<CallDtmfDetail>('phone-call-dtmf', { callId: farId })).to.deep.equal({ callId: farId, tones: '5*', direction: 'sent' });
      await waitFor(async () => (await bob.dtmfPlayed(farId)).includes(''), { message: `${there} to play the tones into RTP`, interval: 100 });
      expect(await bob.dtmfPlayed(farId)).to.deep.equal(['5', '*', '']);

      // Neither phone reports tones it cannot see, and the call goes on.
      expect(alice.events.types().filter((type) => type === 'phone-call-dtmf')).to.have.length(1);
      expect((await bob.events()).filter((event) => event.type === 'phone-call-dtmf')).to.have.length(1);
      await expectAudioFlowing(call, `${alice.user} after DTMF`);
      await expectFarMediaFlowing(bob, farId);
    });

    it('makes a video call: frames decoded on both ends', async function () {
      this.test!.title = `${title()}: ${this.test!.title}`;
      const { call, farId } = await callAcross(alice, bob, caller, { video: true });
      await expectFramesDecoding(call.peerConnection!, `${alice.user} (${here})`);
      await expectFarMediaFlowing(bob, farId, { video: true });
    });
  });
}

describe('cross-browser blind transfer', () => {
  it('the far browser transfers the test page\'s caller to a third phone here', async function () {
    this.test!.title = `${NAMES[there]} transfers a ${NAMES[here]} caller to a ${NAMES[here]} phone`;
    const [alice, carol, bob] = await Promise.all([mountPhone('alice'), mountPhone('carol'), FarPhone.mount('bob')]);
    const { call, farId } = await callAcross(alice, bob, 'near');

    await bob.transfer(carol.user, farId);
    expect(await bob.waitForEvent<CallEndedDetail>('phone-call-ended', { callId: farId })).to.include({ reason: 'transferred', by: 'local' });
    const transferred = await bob.waitForEvent<CallTransferredDetail>('phone-call-transferred', { callId: farId });
    expect(transferred.target).to.match(new RegExp(`^sip:${carol.user}@`));

    // Alice's phone calls Carol itself; Carol answers; they talk.
    const incoming = await carol.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    expect(incoming.detail.remote.user).to.equal(alice.user);
    await carol.el.getCall(incoming.detail.callId)!.answer();
    const aliceToCarol = await waitFor(() => alice.el.calls.find((candidate) => candidate !== call && candidate.state === 'established'), {
      message: "alice's new call to carol",
    });
    expect(aliceToCarol.remote.user).to.equal(carol.user);
    expect(await endedOf(alice, call.id)).to.include({ reason: 'transferred', by: 'remote' });
    await expectAudioFlowing(aliceToCarol, 'alice with carol');
  });

  it('the test page transfers the far caller to another far phone', async function () {
    this.test!.title = `${NAMES[here]} transfers a ${NAMES[there]} caller to a ${NAMES[there]} phone`;
    const [alice, bob, carol] = await Promise.all([mountPhone('alice'), FarPhone.mount('bob'), FarPhone.mount('carol')]);
    const { call, farId } = await callAcross(alice, bob, 'far');

    await call.transfer(carol.user);
    expect(await endedOf(alice, call.id)).to.include({ reason: 'transferred', by: 'local' });
    const transferred = eventsOf(alice, 'phone-call-transferred', call.id)[0]!.detail as CallTransferredDetail;
    expect(transferred.target).to.match(new RegExp(`^sip:${carol.user}@`));

    // Bob's phone (far) calls Carol (far) itself; Carol answers; they talk.
    const carolId = await carol.answer();
    const bobToCarol = await bob.waitForCall((candidate) => candidate.id !== farId && candidate.state === 'established', 'the new call to carol', 10_000);
    expect(bobToCarol.remote).to.equal(carol.user);
    await carol.waitForCall((candidate) => candidate.id === carolId && candidate.state === 'established', 'the call from bob');
    expect(await bob.waitForEvent<CallEndedDetail>('phone-call-ended', { callId: farId })).to.include({ reason: 'transferred', by: 'remote' });
    await expectFarMediaFlowing(bob, bobToCarol.id);
    await expectFarMediaFlowing(carol, carolId);
  });
});
