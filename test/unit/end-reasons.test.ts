import { expect } from '@esm-bundle/chai';
import { endedDetail, endReason } from '../../src/engine/end-reasons.js';

describe('endReason', () => {
  const byCode: Array<[number, string]> = [
    [486, 'busy'],
    [600, 'busy'],
    [603, 'rejected'],
    [408, 'no-answer'],
    [480, 'no-answer'],
    [404, 'failed'],
    [484, 'failed'],
    [500, 'failed'],
    [503, 'failed'],
    [403, 'failed'],
  ];
  for (const [code, reason] of byCode) {
    it(`maps a ${code} response to ${reason}`, () => {
      expect(endReason({ originator: 'remote', cause: 'SIP Failure Code', code })).to.equal(reason);
    });
  }

  it('maps a BYE from either side to hangup', () => {
    expect(endReason({ originator: 'local', cause: 'Terminated' })).to.equal('hangup');
    expect(endReason({ originator: 'remote', cause: 'Terminated' })).to.equal('hangup');
  });
  it('maps our own CANCEL to cancelled', () => {
    expect(endReason({ originator: 'local', cause: 'Canceled' })).to.equal('cancelled');
  });
  it('maps a completed transfer to transferred, whatever else happened', () => {
    expect(endReason({ originator: 'local', cause: 'Terminated', transferred: true })).to.equal('transferred');
  });
  it('maps our own no-answer timeout to no-answer', () => {
    expect(endReason({ originator: 'system', cause: 'No Answer' })).to.equal('no-answer');
  });
  it('maps media and transport failures to failed', () => {
    expect(endReason({ originator: 'system', cause: 'Connection Error' })).to.equal('failed');
    expect(endReason({ originator: 'system', cause: 'RTP Timeout' })).to.equal('failed');
    expect(endReason({ originator: 'local', cause: 'User Denied Media Access' })).to.equal('failed');
  });
});

describe('endedDetail', () => {
  it('carries callId, reason, by, code and the reason phrase as cause', () => {
    expect(endedDetail('c1', { originator: 'remote', cause: 'Not Found', code: 404, reasonPhrase: 'Not Found' })).to.deep.equal({
      callId: 'c1',
      reason: 'failed',
      by: 'remote',
      code: 404,
      cause: 'Not Found',
    });
  });
  it('leaves code out when no SIP response ended the call', () => {
    expect(endedDetail('c2', { originator: 'local', cause: 'Terminated' })).to.deep.equal({
      callId: 'c2',
      reason: 'hangup',
      by: 'local',
      cause: 'Terminated',
    });
  });
});
