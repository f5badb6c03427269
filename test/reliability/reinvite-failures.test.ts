// A re-INVITE that fails never ends the call (RFC 3261 §14.1: the session goes
// on unchanged). Two of our phones holding each other at the same moment meet
// in glare (491) and both end up held; a carrier (sipp) that refuses a hold
// with 488, or never answers it, leaves the call up and talking, with a
// phone-error and the hold undone; a refused resume leaves it held.
import { expect } from '@esm-bundle/chai';
import type { PhoneCall } from '../../src/engine/phone-call.js';
import type { PhoneErrorDetail } from '../../src/events/phone-events.js';
import { PhoneError } from '../../src/engine/phone-error.js';
import { startGateway, stopFarEnds, type Gateway } from '../interop/far-ends.js';
import { kamailio } from '../helpers/network.js';
import { audioDirection, connect, expectAudioFlowing, mountPhone, part, unmountAll, type TestPhone } from '../helpers/phones.js';
import { audioFlowsBothWays, waitFor } from '../helpers/sip.js';

const NUMBER = '+14155550188';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The call's own microphone track is live again (JsSIP mutes it for a hold). */
function sending(call: PhoneCall): boolean {
  return call.localStream!.getAudioTracks().every((track) => track.enabled);
}

async function carrierDone(gateway: Gateway, timeoutMs = 5000): Promise<string[]> {
  const { status, received, errors } = await gateway.finish(timeoutMs);
  expect(status, `sipp failed:\n${errors}`).to.equal(0);
  return received.map((request) => request.split(' ')[0]!);
}

/** A call to sipp playing `scenario`, established and with audio echoed back. */
async function callCarrier(scenario: 'reinvite-reject' | 'reinvite-ignore' | 'resume-reject', keys?: Record<string, string | number>) {
  const [alice, gateway] = await Promise.all([mountPhone('alice'), startGateway(scenario, { echo: true, keys })]);
  const call = await alice.el.call(NUMBER);
  await waitFor(() => call.state === 'established', { message: 'the carrier call established' });
  await audioFlowsBothWays(call.peerConnection!, { message: 'audio echoed before the hold' });
  return { alice, gateway, call };
}

/** The hold failed as the contract says: rejected, reported, undone, and the call talks on. */
async function expectHoldUndone(alice: TestPhone, call: PhoneCall, failure: unknown, code: RegExp) {
  expect(failure).to.be.instanceOf(PhoneError);
  expect((failure as PhoneError).code).to.equal('renegotiation-failed');
  const reported = alice.events.events.filter((event) => event.type === 'phone-error').map((event) => event.detail as PhoneErrorDetail);
  expect(reported).to.have.length(1);
  expect(reported[0]).to.include({ code: 'renegotiation-failed', callId: call.id });
  expect(reported[0]!.message).to.match(code);
  // Nothing changed: not held, the microphone live, the old offer rolled back.
  expect(call.state).to.equal('established');
  expect([call.held, call.heldBy, call.busy]).to.deep.equal([false, null, false]);
  expect(sending(call), 'the microphone track, unmuted again').to.equal(true);
  expect(call.peerConnection!.signalingState).to.equal('stable');
  expect(audioDirection(call)).to.equal('sendrecv');
  await sleep(1000);
  expect(alice.events.types()).to.not.include('phone-call-ended');
  await audioFlowsBothWays(call.peerConnection!, { message: 'audio still echoed after the failed hold' });
  // The UI offers Hold again.
  const hold = part<HTMLButtonElement>(alice, 'phone-call', 'hold-button')!;
  await waitFor(() => !hold.disabled && hold.textContent!.trim() === 'Hold', { message: 'the Hold button, enabled' });
  expect(part(alice, 'phone-call', 'state')!.textContent).to.equal('Connected');
}

describe('reliability: failed re-INVITEs never end the call', () => {
  afterEach(async () => {
    await unmountAll();
    await stopFarEnds();
  });

  it('two phones holding each other at once meet in glare (491), retry at RFC 3261 pace, and both end up held', async function () {
    this.timeout(30_000);
    const [alice, bob] = [await mountPhone('alice'), await mountPhone('bob')];
    const { callerCall, calleeCall } = await connect(alice, bob);
    const started = performance.now();
    const results = await Promise.allSettled([callerCall.hold(), calleeCall.hold()]);
    const took = performance.now() - started;
    console.log(`Glare: both holds done in ${Math.round(took)} ms`);
    expect(results.map((result) => result.status)).to.deep.equal(['fulfilled', 'fulfilled']);
    // They did collide: each side answered the other's re-INVITE 491 at least once.
    for (const phone of [alice, bob]) {
      expect(await kamailio.log(`491 Request Pending to INVITE of ${phone.user} `), `a 491 to ${phone.user}'s re-INVITE`).to.not.have.length(0);
    }
    // JsSIP's own retry after 1 s collides again; then the callee (0–2 s) goes before the caller (2.1–4 s).
    expect(took).to.be.below(12_000);
    for (const call of [callerCall, calleeCall]) {
      expect(call.state).to.equal('established');
      expect(call.heldBy, 'held by us (and by them)').to.equal('local');
      expect(call.busy).to.equal(false);
      expect(audioDirection(call), 'both on hold: no media either way').to.equal('inactive');
    }
    for (const phone of [alice, bob]) {
      expect(phone.events.types()).to.not.include('phone-call-ended');
      expect(phone.events.types()).to.not.include('phone-error');
      expect(phone.events.types().filter((type) => type === 'phone-call-held')).to.have.length(2); // by us, by them
    }
    // And both can resume: the call talks again.
    await calleeCall.resume();
    await callerCall.resume();
    await expectAudioFlowing(callerCall, 'the caller after both resumed');
    await expectAudioFlowing(calleeCall, 'the callee after both resumed');
  });

  it('a hold the carrier refuses with 488 leaves the call up and talking, with a phone-error', async function () {
    this.timeout(30_000);
    const { alice, gateway, call } = await callCarrier('reinvite-reject', { code: 488, reason: 'Not Acceptable Here' });
    const failure = await call.hold().catch((error: unknown) => error);
    await expectHoldUndone(alice, call, failure, /488 Not Acceptable Here/);
    call.hangup();
    expect(await carrierDone(gateway)).to.deep.equal(['INVITE', 'ACK', 'INVITE', 'ACK', 'BYE']);
  });

  it('a resume the carrier refuses with 488 leaves the call held, as it was, with a phone-error', async function () {
    this.timeout(30_000);
    const { alice, gateway, call } = await callCarrier('resume-reject', { code: 488, reason: 'Not Acceptable Here' });
    await call.hold();
    expect(call.heldBy).to.equal('local');
    const failure = await call.resume().catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(PhoneError);
    expect((failure as PhoneError).code).to.equal('renegotiation-failed');
    const reported = alice.events.events.filter((event) => event.type === 'phone-error').map((event) => event.detail as PhoneErrorDetail);
    expect(reported.map((detail) => detail.code)).to.deep.equal(['renegotiation-failed']);
    expect(reported[0]!.message).to.match(/488 Not Acceptable Here/);
    // Still held, as before the resume: microphone muted, our offer rolled back, sendonly.
    expect(call.state).to.equal('established');
    expect([call.heldBy, call.busy]).to.deep.equal(['local', false]);
    expect(call.localStream!.getAudioTracks().every((track) => !track.enabled), 'the microphone, muted again for the hold').to.equal(true);
    expect(call.peerConnection!.signalingState).to.equal('stable');
    expect(audioDirection(call)).to.equal('sendonly');
    await sleep(1000);
    expect(alice.events.types()).to.not.include('phone-call-ended');
    expect(alice.events.types()).to.not.include('phone-call-resumed');
    const resume = part<HTMLButtonElement>(alice, 'phone-call', 'hold-button')!;
    await waitFor(() => !resume.disabled && resume.textContent!.trim() === 'Resume', { message: 'the Resume button, enabled' });
    expect(part(alice, 'phone-call', 'state')!.textContent).to.equal('On hold');
    call.hangup();
    expect(await carrierDone(gateway)).to.deep.equal(['INVITE', 'ACK', 'INVITE', 'ACK', 'INVITE', 'ACK', 'BYE']);
  });

  it('a hold nobody answers (the proxy gives up with 408) leaves the call up and talking, with a phone-error', async function () {
    this.timeout(60_000);
    const { alice, gateway, call } = await callCarrier('reinvite-ignore');
    const asked = performance.now();
    const failure = await call.hold().catch((error: unknown) => error);
    console.log(`Unanswered re-INVITE: failed after ${Math.round(performance.now() - asked)} ms`);
    await expectHoldUndone(alice, call, failure, /408 or 481|no answer/);
    call.hangup();
    const received = await carrierDone(gateway);
    expect(received.at(-1), 'the BYE reached the carrier').to.equal('BYE');
  });
});
