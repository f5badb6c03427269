// The socket drops and comes back: the dialer tells the user, the phone
// reconnects and re-registers in the contract's order, calls survive a restart
// of the SIP server (and either side can still hang up), and a half-open
// socket is found by keep-alives and replaced.
import { expect } from '@esm-bundle/chai';
import { CONFIG_FIELDS } from '../../src/engine/config.js';
import { KEEPALIVE_TIMEOUT_MS } from '../../src/engine/connection-keeper.js';
import type { PhoneCall } from '../../src/engine/phone-call.js';
import type { CallEndedDetail, DisconnectedDetail } from '../../src/events/phone-events.js';
import { kamailio, kamailioWithoutGruu, startProxy, stopProxies } from '../helpers/network.js';
import { connect, expectAudioFlowing, mountPhone, part, unmountAll, type TestPhone } from '../helpers/phones.js';
import { waitFor } from '../helpers/sip.js';

/** What the dialer's status line says. */
function status(phone: TestPhone): string {
  return part(phone, 'phone-dialer', 'status')?.textContent ?? '';
}

/** The event types recorded since `from`. */
function typesSince(phone: TestPhone, from: number): string[] {
  return phone.events.types().slice(from);
}

/**
 * `hangingUp` side hangs up; the other side must hear it within 2 s (a media timeout
 * would take tens of seconds, the BYE takes a moment). Resolves with [the side that hung up, the other].
 */
async function hangUpHeardAtOnce(hangingUp: 'caller' | 'callee', caller: [TestPhone, PhoneCall], callee: [TestPhone, PhoneCall]): Promise<[TestPhone, TestPhone]> {
  const [[hanger, call], [other]] = hangingUp === 'caller' ? [caller, callee] : [callee, caller];
  const hungUpAt = performance.now();
  call.hangup();
  const ended = await other.events.waitFor<CallEndedDetail>('phone-call-ended', { timeout: 5000 });
  expect(ended.detail).to.include({ reason: 'hangup', by: 'remote' });
  expect(performance.now() - hungUpAt).to.be.below(2000);
  return [hanger, other];
}

describe('reliability: reconnection', () => {
  afterEach(async () => {
    // Whatever a test left behind: the server runs again before phones unregister.
    await kamailio.start();
    await unmountAll();
    await stopProxies();
  });

  it('shows "Reconnecting…" with attempt and countdown, tries at once on demand or when online, then recovers in order', async () => {
    const alice = await mountPhone('alice');
    const from = alice.events.events.length;
    await kamailio.stop();

    const dropped = await alice.events.waitFor<DisconnectedDetail>('phone-disconnected');
    expect(dropped.detail.retryIn).to.be.within(1, 1000);
    const plan = alice.el.controller.reconnect!;
    // The first connection was attempt 1: the first retry is attempt 2, as phone-connecting will say.
    expect(plan.attempt).to.equal(2);
    await waitFor(() => /^Reconnecting… attempt \d+, next try in \d+s$/.test(status(alice)), { message: `the reconnecting status, not "${status(alice)}"` });

    // "Reconnect now" tries at once instead of at the planned time; the server is
    // still down, so the next attempt is planned.
    const attempts = () => alice.events.types().filter((type) => type === 'phone-connecting').length;
    const controller = alice.el.controller;
    // Between attempts (not while one is under way), with the button on screen.
    const between = () =>
      waitFor(() => (controller.connection === 'disconnected' && controller.reconnect ? part<HTMLButtonElement>(alice, 'phone-dialer', 'reconnect-button') : null), {
        message: 'a planned reconnection',
      });
    const button = await between();
    const { attempt } = controller.reconnect!;
    const before = attempts();
    button.click();
    expect(attempts()).to.equal(before + 1);
    const started = alice.events.events.filter((event) => event.type === 'phone-connecting').at(-1)!;
    expect((started.detail as { attempt: number }).attempt, 'the event counts like the plan').to.equal(attempt);
    const next = await waitFor(() => (controller.reconnect?.attempt === attempt + 1 ? controller.reconnect : null));
    await waitFor(() => status(alice).startsWith(`Reconnecting… attempt ${attempt + 1}, next try in `), { message: 'the next attempt on screen' });
    // The countdown follows the plan (shared one-second clock).
    const shown = Number(/in (\d+)s$/.exec(status(alice))![1]);
    expect(shown).to.be.within(Math.floor((next.at - Date.now()) / 1000), Math.ceil((next.at - Date.now()) / 1000) + 1);

    // The browser saying it is online again is worth an attempt at once too.
    await between();
    const beforeOnline = attempts();
    window.dispatchEvent(new Event('online'));
    expect(attempts()).to.equal(beforeOnline + 1);

    await kamailio.start();
    // Unless the planned attempt already started meanwhile.
    part<HTMLButtonElement>(alice, 'phone-dialer', 'reconnect-button')?.click();
    await alice.events.waitFor('phone-registered', { timeout: 10_000 }); // the first was before the drop
    await waitFor(() => status(alice) === 'Ready', { message: 'the Ready status' });
    expect(part(alice, 'phone-dialer', 'reconnect-button')).to.equal(null);

    // Failed attempts (connecting, disconnected) may repeat; nothing else happens in between.
    const sequence = typesSince(alice, from).join(' ');
    expect(sequence).to.match(
      /^phone-disconnected phone-unregistered (phone-connecting phone-disconnected )*phone-connecting phone-connected phone-registered$/,
    );
    for (const event of alice.events.events.slice(from).filter((e) => e.type === 'phone-disconnected')) {
      expect((event.detail as DisconnectedDetail).retryIn, 'every drop says when the next try comes').to.be.a('number');
    }
  });

  for (const hangingUp of ['caller', 'callee'] as const) {
    it(`keeps a call through a server restart; then the ${hangingUp} hangs up and the other side hears it at once`, async () => {
      const [alice, bob] = [await mountPhone('alice'), await mountPhone('bob')];
      const { callerCall, calleeCall } = await connect(alice, bob);
      const reInvites = async (user: string) => (await kamailio.log(`200 OK to INVITE of ${user} `)).length;
      const before = { [alice.user]: await reInvites(alice.user), [bob.user]: await reInvites(bob.user) };

      await kamailio.stop();
      await Promise.all([alice, bob].map((phone) => phone.events.waitFor('phone-disconnected')));
      // Media is peer to peer: it does not need the server.
      await expectAudioFlowing(callerCall, 'the caller while the server is down');
      await expectAudioFlowing(calleeCall, 'the callee while the server is down');

      await kamailio.start();
      await Promise.all([alice, bob].map((phone) => phone.events.waitFor('phone-registered', { timeout: 10_000 })));
      // Each side refreshed its dialog, answered by the other over its new connection: an
      // UPDATE, or a re-INVITE restarting ICE where the media broke meanwhile (under load).
      for (const phone of [alice, bob]) {
        const refreshed = async () =>
          (await kamailio.log(`200 OK to UPDATE of ${phone.user} `)).length > 0 || (await reInvites(phone.user)) > before[phone.user]!;
        await waitFor(refreshed, {
          timeout: 10_000,
          message: `${phone.user}'s dialog refresh (ICE ${(phone === alice ? callerCall : calleeCall).peerConnection?.iceConnectionState})`,
        });
      }
      expect(callerCall.state).to.equal('established');
      expect(calleeCall.state).to.equal('established');

      const [hanger, other] = await hangUpHeardAtOnce(hangingUp, [alice, callerCall], [bob, calleeCall]);
      expect((await hanger.events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ reason: 'hangup', by: 'local' });
      // The proxy found the far end by its GRUU, not by the dead connection the dialog began on.
      expect(await kamailio.log(`BYE from ${hanger.user} to the GRUU of ${other.user}: `)).to.have.length(1);
    });
  }

  // Many servers issue no GRUU. Then only target refreshes (re-INVITE, UPDATE) find a
  // browser by its registration (test/sip/kamailio.cfg, NO_GRUU); a BYE follows the
  // Contact the dialog knows, so it reaches the far end only if that side took the new
  // Contact from the far end's UPDATE (RFC 3311 §5.2), which JsSIP alone does not.
  for (const hangingUp of ['caller', 'callee'] as const) {
    it(`keeps a call through a restart of a server without GRUU; then the ${hangingUp} hangs up and the other side hears it at once`, async () => {
      const server = await kamailioWithoutGruu.start();
      try {
        const attributes = { server };
        const [alice, bob] = [await mountPhone('alice', { attributes }), await mountPhone('bob', { attributes })];
        const { callerCall, calleeCall } = await connect(alice, bob);

        await kamailioWithoutGruu.stop();
        await Promise.all([alice, bob].map((phone) => phone.events.waitFor('phone-disconnected')));
        await kamailioWithoutGruu.start();
        await Promise.all([alice, bob].map((phone) => phone.events.waitFor('phone-registered', { timeout: 10_000 })));
        // Each side's UPDATE reached the other through the registrar, and was answered.
        for (const [phone, other] of [[alice, bob], [bob, alice]]) {
          await waitFor(async () => (await kamailioWithoutGruu.log(`UPDATE from ${phone.user} to the current registration of ${other.user}: `)).length > 0, {
            timeout: 10_000,
            message: `${phone.user}'s UPDATE routed to ${other.user}'s registration`,
          });
          await waitFor(async () => (await kamailioWithoutGruu.log(`200 OK to UPDATE of ${phone.user} `)).length > 0, {
            timeout: 10_000,
            message: `the 200 OK to ${phone.user}'s UPDATE`,
          }).catch(async (error: Error) => {
            // What the proxy saw instead: the answers, the retries, the other side's UPDATE.
            const lines = (await kamailioWithoutGruu.log('UPDATE')).filter((line) => line.includes(phone.user) || line.includes(other.user));
            throw new Error(`${error.message}; Kamailio's UPDATE lines: ${lines.slice(-10).join(' | ')}`);
          });
        }
        await expectAudioFlowing(callerCall, 'the caller after the restart');
        expect([callerCall.state, calleeCall.state]).to.deep.equal(['established', 'established']);

        const [hanger] = await hangUpHeardAtOnce(hangingUp, [alice, callerCall], [bob, calleeCall]);
        // The BYE went to the plain Contact (no GRUU), by its ;alias, as the UPDATE had set it.
        const byes = (await kamailioWithoutGruu.log(`from sip:${hanger.user}@`)).filter((line) => /\bBYE sip:/.test(line));
        expect(byes, 'the BYE, as Kamailio received it').to.have.length(1);
        expect(byes[0]).to.match(/BYE sip:[^ ]+\.invalid;[^ ]*alias=/).and.not.match(/[;]gr[=;]/);
      } finally {
        await kamailioWithoutGruu.start();
      }
    });
  }

  it('finds a half-open socket by its keep-alives and reconnects', async () => {
    // With the default interval, a dead socket is found within 25 s (interval + answer timeout).
    expect(CONFIG_FIELDS.keepaliveInterval.default + KEEPALIVE_TIMEOUT_MS).to.be.at.most(30_000);
    const interval = 1000;
    const proxy = await startProxy();
    const alice = await mountPhone('alice', { attributes: { server: proxy.wsUrl, 'keepalive-interval': String(interval) } });
    const bob = await mountPhone('bob');
    expect(await proxy.freeze()).to.equal(1);
    const frozenAt = performance.now();

    const dropped = await alice.events.waitFor<DisconnectedDetail>('phone-disconnected', { timeout: 4 * interval + 2000 });
    // At most one interval until the next probe, one more for its answer (and slack for a busy machine).
    expect(performance.now() - frozenAt).to.be.below(2 * interval + 1500);
    expect(dropped.detail).to.include({ code: 4408, reason: 'No answer to keep-alive' });
    // A new connection through the proxy (only the old one is frozen) registers again…
    await alice.events.waitFor('phone-registered', { timeout: 5000 });
    // …and the registrar reaches Alice over it.
    await connect(bob, alice);
  });
});
