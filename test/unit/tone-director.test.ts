import { expect } from '@esm-bundle/chai';
import type { PhoneCall } from '../../src/engine/phone-call.js';
import { ToneDirector, type ToneSource } from '../../src/engine/media/tone-director.js';
import { createPhoneEvent } from '../../src/events/phone-events.js';
import { recordTones } from '../helpers/tones.js';

type CallShape = Pick<PhoneCall, 'id' | 'state' | 'direction' | 'earlyMedia'>;

/** The director only reads the calls' states and listens for two events: a plain EventTarget stands in. */
function source(calls: CallShape[]): ToneSource & { calls: CallShape[] } {
  return Object.assign(new EventTarget(), { calls });
}
const call = (id: string, state: PhoneCall['state'], direction: PhoneCall['direction'] = 'incoming', earlyMedia = false): CallShape => ({
  id,
  state,
  direction,
  earlyMedia,
});

describe('ToneDirector', () => {
  let tones: ReturnType<typeof recordTones>;
  let stop: AbortController;
  beforeEach(() => {
    tones = recordTones();
    stop = new AbortController();
  });
  afterEach(() => {
    stop.abort();
    tones.stop();
  });

  it('rings while a call rings and none is answered, and stops the moment it does not', () => {
    const phone = source([call('a', 'incoming')]);
    const director = new ToneDirector(phone, stop.signal);
    director.update();
    expect(tones.frequencies().slice(0, 2)).to.deep.equal([880, 1100]);
    const started = tones.frequencies().length;
    phone.calls = [call('a', 'answering')];
    director.update();
    director.update();
    expect(tones.frequencies()).to.have.length(started);
  });

  it('beeps discreetly for a waiting call instead of ringing, but not for a replacement', () => {
    const phone = source([call('a', 'established'), call('b', 'incoming')]);
    const director = new ToneDirector(phone, stop.signal);
    director.update();
    expect(tones.frequencies()).to.deep.equal([]);
    phone.dispatchEvent(createPhoneEvent('phone-call-incoming', { callId: 'b', remote: { uri: '', user: '', displayName: '' }, video: false, to: '', headers: {}, autoAnswer: null }));
    expect(tones.frequencies()).to.deep.equal([440, 440]);
    phone.dispatchEvent(
      createPhoneEvent('phone-call-incoming', { callId: 'c', remote: { uri: '', user: '', displayName: '' }, video: false, to: '', headers: {}, autoAnswer: null, replaces: 'a' }),
    );
    expect(tones.frequencies()).to.deep.equal([440, 440]);
  });

  it('plays ringback for an outgoing call that rings without early media only', () => {
    const phone = source([call('a', 'ringing', 'outgoing', true)]);
    const director = new ToneDirector(phone, stop.signal);
    director.update();
    expect(tones.frequencies()).to.deep.equal([]);
    phone.calls = [call('a', 'ringing', 'outgoing', false)];
    director.update();
    expect(tones.frequencies()).to.deep.equal([440, 480]);
  });

  it('plays a busy tone when the far end is busy', () => {
    const phone = source([]);
    new ToneDirector(phone, stop.signal);
    phone.dispatchEvent(createPhoneEvent('phone-call-ended', { callId: 'a', reason: 'busy', by: 'remote', code: 486, cause: 'Busy Here' }));
    expect(tones.frequencies()).to.deep.equal([480, 620, 480, 620, 480, 620]);
  });
});
