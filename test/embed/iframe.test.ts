// The iframe embed end to end: dist/embed.html on another origin than this page
// (127.0.0.1 against localhost, same server), driven by phone-elements/host, making
// real calls to a phone on this page. Needs `npm run build` first (`npm test` does it).
import { expect } from '@esm-bundle/chai';
import { bridgeMessage, PROTOCOL, PROTOCOL_VERSION, type BridgeMessage, type FrameConfig } from '../../src/embed/bridge.js';
import { BridgeError } from '../../src/embed/host.js';
import type { CallEndedDetail, CallIncomingDetail, CallRecord, CallTryingDetail, PresenceDetail, RecordingStoppedDetail, RoomParticipantsDetail } from '../../src/events/phone-events.js';
import { destroyFrames, embed, onCleanup, OTHER_ORIGIN, type Embedded } from '../helpers/frames.js';
import { clickLink, uniqueNumber } from '../helpers/links.js';
import { decodeRecording } from '../helpers/recordings.js';
import { mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';
import { startGateway, stopFarEnds } from '../interop/far-ends.js';

const TURN_SECRET = 'turn-secret-never-posted';


/** Signs the embedded phone in from the host, with a TURN credential that must never come back out. */
async function signIn({ frame, events, user }: Embedded, settings: Partial<FrameConfig> = {}): Promise<void> {
  const { wsUrl, domain, password } = sipConfig();
  // Nothing listens there: ICE gives up on it after the gathering cap, and the call goes on.
  // Not a well-known port such as 9 (discard): Firefox refuses those in an RTCPeerConnection's
  // configuration ("uses a port that is blocked"). 25009 sits among the test servers' own
  // ports (Kamailio 25060, rtpengine 25222), where nothing else binds.
  const iceServers = [{ urls: 'turn:127.0.0.1:25009', username: 'turn-user', credential: TURN_SECRET }];
  await frame.configure({ server: wsUrl, uri: `sip:${user}@${domain}`, password, displayName: 'Embedded', iceServers, ...settings });
  await events.waitFor('phone-registered');
}

/** Every message this page receives, as JSON. */
function recordMessages(): string[] {
  const seen: string[] = [];
  const listener = (event: MessageEvent) => seen.push(JSON.stringify(event.data));
  addEventListener('message', listener);
  onCleanup(() => removeEventListener('message', listener));
  return seen;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('iframe embed: dist/embed.html and phone-elements/host', () => {
  afterEach(async () => {
    destroyFrames();
    await unmountAll();
    await stopFarEnds();
  });

  it('click-to-dial on the host places a real call through a frame on another origin; events reach the host; no credential leaves', async () => {
    const messages = recordMessages();
    const callee: TestPhone = await mountPhone('callee', { user: uniqueNumber() });
    const embedded = embed(OTHER_ORIGIN, { clickToDial: true });
    const { frame, events } = embedded;
    expect(frame.iframe.allow).to.equal('microphone; camera; autoplay');
    expect(new URL(frame.iframe.src).searchParams.get('origin')).to.equal(location.origin);
    await signIn(embedded);

    // A tel: link as a CRM shows it: separators and all.
    const digits = callee.user;
    expect(clickLink(`tel:${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`)).to.equal(true);
    const trying = await events.waitFor<CallTryingDetail>('phone-call-trying');
    expect(trying.detail.remote.user).to.equal(callee.user);
    const incoming = await callee.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    expect(incoming.detail.remote.displayName).to.equal('Embedded');
    await events.waitFor('phone-call-ringing');
    await callee.el.getCall(incoming.detail.callId)!.answer();
    await events.waitFor('phone-call-established');

    // The commands act on the current call and resolve once done; their events follow.
    await frame.mute();
    await events.waitFor('phone-call-muted');
    await frame.unmute();
    await events.waitFor('phone-call-unmuted');
    await frame.hold();
    await events.waitFor('phone-call-held');
    await frame.resume();
    await events.waitFor('phone-call-resumed');
    await frame.dtmf('1#');
    expect((await events.waitFor('phone-call-dtmf')).detail).to.include({ tones: '1#', direction: 'sent' });
    await frame.hangup(trying.detail.callId);
    const ended = await events.waitFor<CallEndedDetail>('phone-call-ended');
    expect(ended.detail).to.include({ callId: trying.detail.callId, reason: 'hangup', by: 'local' });
    // The call log's record crosses too, with the same end.
    const logged = await events.waitFor<CallRecord>('phone-call-logged');
    expect(logged.detail).to.include({ callId: trying.detail.callId, direction: 'outgoing', reason: 'hangup', by: 'local' });
    expect(events.types().indexOf('phone-call-logged')).to.equal(events.types().indexOf('phone-call-ended') + 1);
    expect((await callee.events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ reason: 'hangup', by: 'remote' });

    expect(events.types()).to.include.ordered.members(['phone-tab-role', 'phone-connecting', 'phone-connected', 'phone-registered', 'phone-call-trying']);
    const { password } = sipConfig();
    expect(messages.length).to.be.greaterThan(10);
    for (const message of messages) {
      expect(message).not.to.include(password);
      expect(message).not.to.include(TURN_SECRET);
    }
  });

  it('answers an incoming call from the host and replies to commands with results and errors', async () => {
    const caller = await mountPhone('caller');
    const embedded = embed(OTHER_ORIGIN);
    const { frame, events, user } = embedded;
    await signIn(embedded);

    const noCall = await frame.answer().catch((error: unknown) => error);
    expect(noCall).to.be.instanceOf(BridgeError).and.include({ code: 'invalid-state' });
    const badTarget = await frame.dial('bob<x>').catch((error: unknown) => error);
    expect(badTarget).to.include({ code: 'invalid-target' });
    const badConfig = await frame.configure({ server: 'http://127.0.0.1:9', uri: 'sip:x@example.test' }).catch((error: unknown) => error);
    expect(badConfig).to.include({ code: 'invalid-config' });
    expect(badConfig).to.have.property('message').that.matches(/"server"/);
    const { wsUrl, domain } = sipConfig();
    const good = { server: wsUrl, uri: `sip:${user}@${domain}` };
    const unknownSetting = await frame.configure({ ...good, volume: 11 } as never).catch((error: unknown) => error);
    expect(unknownSetting).to.include({ code: 'bad-request' });
    expect(unknownSetting).to.have.property('message').that.matches(/"volume"/);
    const badType = await frame.configure({ ...good, password: 42 as unknown as string }).catch((error: unknown) => error);
    expect(badType).to.include({ code: 'invalid-config' });
    expect(badType).to.have.property('message').that.matches(/"password"/);

    // Busy lamps over the bridge: this server is no presence server, so it routes the
    // SUBSCRIBE to the user, and nobody is registered as them: 404, the lamp is offline.
    const nobody = uniqueUser('nobody');
    expect(await frame.watch([nobody])).to.deep.equal({ watched: [`sip:${nobody}@${domain}`] });
    expect((await events.waitFor<PresenceDetail>('phone-presence')).detail).to.deep.equal({ user: nobody, uri: `sip:${nobody}@${domain}`, state: 'unknown' });
    expect((await events.waitFor<PresenceDetail>('phone-presence')).detail).to.include({ user: nobody, state: 'offline' });
    await frame.unwatch(nobody);
    const badUsers = await frame.watch(42 as never).catch((error: unknown) => error);
    expect(badUsers).to.include({ code: 'bad-request', message: '"users" must be a string or an array of strings' });

    const noSuchCall = await frame.record('no-such-call').catch((error: unknown) => error);
    expect(noSuchCall).to.include({ code: 'invalid-state', message: 'There is no call no-such-call' });

    await caller.el.call(user);
    const incoming = await events.waitFor<CallIncomingDetail>('phone-call-incoming');
    expect(incoming.detail.remote.user).to.equal(caller.user);
    const { callId: ringingId } = incoming.detail;
    const notAnswered = await frame.record(ringingId).catch((error: unknown) => error);
    expect(notAnswered).to.include({ code: 'invalid-state' });
    expect(notAnswered).to.have.property('message').that.matches(/not answered/);
    await frame.answer();
    await events.waitFor('phone-call-established');
    await caller.events.waitFor('phone-call-established');

    // Recording over the bridge: the Blob itself reaches the host, by structured clone.
    await frame.record(ringingId);
    expect((await events.waitFor('phone-recording-started')).detail).to.deep.equal({ callId: ringingId });
    await sleep(1500);
    await frame.stopRecording(ringingId);
    const { detail: recorded } = await events.waitFor<RecordingStoppedDetail>('phone-recording-stopped');
    expect(recorded).to.include({ callId: ringingId, channels: 2 });
    expect(recorded.recording).to.be.instanceOf(Blob);
    const decoded = await decodeRecording(recorded.recording);
    expect(decoded.channels).to.equal(2);
    // Firefox's recording ends up to ~0.25 s short of durationMs: audio still in the pipeline at the stop.
    expect(decoded.seconds * 1000).to.be.within(recorded.durationMs * 0.9 - 250, recorded.durationMs * 1.1);
    expect(recorded.durationMs).to.be.within(1400, 2500);
    caller.el.calls[0]!.hangup();
    expect((await events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ reason: 'hangup', by: 'remote' });

    const { callId } = await frame.dial(uniqueUser('nobody'));
    expect((await events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ callId, reason: 'failed', code: 404 });
  });

  it('joins a conference room from the host (sipp as the room server); its participants reach the host', async () => {
    const embedded = embed(OTHER_ORIGIN);
    const { frame, events } = embedded;
    const room = await startGateway('room', { echo: true, calls: 2 });
    await signIn(embedded, { roomUri: 'sip:{room}@conference.test' });
    const badRoom = await frame.joinRoom('').catch((error: unknown) => error);
    expect(badRoom).to.be.instanceOf(BridgeError).and.include({ code: 'invalid-target' });
    const badType = await frame.joinRoom(42 as unknown as string).catch((error: unknown) => error);
    expect(badType).to.include({ code: 'bad-request' });

    const { callId } = await frame.joinRoom('standup');
    expect((await events.waitFor<CallTryingDetail>('phone-call-trying')).detail.callId).to.equal(callId);
    await events.waitFor('phone-call-established', { timeout: 10_000 });
    // The room's NOTIFYs (full state, carol joins, bob leaves), as the host sees them.
    const lists: RoomParticipantsDetail[] = [];
    for (let i = 0; i < 3; i++) lists.push((await events.waitFor<RoomParticipantsDetail>('phone-room-participants', { timeout: 10_000 })).detail);
    expect(lists.map((list) => list.callId)).to.deep.equal([callId, callId, callId]);
    expect(lists.map((list) => list.participants.map(({ uri }) => uri.replace(/@.*/, '')))).to.deep.equal([
      ['sip:alice', 'sip:bob'],
      ['sip:alice', 'sip:bob', 'sip:carol'],
      ['sip:alice', 'sip:carol'],
    ]);
    await frame.hangup(callId);
    expect((await events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ callId, reason: 'hangup', by: 'local' });
    const { status, received, errors } = await room.finish(10_000);
    expect(status, `sipp failed:\n${errors}`).to.equal(0);
    expect(received.find((request) => request.startsWith('INVITE '))).to.match(/^INVITE sip:standup@conference\.test SIP\/2\.0\r?$/m);
  });

  it('signs in from its own form, fills its frame, and forwards events to the host', async () => {
    const embedded = embed(location.origin);
    const { frame, events, user } = embedded;
    await frame.ready;
    // One copy of the phone: the CDN bundle, plus the small script of the embed page
    // (the test server injects a script of its own, outside dist/).
    const resources = frame.iframe.contentWindow!.performance.getEntriesByType('resource');
    const scripts = resources.map((entry) => new URL(entry.name).pathname).filter((file) => file.startsWith('/dist/'));
    expect(scripts.sort()).to.deep.equal(['/dist/embed.js', '/dist/phone-elements.js']);
    const page = frame.iframe.contentDocument!;
    const form = page.querySelector('form')!;
    expect(form.hidden).to.equal(false);
    const { wsUrl, domain, password } = sipConfig();
    const fill = (name: string, value: string) => ((form.elements.namedItem(name) as HTMLInputElement).value = value);
    // What must be filled in comes from the settings table (CONFIG_FIELDS' `required`).
    const required = [...form.querySelectorAll('input')].filter((input) => input.required).map((input) => input.name);
    expect(required).to.deep.equal(['server', 'uri']);
    fill('server', 'http://127.0.0.1:9/');
    fill('uri', `sip:${user}@${domain}`);
    form.requestSubmit();
    expect(page.querySelector('output')!.value).to.match(/"server" must be a ws:\/\/ or wss:\/\/ URL/);
    fill('server', wsUrl);
    fill('password', password);
    form.requestSubmit();
    await events.waitFor('phone-registered');
    expect(form.hidden).to.equal(true);
    const phone = page.querySelector('soft-phone')!;
    expect(phone.hidden).to.equal(false);
    const { width, height } = phone.getBoundingClientRect();
    expect(width).to.equal(page.documentElement.clientWidth);
    expect(height).to.be.at.least(page.documentElement.clientHeight);
  });

  it('ignores messages from a third origin, from a host it does not allow, and malformed ones', async () => {
    const messages = recordMessages();
    const callee = await mountPhone('callee');
    const embedded = embed(OTHER_ORIGIN);
    const { frame, events } = embedded;
    await signIn(embedded);
    const target = frame.iframe.contentWindow!;
    const dial = (id: string) => bridgeMessage('dial', { target: callee.user }, id);

    // A sandboxed frame (an opaque origin, 'null') on this page tells the phone to dial,
    // and reports back anything the phone sends it.
    const third = document.createElement('iframe');
    third.sandbox.add('allow-scripts');
    third.srcdoc = `<script>
      addEventListener('message', (event) => parent.postMessage({ third: event.data }, '*'));
      const phone = parent.frames[0];
      for (const type of ['hello', 'dial']) {
        phone.postMessage({ protocol: '${PROTOCOL}', version: ${PROTOCOL_VERSION}, type, id: type, payload: { target: '${callee.user}' } }, '*');
      }
      parent.postMessage({ third: 'sent' }, '*');
    </script>`;
    const fromThird: unknown[] = [];
    const listener = (event: MessageEvent) => event.data?.third !== undefined && fromThird.push(event.data.third);
    addEventListener('message', listener);
    onCleanup(() => removeEventListener('message', listener), () => third.remove());
    expect(window.frames[0]).to.equal(target);
    document.body.append(third);
    await waitFor(() => fromThird.includes('sent'), { message: 'the third frame to post' });

    // Malformed messages from the allowed host: not ours, wrong version, bad fields.
    for (const junk of [null, 'dial', 42, { protocol: PROTOCOL }, { ...dial('v2'), version: 2 }, { ...dial('x'), id: 7 }, { ...dial('p'), payload: 'x' }]) {
      target.postMessage(junk, OTHER_ORIGIN);
    }
    await sleep(1500);
    expect(fromThird).to.deep.equal(['sent']);
    // Had the phone taken the third frame's commands, it would have replied to its host: us.
    expect(messages.filter((message) => /"id":"(hello|dial)"/.test(message))).to.deep.equal([]);
    expect(callee.events.types()).not.to.include('phone-call-incoming');
    expect(events.types()).not.to.include('phone-call-trying');

    // The phone still listens to its host.
    await frame.dial(callee.user);
    await callee.events.waitFor('phone-call-incoming');
    await frame.hangup();
    await events.waitFor('phone-call-ended');
  });

  it('acts on nothing from a host whose origin is not in its allow-list', async () => {
    const messages = recordMessages();
    const callee = await mountPhone('callee');
    // This page is not the origin the frame allows.
    const { frame } = embed(OTHER_ORIGIN, { src: `${OTHER_ORIGIN}/dist/embed.html?origin=${encodeURIComponent(OTHER_ORIGIN)}` });
    await new Promise((resolve) => frame.iframe.addEventListener('load', resolve, { once: true }));
    const { wsUrl, domain, password } = sipConfig();
    const post = (message: BridgeMessage) => frame.iframe.contentWindow!.postMessage(message, OTHER_ORIGIN);
    post(bridgeMessage('configure', { server: wsUrl, uri: `sip:${uniqueUser('frame')}@${domain}`, password }, '1'));
    post(bridgeMessage('dial', { target: callee.user }, '2'));
    await sleep(1500);
    expect(messages.filter((message) => message.includes(PROTOCOL))).to.deep.equal([]);
    expect(callee.events.types()).not.to.include('phone-call-incoming');
  });

  it('rejects waiting commands when destroyed', async () => {
    const { frame } = embed(OTHER_ORIGIN);
    await frame.ready;
    const pending = frame.hold().catch((error: unknown) => error);
    frame.destroy();
    expect(await pending).to.be.instanceOf(BridgeError);
    expect(frame.iframe.isConnected).to.equal(false);
  });
});
