import { expect } from '@esm-bundle/chai';
import { capIceGathering, type IceCandidateSource } from '../../src/engine/ice.js';

type Listener = (event: { ready: () => void }) => void;

/** A stand-in for the session's `icecandidate` emitter: this tests the timer logic only. */
class CandidateSource implements IceCandidateSource {
  listeners = new Set<Listener>();
  on(_event: 'icecandidate', listener: Listener) {
    this.listeners.add(listener);
  }
  removeListener(_event: 'icecandidate', listener: Listener) {
    this.listeners.delete(listener);
  }
  candidate(ready: () => void) {
    this.listeners.forEach((listener) => listener({ ready }));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

  it('does nothing after being disposed', async () => {
    const source = new CandidateSource();
    let released = 0;
    const dispose = capIceGathering(source, 10);
    source.candidate(() => released++);
    dispose();
    await sleep(30);
    expect(released).to.equal(0);
    expect(source.listeners.size).to.equal(0);
  });
});
