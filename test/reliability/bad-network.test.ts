// A bad network: 10 % loss and 150 ms delay on the test namespace's loopback
// (tc netem). Calls still connect, carry audio, stay up and hang up cleanly.
// Where the kernel has no netem, iptables drops 10 % of the packets instead
// and a proxy delays the signalling by 150 ms; with neither, the test is
// skipped and says why.
import { expect } from '@esm-bundle/chai';
import type { CallEndedDetail } from '../../src/events/phone-events.js';
import { impairNetwork, restoreNetwork, startProxy, stopProxies } from '../helpers/network.js';
import { connect, mountPhone, unmountAll } from '../helpers/phones.js';
import { audioFlowsBothWays, waitFor } from '../helpers/sip.js';

const LOSS_PERCENT = 10;
const DELAY_MS = 150;
const CALLS = 2;
/** How long each call stays up with audio checked at its end. */
const TALK_MS = 3000;
/** Lost packets are resent (TCP, DTLS, SIP over TCP): steps take longer, never forever. */
const SLOW_STEP_MS = 15_000;

describe('reliability: bad network', () => {
  afterEach(async () => {
    await restoreNetwork();
    await unmountAll();
    await stopProxies();
  });

  it(`connects, keeps and ends ${CALLS} calls at ${LOSS_PERCENT} % loss and ${DELAY_MS} ms delay`, async function () {
    this.timeout(90_000);
    const impairment = await impairNetwork(LOSS_PERCENT, DELAY_MS);
    if (!impairment.applied) {
      console.log(`SKIPPED bad-network test: ${impairment.detail}`);
      this.skip();
    }
    console.log(`Bad network: ${impairment.detail}`);
    const server = impairment.applied === 'netem' ? undefined : (await startProxy({ delayMs: DELAY_MS })).wsUrl;
    const attributes: Record<string, string> = server ? { server } : {};
    // Registering is a step like the others: a lost SYN or REGISTER segment is resent after 1 s, then 3 s.
    const [alice, bob] = [await mountPhone('alice', { attributes, register: false }), await mountPhone('bob', { attributes, register: false })];
    await Promise.all([alice, bob].map((phone) => phone.events.waitFor('phone-registered', { timeout: SLOW_STEP_MS })));

    for (let i = 0; i < CALLS; i++) {
      const { callerCall, calleeCall } = await connect(alice, bob, { timeout: SLOW_STEP_MS });
      await new Promise((resolve) => setTimeout(resolve, TALK_MS));
      expect([callerCall.state, calleeCall.state]).to.deep.equal(['established', 'established']);
      await audioFlowsBothWays(callerCall.peerConnection!, { timeout: SLOW_STEP_MS, message: 'audio both ways at the caller' });
      // Each side hangs up once.
      const [hanger, other] = i % 2 === 0 ? [callerCall, calleeCall] : [calleeCall, callerCall];
      hanger.hangup();
      await waitFor(() => other.ended, { timeout: SLOW_STEP_MS, message: 'the hang-up to reach the other side' });
      expect(other.ended as CallEndedDetail).to.include({ reason: 'hangup', by: 'remote' });
    }
    const dropped = await restoreNetwork();
    console.log(`Bad network: ${dropped} packets dropped`);
    expect(dropped, 'packets dropped: the network really was bad').to.be.greaterThan(0);
  });
});
