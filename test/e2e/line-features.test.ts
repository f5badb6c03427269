// Issue 16, the agent's line (part A): do not disturb, forwarding a ringing call (302)
// and following a 302, auto-answer and intercom, call-pop headers, caller ID, and close
// protection, and the bridge's commands for them. Real calls through Kamailio between
// <soft-phone>s, with sipp as a paging system and as a moved number on the phone network,
// a far Chromium's page closed mid-call, and dist/embed.html (needs `npm run build`).
import { expect } from '@esm-bundle/chai';
import { BridgeError, mountPhone as mountFrame } from '../../src/embed/host.js';
import { PHONE_EVENT_NAMES, type CallEndedDetail, type CallIncomingDetail, type CallRecord, type DndDetail, type PhoneErrorDetail } from '../../src/events/phone-events.js';
import { recordEvents } from '../helpers/events.js';
import { expectNoAxeViolations } from '../helpers/fake-phone.js';
import { control, dial, mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { audioFlowsBothWays, sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';
import { closeFarPage, FarPhone, openToneBrowser, resetToneBrowser } from '../interop/far-browser.js';
import { startGateway, startSippCall, stopFarEnds } from '../interop/far-ends.js';

/** The far page closed mid-call is a Chromium of its own (a tone browser): any tone, one not used elsewhere. */
const CLOSE_TONE = 1234;

const aor = (user: string) => `sip:${user}@${sipConfig().domain}`;

function detailsOf<D>(phone: TestPhone, type: string, callId?: string): D[] {
  return phone.events.events
    .filter((event) => event.type === type && (callId === undefined || (event.detail as { callId?: string }).callId === callId))
    .map((event) => event.detail as D);
}

async function logged(phone: TestPhone, callId: string): Promise<CallRecord> {
  return waitFor(() => detailsOf<CallRecord>(phone, 'phone-call-logged', callId)[0], { message: `${phone.user}'s call to be logged` });
}

describe('the line: DND, forwarding, auto-answer, intercom, call pop, caller ID, close protection', () => {
  const frames: Array<{ destroy(): void }> = [];
  afterEach(async () => {
    frames.splice(0).forEach((frame) => frame.destroy());
    await unmountAll();
    await stopFarEnds();
  });

  it('do not disturb refuses without ringing and logs it; the toggle turns it off; a ringing call forwarded with 302 is followed by the caller', async () => {
    const [alice, bob, carol] = await Promise.all([
      mountPhone('alice'),
      mountPhone('bob', { attributes: { dnd: '', 'dnd-response': '480' } }),
      mountPhone('carol'),
    ]);
    const toggle = await control<HTMLButtonElement>(bob, 'phone-dialer', 'dnd-button');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(toggle.textContent?.trim(), 'accessible name').to.equal('Do not disturb');

    const refused = await alice.el.call(bob.user);
    const atAlice = (await alice.events.waitFor<CallEndedDetail>('phone-call-ended')).detail;
    expect(atAlice).to.include({ callId: refused.id, code: 480, by: 'remote' });
    const record = await waitFor(() => detailsOf<CallRecord>(bob, 'phone-call-logged')[0], { message: "bob's refused call logged" });
    expect(record).to.include({ direction: 'incoming', reason: 'rejected', dnd: true, answeredAt: null, code: 480 });
    expect(record.remote.user).to.equal(alice.user);
    expect(detailsOf(bob, 'phone-call-incoming'), 'no ringing under DND').to.have.length(0);

    // The first told of DND as configured; the second of the click.
    expect((await bob.events.waitFor<DndDetail>('phone-dnd')).detail).to.deep.equal({ on: true });
    toggle.click();
    expect((await bob.events.waitFor<DndDetail>('phone-dnd')).detail).to.deep.equal({ on: false });
    await bob.el.updateComplete;
    expect(bob.el.dnd, 'the property follows the toggle').to.equal(false);
    await waitFor(() => toggle.getAttribute('aria-pressed') === 'false', { message: 'the toggle released' });
    await expectNoAxeViolations(bob.el.shadowRoot!.querySelector('phone-dialer')!);

    // Now it rings; Bob forwards it to Carol, and Alice's same call rings there.
    const forwarded = await alice.el.call(bob.user);
    const ringing = await waitFor(() => bob.el.calls.find((call) => call.state === 'incoming'), { message: 'bob to ring' });
    expect(ringing.can('forward')).to.equal(true);
    ringing.forward(carol.user);
    const atCarol = await waitFor(() => carol.el.calls.find((call) => call.state === 'incoming'), { message: 'carol to ring' });
    expect(atCarol.remote.user).to.equal(alice.user);
    expect(ringing.can('forward'), 'nothing left to forward').to.equal(false);
    const bobRecord = await logged(bob, ringing.id);
    expect(bobRecord).to.include({ reason: 'transferred', transferredTo: aor(carol.user), code: 302 });
    await atCarol.answer();
    await waitFor(() => forwarded.state === 'established', { message: "alice's forwarded call established" });
    await audioFlowsBothWays(forwarded.peerConnection!, { message: 'alice and carol talk' });
    expect(alice.el.calls.map((call) => call.id), 'one call, followed').to.deep.equal([forwarded.id]);
    expect(detailsOf(alice, 'phone-call-ended', forwarded.id)).to.have.length(0);
    forwarded.hangup();
    await carol.events.waitFor('phone-call-ended');
  });

  it('auto-answers after a tone, calls as a chosen caller ID, and hands over the call-pop headers; bad caller-ids is a clear error', async () => {
    const sales = { uri: aor('sales'), name: 'Sales' };
    const [alice, bob] = await Promise.all([
      mountPhone('alice', { attributes: { 'caller-ids': JSON.stringify([sales]) } }),
      mountPhone('bob', { attributes: { 'auto-answer': '0', 'expose-headers': 'X-* P-Preferred-Identity' } }),
    ]);
    const chooser = await control<HTMLSelectElement>(alice, 'phone-dialer', 'caller-id-select');
    chooser.value = '0';
    chooser.dispatchEvent(new Event('change'));
    await dial(alice, bob.user);
    const incoming = (await bob.events.waitFor<CallIncomingDetail>('phone-call-incoming')).detail;
    expect(incoming.autoAnswer).to.equal(0);
    expect(incoming.to).to.equal(aor(bob.user));
    expect(incoming.remote.displayName, 'the chosen display name').to.equal('Sales');
    expect(incoming.headers['P-Preferred-Identity'], 'the chosen identity').to.include(`<${sales.uri}>`);
    expect(Object.keys(incoming.headers).every((name) => /^(X-.*|P-Preferred-Identity)$/i.test(name)), Object.keys(incoming.headers).join()).to.equal(true);
    const call = bob.el.getCall(incoming.callId)!;
    await waitFor(() => call.state === 'established', { message: 'answered by itself' });
    await audioFlowsBothWays(call.peerConnection!);
    call.hangup();
    await alice.events.waitFor('phone-call-ended');

    const carol = await mountPhone('carol', { register: false, attributes: { 'caller-ids': '[{"uri": oops' } });
    const error = (await carol.events.waitFor<PhoneErrorDetail>('phone-error')).detail;
    expect(error.code).to.equal('invalid-config');
    expect(error.message).to.include('caller-ids');
  });

  it('honours a paging call (Call-Info answer-after) only with allow-intercom; P-Asserted-Identity names the caller with trust-identity', async () => {
    const [bob, dave] = await Promise.all([
      mountPhone('bob', { attributes: { 'allow-intercom': '', 'trust-identity': '' } }),
      mountPhone('dave'),
    ]);
    const paging = await startSippCall('intercom', bob.user, { answer_after: 0 });
    const incoming = (await bob.events.waitFor<CallIncomingDetail>('phone-call-incoming', { timeout: 10_000 })).detail;
    expect(incoming.autoAnswer).to.equal(0);
    expect(incoming.remote).to.include({ user: 'frontdesk', displayName: 'Front Desk' });
    expect(incoming.headers['X-Ticket'], 'the tab stripped').to.equal('T-42urgent');
    expect(incoming.headers['Diversion']).to.include('reception');
    expect(incoming.headers['Call-Info']).to.include('answer-after=0');
    expect(incoming.headers['P-Asserted-Identity']).to.include('frontdesk');
    const result = await paging.finish(10_000);
    expect(result.status, `sipp: the paging call was answered by itself\n${result.errors}`).to.equal(0);
    expect((await bob.events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ reason: 'hangup', by: 'remote' });

    // Without allow-intercom the same call rings, its caller as From names it, until someone answers.
    const ringing = await startSippCall('intercom', dave.user, { answer_after: 0 });
    const atDave = (await dave.events.waitFor<CallIncomingDetail>('phone-call-incoming', { timeout: 10_000 })).detail;
    expect(atDave.autoAnswer).to.equal(null);
    expect(atDave.remote.user).to.equal('paging');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(dave.el.getCall(atDave.callId)!.state, 'still ringing').to.equal('incoming');
    await dave.el.getCall(atDave.callId)!.answer();
    expect((await ringing.finish(10_000)).status).to.equal(0);
  });

  it('follows a 302 from the phone network to its Contact, as the same call', async () => {
    const carol = await mountPhone('carol');
    const [alice, gateway] = await Promise.all([mountPhone('alice'), startGateway('redirect', { keys: { target: aor(carol.user) } })]);
    const call = await alice.el.call('+14155550302');
    const atCarol = await waitFor(() => carol.el.calls.find((candidate) => candidate.state === 'incoming'), { timeout: 10_000, message: 'carol to ring' });
    expect((await gateway.finish()).status, 'sipp got its ACK').to.equal(0);
    await atCarol.answer();
    await waitFor(() => call.state === 'established', { message: 'the redirected call established' });
    expect(alice.el.calls.map((candidate) => candidate.id)).to.deep.equal([call.id]);
    call.hangup();
    await carol.events.waitFor('phone-call-ended');
  });

  it('asks before unloading only during a call; pagehide hangs up at once, and so does closing a far page', async function () {
    this.timeout(60_000);
    await openToneBrowser(CLOSE_TONE);
    try {
      const [alice, bob, carol] = await Promise.all([mountPhone('alice'), FarPhone.mount('bob', {}, CLOSE_TONE), FarPhone.mount('carol', {}, CLOSE_TONE)]);
      const unload = () => {
        const event = new Event('beforeunload', { cancelable: true });
        window.dispatchEvent(event);
        return event.defaultPrevented;
      };
      expect(unload(), 'no call: no question').to.equal(false);
      const call = await alice.el.call(bob.user);
      const bobCallId = await bob.answer();
      await waitFor(() => call.state === 'established', { timeout: 10_000, message: 'alice and the far bob talk' });
      expect(unload(), 'a call is up: the browser asks').to.equal(true);

      // This page goes (as the browser tells it): the far phone hears the BYE at once, and we unregister.
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      const hidAt = performance.now();
      await bob.waitForEvent<CallEndedDetail>('phone-call-ended', { callId: bobCallId, reason: 'hangup', by: 'remote' }, 3000);
      expect(performance.now() - hidAt, 'the BYE came at once').to.be.below(2000);
      await alice.events.waitFor('phone-unregistered');
      expect(unload(), 'the call is over').to.equal(false);

      // A page restored from the back-forward cache connects again; then a far page closed mid-call.
      window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
      await alice.events.waitFor('phone-registered'); // the next one: mountPhone took the first
      const second = await alice.el.call(carol.user);
      await carol.answer();
      await waitFor(() => second.state === 'established', { timeout: 10_000, message: 'alice and the far carol talk' });
      await closeFarPage({ tone: CLOSE_TONE });
      const closedAt = performance.now();
      await waitFor(() => second.state === 'ended', { timeout: 3000, message: "alice hears the closed page's BYE" });
      expect(performance.now() - closedAt, 'at once').to.be.below(2000);
      expect(second.ended).to.include({ reason: 'hangup', by: 'remote' });
    } finally {
      await resetToneBrowser(CLOSE_TONE);
    }
  });

  it('switches DND and auto-answer and forwards a ringing call over the iframe bridge (dist/embed.html, another origin)', async () => {
    const [caller, carol] = await Promise.all([mountPhone('caller'), mountPhone('carol')]);
    const origin = `${location.protocol}//${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;
    const frame = mountFrame(document.body, { src: `${origin}/dist/embed.html`, origin });
    frames.push(frame);
    const events = recordEvents(frame, PHONE_EVENT_NAMES);
    const { wsUrl, domain, password } = sipConfig();
    const user = uniqueUser('frame');
    await frame.configure({ server: wsUrl, uri: `sip:${user}@${domain}`, password });
    await events.waitFor('phone-registered');

    await frame.setDnd(true);
    expect((await events.waitFor<DndDetail>('phone-dnd')).detail).to.deep.equal({ on: true });
    const refused = await caller.el.call(user);
    expect((await caller.events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ callId: refused.id, code: 486, reason: 'busy' });
    expect((await events.waitFor<CallRecord>('phone-call-logged')).detail).to.include({ reason: 'rejected', dnd: true });

    await frame.setDnd(false);
    await frame.setAutoAnswer(0);
    const answered = await caller.el.call(user);
    expect((await events.waitFor<CallIncomingDetail>('phone-call-incoming')).detail.autoAnswer).to.equal(0);
    await waitFor(() => answered.state === 'established', { message: 'answered by itself in the frame' });
    answered.hangup();
    await events.waitFor('phone-call-ended');

    await frame.setAutoAnswer(null);
    const bad = await frame.setAutoAnswer(-5 as never).catch((error: unknown) => error);
    expect(bad).to.be.instanceOf(BridgeError).and.include({ code: 'bad-request' });
    const moved = await caller.el.call(user);
    expect((await events.waitFor<CallIncomingDetail>('phone-call-incoming')).detail.autoAnswer).to.equal(null);
    await frame.forward(carol.user);
    const atCarol = await waitFor(() => carol.el.calls.find((call) => call.state === 'incoming'), { message: 'carol to ring' });
    expect(atCarol.remote.user).to.equal(caller.user);
    expect(caller.el.calls.map((call) => call.id)).to.deep.equal([moved.id]);
    moved.hangup();
    await carol.events.waitFor('phone-call-ended');
  });
});
