import { expect } from '@esm-bundle/chai';
import { capIceGathering, isLastNeeded, serverKinds, type IceCandidateEvent, type IceCandidateSource } from '../../src/engine/ice.js';

type Listener = (event: IceCandidateEvent) => void;

/** A stand-in for the session's `icecandidate` emitter: this tests the release logic only. */
class CandidateSource implements IceCandidateSource {
  listeners = new Set<Listener>();
  on(_event: 'icecandidate', listener: Listener) {
    this.listeners.add(listener);
  }
  removeListener(_event: 'icecandidate', listener: Listener) {
    this.listeners.delete(listener);
  }
  candidate(ready: () => void, line = TCP_HOST) {
    this.listeners.forEach((listener) => listener({ candidate: { candidate: line }, ready }));
  }
}

// SDP candidate lines as Chromium writes them (no `type`/`protocol` fields: parsed from the line).
const UDP_HOST = 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0';
const TCP_HOST = 'candidate:2 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0';
const SRFLX = 'candidate:3 1 udp 1686052607 203.0.113.7 50000 typ srflx raddr 127.0.0.1 rport 50000 generation 0';
const RELAY = 'candidate:4 1 udp 41885439 203.0.113.9 60000 typ relay raddr 203.0.113.7 rport 50000 generation 0';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const STUN: RTCIceServer[] = [{ urls: 'stun:127.0.0.1:3478' }];
const TURN: RTCIceServer[] = [{ urls: ['stun:127.0.0.1:3478', 'turns:127.0.0.1:5349?transport=tcp'], username: 'u', credential: 'p' }];

describe('capIceGathering', () => {
  it('releases the request at the deadline with the candidates gathered so far', async () => {
    const source = new CandidateSource();
    let released = 0;
    capIceGathering(source, 30);
    source.candidate(() => released++);
    expect(released).to.equal(0);
    await sleep(60);
    expect(released).to.equal(1);
  });

  it('releases on the first candidate after the deadline when none came before', async () => {
    const source = new CandidateSource();
    let released = 0;
    capIceGathering(source, 10);
    await sleep(30);
    source.candidate(() => released++);
    expect(released).to.equal(1);
  });

  it('with no server, releases one task after a UDP host candidate, long before the deadline', async () => {
    const source = new CandidateSource();
    let released = 0;
    capIceGathering(source, 5000);
    source.candidate(() => released++, UDP_HOST);
    expect(released, 'not in the same task: the burst of other interfaces comes first').to.equal(0);
    await sleep(5);
    expect(released).to.equal(1);
  });

  it('with STUN, waits for the server-reflexive candidate; with TURN, for the relay', async () => {
    const stun = new CandidateSource();
    let stunReleased = 0;
    capIceGathering(stun, 5000, () => STUN);
    stun.candidate(() => stunReleased++, UDP_HOST);
    await sleep(5);
    expect(stunReleased, 'a host candidate is not enough with STUN').to.equal(0);
    stun.candidate(() => stunReleased++, SRFLX);
    await sleep(5);
    expect(stunReleased).to.equal(1);

    const turn = new CandidateSource();
    let turnReleased = 0;
    capIceGathering(turn, 5000, () => TURN);
    turn.candidate(() => turnReleased++, UDP_HOST);
    turn.candidate(() => turnReleased++, SRFLX);
    await sleep(5);
    expect(turnReleased, 'a reflexive candidate is not enough with TURN').to.equal(0);
    turn.candidate(() => turnReleased++, RELAY);
    await sleep(5);
    expect(turnReleased).to.equal(1);
  });

  it('does nothing after being disposed', async () => {
    const source = new CandidateSource();
    let released = 0;
    const dispose = capIceGathering(source, 10);
    source.candidate(() => released++, UDP_HOST);
    dispose();
    await sleep(30);
    expect(released).to.equal(0);
    expect(source.listeners.size).to.equal(0);
  });
});

describe('isLastNeeded and serverKinds', () => {
  it('reads the kinds of server from their URLs, and the candidate from its fields or its line', () => {
    expect(serverKinds([])).to.deep.equal({ stun: false, turn: false });
    expect(serverKinds(STUN)).to.deep.equal({ stun: true, turn: false });
    expect(serverKinds(TURN)).to.deep.equal({ stun: true, turn: true });
    const none = { stun: false, turn: false };
    expect(isLastNeeded({ candidate: TCP_HOST }, none), 'a TCP host candidate').to.equal(false);
    expect(isLastNeeded({ candidate: '', type: 'host', protocol: 'udp' }, none), 'the browser fields').to.equal(true);
    expect(isLastNeeded(undefined, none)).to.equal(false);
  });
});
