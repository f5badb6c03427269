// Issue 14, the call log: real calls between <soft-phone>s through Kamailio, and the
// browser's real IndexedDB. phone-call-logged and its record, softPhone.history
// (persistence, per-account isolation, the limit, missed calls, history="off", a broken
// storage), and <phone-history> in the default layout (redial by Enter and click, arrows, axe).
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { historyDatabaseName } from '../../src/engine/call-history.js';
import type { CallEndedDetail, CallRecord, PhoneErrorDetail } from '../../src/events/phone-events.js';
import { expectNoAxeViolations } from '../helpers/fake-phone.js';
import { connect, mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { sipConfig, waitFor } from '../helpers/sip.js';

function detailsOf<D>(phone: TestPhone, type: string, callId: string): D[] {
  return phone.events.events.filter((event) => event.type === type && (event.detail as { callId?: string }).callId === callId).map((event) => event.detail as D);
}

/** The one record of `callId`, once logged; fails if it was logged twice or before its phone-call-ended. */
async function loggedRecord(phone: TestPhone, callId: string): Promise<CallRecord> {
  await waitFor(() => detailsOf(phone, 'phone-call-logged', callId).length, { message: `${phone.user}'s call ${callId} to be logged` });
  const types = phone.events.events.filter((event) => (event.detail as { callId?: string } | undefined)?.callId === callId).map((event) => event.type);
  expect(types.filter((type) => type === 'phone-call-logged'), 'logged once').to.have.length(1);
  expect(types.indexOf('phone-call-logged'), 'logged after ended').to.equal(types.indexOf('phone-call-ended') + 1);
  return detailsOf<CallRecord>(phone, 'phone-call-logged', callId)[0]!;
}

/** Incoming calls `ring` already returned: one still ringing (its CANCEL on the way) is not the next. */
const rung = new Set<string>();

/** Alice's call to Bob rings at Bob's; resolves with both ends of it. */
async function ring(caller: TestPhone, callee: TestPhone) {
  const callerCall = await caller.el.call(callee.user);
  const calleeCall = await waitFor(() => callee.el.calls.find((call) => call.state === 'incoming' && !rung.has(call.id)), { message: `${callee.user} to ring` });
  rung.add(calleeCall.id);
  return { callerCall, calleeCall };
}

const aor = (user: string) => `sip:${user}@${sipConfig().domain}`;

/** The inner element of a phone's default layout. */
function inner<K extends keyof HTMLElementTagNameMap>(phone: TestPhone, tag: K): HTMLElementTagNameMap[K] {
  return phone.el.shadowRoot!.querySelector(tag)!;
}

describe('the call log', () => {
  afterEach(unmountAll);

  it('logs each call once, after phone-call-ended: answered, missed and busy, with every field', async () => {
    const [alice, bob] = await Promise.all([mountPhone('alice'), mountPhone('bob')]);
    const before = Date.now();

    // Answered, talked, hung up by Alice.
    const { callerCall, calleeCall } = await connect(alice, bob);
    await waitFor(() => detailsOf(alice, 'phone-call-quality', callerCall.id).length, { timeout: 4000, message: 'a quality sample' });
    callerCall.hangup();
    const answered = await loggedRecord(alice, callerCall.id);
    const answeredAtBob = await loggedRecord(bob, calleeCall.id);
    const samples = detailsOf<{ mos: number; bars: number }>(alice, 'phone-call-quality', callerCall.id);
    expect(answered).to.deep.include({
      callId: callerCall.id,
      direction: 'outgoing',
      remote: callerCall.remote,
      answeredAt: callerCall.answeredAt,
      reason: 'hangup',
      by: 'local',
      recorded: false,
    });
    expect(answered.startedAt).to.be.within(before, answered.answeredAt!);
    expect(answered.endedAt).to.be.at.least(answered.answeredAt!);
    expect(answered.durationMs).to.equal(answered.endedAt - answered.answeredAt!);
    expect(answered.durationMs).to.be.above(1000); // a quality sample came, 2 s into the call
    expect(answered.quality).to.deep.equal({
      meanMos: Math.round((samples.reduce((sum, sample) => sum + sample.mos, 0) / samples.length) * 100) / 100,
      worstBars: Math.min(...samples.map((sample) => sample.bars)),
    });
    expect(answeredAtBob).to.deep.include({ direction: 'incoming', reason: 'hangup', by: 'remote', remote: calleeCall.remote });
    expect(answeredAtBob.answeredAt).to.be.a('number');

    // Missed: Alice gives up while Bob's phone rings.
    const missed = await ring(alice, bob);
    missed.callerCall.hangup();
    const missedAtBob = await loggedRecord(bob, missed.calleeCall.id);
    expect(missedAtBob).to.deep.include({ direction: 'incoming', answeredAt: null, durationMs: 0, reason: 'cancelled', by: 'remote', quality: null });
    expect((await loggedRecord(alice, missed.callerCall.id)).reason).to.equal('cancelled');

    // Busy: Bob rejects as busy; Alice's record has the SIP code.
    const busy = await ring(alice, bob);
    busy.calleeCall.reject('busy');
    const busyAtAlice = await loggedRecord(alice, busy.callerCall.id);
    const ended = detailsOf<CallEndedDetail>(alice, 'phone-call-ended', busy.callerCall.id)[0]!;
    expect(busyAtAlice).to.deep.include({ reason: 'busy', by: 'remote', code: 486, answeredAt: null, durationMs: 0 });
    expect(ended).to.deep.include({ reason: busyAtAlice.reason, by: busyAtAlice.by, code: busyAtAlice.code });
    expect(await loggedRecord(bob, busy.calleeCall.id)).to.deep.include({ direction: 'incoming', reason: 'busy', by: 'local', answeredAt: null });

    // Kept, newest first, each account its own: two accounts on one origin never see each other's calls.
    expect((await alice.el.history.list()).map((record) => record.callId)).to.deep.equal([busy.callerCall.id, missed.callerCall.id, callerCall.id]);
    expect((await bob.el.history.list()).map((record) => record.callId)).to.deep.equal([busy.calleeCall.id, missed.calleeCall.id, calleeCall.id]);
    expect(await bob.el.history.list({ limit: 1 })).to.deep.equal([await loggedRecord(bob, busy.calleeCall.id)]);
    expect((await bob.el.history.list({ before: missedAtBob.endedAt })).map((record) => record.callId)).to.deep.equal([calleeCall.id]);
    // Missed: incoming and never answered (the cancelled call and the one Bob rejected), none at Alice's.
    expect([alice.el.history.missed, bob.el.history.missed]).to.deep.equal([0, 2]);
  });

  it('survives a new phone on the same account, counts missed calls until markSeen, forgets on remove and clear', async () => {
    const [alice, bob] = await Promise.all([mountPhone('alice'), mountPhone('bob')]);
    const first = await ring(alice, bob);
    first.callerCall.hangup();
    const record = await loggedRecord(bob, first.calleeCall.id);
    expect(bob.el.history.missed).to.equal(1);
    await bob.el.history.markSeen();
    expect(bob.el.history.missed).to.equal(0);
    const second = await ring(alice, bob);
    second.callerCall.hangup();
    await loggedRecord(bob, second.calleeCall.id);
    await waitFor(() => bob.el.history.missed === 1, { message: 'one call missed since markSeen' });

    // A page reload is not possible inside web-test-runner's page: instead Bob's phone is
    // removed and a new <soft-phone> for the same account is mounted, with a new
    // controller and a new IndexedDB connection; it must read what the first one stored.
    await unmountAll();
    const again = await mountPhone('bob', { user: bob.user, register: false });
    await waitFor(() => again.el.history.missed === 1, { message: 'the missed count read back' });
    const kept = await again.el.history.list();
    expect(kept.map((entry) => entry.callId)).to.deep.equal([second.calleeCall.id, first.calleeCall.id]);
    expect(kept[1]).to.deep.equal(record);

    await again.el.history.remove(second.calleeCall.id);
    expect((await again.el.history.list()).map((entry) => entry.callId)).to.deep.equal([first.calleeCall.id]);
    expect(again.el.history.missed).to.equal(0);
    await again.el.history.clear();
    expect(await again.el.history.list()).to.deep.equal([]);
  });

  it('keeps at most history-limit calls, dropping the oldest', async () => {
    const [alice, bob] = await Promise.all([mountPhone('alice', { attributes: { 'history-limit': '3' } }), mountPhone('bob')]);
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const { callerCall, calleeCall } = await ring(alice, bob);
      callerCall.hangup();
      await loggedRecord(alice, callerCall.id);
      await loggedRecord(bob, calleeCall.id);
      ids.push(callerCall.id);
    }
    expect((await alice.el.history.list()).map((record) => record.callId)).to.deep.equal(ids.slice(1).reverse());
    expect(await bob.el.history.list()).to.have.length(4);
  });

  it('with history="off" stores nothing, and still fires phone-call-logged', async () => {
    const [alice, bob] = await Promise.all([mountPhone('alice', { attributes: { history: 'off' } }), mountPhone('bob')]);
    const { callerCall, calleeCall } = await ring(alice, bob);
    callerCall.hangup();
    expect((await loggedRecord(alice, callerCall.id)).reason).to.equal('cancelled');
    await loggedRecord(bob, calleeCall.id);
    expect(await alice.el.history.list()).to.deep.equal([]);
    expect(await bob.el.history.list()).to.have.length(1);
    const names = (await indexedDB.databases()).map((database) => database.name);
    expect(names).to.include(historyDatabaseName(aor(bob.user)));
    expect(names, 'no database for the account with history off').not.to.include(historyDatabaseName(aor(alice.user)));
  });

  it('reports a broken storage as phone-error, and calls still work', async () => {
    const original = Object.getOwnPropertyDescriptor(IDBFactory.prototype, 'open')!;
    // As in a private window that refuses IndexedDB: open() throws.
    IDBFactory.prototype.open = () => {
      throw new DOMException('IndexedDB is disabled here', 'InvalidStateError');
    };
    try {
      const [alice, bob] = await Promise.all([mountPhone('alice'), mountPhone('bob')]);
      const errors = () => alice.events.events.filter((event) => event.type === 'phone-error').map((event) => event.detail as PhoneErrorDetail);
      const { callerCall, calleeCall } = await connect(alice, bob);
      callerCall.hangup();
      expect((await loggedRecord(alice, callerCall.id)).reason).to.equal('hangup');
      await loggedRecord(bob, calleeCall.id);
      await waitFor(() => errors().length >= 2, { message: 'storage errors for the read at start and the save' });
      expect(errors().every((error) => error.code === 'storage-failed' && /IndexedDB is disabled here/.test(error.message)), JSON.stringify(errors())).to.equal(true);
      const failure = await alice.el.history.list().catch((error: unknown) => error);
      expect((failure as { code?: string }).code).to.equal('storage-failed');
      // And a second call goes through as well.
      const next = await connect(alice, bob);
      next.callerCall.hangup();
      await loggedRecord(alice, next.callerCall.id);
    } finally {
      Object.defineProperty(IDBFactory.prototype, 'open', original);
    }
  });

  it('<phone-history> in the Recent tab lists the calls, marks missed ones, and redials by Enter and click', async () => {
    const [alice, bob] = await Promise.all([mountPhone('alice'), mountPhone('bob')]);
    const missed = await ring(alice, bob);
    missed.callerCall.hangup();
    await loggedRecord(bob, missed.calleeCall.id);
    const answered = await connect(alice, bob);
    answered.callerCall.hangup();
    await loggedRecord(bob, answered.calleeCall.id);

    const tabs = [...bob.el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="view-tab"]')];
    await waitFor(() => tabs[1]!.querySelector('[part="missed-count"]')?.textContent === '1 missed', { message: 'the missed count on the Recent tab' });
    const history = inner(bob, 'phone-history');
    await waitFor(() => history.shadowRoot!.querySelectorAll('[part~="entry"]').length === 2, { message: 'two entries' });
    expect(history.shadowRoot!.querySelector('[part="missed-badge"]')!.textContent).to.equal('1 missed');

    // The tabs: one Tab stop, arrows move; Recent on screen marks the missed calls seen.
    tabs[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await waitFor(() => tabs[1]!.getAttribute('aria-selected') === 'true', { message: 'Recent selected' });
    expect(inner(bob, 'phone-dialer').closest('[role="tabpanel"]')!.hasAttribute('hidden')).to.equal(true);
    await waitFor(() => bob.el.history.missed === 0 && !history.shadowRoot!.querySelector('[part="missed-badge"]'), { message: 'missed calls seen' });

    const entries = [...history.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="entry"]')];
    expect(entries.map((entry) => entry.dataset.call)).to.deep.equal([answered.calleeCall.id, missed.calleeCall.id]);
    expect(entries.map((entry) => entry.part.contains('missed'))).to.deep.equal([false, true]);
    expect(entries.map((entry) => entry.querySelector('[part="direction"]')!.textContent!.trim())).to.deep.equal(['↙ Incoming', '↙ Missed']);
    expect(entries[1]!.textContent!.replace(/\s+/g, ' ').trim()).to.match(new RegExp(`^Call back ${alice.user} ↙ Missed \\d`));
    expect(entries[0]!.querySelector('[part="name"]')!.textContent).to.equal(alice.user);
    expect(entries[0]!.querySelector('[part="duration"]')!.textContent).to.match(/^0:0\d$/);
    expect(entries.map((entry) => entry.tabIndex)).to.deep.equal([0, -1]);
    await expectNoAxeViolations(history);
    await expectNoAxeViolations(bob.el);
    // Dark too (contrast of the missed color and the badge), then back to light.
    bob.el.theme = 'dark';
    await bob.el.updateComplete;
    await expectNoAxeViolations(bob.el);
    bob.el.theme = 'light';

    // Arrows move the one Tab stop; Enter on the entry calls Alice back.
    entries[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await waitFor(() => history.shadowRoot!.activeElement === entries[1], { message: 'ArrowDown to the second entry' });
    expect(entries.map((entry) => entry.tabIndex)).to.deep.equal([-1, 0]);
    await sendKeys({ press: 'Enter' });
    const byEnter = await waitFor(() => alice.el.calls.find((call) => call.state === 'incoming'), { message: 'Alice to ring after Enter' });
    expect(byEnter.remote.user).to.equal(bob.user);
    byEnter.reject();
    await waitFor(() => bob.el.calls.length === 0, { message: 'the redial to end' });

    // The redial's call view may have taken the focus: come back to the list, on the entry last used.
    entries[1]!.focus();
    await sendKeys({ press: 'ArrowUp' });
    await waitFor(() => history.shadowRoot!.activeElement === entries[0], { message: 'ArrowUp to the first entry' });
    entries[0]!.click();
    const byClick = await waitFor(() => alice.el.calls.find((call) => call.state === 'incoming'), { message: 'Alice to ring after a click' });
    expect(byClick.remote.user).to.equal(bob.user);
    byClick.reject();
  });
});
