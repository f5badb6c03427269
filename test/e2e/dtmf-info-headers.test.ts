// DTMF by SIP INFO and X- headers, against a raw JsSIP peer: it can strip
// telephone-event from its answer (like a carrier that only does INFO) and it
// shows us exactly what reached it on the wire.
import { expect } from '@esm-bundle/chai';
import { UA, WebSocketInterface } from 'jssip';
import type { RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingRequest } from 'jssip/lib/SIPMessage';
import type { RTCSessionEvent } from 'jssip/lib/UA';
import type { CallDtmfDetail } from '../../src/events/phone-events.js';
import { mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';

/** Removes telephone-event from an SDP, so the other side cannot send RFC 4733. */
function withoutTelephoneEvent(sdp: string): string {
  const payloads = [...sdp.matchAll(/^a=rtpmap:(\d+) telephone-event\/\d+\r?$/gm)].map((match) => match[1]);
  return sdp
    .split('\r\n')
    .filter((line) => !payloads.some((pt) => line.startsWith(`a=rtpmap:${pt} `) || line.startsWith(`a=fmtp:${pt} `)))
    .map((line) => (line.startsWith('m=audio') ? line.split(' ').filter((field, index) => index < 3 || !payloads.includes(field)).join(' ') : line))
    .join('\r\n');
}

interface RawPeer {
  user: string;
  ua: UA;
  session: () => Promise<{ session: RTCSession; request: IncomingRequest }>;
  dtmf: string[];
}

/** A registered raw JsSIP phone that answers every call, without telephone-event. */
async function rawPeer(): Promise<RawPeer> {
  const { wsUrl, domain, password } = sipConfig();
  const user = uniqueUser('raw');
  const ua = new UA({ sockets: [new WebSocketInterface(wsUrl)], uri: `sip:${user}@${domain}`, password, register: true });
  const dtmf: string[] = [];
  const incoming = new Promise<{ session: RTCSession; request: IncomingRequest }>((resolve) => {
    ua.on('newRTCSession', ({ originator, session, request }: RTCSessionEvent) => {
      if (originator !== 'remote') return;
      session.on('sdp', (event) => {
        if (event.originator === 'local') event.sdp = withoutTelephoneEvent(event.sdp);
      });
      session.on('newDTMF', (event: { originator: string; dtmf: { tone: string } }) => {
        if (event.originator === 'remote') dtmf.push(event.dtmf.tone);
      });
      session.answer({ mediaConstraints: { audio: true, video: false } });
      resolve({ session, request: request as IncomingRequest });
    });
  });
  const registered = new Promise((resolve) => ua.on('registered', resolve));
  ua.start();
  await registered;
  return { user, ua, session: () => incoming, dtmf };
}

describe('DTMF by SIP INFO, and X- headers', () => {
  let alice: TestPhone;
  let peer: RawPeer;

  beforeEach(async () => {
    [alice, peer] = await Promise.all([mountPhone('alice'), rawPeer()]);
  });
  afterEach(async () => {
    peer.ua.stop();
    await unmountAll();
  });

  it('falls back to INFO towards a peer without telephone-event, and receives INFO DTMF', async () => {
    const call = await alice.el.call(peer.user);
    await waitFor(() => call.state === 'established', { message: 'the call to connect' });
    call.sendDTMF('12#');
    await waitFor(() => peer.dtmf.length === 3, { message: 'three INFO tones at the peer' });
    expect(peer.dtmf).to.deep.equal(['1', '2', '#']);

    const { session } = await peer.session();
    session.sendDTMF('5', { transportType: 'INFO' } as never);
    const received = await alice.events.waitFor<CallDtmfDetail>('phone-call-dtmf');
    expect(received.detail).to.deep.equal({ callId: call.id, tones: '12#', direction: 'sent' });
    const arrived = await alice.events.waitFor<CallDtmfDetail>('phone-call-dtmf');
    expect(arrived.detail).to.deep.equal({ callId: call.id, tones: '5', direction: 'received' });
  });

  it('sends X- headers to the far end', async () => {
    await alice.el.call(peer.user, { headers: { 'X-Account': '42', 'X-Ticket': 'T-7 urgent' } });
    const { request } = await peer.session();
    expect([request.getHeader('X-Account'), request.getHeader('X-Ticket')]).to.deep.equal(['42', 'T-7 urgent']);
  });

  it('refuses headers that are not X- or that carry line breaks, sending nothing', async () => {
    const bad: Array<Record<string, string>> = [{ Via: 'evil' }, { 'X-Evil': 'a\r\nVia: b' }, { 'X-Bad Name': 'x' }, { 'X-Long': 'x'.repeat(2000) }];
    for (const headers of bad) {
      const error = await alice.el.call(peer.user, { headers }).catch((failure: unknown) => failure);
      expect(error, JSON.stringify(headers)).to.have.property('code', 'invalid-header');
    }
    expect(alice.events.types().filter((type) => type.startsWith('phone-call-'))).to.deep.equal([]);
  });
});
