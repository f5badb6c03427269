// Proves the test SIP server (test/sip/kamailio.cfg) with raw JsSIP user
// agents, independent of the product code: registration, digest auth, a call
// with audio both ways, hang-up, and the failure codes other tests rely on.
import { expect } from '@esm-bundle/chai';
import { UA, WebSocketInterface } from 'jssip';
import type { EndEvent, RTCSession } from 'jssip/lib/RTCSession';
import type { IncomingResponse } from 'jssip/lib/SIPMessage';
import type { RTCSessionEvent } from 'jssip/lib/UA';
import { inboundPackets, outboundPackets, sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';

const AUDIO_ONLY = { mediaConstraints: { audio: true, video: false } };

/** The next `event` from a JsSIP emitter, or a clear error after `timeout` ms. */
function nextEvent<T>(emitter: RTCSession | UA, event: string, timeout = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No "${event}" within ${timeout} ms`)), timeout);
    emitter.once(event, (data: T) => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

describe('test SIP server with raw JsSIP', () => {
  const { wsUrl, domain, password } = sipConfig();
  let started: UA[] = [];

  afterEach(() => {
    for (const ua of started) ua.stop();
    started = [];
  });

  /** Starts a registering UA; `registration` settles with the final REGISTER status. */
  function startUser(user: string, secret = password) {
    const ua = new UA({ sockets: [new WebSocketInterface(wsUrl)], uri: `sip:${user}@${domain}`, password: secret, register: true });
    const registration = new Promise<{ registered: boolean; status: number | undefined }>((resolve) => {
      ua.on('registered', (e) => resolve({ registered: true, status: e.response.status_code }));
      ua.on('registrationFailed', (e) => resolve({ registered: false, status: e.response?.status_code }));
    });
    started.push(ua);
    ua.start();
    return { ua, uri: `sip:${user}@${domain}`, registration };
  }

  /** Registers alice and bob, and connects a call from alice to bob. */
  async function connectCall() {
    const alice = startUser(uniqueUser('alice'));
    const bob = startUser(uniqueUser('bob'));
    expect(await alice.registration).to.deep.equal({ registered: true, status: 200 });
    expect(await bob.registration).to.deep.equal({ registered: true, status: 200 });

    // An outgoing session's 'peerconnection' fires before 'newRTCSession',
    // so take the connection from the session there.
    let alicePc: RTCPeerConnection | undefined;
    alice.ua.on('newRTCSession', (e: RTCSessionEvent) => {
      if (e.originator === 'local') alicePc = e.session.connection;
    });
    const incoming = nextEvent<RTCSessionEvent>(bob.ua, 'newRTCSession');
    const aliceSession = alice.ua.call(bob.uri, AUDIO_ONLY);
    const bobSession = (await incoming).session;
    expect(bobSession.direction).to.equal('incoming');

    const aliceConfirmed = nextEvent(aliceSession, 'confirmed');
    const bobConfirmed = nextEvent(bobSession, 'confirmed');
    bobSession.answer(AUDIO_ONLY);
    await Promise.all([aliceConfirmed, bobConfirmed]);
    if (!alicePc) throw new Error('alice has no RTCPeerConnection');
    return { aliceSession, bobSession, alicePc, bobPc: bobSession.connection };
  }

  it('registers two users, connects a call with audio both ways, and hangs up', async () => {
    const { aliceSession, bobSession, alicePc, bobPc } = await connectCall();

    for (const [name, pc] of [['alice', alicePc], ['bob', bobPc]] as const) {
      const before = await inboundPackets(pc);
      await waitFor(async () => (await inboundPackets(pc)) > before + 10, { message: `${name} to receive RTP` });
      expect(await outboundPackets(pc), `${name} packets sent`).to.be.greaterThan(0);
    }

    const aliceEnded = nextEvent<EndEvent>(aliceSession, 'ended');
    const bobEnded = nextEvent<EndEvent>(bobSession, 'ended');
    aliceSession.terminate();
    expect((await aliceEnded).originator).to.equal('local');
    const bobEnd = await bobEnded;
    expect([bobEnd.originator, bobEnd.cause]).to.deep.equal(['remote', 'Terminated']);
  });

  // Requests from the callee travel on the alias of the caller's INVITE
  // Contact; requests from the caller on the alias of the callee's 200 OK.
  it('carries in-dialog requests both ways: re-INVITE, INFO and BYE from the callee', async () => {
    const { aliceSession, bobSession } = await connectCall();

    const aliceHeld = nextEvent<{ originator: string }>(aliceSession, 'hold');
    const bobHeld = nextEvent<{ originator: string }>(bobSession, 'hold');
    bobSession.hold();
    expect([(await bobHeld).originator, (await aliceHeld).originator]).to.deep.equal(['local', 'remote']);

    // Not application/dtmf-relay: JsSIP reports that as 'newDTMF' instead.
    const info = nextEvent<{ originator: string; info: { body: string } }>(bobSession, 'newInfo');
    aliceSession.sendInfo('text/plain', 'ping');
    const received = await info;
    expect([received.originator, received.info.body]).to.deep.equal(['remote', 'ping']);

    const aliceEnded = nextEvent<EndEvent>(aliceSession, 'ended');
    bobSession.terminate();
    const aliceEnd = await aliceEnded;
    expect([aliceEnd.originator, aliceEnd.cause]).to.deep.equal(['remote', 'Terminated']);
  });

  it('rings every registration of a user and cancels the others when one answers', async () => {
    const user = uniqueUser('bob');
    const alice = startUser(uniqueUser('alice'));
    const desk = startUser(user);
    const mobile = startUser(user);
    await Promise.all([alice.registration, desk.registration, mobile.registration]);

    const deskRings = nextEvent<RTCSessionEvent>(desk.ua, 'newRTCSession');
    const mobileRings = nextEvent<RTCSessionEvent>(mobile.ua, 'newRTCSession');
    const aliceSession = alice.ua.call(desk.uri, AUDIO_ONLY);
    const [deskSession, mobileSession] = (await Promise.all([deskRings, mobileRings])).map((e) => e.session);

    const aliceConfirmed = nextEvent(aliceSession, 'confirmed');
    const deskFailed = nextEvent<EndEvent>(deskSession, 'failed');
    mobileSession.answer(AUDIO_ONLY);
    await aliceConfirmed;
    const cancelled = await deskFailed;
    expect([cancelled.originator, cancelled.cause]).to.deep.equal(['remote', 'Canceled']);
  });

  it('relays a CANCEL from the caller to the ringing callee', async () => {
    const alice = startUser(uniqueUser('alice'));
    const bob = startUser(uniqueUser('bob'));
    await Promise.all([alice.registration, bob.registration]);

    const rings = nextEvent<RTCSessionEvent>(bob.ua, 'newRTCSession');
    const aliceSession = alice.ua.call(bob.uri, AUDIO_ONLY);
    const bobSession = (await rings).session;
    // JsSIP only sends CANCEL once a provisional reply arrived (RFC 3261 9.1).
    await waitFor(() => aliceSession.status === aliceSession.C.STATUS_1XX_RECEIVED, { message: "alice's 180" });

    const aliceFailed = nextEvent<EndEvent>(aliceSession, 'failed');
    const bobFailed = nextEvent<EndEvent>(bobSession, 'failed');
    aliceSession.terminate();
    expect((await aliceFailed).cause).to.equal('Canceled');
    const cancelled = await bobFailed;
    expect([cancelled.originator, cancelled.cause]).to.deep.equal(['remote', 'Canceled']);
  });

  it('rejects a wrong password with 401', async () => {
    const mallory = startUser(uniqueUser('mallory'), 'not-the-password');
    expect(await mallory.registration).to.deep.equal({ registered: false, status: 401 });
  });

  it('answers a call to an unregistered user with 404', async () => {
    const alice = startUser(uniqueUser('alice'));
    expect((await alice.registration).registered).to.equal(true);

    const session = alice.ua.call(`sip:${uniqueUser('nobody')}@${domain}`, AUDIO_ONLY);
    const failed = await nextEvent<EndEvent>(session, 'failed');
    expect(failed.originator).to.equal('remote');
    expect((failed.message as IncomingResponse).status_code).to.equal(404);
  });
});
