// Conference rooms (issue 13, Sinch's callConference): joinRoom() dials the room
// through the room-uri template; sipp plays the room server behind Kamailio's
// gateway route (a domain that is not ours), with plain RTP through rtpengine.
// A server that offers RFC 4575's conference event package gets a SUBSCRIBE, and
// its NOTIFYs drive call.roomParticipants; the subscription ends with the call.
import { expect } from '@esm-bundle/chai';
import type { CallEndedDetail, PhoneErrorDetail, RoomParticipantsDetail } from '../../src/events/phone-events.js';
import type { PhoneError } from '../../src/engine/phone-error.js';
import { mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { audioFlowsBothWays, waitFor } from '../helpers/sip.js';
import { startGateway, stopFarEnds } from './far-ends.js';

const ROOMS = { 'room-uri': 'sip:{room}@conference.test' };
const method = (request: string) => request.split(' ')[0];
const header = (request: string, name: string) => new RegExp(`^${name}: *(.*?)\\r?$`, 'mi').exec(request)?.[1];

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

describe('rooms: joinRoom and the conference event package (sipp as the room server)', () => {
  afterEach(async () => {
    await unmountAll();
    await stopFarEnds();
  });

  it('follows the participants of a room that offers the package, carries audio, and unsubscribes when the call ends', async () => {
    const [alice, room] = await Promise.all([mountPhone('alice', { attributes: ROOMS }), startGateway('room', { echo: true, calls: 2 })]);
    const call = await alice.el.joinRoom('standup');
    expect(call.room).to.equal('sip:standup@conference.test');
    expect(call.roomParticipants).to.deep.equal([]);
    await alice.events.waitFor('phone-call-established', { timeout: 10_000 });
    await audioFlowsBothWays(call.peerConnection!, { message: 'our audio echoed back by the room' });

    const lists: RoomParticipantsDetail[] = [];
    for (let i = 0; i < 3; i++) lists.push((await alice.events.waitFor<RoomParticipantsDetail>('phone-room-participants', { timeout: 10_000 })).detail);
    expect(lists.map(({ callId }) => callId)).to.deep.equal([call.id, call.id, call.id]);
    const alicePart = { uri: 'sip:alice@example.test', displayName: 'Alice', status: 'connected' };
    // Bob's name carried a U+202E (right-to-left override): cleaned as a caller's name is.
    const bob = { uri: 'sip:bob@example.test', displayName: 'Bob evil', status: 'on-hold' };
    const carol = { uri: 'sip:carol@example.test', displayName: 'Carol', status: 'connected' };
    expect(lists[0]!.participants, 'full state').to.deep.equal([alicePart, bob]);
    expect(lists[1]!.participants, 'partial: carol joins').to.deep.equal([alicePart, bob, carol]);
    expect(lists[2]!.participants, 'partial: bob leaves').to.deep.equal([alicePart, carol]);
    expect(call.roomParticipants).to.deep.equal([alicePart, carol]);

    call.hangup();
    expect(await ended(alice)).to.include({ callId: call.id, reason: 'hangup', by: 'local' });
    // The room script ends only once the unsubscribe came and its final NOTIFY was answered.
    const { status, received, errors } = await room.finish(10_000);
    expect(status, `sipp failed:\n${errors}`).to.equal(0);
    const invite = received.find((request) => method(request) === 'INVITE')!;
    expect(invite).to.match(/^INVITE sip:standup@conference\.test SIP\/2\.0\r?$/m);
    const subscribes = received.filter((request) => method(request) === 'SUBSCRIBE');
    expect(subscribes, 'a SUBSCRIBE, then the unsubscribe').to.have.length(2);
    // To the dialog's target (the focus's Contact), about the room.
    expect(subscribes[0]).to.match(/^SUBSCRIBE sip:127\.0\.0\.1:\d+;transport=udp SIP\/2\.0\r?$/mi);
    expect(header(subscribes[0]!, 'Event')).to.equal('conference');
    expect(header(subscribes[0]!, 'Accept')).to.equal('application/conference-info+xml');
    expect(header(subscribes[0]!, 'To')).to.contain('sip:standup@conference.test');
    expect(header(subscribes[1]!, 'Expires')).to.equal('0');
    expect(received.map(method).filter((m) => m === 'BYE')).to.have.length(1);
    expect(alice.events.types().filter((type) => type === 'phone-room-participants'), 'nothing after the call ended').to.have.length(3);
  });

  it('sends no SUBSCRIBE to a room server without the package', async () => {
    const [alice, room] = await Promise.all([mountPhone('alice', { attributes: ROOMS }), startGateway('answer', { echo: true })]);
    const call = await alice.el.joinRoom('lobby');
    await alice.events.waitFor('phone-call-established', { timeout: 10_000 });
    await audioFlowsBothWays(call.peerConnection!, { message: 'our audio echoed back by the room' });
    // Time enough for a SUBSCRIBE to reach sipp, had one been sent.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    call.hangup();
    await ended(alice);
    const { status, received, errors } = await room.finish();
    expect(status, `sipp failed:\n${errors}`).to.equal(0);
    expect(received.map(method)).to.deep.equal(['INVITE', 'ACK', 'BYE']);
    expect(received[0]).to.match(/^INVITE sip:lobby@conference\.test SIP\/2\.0\r?$/m);
    expect(call.roomParticipants).to.deep.equal([]);
    expect(alice.events.types()).to.not.include('phone-room-participants');
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
