import { expect } from '@esm-bundle/chai';
import { RECONNECT_MAX_MS, RECONNECT_MIN_MS, reconnectDelay } from '../../src/engine/connection-keeper.js';

describe('reconnectDelay', () => {
  it('doubles from the minimum, with jitter in the upper half', () => {
    expect(reconnectDelay(1, () => 0)).to.equal(RECONNECT_MIN_MS / 2);
    expect(reconnectDelay(1, () => 1)).to.equal(RECONNECT_MIN_MS);
    expect(reconnectDelay(3, () => 0)).to.equal(2 * RECONNECT_MIN_MS);
    expect(reconnectDelay(3, () => 1)).to.equal(4 * RECONNECT_MIN_MS);
  });
  it('never waits longer than the cap, however many attempts failed', () => {
    expect(reconnectDelay(50, () => 1)).to.equal(RECONNECT_MAX_MS);
    expect(reconnectDelay(1000, () => 0.5)).to.be.at.most(RECONNECT_MAX_MS);
  });
  it('spreads clients out: different random draws give different delays', () => {
    expect(reconnectDelay(4, () => 0.1)).to.not.equal(reconnectDelay(4, () => 0.9));
  });
});
