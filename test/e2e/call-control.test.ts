// Issue 4, with real calls between three <soft-phone>s (alice, bob, carol) through
// Kamailio: hold with held-by-remote, mute, DTMF, blind and attended transfer,
// call waiting and the call limit. Each asserts the events the host page sees.
import { expect } from '@esm-bundle/chai';
import type { CallEndedDetail, CallHoldDetail, CallIncomingDetail, CallTransferredDetail } from '../../src/events/phone-events.js';
import { audioDirection, connect, control, expectAudioFlowing, mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { waitFor } from '../helpers/sip.js';

function eventsOf(phone: TestPhone, type: string, callId: string) {
  return phone.events.events.filter((event) => event.type === type && (event.detail as { callId: string }).callId === callId);
}

async function endedOf(phone: TestPhone, callId: string): Promise<CallEndedDetail> {
  await waitFor(() => eventsOf(phone, 'phone-call-ended', callId).length, { message: `${phone.user}'s call ${callId} to end` });
  return eventsOf(phone, 'phone-call-ended', callId)[0]!.detail as CallEndedDetail;
}

describe('call control between three real phones', () => {
  let alice: TestPhone;
  let bob: TestPhone;
  let carol: TestPhone;

  beforeEach(async () => {
    [alice, bob, carol] = await Promise.all([mountPhone('alice'), mountPhone('bob'), mountPhone('carol')]);
  });
  afterEach(unmountAll);

  it('holds and resumes; the other side sees it as held by remote; media follows', async () => {
    const { callerCall, calleeCall } = await connect(alice, bob);
    await callerCall.hold();
    const held = await bob.events.waitFor<CallHoldDetail>('phone-call-held');
    expect(held.detail).to.deep.equal({ callId: calleeCall.id, by: 'remote' });
    expect((await alice.events.waitFor<CallHoldDetail>('phone-call-held')).detail).to.deep.equal({ callId: callerCall.id, by: 'local' });
    expect([callerCall.heldBy, calleeCall.heldBy]).to.deep.equal(['local', 'remote']);
    expect([audioDirection(callerCall), audioDirection(calleeCall)]).to.deep.equal(['sendonly', 'recvonly']);
    expect((await control(bob, 'phone-call', 'state')).textContent).to.match(/on hold by the other party/i);

    await callerCall.resume();
    expect((await bob.events.waitFor<CallHoldDetail>('phone-call-resumed')).detail).to.deep.equal({ callId: calleeCall.id, by: 'remote' });
    expect([callerCall.held, calleeCall.held]).to.deep.equal([false, false]);
    expect([audioDirection(callerCall), audioDirection(calleeCall)]).to.deep.equal(['sendrecv', 'sendrecv']);
    await expectAudioFlowing(callerCall, 'alice after resume');
  });

  it('holds on both sides at once: inactive media, each side knows who holds', async () => {
    const { callerCall, calleeCall } = await connect(alice, bob);
    await callerCall.hold();
    await calleeCall.hold();
    expect([callerCall.heldBy, calleeCall.heldBy]).to.deep.equal(['local', 'local']);
    expect([audioDirection(callerCall), audioDirection(calleeCall)]).to.deep.equal(['inactive', 'inactive']);
    await callerCall.resume();
    await waitFor(() => calleeCall.heldBy === 'local' && callerCall.heldBy === 'remote', { message: 'alice to see the remote hold' });
    expect([audioDirection(callerCall), audioDirection(calleeCall)]).to.deep.equal(['recvonly', 'sendonly']);
  });

  it('mutes and unmutes the microphone without touching the other call', async () => {
    const { callerCall } = await connect(alice, bob);
    const track = () => callerCall.peerConnection!.getSenders().find((sender) => sender.track?.kind === 'audio')!.track!;
    callerCall.mute();
    expect(alice.events.types().filter((type) => type.includes('mute'))).to.deep.equal(['phone-call-muted']);
    expect([callerCall.muted, track().enabled]).to.deep.equal([true, false]);
    callerCall.unmute();
    expect([callerCall.muted, track().enabled]).to.deep.equal([false, true]);
    expect(alice.events.types().filter((type) => type.includes('mute'))).to.deep.equal(['phone-call-muted', 'phone-call-unmuted']);
  });

  it('keeps one conversation at a time: a second call holds the first, resuming swaps', async () => {
    const first = await connect(alice, bob);
    const second = await connect(alice, carol);
    await waitFor(() => first.callerCall.heldBy === 'local', { message: 'the first call to be held' });
    expect(second.callerCall.held).to.equal(false);
    expect(alice.el.calls.map((call) => call.id)).to.deep.equal([first.callerCall.id, second.callerCall.id]);
    expect(alice.el.getCall(second.callerCall.id)).to.equal(second.callerCall);

    // Holding one call never holds or mutes another.
    await second.callerCall.hold();
    expect([first.callerCall.heldBy, first.callerCall.muted]).to.deep.equal(['local', false]);
    await first.callerCall.resume();
    expect([first.callerCall.held, second.callerCall.heldBy]).to.deep.equal([false, 'local']);
    await expectAudioFlowing(first.calleeCall, 'bob after the swap');
  });

  it('sends DTMF in the media when telephone-event was negotiated', async () => {
    const { callerCall } = await connect(alice, bob);
    const sender = callerCall.peerConnection!.getSenders().find((candidate) => candidate.track?.kind === 'audio')!;
    const played: string[] = [];
    sender.dtmf!.addEventListener('tonechange', (event) => played.push((event as RTCDTMFToneChangeEvent).tone));
    callerCall.sendDTMF('1#');
    expect((await alice.events.waitFor('phone-call-dtmf')).detail).to.deep.equal({ callId: callerCall.id, tones: '1#', direction: 'sent' });
    await waitFor(() => played.includes('#'), { message: 'the tones to play into RTP' });
    expect(played.filter(Boolean)).to.deep.equal(['1', '#']);
  });

  it('refuses bad DTMF with phone-error', async () => {
    const { callerCall } = await connect(alice, bob);
    expect(() => callerCall.sendDTMF('12x')).to.throw().with.property('code', 'invalid-dtmf');
    expect((await alice.events.waitFor('phone-error')).detail).to.include({ code: 'invalid-dtmf', callId: callerCall.id });
  });

  it('blind-transfers: the transferee calls the target itself; the transferor ends as transferred', async () => {
    const { callerCall, calleeCall } = await connect(alice, bob);
    // Bob transfers Alice to Carol.
    await calleeCall.transfer(carol.user);
    expect(await endedOf(bob, calleeCall.id)).to.include({ reason: 'transferred', by: 'local' });
    const transferred = eventsOf(bob, 'phone-call-transferred', calleeCall.id)[0]!.detail as CallTransferredDetail;
    expect(transferred.target).to.match(new RegExp(`^sip:${carol.user}@`));

    // Alice's phone places the new call visibly, Carol answers, they talk.
    const incoming = await carol.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    await carol.el.getCall(incoming.detail.callId)!.answer();
    const aliceToCarol = await waitFor(() => alice.el.calls.find((call) => call !== callerCall && call.state === 'established'), {
      message: "alice's new call to carol",
    });
    expect(aliceToCarol.remote.user).to.equal(carol.user);
    expect(eventsOf(alice, 'phone-call-trying', aliceToCarol.id)).to.have.length(1);
    expect(await endedOf(alice, callerCall.id)).to.include({ reason: 'transferred', by: 'remote' });
    await expectAudioFlowing(aliceToCarol, 'alice from carol');
  });

  it('attended transfer: consult, complete; the replacement call is answered in place', async () => {
    const { callerCall, calleeCall } = await connect(alice, bob);
    // Bob consults Carol before transferring Alice to her.
    const consultation = await calleeCall.attendedTransfer(carol.user);
    expect(calleeCall.heldBy).to.equal('local');
    const carolIncoming = await carol.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    const carolWithBob = carol.el.getCall(carolIncoming.detail.callId)!;
    await carolWithBob.answer();
    await waitFor(() => consultation.state === 'established', { message: 'the consultation to connect' });
    expect(consultation.consultingFor).to.equal(calleeCall);

    await calleeCall.completeTransfer();
    expect(await endedOf(bob, calleeCall.id)).to.include({ reason: 'transferred', by: 'local' });
    expect(await endedOf(bob, consultation.id)).to.include({ reason: 'transferred', by: 'local' });

    const replacement = await carol.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    expect(replacement.detail.replaces).to.equal(carolWithBob.id);
    expect(replacement.detail.remote.user).to.equal(alice.user);
    expect(await endedOf(carol, carolWithBob.id)).to.include({ reason: 'transferred', by: 'remote' });
    const carolWithAlice = carol.el.getCall(replacement.detail.callId)!;
    const aliceWithCarol = await waitFor(() => alice.el.calls.find((call) => call !== callerCall && call.state === 'established'), {
      message: "alice's replacement call",
    });
    await waitFor(() => carolWithAlice.state === 'established', { message: "carol's replacement call" });
    expect(await endedOf(alice, callerCall.id)).to.include({ reason: 'transferred', by: 'remote' });
    await expectAudioFlowing(aliceWithCarol, 'alice from carol');
    await expectAudioFlowing(carolWithAlice, 'carol from alice');
    expect(bob.el.calls).to.have.length(0);
  });

  it('resumes the original call by itself when the consultation is declined', async () => {
    const { calleeCall } = await connect(alice, bob);
    const consultation = await calleeCall.attendedTransfer(carol.user);
    const carolIncoming = await carol.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    carol.el.getCall(carolIncoming.detail.callId)!.reject('busy');
    expect(await endedOf(bob, consultation.id)).to.include({ reason: 'busy' });
    await waitFor(() => eventsOf(bob, 'phone-call-resumed', calleeCall.id).length, { message: 'the original call to resume' });
    expect(calleeCall.held).to.equal(false);
    expect(audioDirection(calleeCall)).to.equal('sendrecv');
  });

  it('resumes the original call by itself when the consultation is hung up', async () => {
    const { calleeCall } = await connect(alice, bob);
    const consultation = await calleeCall.attendedTransfer(carol.user);
    await carol.events.waitFor('phone-call-incoming');
    consultation.hangup();
    expect(await endedOf(bob, consultation.id)).to.include({ reason: 'cancelled', by: 'local' });
    await waitFor(() => calleeCall.held === false && eventsOf(bob, 'phone-call-resumed', calleeCall.id).length, {
      message: 'the original call to resume',
    });
  });

  it('rings a waiting call during a call; answering it holds the first', async () => {
    const first = await connect(alice, bob);
    await carol.el.call(alice.user);
    const waiting = await alice.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    expect(alice.el.calls.map((call) => call.state)).to.deep.equal(['established', 'incoming']);
    await alice.el.getCall(waiting.detail.callId)!.answer();
    await waitFor(() => first.callerCall.heldBy === 'local', { message: 'the first call to be held' });
    await waitFor(() => alice.el.getCall(waiting.detail.callId)!.state === 'established', { message: 'the waiting call to connect' });
  });
});

describe('the call limit', () => {
  afterEach(unmountAll);

  it('answers calls beyond max-calls with 486 Busy Here', async () => {
    const alice = await mountPhone('alice', { attributes: { 'max-calls': '1' } });
    const [bob, carol] = await Promise.all([mountPhone('bob'), mountPhone('carol')]);
    await connect(alice, bob);
    const carolCall = await carol.el.call(alice.user);
    expect(await endedOf(carol, carolCall.id)).to.include({ reason: 'busy', code: 486, by: 'remote' });
    expect(alice.events.types()).not.to.include('phone-call-incoming');
  });
});
