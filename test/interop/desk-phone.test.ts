// The widget against a real SIP phone: baresip registered over UDP, plain RTP,
// with rtpengine (driven by Kamailio) bridging it to the browser's ICE and
// DTLS-SRTP. Calls both ways carry audio both ways; either side hangs up;
// hold, resume and DTMF reach the phone.
import { expect } from '@esm-bundle/chai';
import type { CallEndedDetail, CallHoldDetail, CallIncomingDetail } from '../../src/events/phone-events.js';
import { control, dial, mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { audioFlowsBothWays, inboundPackets, sipConfig, waitFor } from '../helpers/sip.js';
import { startDeskPhone, stopFarEnds, type DeskPhone } from './far-ends.js';

async function ended(phone: TestPhone): Promise<CallEndedDetail> {
  return (await phone.events.waitFor<CallEndedDetail>('phone-call-ended')).detail;
}

/** Alice calls a fresh desk phone, which answers; resolves once audio flows both ways. */
async function callDeskPhone(): Promise<{ alice: TestPhone; desk: DeskPhone; pc: RTCPeerConnection }> {
  const [alice, desk] = await Promise.all([mountPhone('alice'), startDeskPhone()]);
  await dial(alice, desk.user);
  await alice.events.waitFor('phone-call-established');
  const pc = alice.el.calls[0]!.peerConnection!;
  await audioFlowsBothWays(pc);
  return { alice, desk, pc };
}

/** Resolves once no audio has arrived for `quietMs`: the far end stopped sending. */
async function audioStops(pc: RTCPeerConnection, quietMs = 400): Promise<void> {
  let last = -1;
  await waitFor(
    async () => {
      const now = await inboundPackets(pc);
      const quiet = now === last;
      last = now;
      return quiet;
    },
    { interval: quietMs, message: 'the far end to stop sending audio' },
  );
}

describe('interop: a desk phone (baresip over UDP, media through rtpengine)', () => {
  afterEach(async () => {
    await unmountAll();
    await stopFarEnds();
  });

  it('calls the desk phone, which answers; audio flows both ways; the widget hangs up', async () => {
    const { alice, desk } = await callDeskPhone();
    expect((await desk.nextEvent('CALL_ESTABLISHED')).direction).to.equal('incoming');
    await desk.nextEvent('CALL_RTPESTAB'); // and the desk phone hears us

    (await control<HTMLButtonElement>(alice, 'phone-call', 'hangup-button')).click();
    expect(await ended(alice)).to.include({ reason: 'hangup', by: 'local' });
    await desk.nextEvent('CALL_CLOSED');
  });

  it('takes a call from the desk phone; audio flows both ways; the desk phone hangs up', async () => {
    const [alice, desk] = await Promise.all([mountPhone('alice'), startDeskPhone()]);
    await desk.command('dial', `sip:${alice.user}@${sipConfig().domain}`);
    const incoming = await alice.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    expect(incoming.detail.remote.user).to.equal(desk.user);
    (await control<HTMLButtonElement>(alice, 'phone-incoming', 'answer-button')).click();
    await alice.events.waitFor('phone-call-established');
    await desk.nextEvent('CALL_ESTABLISHED');
    await audioFlowsBothWays(alice.el.calls[0]!.peerConnection!);
    await desk.nextEvent('CALL_RTPESTAB');

    await desk.command('hangup');
    expect(await ended(alice)).to.include({ callId: incoming.detail.callId, reason: 'hangup', by: 'remote' });
  });

  it('holds the desk phone, which goes quiet, and resumes it', async () => {
    const { alice, pc } = await callDeskPhone();
    const call = alice.el.calls[0]!;
    await call.hold();
    expect((await alice.events.waitFor<CallHoldDetail>('phone-call-held')).detail).to.include({ callId: call.id, by: 'local' });
    // Offered sendonly, the phone answers recvonly and stops sending.
    expect(pc.remoteDescription!.sdp).to.match(/^a=recvonly\r?$/m);
    await audioStops(pc);

    await call.resume();
    expect((await alice.events.waitFor<CallHoldDetail>('phone-call-resumed')).detail).to.include({ callId: call.id, by: 'local' });
    expect(pc.remoteDescription!.sdp).to.match(/^a=sendrecv\r?$/m);
    await audioFlowsBothWays(pc, { message: 'audio again after resume' });
  });

  it('sends DTMF that the desk phone receives in the media (RFC 4733)', async () => {
    const { alice, desk } = await callDeskPhone();
    alice.el.calls[0]!.sendDTMF('1#');
    expect((await desk.nextEvent('CALL_DTMF_START')).param).to.equal('1');
    expect((await desk.nextEvent('CALL_DTMF_START')).param).to.equal('#');
  });
});
