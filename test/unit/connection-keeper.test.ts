import { expect } from '@esm-bundle/chai';
import {
  FAILED_OPENS_BEFORE_ERROR,
  OpenFailures,
  RECONNECT_MAX_MS,
  RECONNECT_MIN_MS,
  reconnectDelay,
  secureConnectionFailed,
} from '../../src/engine/connection-keeper.js';

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

describe('OpenFailures', () => {
  const secure = 'wss://sip.example.test:8443/';
  const failTimes = (failures: OpenFailures, server: string, times: number) => Array.from({ length: times }, () => failures.failed(server));

  it('reports a wss:// server once, when it failed to open several times in a row and never opened', () => {
    const failures = new OpenFailures();
    const reports = failTimes(failures, secure, FAILED_OPENS_BEFORE_ERROR + 3);
    expect(reports.indexOf(true)).to.equal(FAILED_OPENS_BEFORE_ERROR - 1);
    expect(reports.filter(Boolean)).to.have.length(1);
  });
  it('does not report a server that opened before: that is a server down, shown as reconnecting', () => {
    const failures = new OpenFailures();
    failures.opened(secure);
    expect(failTimes(failures, secure, FAILED_OPENS_BEFORE_ERROR * 2)).to.not.include(true);
  });
  it('does not report ws:// servers: no certificate to accept there', () => {
    expect(failTimes(new OpenFailures(), 'ws://127.0.0.1:5066/', FAILED_OPENS_BEFORE_ERROR * 2)).to.not.include(true);
  });
  it('counts each server on its own', () => {
    const failures = new OpenFailures();
    const other = 'wss://backup.example.test/';
    for (let i = 1; i < FAILED_OPENS_BEFORE_ERROR; i += 1) expect([failures.failed(secure), failures.failed(other)]).to.deep.equal([false, false]);
    expect([failures.failed(secure), failures.failed(other)]).to.deep.equal([true, true]);
  });
  it('says honestly what it may be, and which page to open', () => {
    const message = secureConnectionFailed(secure, 3);
    expect(message).to.include('Could not open a secure connection to wss://sip.example.test:8443/');
    expect(message).to.include('the certificate may be untrusted, or nothing listens there');
    expect(message).to.include('Open https://sip.example.test:8443/ in a browser tab');
  });
});
