// Conference rooms (issue 13, Sinch's callConference): joinRoom() dials the room
// through the room-uri template; sipp plays the room server behind Kamailio's
// gateway route (a domain that is not ours), with plain RTP through rtpengine.
import { expect } from '@esm-bundle/chai';
import type { CallEndedDetail, PhoneErrorDetail } from '../../src/events/phone-events.js';
import type { PhoneError } from '../../src/engine/phone-error.js';
import { mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { audioFlowsBothWays, waitFor } from '../helpers/sip.js';
import { startGateway, stopFarEnds } from './far-ends.js';

const ROOMS = { 'room-uri': 'sip:{room}@conference.test' };
const method = (request: string) => request.split(' ')[0];

async function ended(phone: TestPhone): Promise<CallEndedDetail> {
  return (await phone.events.waitFor<CallEndedDetail>('phone-call-ended', { timeout: 10_000 })).detail;
}

async function refusal(promise: Promise<unknown>): Promise<PhoneError> {
  try {
    await promise;
  } catch (error) {
    return error as PhoneError;
  }
  throw new Error('expected a rejection');
}

describe('rooms: joinRoom (sipp as the room server)', () => {
  afterEach(async () => {
    await unmountAll();
    await stopFarEnds();
  });

  it('dials the room through room-uri, and the call carries audio', async () => {
    const [alice, room] = await Promise.all([mountPhone('alice', { attributes: ROOMS }), startGateway('answer', { echo: true })]);
    const call = await alice.el.joinRoom('lobby');
    await alice.events.waitFor('phone-call-established', { timeout: 10_000 });
    await audioFlowsBothWays(call.peerConnection!, { message: 'our audio echoed back by the room' });
    call.hangup();
    await ended(alice);
    const { status, received, errors } = await room.finish();
    expect(status, `sipp failed:\n${errors}`).to.equal(0);
    expect(received.map(method)).to.deep.equal(['INVITE', 'ACK', 'BYE']);
    expect(received[0]).to.match(/^INVITE sip:lobby@conference\.test SIP\/2\.0\r?$/m);
    expect(call.room).to.equal('sip:lobby@conference.test');
  });

  it('refuses a bad room id with phone-error invalid-target, sending nothing', async () => {
    const alice = await mountPhone('alice', { attributes: ROOMS });
    const bad = ['', '   ', 'x'.repeat(65), 'a\r\nSubject: hi'];
    for (const room of bad) {
      const error = await refusal(alice.el.joinRoom(room));
      expect(error.code, JSON.stringify(room)).to.equal('invalid-target');
      expect((await alice.events.waitFor<PhoneErrorDetail>('phone-error')).detail).to.include({ code: 'invalid-target', message: error.message });
    }
    expect(alice.el.calls).to.have.length(0);
    expect(alice.events.types()).to.not.include('phone-call-trying');
  });

  it('refuses a bad room-uri template with phone-error invalid-config naming room-uri', async () => {
    const alice = await mountPhone('alice');
    for (const template of ['https://conference.test/{room}', 'sip:lobby@conference.test', 'sip:{room}@conference.test;transport=tcp', 'sip:lobby@{room}.test']) {
      alice.el.setAttribute('room-uri', template);
      const { detail } = await alice.events.waitFor<PhoneErrorDetail>('phone-error');
      expect(detail.code, template).to.equal('invalid-config');
      expect(detail.message, template).to.contain('"room-uri"');
    }
    const { server, uri } = alice.el;
    expect(() => alice.el.configure({ server, uri, roomUri: 'sip:{room}{room}@conference.test' })).to.throw(/"room-uri" must contain \{room\} exactly once/);
    // The phone keeps its last good settings, and its default template: rooms on our domain.
    expect(alice.el.controller.config?.roomUri).to.equal(`sip:{room}@${alice.el.controller.config?.aor.host}`);
    await waitFor(() => alice.el.registered, { message: 'still registered' });
  });
});
