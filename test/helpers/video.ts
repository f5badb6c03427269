// Video calls between real phones, and what their connections decode.
import { expect } from '@esm-bundle/chai';
import type { CallIncomingDetail } from '../../src/events/phone-events.js';
import { control, type TestPhone } from './phones.js';
import { waitFor } from './sip.js';

/** Video frames decoded so far on this connection. */
async function framesDecoded(pc: RTCPeerConnection): Promise<number> {
  let total = 0;
  (await pc.getStats()).forEach((report) => {
    if (report.type === 'inbound-rtp' && report.kind === 'video') total += report.framesDecoded ?? 0;
  });
  return total;
}

/** Resolves once `pc` decodes more than a few new frames. */
export async function expectFramesDecoding(pc: RTCPeerConnection, label: string): Promise<void> {
  const before = await framesDecoded(pc);
  await waitFor(async () => (await framesDecoded(pc)) > before + 5, { message: `video frames decoded by ${label}` });
}

/** Alice video-calls Bob, who answers with the Answer button; resolves once both are established. */
export async function videoCall(alice: TestPhone, bob: TestPhone) {
  const outgoing = await alice.el.call(bob.user, { video: true });
  const ringing = await bob.events.waitFor<CallIncomingDetail>('phone-call-incoming');
  expect(ringing.detail.video).to.equal(true);
  (await control<HTMLButtonElement>(bob, 'phone-incoming', 'answer-button')).click();
  const incoming = bob.el.getCall(ringing.detail.callId)!;
  await waitFor(() => outgoing.state === 'established' && incoming.state === 'established', { message: 'both ends established' });
  return { outgoing, incoming };
}
