// The call log's bookkeeping alone: which events make which record. Real calls, and
// the records they leave in IndexedDB, are test/e2e/call-log.test.ts's business.
import { expect } from '@esm-bundle/chai';
import { CallLog, wasRecorded, type LoggedCall } from '../../src/engine/call-log.js';

const remote = { uri: 'sip:bob@example.test', user: 'bob', displayName: 'Bob' };

function call(id: string, answeredAt: number | null, extra: object = {}): LoggedCall {
  return { id, direction: 'outgoing', remote, answeredAt, ...extra };
}

describe('CallLog', () => {
  it('records a transferred conference call with its target, conference and quality, once, at its end', () => {
    const log = new CallLog();
    log.begin(call('c1', 1500), 1000);
    expect(log.observe('phone-call-quality', { callId: 'c1', mos: 4.4, bars: 5, lossPercent: 0, jitterMs: 1, roundTripMs: 2 })).to.equal(null);
    log.observe('phone-call-quality', { callId: 'c1', mos: 3.2, bars: 2, lossPercent: 4, jitterMs: 30, roundTripMs: 90 });
    log.observe('phone-call-quality', { callId: 'other', mos: 1, bars: 1, lossPercent: 50, jitterMs: 0, roundTripMs: 0 });
    log.observe('phone-conference-joined', { callId: 'c1', conferenceId: 'conf-1' });
    log.observe('phone-call-transferred', { callId: 'c1', target: 'sip:carol@example.test' });
    const record = log.observe('phone-call-ended', { callId: 'c1', reason: 'transferred', by: 'local', cause: 'transferred' }, 4000);
    expect(record).to.deep.equal({
      callId: 'c1',
      direction: 'outgoing',
      remote,
      startedAt: 1000,
      answeredAt: 1500,
      endedAt: 4000,
      durationMs: 2500,
      reason: 'transferred',
      by: 'local',
      transferredTo: 'sip:carol@example.test',
      conferenceId: 'conf-1',
      recorded: false,
      quality: { meanMos: 3.8, worstBars: 2 },
    });
    expect(log.observe('phone-call-ended', { callId: 'c1', reason: 'hangup', by: 'local', cause: '' }), 'only once').to.equal(null);
  });

  it('records an unanswered call with its code, no duration and no quality; a forgotten call leaves nothing', () => {
    const log = new CallLog();
    log.begin(call('c2', null), 10);
    log.begin(call('c3', null), 10);
    log.forget('c3');
    expect(log.observe('phone-call-ended', { callId: 'c2', reason: 'busy', by: 'remote', code: 486, cause: 'Busy Here' }, 20)).to.deep.include({
      answeredAt: null,
      durationMs: 0,
      code: 486,
      quality: null,
    });
    expect(log.observe('phone-call-ended', { callId: 'c3', reason: 'failed', by: 'system', cause: '' })).to.equal(null);
  });

  it("reads a call's recorded flag when it has one", () => {
    expect([wasRecorded(call('a', 1)), wasRecorded(call('b', 1, { recorded: true })), wasRecorded(call('c', 1, { recorded: 'yes' }))]).to.deep.equal([false, true, false]);
  });
});
