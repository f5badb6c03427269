import { expect } from '@esm-bundle/chai';
import { canTransition, CallStateError, nextState, type CallState } from '../../src/engine/call-state.js';

const STATES: CallState[] = ['initiating', 'trying', 'ringing', 'incoming', 'answering', 'answered', 'established', 'ended'];

// The whole table, spelled out: a change to the machine must change this test too.
const LEGAL = new Set([
  'initiating→trying',
  'initiating→ended',
  'trying→ringing',
  'trying→answered',
  'trying→ended',
  'ringing→answered',
  'ringing→ended',
  'incoming→answering',
  'incoming→ended',
  'answering→answered',
  'answering→ended',
  'answered→established',
  'answered→ended',
  'established→ended',
]);

describe('call state machine', () => {
  for (const from of STATES) {
    for (const to of STATES) {
      const legal = LEGAL.has(`${from}→${to}`);
      it(`${legal ? 'allows' : 'refuses'} ${from} → ${to}`, () => {
        expect(canTransition(from, to)).to.equal(legal);
        if (legal) expect(nextState(from, to)).to.equal(to);
        else expect(() => nextState(from, to)).to.throw(CallStateError, `${from} → ${to}`);
      });
    }
  }
});
