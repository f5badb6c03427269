// Issue 16, busy lamps and voicemail, against Kamailio's own presence modules
// (kamailio.cfg with WITH_PRESENCE): real calls through it change the lamps
// (pua_dialoginfo publishes each call's dialog state, presence notifies the
// watchers), and a voicemail server (sipp) PUBLISHes a message summary that
// reaches the phone as a NOTIFY (presence_mwi).
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { PresenceDetail, PresenceState, VoicemailDetail } from '../../src/events/phone-events.js';
import { kamailioWithPresence } from '../helpers/network.js';
import { mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';

/** The states `watcher` has seen for `user`, in order, without repeats. */
function lampsOf(watcher: TestPhone, user: string): PresenceState[] {
  return watcher.events.events
    .filter((event) => event.type === 'phone-presence' && (event.detail as PresenceDetail).user === user)
    .map((event) => (event.detail as PresenceDetail).state);
}

async function lampBecomes(watcher: TestPhone, user: string, state: PresenceState): Promise<void> {
  await waitFor(() => lampsOf(watcher, user).at(-1) === state, { timeout: 8000, message: `${user}'s lamp to show ${state} (seen: ${lampsOf(watcher, user).join(', ')})` });
}

describe('presence lamps and voicemail through Kamailio presence', () => {
  let server: string;
  before(async () => {
    server = await kamailioWithPresence.start();
  });
  afterEach(unmountAll);

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

    alice.el.unwatch(bob.user);
    await waitFor(async () => (await kamailioWithPresence.log(`SUBSCRIBE dialog to sip:${bob.user}@`)).some((line) => line.endsWith('expires 0')), {
      message: "alice's unsubscribe from bob's lamp (Expires: 0) to reach the server",
    });
    expect(alice.el.presence.map(({ user }) => user)).to.deep.equal([ghost]);
  });

  it('hears the voicemail server: messages waiting with their counts, then none', async () => {
    const alice = await mountPhone('alice', { attributes: { server } });
    // The phone subscribes to its own mailbox once registered.
    await waitFor(async () => (await kamailioWithPresence.log(`SUBSCRIBE message-summary to sip:${alice.user}@`)).length, { message: 'the mailbox subscription' });
    await executeServerCommand('voicemail-publish', { mailbox: alice.user, waiting: true, newMessages: 2, oldMessages: 8 });
    const first = await alice.events.waitFor<VoicemailDetail>('phone-voicemail', { timeout: 8000 });
    expect(first.detail).to.deep.equal({ waiting: true, newMessages: 2, oldMessages: 8 });
    await executeServerCommand('voicemail-publish', { mailbox: alice.user, waiting: false, newMessages: 0, oldMessages: 10 });
    const second = await alice.events.waitFor<VoicemailDetail>('phone-voicemail', { timeout: 8000 });
    expect(second.detail).to.deep.equal({ waiting: false, newMessages: 0, oldMessages: 10 });
    expect(alice.el.voicemail).to.deep.equal(second.detail);
  });
});
