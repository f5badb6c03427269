import { expect } from '@esm-bundle/chai';
import { callCan, type CallAction, type CallFacts } from '../../src/engine/call-abilities.js';

const UP: CallFacts = { direction: 'outgoing', state: 'established', transferring: false, busy: false, heldBy: null, consultation: null, recording: false };
const ACTIONS: CallAction[] = ['mute', 'hold', 'resume', 'sendDTMF', 'transfer', 'attendedTransfer', 'completeTransfer', 'addParticipant', 'record', 'stopRecording', 'forward'];

/** The actions `callCan` allows for `facts`. */
const allowed = (facts: Partial<CallFacts>, recordable = true) => ACTIONS.filter((action) => callCan({ ...UP, ...facts }, action, recordable));

describe('callCan: what a call can do now', () => {
  it('an established call: everything but resume, completing a transfer and stopping a recording', () => {
    expect(allowed({})).to.deep.equal(['mute', 'hold', 'sendDTMF', 'transfer', 'attendedTransfer', 'addParticipant', 'record']);
  });

  it('a call not answered yet: nothing', () => {
    for (const state of ['initiating', 'trying', 'ringing', 'incoming', 'ended'] as const) expect(allowed({ state }), state).to.deep.equal([]);
  });

  it('held by us: resume instead of hold; held by them: hold still applies', () => {
    expect(allowed({ heldBy: 'local' })).to.include('resume').and.not.include('hold');
    expect(allowed({ heldBy: 'remote' })).to.include('hold').and.not.include('resume');
  });

  it('a hold on the wire: no second hold, transfer or merge until it is done', () => {
    expect(allowed({ busy: true })).to.deep.equal(['mute', 'sendDTMF', 'record']);
  });

  it('being transferred: nothing in-call applies; a recording can still be stopped', () => {
    expect(allowed({ transferring: true, recording: true })).to.deep.equal(['stopRecording']);
  });

  it('an attended transfer: complete it once the consultation is answered, and no second transfer', () => {
    expect(allowed({ consultation: { state: 'ringing' } })).to.not.include.members(['transfer', 'completeTransfer']);
    expect(allowed({ consultation: { state: 'established' } })).to.include('completeTransfer').and.not.include('attendedTransfer');
  });

  it('forward only an incoming call while it rings', () => {
    expect(allowed({ direction: 'incoming', state: 'incoming' })).to.deep.equal(['forward']);
    expect(allowed({ direction: 'incoming' })).to.not.include('forward');
    expect(allowed({ state: 'incoming' })).to.not.include('forward');
  });

  it('record only where the media can be recorded, and not twice', () => {
    expect(allowed({}, false)).to.not.include('record');
    expect(allowed({ recording: true })).to.include('stopRecording').and.not.include('record');
  });
});
