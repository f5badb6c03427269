// Calls through a real TURN server (coturn on loopback, started by the test run):
// with ice-transport-policy="relay" the media must take the relay, as getStats()
// shows on both ends, and RTP must flow. ICE servers may also come from a function,
// asked before each call (short-lived TURN credentials).
import { expect } from '@esm-bundle/chai';
import type { PhoneErrorDetail } from '../../src/events/phone-events.js';
import { connect, expectAudioFlowing, mountPhone, unmountAll } from '../helpers/phones.js';
import { turnConfig, waitFor } from '../helpers/sip.js';

/** The local and remote candidate types of the pair ICE selected. */
async function selectedPair(pc: RTCPeerConnection): Promise<{ local: string; remote: string } | null> {
  const stats = await pc.getStats();
  let pair: RTCIceCandidatePairStats | undefined;
  stats.forEach((report) => {
    // Chromium names the pair on the transport; Firefox flags it `selected`.
    if (report.type === 'transport' && report.selectedCandidatePairId) pair = stats.get(report.selectedCandidatePairId);
    if (report.type === 'candidate-pair' && (report as { selected?: boolean }).selected) pair ??= report;
  });
  if (!pair) return null;
  return { local: stats.get(pair.localCandidateId)?.candidateType, remote: stats.get(pair.remoteCandidateId)?.candidateType };
}

describe('TURN: calls relayed by coturn', () => {
  afterEach(unmountAll);

  it('ice-transport-policy="relay": both ends send and receive through the relay', async () => {
    const { url, username, credential } = turnConfig();
    const attributes = { 'ice-transport-policy': 'relay', 'ice-servers': JSON.stringify([{ urls: url, username, credential }]) };
    const alice = await mountPhone('alice', { attributes });
    const bob = await mountPhone('bob', { attributes });
    const { callerCall, calleeCall } = await connect(alice, bob, { timeout: 10_000 });
    await expectAudioFlowing(callerCall, 'alice, relayed');
    await expectAudioFlowing(calleeCall, 'bob, relayed');
    for (const [who, call] of [['alice', callerCall], ['bob', calleeCall]] as const) {
      const pair = await waitFor(() => selectedPair(call.peerConnection!), { message: `${who}'s selected candidate pair` });
      expect(pair.local, `${who}'s local candidate`).to.equal('relay');
    }
    // Nothing but relay candidates was even offered.
    expect(callerCall.peerConnection!.localDescription!.sdp).not.to.match(/typ host/);
  });

  it('takes its ICE servers from a function, asked before each call, on both ends', async () => {
    const { url, username, credential } = turnConfig();
    const asked: string[] = [];
    const provider = (who: string) => async () => {
      asked.push(who);
      return [{ urls: url, username, credential }];
    };
    const alice = await mountPhone('alice', { attributes: { 'ice-transport-policy': 'relay' }, register: false });
    const bob = await mountPhone('bob', { attributes: { 'ice-transport-policy': 'relay' }, register: false });
    alice.el.iceServers = provider('alice');
    bob.el.iceServers = provider('bob');
    await Promise.all([alice.events.waitFor('phone-registered'), bob.events.waitFor('phone-registered')]);
    expect(asked, 'not asked before a call').to.deep.equal([]);
    const { callerCall, calleeCall } = await connect(alice, bob, { timeout: 10_000 });
    await expectAudioFlowing(calleeCall, 'bob, relayed with fetched credentials');
    expect((await selectedPair(callerCall.peerConnection!))?.local).to.equal('relay');
    expect(asked.sort()).to.deep.equal(['alice', 'bob']);

    // New credentials mid-call apply to the next call: this one goes on, the phone stays registered.
    const seen = alice.events.events.length;
    alice.el.iceServers = provider('alice, renewed');
    await alice.el.updateComplete;
    await expectAudioFlowing(callerCall, 'alice, after new ICE servers were set');
    expect(callerCall.state).to.equal('established');
    expect(alice.events.types().slice(seen)).not.to.include.members(['phone-unregistered', 'phone-disconnected', 'phone-call-ended']);
  });

  it('a function that fails: phone-error says so, and the call goes on without those servers', async () => {
    const alice = await mountPhone('alice', { register: false });
    const bob = await mountPhone('bob');
    alice.el.iceServers = async () => {
      throw new Error('token service down');
    };
    await alice.events.waitFor('phone-registered');
    const { callerCall } = await connect(alice, bob);
    await expectAudioFlowing(callerCall, 'alice, on host candidates');
    const error = await alice.events.waitFor<PhoneErrorDetail>('phone-error');
    expect(error.detail.message).to.match(/ICE servers/).and.to.match(/token service down/);
  });
});
