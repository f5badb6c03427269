// Several servers: the phone tries them in the order given and fails over to
// the next when one is down, and its events say which server it is on.
import { expect } from '@esm-bundle/chai';
import type { ConnectingDetail, ServerDetail } from '../../src/events/phone-events.js';
import { startProxy, stopProxies } from '../helpers/network.js';
import { connect, expectAudioFlowing, mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { sipConfig, waitFor } from '../helpers/sip.js';

/** The servers of a phone's phone-connecting events, in order. */
function triedServers(phone: TestPhone): string[] {
  return phone.events.events.filter((event) => event.type === 'phone-connecting').map((event) => (event.detail as ConnectingDetail).server);
}

function connectedServer(phone: TestPhone): string | undefined {
  return (phone.events.events.find((event) => event.type === 'phone-connected')?.detail as ServerDetail | undefined)?.server;
}

describe('reliability: several servers, fail-over', () => {
  afterEach(async () => {
    await unmountAll();
    await stopProxies();
  });

  it('registers through the second server when the first is down, says so, and calls with RTP both ways', async () => {
    const { downUrl, wsUrl, wssUrl } = sipConfig();
    // The attribute's two forms: separated by a comma (and spaces), and a JSON array.
    const alice = await mountPhone('alice', { attributes: { server: `${downUrl}, ${wssUrl}` } });
    const bob = await mountPhone('bob', { attributes: { server: JSON.stringify([downUrl, wsUrl]) } });

    expect(triedServers(alice)).to.deep.equal([`${downUrl}/`, `${wssUrl}/`]);
    expect(connectedServer(alice)).to.equal(`${wssUrl}/`);
    expect(triedServers(bob)).to.deep.equal([`${downUrl}/`, `${wsUrl}/`]);
    expect(connectedServer(bob)).to.equal(`${wsUrl}/`);
    const down = alice.events.events.find((event) => event.type === 'phone-disconnected')!;
    expect((down.detail as ServerDetail).server, 'the failure names the server that is down').to.equal(`${downUrl}/`);

    const { callerCall, calleeCall } = await connect(alice, bob);
    await expectAudioFlowing(callerCall, 'alice');
    await expectAudioFlowing(calleeCall, 'bob');
    expect([...alice.events.types(), ...bob.events.types()]).to.not.include('phone-error');
  });

  it('moves to the next server when the one in use goes away, mid-call: the call carries on and hangs up', async () => {
    const { wsUrl } = sipConfig();
    // The first server is a path to Kamailio that the test takes away.
    const first = await startProxy();
    const alice = await mountPhone('alice', { attributes: { server: `${first.wsUrl} ${wsUrl}` } });
    expect(connectedServer(alice)).to.equal(`${first.wsUrl}/`);
    const bob = await mountPhone('bob');
    const { callerCall, calleeCall } = await connect(alice, bob);
    await expectAudioFlowing(callerCall, 'alice');

    const from = alice.events.events.length;
    await stopProxies();
    const reconnected = await waitFor(
      () => alice.events.events.slice(from).find((event) => event.type === 'phone-registered') && alice.events.events.slice(from).filter((event) => event.type === 'phone-connected'),
      { timeout: 10_000, message: 'alice to register again' },
    );
    expect(reconnected.map((event) => (event.detail as ServerDetail).server), 'the server now in use').to.deep.equal([`${wsUrl}/`]);
    const dropped = alice.events.events.slice(from).find((event) => event.type === 'phone-disconnected')!;
    expect((dropped.detail as ServerDetail).server, 'the server that went away').to.equal(`${first.wsUrl}/`);

    // The call survived: media flows, and a hang-up on the far side reaches alice through the new server.
    await expectAudioFlowing(callerCall, 'alice after the fail-over');
    await calleeCall.hangup();
    await waitFor(() => callerCall.state === 'ended', { message: "alice to hear bob's hang-up" });
  });

  it('takes a list as a property, and prefers the first server when it is up', async () => {
    const { wsUrl, downUrl } = sipConfig();
    const alice = await mountPhone('alice', { register: false });
    alice.el.server = [wsUrl, downUrl];
    await alice.events.waitFor('phone-registered');
    expect(triedServers(alice).at(-1)).to.equal(`${wsUrl}/`);
    expect(alice.el.controller.config?.servers).to.deep.equal([`${wsUrl}/`, `${downUrl}/`]);
  });

  it('fails over from a server whose certificate the browser refuses', async () => {
    const { untrustedWssUrl, wssUrl } = sipConfig();
    const alice = await mountPhone('alice', { attributes: { server: `${untrustedWssUrl} ${wssUrl}` } });
    expect(triedServers(alice)).to.deep.equal([`${untrustedWssUrl}/`, `${wssUrl}/`]);
    expect(connectedServer(alice)).to.equal(`${wssUrl}/`);
    // One failed open is no pattern: no error for the user.
    expect(alice.events.types()).to.not.include('phone-error');
  });

  it('refuses a list with a bad URL with a phone-error naming it, and connects nowhere', async () => {
    const { wsUrl } = sipConfig();
    const alice = await mountPhone('alice', { register: false, attributes: { server: `${wsUrl}, http://127.0.0.1:1/` } });
    const error = await alice.events.waitFor<{ code: string; message: string }>('phone-error');
    expect(error.detail.code).to.equal('invalid-config');
    expect(error.detail.message).to.include('http://127.0.0.1:1/');
    expect(alice.events.types()).to.not.include('phone-connecting');
  });
});
