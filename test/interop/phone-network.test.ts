// The widget against the phone network: sipp plays the carrier behind
// Kamailio's gateway route (numbers nobody registered, other domains), plain
// RTP through rtpengine. Every carrier outcome ends with the contract's
// reason and code, our X- headers arrive, and every dialling form reaches the
// far end as the request URI it should.
import { expect } from '@esm-bundle/chai';
import type { CallDtmfDetail, CallEndedDetail, CallRingingDetail } from '../../src/events/phone-events.js';
import { callEventTypes, dial, mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { audioFlowsBothWays, inboundPackets, waitFor } from '../helpers/sip.js';
import { recordTones } from '../helpers/tones.js';
import { startGateway, stopFarEnds, type Gateway } from './far-ends.js';

const NUMBER = '+14155551234';

async function ended(phone: TestPhone): Promise<CallEndedDetail> {
  return (await phone.events.waitFor<CallEndedDetail>('phone-call-ended', { timeout: 10_000 })).detail;
}

/** The requests the carrier received, once its scenario ran to the end as scripted. */
async function carrierReceived(gateway: Gateway): Promise<string[]> {
  const { status, received, errors } = await gateway.finish();
  expect(status, `sipp failed:\n${errors}`).to.equal(0);
  return received;
}

const method = (request: string) => request.split(' ')[0];

describe('interop: the phone network (sipp as the carrier, media through rtpengine)', () => {
  afterEach(async () => {
    await unmountAll();
    await stopFarEnds();
  });

  it('reaches a number that answers: audio echoes back, our X- headers arrive, we hang up', async () => {
    const [alice, gateway] = await Promise.all([mountPhone('alice'), startGateway('answer', { echo: true })]);
    const call = await alice.el.call(NUMBER, { headers: { 'X-Account': '42' } });
    await alice.events.waitFor('phone-call-established');
    await audioFlowsBothWays(call.peerConnection!, { message: 'our audio echoed back by the carrier' });
    call.hangup();
    expect(await ended(alice)).to.include({ callId: call.id, reason: 'hangup', by: 'local' });

    const [invite] = await carrierReceived(gateway);
    expect(invite).to.match(/^INVITE sip:\+14155551234@example\.test SIP\/2\.0\r?$/m);
    expect(invite).to.match(/^X-Account: 42\r?$/m);
    expect(callEventTypes(alice, call.id)).to.deep.equal([
      'phone-call-trying', 'phone-call-ringing', 'phone-call-answered', 'phone-call-established', 'phone-call-ended', 'phone-call-logged',
    ]);
  });

  it("plays the carrier's early media instead of local ringback, then connects", async () => {
    const tones = recordTones();
    try {
      const [alice, gateway] = await Promise.all([mountPhone('alice'), startGateway('early-media', { echo: true })]);
      const call = await alice.el.call(NUMBER);
      const ringing = await alice.events.waitFor<CallRingingDetail>('phone-call-ringing');
      expect(ringing.detail).to.deep.equal({ callId: call.id, earlyMedia: true });
      // Media flows while the call still rings: the announcement is heard.
      await waitFor(async () => (await inboundPackets(call.peerConnection!)) > 5, { message: 'early media RTP' });
      expect(call.state).to.equal('ringing');
      expect(tones.frequencies(), 'no local ringback over early media').to.deep.equal([]);
      await alice.events.waitFor('phone-call-established', { timeout: 10_000 });
      call.hangup();
      expect(await ended(alice)).to.include({ reason: 'hangup', by: 'local' });
      expect((await carrierReceived(gateway)).map(method)).to.deep.equal(['INVITE', 'ACK', 'BYE']);
    } finally {
      tones.stop();
    }
  });

  it('sends DTMF by SIP INFO to a carrier that answered without telephone-event', async () => {
    const [alice, gateway] = await Promise.all([mountPhone('alice'), startGateway('answer')]);
    const call = await alice.el.call(NUMBER);
    await alice.events.waitFor('phone-call-established');
    call.sendDTMF('5#');
    expect((await alice.events.waitFor<CallDtmfDetail>('phone-call-dtmf')).detail).to.include({ tones: '5#', direction: 'sent' });
    // Each tone is its own INFO, sent one after the other.
    const infos = await waitFor(
      async () => {
        // (sipp may be writing the last one to its log: wait for the body too)
        const received = (await gateway.received()).filter((request) => method(request) === 'INFO' && /^Signal=/m.test(request));
        return received.length === 2 ? received : undefined;
      },
      { message: 'two INFOs at the carrier' },
    );
    expect(infos.map((info) => /^Content-Type: (.*?)\r?$/m.exec(info)?.[1])).to.deep.equal(['application/dtmf-relay', 'application/dtmf-relay']);
    expect(infos.map((info) => /^Signal=(.)/m.exec(info)?.[1])).to.deep.equal(['5', '#']);
    call.hangup();
    await ended(alice);
    expect((await carrierReceived(gateway)).map(method)).to.deep.equal(['INVITE', 'ACK', 'INFO', 'INFO', 'BYE']);
  });

  // What the carrier answers, and what the host page is told. Kamailio, as
  // RFC 3261 16.7 asks of a proxy, relays a 503 from downstream as 500.
  const outcomes = [
    { code: 486, phrase: 'Busy Here', reason: 'busy', seen: 486 },
    { code: 480, phrase: 'Temporarily Unavailable', reason: 'no-answer', seen: 480 },
    { code: 603, phrase: 'Decline', reason: 'rejected', seen: 603 },
    { code: 404, phrase: 'Not Found', reason: 'failed', seen: 404 },
    { code: 500, phrase: 'Server Internal Error', reason: 'failed', seen: 500 },
    { code: 503, phrase: 'Service Unavailable', reason: 'failed', seen: 500 },
  ];
  for (const { code, phrase, reason, seen } of outcomes) {
    it(`maps the carrier's ${code} ${phrase} to ${reason}`, async () => {
      const [alice, gateway] = await Promise.all([mountPhone('alice'), startGateway('reject', { keys: { code, reason: phrase } })]);
      await dial(alice, NUMBER);
      const detail = await ended(alice);
      expect(detail).to.include({ reason, by: 'remote', code: seen });
      expect(callEventTypes(alice, detail.callId)).to.deep.equal(['phone-call-trying', 'phone-call-ringing', 'phone-call-ended', 'phone-call-logged']);
      expect((await carrierReceived(gateway)).map(method)).to.deep.equal(['INVITE', 'ACK']);
    });
  }

  it('ends a call the carrier lets ring as no-answer (408 from the proxy, which cancels it)', async () => {
    const [alice, gateway] = await Promise.all([mountPhone('alice'), startGateway('no-answer')]);
    await dial(alice, NUMBER);
    await alice.events.waitFor('phone-call-ringing');
    expect(await ended(alice)).to.include({ reason: 'no-answer', by: 'remote', code: 408 });
    expect((await carrierReceived(gateway)).map(method)).to.deep.equal(['INVITE', 'CANCEL', 'ACK']);
  });

  it('sends every dialling form to the far end as the right request URI', async () => {
    const forms = [
      ['+14155551234', 'sip:+14155551234@example.test'], // E.164
      ['(415) 555-1234', 'sip:4155551234@example.test'], // national, with separators
      ['04 15 55 12 34', 'sip:0415551234@example.test'], // national, spaced in pairs
      ['105', 'sip:105@example.test'], // an extension nobody registered here
      ['sip:carol@other.test', 'sip:carol@other.test'], // another SIP domain
    ] as const;
    const [alice, gateway] = await Promise.all([
      mountPhone('alice'),
      startGateway('reject', { keys: { code: 486, reason: 'Busy Here' }, calls: forms.length }),
    ]);
    for (const [typed] of forms) {
      await dial(alice, typed);
      await ended(alice);
    }
    const invites = (await carrierReceived(gateway)).filter((request) => method(request) === 'INVITE');
    const requestUris = invites.map((invite) => invite.split(' ')[1]);
    expect(requestUris).to.deep.equal(forms.map(([, uri]) => uri));
  });
});
