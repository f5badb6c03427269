// Issue 16, busy lamps and voicemail, against Kamailio's own presence modules
// (kamailio.cfg with WITH_PRESENCE): real calls through it change the lamps
// (pua_dialoginfo publishes each call's dialog state, presence notifies the
// watchers), and a voicemail server (sipp) PUBLISHes a message summary that
// reaches the phone as a NOTIFY (presence_mwi).
import { expect } from '@esm-bundle/chai';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { CallTryingDetail, PresenceDetail, PresenceState, VoicemailDetail } from '../../src/events/phone-events.js';
import { kamailioWithPresence } from '../helpers/network.js';
import { expectNoAxeViolations } from '../helpers/fake-phone.js';
import { connect, control, mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';

/** The states `watcher` has seen for `user`, in order, without repeats. */
function lampsOf(watcher: TestPhone, user: string): PresenceState[] {
  return watcher.events.events
    .filter((event) => event.type === 'phone-presence' && (event.detail as PresenceDetail).user === user)
    .map((event) => (event.detail as PresenceDetail).state);
}

async function lampBecomes(watcher: TestPhone, user: string, state: PresenceState): Promise<void> {
  await waitFor(() => lampsOf(watcher, user).at(-1) === state, { timeout: 8000, message: `${user}'s lamp to show ${state}` }).catch((error: Error) => {
    throw new Error(`${error.message} (seen: ${lampsOf(watcher, user).join(', ') || 'nothing'})`);
  });
}

describe('presence lamps and voicemail through Kamailio presence', () => {
  let server: string;
  before(async () => {
    server = await kamailioWithPresence.start();
  });
  afterEach(async () => {
    await unmountAll();
    await kamailioWithPresence.start(); // after the restart test, whatever happened
  });

  it('shows a watched user ringing, busy and idle through a real call; an unregistered one as Kamailio reports it; unwatch ends the subscription', async () => {
    const attributes = { server };
    const [alice, bob, carol] = await Promise.all([mountPhone('alice', { attributes }), mountPhone('bob', { attributes }), mountPhone('carol', { attributes })]);
    const ghost = uniqueUser('ghost');
    expect(alice.el.watch([bob.user, ghost, bob.user])).to.deep.equal([`sip:${bob.user}@${sipConfig().domain}`, `sip:${ghost}@${sipConfig().domain}`]);
    await lampBecomes(alice, bob.user, 'idle');
    // Kamailio knows no dialogs of a user nobody registered as, exactly as of an idle one:
    // the dialog package cannot tell them apart (RFC 4235 §3.7.1).
    await lampBecomes(alice, ghost, 'idle');
    expect(lampsOf(alice, bob.user)).to.deep.equal(['unknown', 'idle']);

    const call = await carol.el.call(bob.user);
    const ringing = await waitFor(() => bob.el.calls.find((each) => each.state === 'incoming'), { message: 'bob to ring' });
    await lampBecomes(alice, bob.user, 'ringing');
    await ringing.answer();
    await lampBecomes(alice, bob.user, 'busy');
    call.hangup();
    await lampBecomes(alice, bob.user, 'idle');
    expect(lampsOf(alice, bob.user)).to.deep.equal(['unknown', 'idle', 'ringing', 'busy', 'idle']);
    expect(alice.el.presence.map(({ user, state }) => [user, state])).to.deep.equal([[bob.user, 'idle'], [ghost, 'idle']]);

    // The transfer popover offers the watched users, with their lamps, as targets.
    const { callerCall } = await connect(alice, carol);
    (await control<HTMLButtonElement>(alice, 'phone-call', 'transfer-button')).click();
    const input = await control<HTMLInputElement>(alice, 'phone-call', 'transfer-input');
    const options = [...(input.list?.options ?? [])].map((option) => [option.value, option.label]);
    expect(options).to.deep.equal([[bob.user, `${bob.user} — Available`], [ghost, `${ghost} — Available`]]);
    callerCall.hangup();

    alice.el.unwatch(bob.user);
    await waitFor(async () => (await kamailioWithPresence.log(`SUBSCRIBE dialog to sip:${bob.user}@`)).some((line) => line.endsWith('expires 0')), {
      message: "alice's unsubscribe from bob's lamp (Expires: 0) to reach the server",
    });
    expect(alice.el.presence.map(({ user }) => user)).to.deep.equal([ghost]);
    // A phone that stops ends its subscriptions too.
    await unmountAll();
    await waitFor(async () => (await kamailioWithPresence.log(`SUBSCRIBE dialog to sip:${ghost}@`)).some((line) => line.endsWith('expires 0')), {
      message: "the removed phone's unsubscribe from the ghost's lamp",
    });
  });

  it('subscribes afresh after the presence server restarts: the lamp follows calls again', async () => {
    const attributes = { server };
    const [alice, bob] = await Promise.all([mountPhone('alice', { attributes }), mountPhone('bob', { attributes })]);
    alice.el.watch(bob.user);
    await lampBecomes(alice, bob.user, 'idle');
    // The server forgets every subscription and registration; the phones reconnect and register again.
    await kamailioWithPresence.stop();
    await kamailioWithPresence.start();
    // The second registration of each (mountPhone waited for the first).
    await Promise.all([alice.events.waitFor('phone-registered', { timeout: 15_000 }), bob.events.waitFor('phone-registered', { timeout: 15_000 })]);
    const call = await alice.el.call(bob.user);
    await lampBecomes(alice, bob.user, 'ringing');
    call.hangup();
    await lampBecomes(alice, bob.user, 'idle');
  });

  it('<phone-contacts> shows the lamps in words, is one Tab stop with arrow keys, and Enter calls the contact', async () => {
    const attributes = { server };
    const [alice, bob] = await Promise.all([mountPhone('alice', { attributes }), mountPhone('bob', { attributes })]);
    const ghost = uniqueUser('ghost');
    const contacts = document.createElement('phone-contacts');
    contacts.users = `${bob.user}, ${ghost}, ${bob.user}`;
    alice.el.append(contacts);
    const entries = () => [...contacts.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part~="contact"]')];
    const lamps = () => entries().map((entry) => [entry.querySelector('[part="name"]')!.textContent, entry.querySelector('[part="lamp"]')!.textContent]);
    await waitFor(() => lamps().length === 2 && lamps().every(([, lamp]) => lamp === 'Available'), { message: "both lamps to show Available" });
    expect(lamps()).to.deep.equal([[bob.user, 'Available'], [ghost, 'Available']]);
    expect(entries().map((entry) => entry.tabIndex)).to.deep.equal([0, -1]);
    await expectNoAxeViolations(contacts);

    entries()[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await contacts.updateComplete;
    expect(contacts.shadowRoot!.activeElement?.getAttribute('data-user')).to.equal(ghost);
    expect(entries().map((entry) => entry.tabIndex)).to.deep.equal([-1, 0]);
    await sendKeys({ press: 'ArrowUp' });
    await contacts.updateComplete;
    await sendKeys({ press: 'Enter' });
    const ringing = await waitFor(() => bob.el.calls.find((each) => each.state === 'incoming'), { message: 'bob to ring from the contact list' });
    await waitFor(() => lamps()[0]![1] === 'Ringing', { message: "bob's lamp to show Ringing" });
    await ringing.answer();
    await waitFor(() => lamps()[0]![1] === 'Busy', { message: "bob's lamp to show Busy" });
    expect(entries()[0]!.getAttribute('part')).to.equal('contact busy');
    await expectNoAxeViolations(contacts);

    // Dropped from the list: unwatched.
    contacts.users = ghost;
    await waitFor(async () => (await kamailioWithPresence.log(`SUBSCRIBE dialog to sip:${bob.user}@`)).some((line) => line.endsWith('expires 0')), {
      message: "the contact list's unsubscribe from bob's lamp",
    });
    expect(alice.el.presence.map(({ user }) => user)).to.deep.equal([ghost]);
  });

  it('hears the voicemail server: messages waiting with their counts, then none', async () => {
    const alice = await mountPhone('alice', { attributes: { server, 'voicemail-uri': '*97' } });
    const button = await control<HTMLButtonElement>(alice, 'phone-dialer', 'voicemail-button');
    expect(button.textContent!.trim()).to.equal('Voicemail');
    // The phone subscribes to its own mailbox once registered.
    await waitFor(async () => (await kamailioWithPresence.log(`SUBSCRIBE message-summary to sip:${alice.user}@`)).length, { message: 'the mailbox subscription' });
    await executeServerCommand('voicemail-publish', { mailbox: alice.user, waiting: true, newMessages: 2, oldMessages: 8 });
    const first = await alice.events.waitFor<VoicemailDetail>('phone-voicemail', { timeout: 8000 });
    expect(first.detail).to.deep.equal({ waiting: true, newMessages: 2, oldMessages: 8 });
    await waitFor(() => button.textContent!.replace(/\s+/g, ' ').trim() === 'Voicemail 2 new', { message: 'the badge "2 new"' });
    await expectNoAxeViolations(alice.el.shadowRoot!.querySelector('phone-dialer')!);
    // The button calls voicemail-uri, as the dialer would.
    button.click();
    const trying = await alice.events.waitFor<CallTryingDetail>('phone-call-trying');
    expect(trying.detail.remote.uri).to.equal(`sip:*97@${sipConfig().domain}`);
    alice.el.getCall(trying.detail.callId)!.hangup();
    await executeServerCommand('voicemail-publish', { mailbox: alice.user, waiting: false, newMessages: 0, oldMessages: 10 });
    const second = await alice.events.waitFor<VoicemailDetail>('phone-voicemail', { timeout: 8000 });
    expect(second.detail).to.deep.equal({ waiting: false, newMessages: 0, oldMessages: 10 });
    expect(alice.el.voicemail).to.deep.equal(second.detail);
    await waitFor(() => button.textContent!.trim() === 'Voicemail', { message: 'the badge to go' });
  });
});
