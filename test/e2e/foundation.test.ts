// Issue 2's scenarios, end to end: real <soft-phone>s, real Kamailio, real browser
// media. Each asserts the exact sequence of events the host page sees.
import { expect } from '@esm-bundle/chai';
import type { CallEndedDetail, CallIncomingDetail, PhoneErrorDetail, CallTryingDetail } from '../../src/events/phone-events.js';
import { callEventTypes, control, dial, expectAudioFlowing, mountPhone, part, unmountAll, type TestPhone } from '../helpers/phones.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';

// Every call ends with phone-call-ended, then its record: phone-call-logged.
const OUTGOING_TALK = ['phone-call-trying', 'phone-call-ringing', 'phone-call-answered', 'phone-call-established'];
const INCOMING_TALK = ['phone-call-incoming', 'phone-call-answered', 'phone-call-established'];

/** Alice dials Bob from the dialer; resolves once Bob's phone rings. */
async function ring(alice: TestPhone, bob: TestPhone) {
  await dial(alice, bob.user);
  const trying = await alice.events.waitFor<CallTryingDetail>('phone-call-trying');
  const incoming = await bob.events.waitFor<CallIncomingDetail>('phone-call-incoming');
  await alice.events.waitFor('phone-call-ringing');
  return { aliceCallId: trying.detail.callId, bobCallId: incoming.detail.callId };
}

/** Both sides answered and media connected, with RTP seen flowing both ways. */
async function talk(alice: TestPhone, bob: TestPhone) {
  const ids = await ring(alice, bob);
  (await control<HTMLButtonElement>(bob, 'phone-incoming', 'answer-button')).click();
  await alice.events.waitFor('phone-call-established');
  await bob.events.waitFor('phone-call-established');
  for (const phone of [alice, bob]) await expectAudioFlowing(phone.el.calls[0]!, phone.user);
  return ids;
}

async function ended(phone: TestPhone): Promise<CallEndedDetail> {
  return (await phone.events.waitFor<CallEndedDetail>('phone-call-ended')).detail;
}

describe('foundation: a softphone on a real SIP server', () => {
  afterEach(unmountAll);

  it('connects and registers', async () => {
    const alice = await mountPhone('alice');
    expect(alice.events.types()).to.deep.equal(['phone-tab-role', 'phone-connecting', 'phone-connected', 'phone-registered']);
    expect(alice.el.registered).to.equal(true);
    expect(alice.events.events[0]!.detail, 'alone with its account, this tab leads').to.deep.equal({ role: 'leader' });
    expect(alice.events.events[1]!.detail).to.deep.equal({ server: sipConfig().wsUrl.replace(/\/?$/, '/'), attempt: 1 });
  });

  it('reports a wrong password as registration-failed 401', async () => {
    const alice = await mountPhone('alice', { password: 'wrong-password', register: false });
    const failed = await alice.events.waitFor<{ code: number; cause: string }>('phone-registration-failed');
    expect(failed.detail.code).to.equal(401);
    expect(alice.events.types()).to.deep.equal(['phone-tab-role', 'phone-connecting', 'phone-connected', 'phone-registration-failed']);
    expect(alice.el.registered).to.equal(false);
  });

  it('calls from the dialer, answers by click, carries RTP both ways; the caller hangs up', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { aliceCallId, bobCallId } = await talk(alice, bob);
    (await control<HTMLButtonElement>(alice, 'phone-call', 'hangup-button')).click();
    expect(await ended(alice)).to.deep.equal({ callId: aliceCallId, reason: 'hangup', by: 'local', cause: 'Terminated' });
    expect(await ended(bob)).to.include({ callId: bobCallId, reason: 'hangup', by: 'remote' });
    expect(callEventTypes(alice, aliceCallId)).to.deep.equal([...OUTGOING_TALK, 'phone-call-ended', 'phone-call-logged']);
    expect(callEventTypes(bob, bobCallId)).to.deep.equal([...INCOMING_TALK, 'phone-call-ended', 'phone-call-logged']);
    expect(alice.el.calls).to.have.length(0);
    expect(bob.el.calls).to.have.length(0);
  });

  it('lets the callee hang up', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { aliceCallId, bobCallId } = await talk(alice, bob);
    (await control<HTMLButtonElement>(bob, 'phone-call', 'hangup-button')).click();
    expect(await ended(bob)).to.include({ callId: bobCallId, reason: 'hangup', by: 'local' });
    expect(await ended(alice)).to.include({ callId: aliceCallId, reason: 'hangup', by: 'remote' });
    expect(callEventTypes(alice, aliceCallId)).to.deep.equal([...OUTGOING_TALK, 'phone-call-ended', 'phone-call-logged']);
  });

  it('reports a declined call as rejected (603)', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { aliceCallId, bobCallId } = await ring(alice, bob);
    (await control<HTMLButtonElement>(bob, 'phone-incoming', 'decline-button')).click();
    expect(await ended(alice)).to.include({ callId: aliceCallId, reason: 'rejected', by: 'remote', code: 603 });
    expect(await ended(bob)).to.include({ callId: bobCallId, reason: 'rejected', by: 'local', code: 603 });
    expect(callEventTypes(alice, aliceCallId)).to.deep.equal(['phone-call-trying', 'phone-call-ringing', 'phone-call-ended', 'phone-call-logged']);
    expect(callEventTypes(bob, bobCallId)).to.deep.equal(['phone-call-incoming', 'phone-call-ended', 'phone-call-logged']);
  });

  it("reports reject('busy') as busy (486)", async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { aliceCallId, bobCallId } = await ring(alice, bob);
    bob.el.getCall(bobCallId)!.reject('busy');
    expect(await ended(alice)).to.include({ callId: aliceCallId, reason: 'busy', by: 'remote', code: 486 });
    expect(await ended(bob)).to.include({ reason: 'busy', by: 'local', code: 486 });
  });

  it('cancels a ringing call: cancelled on both sides', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { aliceCallId, bobCallId } = await ring(alice, bob);
    (await control<HTMLButtonElement>(alice, 'phone-call', 'hangup-button')).click();
    expect(await ended(alice)).to.deep.equal({ callId: aliceCallId, reason: 'cancelled', by: 'local', cause: 'Canceled' });
    expect(await ended(bob)).to.include({ callId: bobCallId, reason: 'cancelled', by: 'remote' });
    await waitFor(() => !part(bob, 'phone-incoming', 'answer-button'), { message: 'the incoming card to go' });
  });

  it('reports an unknown user as failed with code 404', async () => {
    const alice = await mountPhone('alice');
    await dial(alice, uniqueUser('nobody'));
    const detail = await ended(alice);
    expect(detail).to.include({ reason: 'failed', by: 'remote', code: 404 });
    expect(callEventTypes(alice, detail.callId)).to.deep.equal(['phone-call-trying', 'phone-call-ended', 'phone-call-logged']);
  });

  it('refuses bad targets with phone-error and sends nothing', async () => {
    const alice = await mountPhone('alice');
    const bad = ['', 'a'.repeat(257), 'bob<x>', '"bob"', 'sip:bob@example.test;transport=tcp', 'bob?Subject=x', 'bob\r\nX: y', 'sip:bob smith@example.test'];
    for (const target of bad) {
      let rejection: unknown;
      await alice.el.call(target).catch((error: unknown) => (rejection = error));
      expect(rejection, JSON.stringify(target)).to.have.property('code', 'invalid-target');
    }
    const errors = alice.events.events.filter((event) => event.type === 'phone-error');
    expect(errors.map((event) => (event.detail as PhoneErrorDetail).code)).to.deep.equal(bad.map(() => 'invalid-target'));
    expect(alice.events.types().filter((type) => type.startsWith('phone-call-'))).to.deep.equal([]);
    expect(alice.el.calls).to.have.length(0);
    // The dialer shows the refusal too.
    await dial(alice, 'bob<x>');
    expect((await control(alice, 'phone-dialer', 'error')).textContent).to.match(/cannot be dialled/);
  });

  it("shows a caller's display name with markup as text", async () => {
    delete (window as { __pwned?: unknown }).__pwned;
    const name = '<img src=x onerror="window.__pwned=1"><b>Mallory</b>';
    const mallory = await mountPhone('mallory', { displayName: name });
    const bob = await mountPhone('bob');
    await dial(mallory, bob.user);
    const incoming = await bob.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    expect(incoming.detail.remote.displayName).to.equal(name);
    const shown = await control(bob, 'phone-incoming', 'caller-name');
    expect(shown.textContent!.trim()).to.equal(name);
    expect(shown.querySelector('img, b')).to.equal(null);
    expect((window as { __pwned?: unknown }).__pwned).to.equal(undefined);
    // Every detail is plain data: it survives structured cloning (postMessage).
    bob.events.events.forEach((event) => expect(() => structuredClone(event.detail)).not.to.throw());
  });
});
