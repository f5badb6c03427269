// Load that a busy agent's page sees: eight calls up on one widget (one talking,
// seven held), and twenty widgets registered side by side.
import { expect } from '@esm-bundle/chai';
import { MAX_OPENING } from '../../src/engine/opening-queue.js';
import type { CallEndedDetail } from '../../src/events/phone-events.js';
import { audioDirection, connect, mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { audioFlowsBothWays, waitFor } from '../helpers/sip.js';

const MAX_CALLS = 8;
const WIDGETS = 20;

/** Answers every call that rings on `phone`, from code. */
function autoAnswer(phone: TestPhone): void {
  phone.el.addEventListener('phone-call-incoming', (event) => void phone.el.getCall(event.detail.callId)!.answer());
}

/** Counts the page's WebSockets (JsSIP creates them from the global) and the most of them opening at once. */
function countOpeningSockets() {
  const Native = globalThis.WebSocket;
  const counts = { opened: 0, most: 0, stop: () => void (globalThis.WebSocket = Native) };
  let opening = 0;
  globalThis.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      counts.opened += 1;
      counts.most = Math.max(counts.most, ++opening);
      const done = () => {
        opening -= 1;
        this.removeEventListener('open', done);
        this.removeEventListener('close', done);
      };
      this.addEventListener('open', done);
      this.addEventListener('close', done);
    }
  };
  return counts;
}

describe('reliability: load', () => {
  afterEach(unmountAll);

  it(`holds ${MAX_CALLS} calls on one widget, one talking and the rest held, and refuses one more`, async function () {
    this.timeout(60_000);
    const agent = await mountPhone('agent', { attributes: { 'max-calls': String(MAX_CALLS) } });
    const customers = await Promise.all(Array.from({ length: MAX_CALLS }, () => mountPhone('customer')));
    customers.forEach(autoAnswer);

    // Each new call puts the one before on hold.
    for (const customer of customers) {
      const call = await agent.el.call(customer.user);
      await waitFor(() => call.state === 'established', { timeout: 10_000, message: `the call to ${customer.user}` });
    }
    const calls = agent.el.calls;
    await waitFor(() => calls.slice(0, -1).every((call) => call.heldBy === 'local' && !call.busy), { message: 'seven calls held' });
    expect(calls.map((call) => call.held)).to.deep.equal([...Array(MAX_CALLS - 1).fill(true), false]);
    calls.slice(0, -1).forEach((call, i) => expect(audioDirection(call), `held call ${i}`).to.equal('sendonly'));
    await audioFlowsBothWays(calls.at(-1)!.peerConnection!, { message: 'audio on the active call' });

    // Resuming the first call holds the last one.
    await calls[0]!.resume();
    await waitFor(() => calls.at(-1)!.heldBy === 'local' && !calls.at(-1)!.busy, { message: 'the last call held' });
    expect(calls.filter((call) => !call.held)).to.deep.equal([calls[0]]);
    await audioFlowsBothWays(calls[0]!.peerConnection!, { message: 'audio on the resumed call' });

    // A ninth caller gets busy.
    const ninth = await mountPhone('customer');
    await ninth.el.call(agent.user);
    expect((await ninth.events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ reason: 'busy', code: 486 });

    calls.forEach((call) => call.hangup());
    for (const customer of customers) {
      expect((await customer.events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ reason: 'hangup', by: 'remote' });
    }
    expect(agent.el.calls).to.have.length(0);
  });

  it(`registers ${WIDGETS} widgets in one page, each of them reachable, opening at most ${MAX_OPENING} sockets at once`, async function () {
    this.timeout(60_000);
    const opening = countOpeningSockets();
    let phones: TestPhone[];
    try {
      phones = await Promise.all(Array.from({ length: WIDGETS }, () => mountPhone('desk')));
    } finally {
      opening.stop();
    }
    expect(phones.every((phone) => phone.el.registered)).to.equal(true);
    // Chromium delays a page's new WebSocket exponentially in the number still opening.
    expect(opening.opened).to.equal(WIDGETS);
    expect(opening.most).to.equal(MAX_OPENING);
    // The first calls the last, and the other way round: each registration points at its own socket.
    for (const [caller, callee] of [[phones[0]!, phones.at(-1)!], [phones.at(-1)!, phones[0]!]] as const) {
      const { callerCall, calleeCall } = await connect(caller, callee);
      callerCall.hangup();
      await waitFor(() => calleeCall.ended, { message: 'the hang-up to reach the callee' });
    }
  });
});
