// Version 2 of the iframe bridge, end to end: dist/embed.html driven by phone-elements/host
// (on another origin, or on this one where a test looks inside the frame), making real
// calls through the test Kamailio to phones on this page. A late host's state snapshot,
// every command version 2 brought and the version-1 commands no other test sends, a
// version-1 host speaking plain postMessage, and bad input. Needs `npm run build` first.
import { expect } from '@esm-bundle/chai';
import type { SoftPhoneElement } from '../../src/components/soft-phone/soft-phone.js';
import { BRIDGE_COMMANDS, type FrameConfig } from '../../src/embed/bridge.js';
import { attachPhone, BridgeError, type PhoneFrame } from '../../src/embed/host.js';
import type {
  CallEndedDetail,
  CallIncomingDetail,
  CallRecord,
  ConferenceCallDetail,
  ConferenceLeftDetail,
  ConferenceStartedDetail,
  RecordingStoppedDetail,
} from '../../src/events/phone-events.js';
import { PHONE_EVENT_NAMES } from '../../src/events/phone-events.js';
import { FAKE_DEVICES, isFirefox } from '../helpers/browser.js';
import { destroyFrames, embed, onCleanup, OTHER_ORIGIN, type Embedded } from '../helpers/frames.js';
import { recordEvents, type EventRecorder } from '../helpers/events.js';
import { mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';

const DEVICES_KEY = 'phone-elements:devices';


async function signIn({ frame, events, user }: Embedded, settings: Partial<FrameConfig> = {}): Promise<void> {
  const { wsUrl, domain, password } = sipConfig();
  await frame.configure({ server: wsUrl, uri: `sip:${user}@${domain}`, password, displayName: 'Agent', ...settings });
  await events.waitFor('phone-registered');
}

/** The call ringing on `phone` now (the next `phone-call-incoming`), as the engine has it. */
async function ringing(phone: TestPhone) {
  const { detail } = await phone.events.waitFor<CallIncomingDetail>('phone-call-incoming');
  return phone.el.getCall(detail.callId)!;
}

/** The next `phone-call-ended` of the call `callId` among `events`. */
function endOf(events: EventRecorder, callId: string): Promise<CallEndedDetail> {
  return waitFor(() => events.events.find((event) => event.type === 'phone-call-ended' && (event.detail as CallEndedDetail).callId === callId)?.detail as CallEndedDetail | undefined, {
    message: `call ${callId} to end`,
  });
}

/** The `<soft-phone>` inside a frame of this origin, to check what the commands did to it. */
function phoneIn(frame: PhoneFrame): SoftPhoneElement {
  return frame.iframe.contentDocument!.querySelector('soft-phone')!;
}

const failure = (promise: Promise<unknown>) => promise.then(
  () => null,
  (error: unknown) => error as BridgeError,
);

describe('iframe bridge version 2', () => {
  afterEach(async () => {
    destroyFrames();
    // The device test's choice is remembered by origin; no other test should inherit it.
    localStorage.removeItem(DEVICES_KEY);
    await unmountAll();
  });

  it('gives a host that attaches mid-call the state of every call, with what each can do now', async () => {
    const [bob, carol, dave] = await Promise.all([mountPhone('bob'), mountPhone('carol'), mountPhone('dave')]);
    const embedded = embed(OTHER_ORIGIN);
    const { frame, events, user } = embedded;
    await frame.ready;
    expect(frame.version).to.equal(2);
    expect(frame.state).to.include({ connection: 'disconnected', registration: 'unregistered', uri: '', dnd: false, autoAnswer: null });
    expect(frame.state!.calls).to.deep.equal([]);
    await signIn(embedded);

    // The first host talks to Bob, muted and recording; Carol's call waits, ringing.
    const { callId: bobCallId } = await frame.dial(bob.user);
    await (await ringing(bob)).answer();
    await events.waitFor('phone-call-established');
    await frame.mute();
    await frame.record();
    await events.waitFor('phone-recording-started');
    const carolCall = await carol.el.call(user);
    const { detail: waiting } = await events.waitFor<CallIncomingDetail>('phone-call-incoming');

    // Another script of the page takes the same frame over.
    const late = attachPhone(frame.iframe, { origin: OTHER_ORIGIN });
    const lateEvents = recordEvents(late, PHONE_EVENT_NAMES);
    onCleanup(() => lateEvents.stop());
    await late.ready;
    expect(late.version).to.equal(2);
    const state = late.state!;
    const { domain } = sipConfig();
    expect(state).to.include({ connection: 'connected', registration: 'registered', uri: `sip:${user}@${domain}`, dnd: false, autoAnswer: null });
    expect(state.conferences).to.deep.equal([]);
    // One answered call: nothing to merge yet.
    expect(state.mergeable).to.deep.equal([]);
    expect(state.calls.map((call) => call.callId)).to.deep.equal([bobCallId, waiting.callId]);
    const [talking, ringingHere] = state.calls;
    expect(talking).to.deep.include({ direction: 'outgoing', state: 'established', video: false, cameraOn: false, muted: true, heldBy: null, recording: true, transferring: false, conferenceId: null, consultationId: null, consultingFor: null, room: null });
    expect(talking!.remote).to.include({ user: bob.user });
    expect(talking!.answeredAt).to.be.a('number').within(Date.now() - 10_000, Date.now());
    expect(talking!.can).to.deep.equal({
      mute: true,
      hold: true,
      resume: false,
      sendDTMF: true,
      transfer: true,
      attendedTransfer: true,
      completeTransfer: false,
      addParticipant: true,
      record: false,
      stopRecording: true,
      forward: false,
    });
    expect(ringingHere).to.deep.include({ direction: 'incoming', state: 'incoming', muted: false, heldBy: null, recording: false, answeredAt: null });
    expect(ringingHere!.remote).to.include({ user: carol.user });
    expect(Object.entries(ringingHere!.can).filter(([, can]) => can).map(([action]) => action)).to.deep.equal(['forward']);

    // The late host drives the phone: it forwards Carol to Dave, and stops the recording.
    await late.forward(dave.user, waiting.callId);
    expect(await endOf(lateEvents, waiting.callId)).to.include({ reason: 'transferred', by: 'local', code: 302 });
    const atDave = await ringing(dave);
    expect(atDave.remote.user).to.equal(carol.user);
    await atDave.answer();
    // Carol's phone follows the 302 within the same call.
    await waitFor(() => carolCall.state === 'established', { message: "carol's call to reach dave" });
    await late.stopRecording();
    const { detail: recorded } = await lateEvents.waitFor<RecordingStoppedDetail>('phone-recording-stopped');
    expect(recorded).to.include({ callId: bobCallId, channels: 2 });
    expect(recorded.recording).to.be.instanceOf(Blob);
    // Both hosts hear every event; getState asks afresh.
    expect((await events.waitFor<RecordingStoppedDetail>('phone-recording-stopped')).detail.callId).to.equal(bobCallId);
    const now = await late.getState();
    expect(now.calls.map((call) => [call.callId, call.recording, call.muted])).to.deep.equal([[bobCallId, false, true]]);
    await late.hangup();
    expect(await endOf(events, bobCallId)).to.include({ reason: 'hangup', by: 'local' });
    expect((await lateEvents.waitFor<CallRecord>('phone-call-logged')).detail).to.include({ direction: 'incoming', reason: 'transferred' });
  });

  it('transfers attended, merges, and drives a conference from the host; registers and unregisters', async () => {
    const [bob, carol, dave] = await Promise.all([mountPhone('bob'), mountPhone('carol'), mountPhone('dave')]);
    const embedded = embed(OTHER_ORIGIN);
    const { frame, events } = embedded;
    await signIn(embedded);
    const { domain } = sipConfig();

    await frame.unregister();
    expect((await events.waitFor('phone-unregistered')).detail).to.deep.equal({ uri: `sip:${embedded.user}@${domain}` });
    expect((await frame.getState()).registration).to.equal('unregistered');
    await frame.register();
    await events.waitFor('phone-registered');

    // Attended transfer: Bob is held while the agent consults Carol, then Bob and Carol are connected.
    const { callId: original } = await frame.dial(bob.user);
    await (await ringing(bob)).answer();
    await events.waitFor('phone-call-established');
    const { callId: consultation } = await frame.attendedTransfer(carol.user);
    const carolWithAgent = await ringing(carol);
    await carolWithAgent.answer();
    await events.waitFor('phone-call-established');
    const pair = (await frame.getState()).calls;
    expect(pair.map((call) => [call.callId, call.heldBy, call.consultationId, call.consultingFor])).to.deep.equal([
      [original, 'local', consultation, null],
      [consultation, null, null, original],
    ]);
    expect(pair[0]!.can.completeTransfer).to.equal(true);
    await frame.completeTransfer(consultation);
    expect(await endOf(events, original)).to.include({ reason: 'transferred', by: 'local' });
    expect(await endOf(events, consultation)).to.include({ reason: 'transferred', by: 'local' });
    const replacement = await carol.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    expect(replacement.detail).to.include({ replaces: carolWithAgent.id });
    expect(replacement.detail.remote.user).to.equal(bob.user);
    await waitFor(() => carol.el.getCall(replacement.detail.callId)?.state === 'established', { message: 'bob and carol connected' });
    carol.el.getCall(replacement.detail.callId)!.hangup();

    // A conference: two answered calls merged, then everyone held, muted, recorded, one more added and dropped.
    const { callId: toBob } = await frame.dial(bob.user);
    const bobLeg = await ringing(bob);
    await bobLeg.answer();
    await waitFor(() => bobLeg.state === 'established', { message: "bob's leg" });
    const { callId: toCarol } = await frame.dial(carol.user);
    const carolLeg = await ringing(carol);
    await carolLeg.answer();
    await waitFor(async () => (await frame.getState()).mergeable.length === 2, { message: 'two calls to merge' });
    const { conferenceId } = await frame.merge();
    expect((await events.waitFor<ConferenceStartedDetail>('phone-conference-started')).detail).to.deep.equal({ conferenceId, callIds: [toBob, toCarol] });
    for (let i = 0; i < 2; i++) await events.waitFor<ConferenceCallDetail>('phone-conference-joined');
    const conference = () => frame.getState().then((state) => state.conferences.find((candidate) => candidate.conferenceId === conferenceId)!);
    // In the order they joined: Bob's call, held when Carol was dialled, is resumed first, so it may come second.
    const { callIds, ...flags } = await conference();
    expect(callIds).to.have.members([toBob, toCarol]);
    expect(flags).to.deep.equal({ conferenceId, joining: [], held: false, muted: false, recording: false });

    await frame.muteConference(conferenceId);
    expect(await conference()).to.include({ muted: true });
    await frame.unmuteConference();
    expect(await conference()).to.include({ muted: false });
    await frame.holdConference();
    await bob.events.waitFor('phone-call-held');
    await carol.events.waitFor('phone-call-held');
    expect(await conference()).to.include({ held: true });
    await frame.resumeConference(conferenceId);
    await bob.events.waitFor('phone-call-resumed');
    await carol.events.waitFor('phone-call-resumed');
    await frame.recordConference();
    expect((await events.waitFor('phone-recording-started')).detail).to.deep.equal({ conferenceId });
    await frame.stopRecordingConference(conferenceId);
    const { detail: recorded } = await events.waitFor<RecordingStoppedDetail>('phone-recording-stopped');
    expect(recorded).to.include({ conferenceId, channels: 2 });
    expect(recorded.recording).to.be.instanceOf(Blob);

    expect(await frame.addParticipant(dave.user, { conferenceId })).to.deep.equal({ conferenceId });
    await (await ringing(dave)).answer();
    const { detail: daveJoined } = await events.waitFor<ConferenceCallDetail>('phone-conference-joined');
    expect((await conference()).callIds).to.deep.equal([...callIds, daveJoined.callId]);
    await frame.removeParticipant(daveJoined.callId);
    expect((await events.waitFor<ConferenceLeftDetail>('phone-conference-left')).detail).to.deep.equal({ conferenceId, callId: daveJoined.callId, reason: 'removed' });
    expect((await dave.events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ reason: 'hangup', by: 'remote' });

    await frame.hangupConference(conferenceId);
    expect((await events.waitFor('phone-conference-ended')).detail).to.deep.equal({ conferenceId });
    expect(await endOf(events, toBob)).to.include({ reason: 'hangup', by: 'local' });
    expect(await endOf(events, toCarol)).to.include({ reason: 'hangup', by: 'local' });
    await waitFor(async () => (await frame.getState()).calls.length === 0, { message: 'every call to end' });

    // A conference started at once: one call of ours, one target dialled.
    const { callId: again } = await frame.dial(bob.user);
    await (await ringing(bob)).answer();
    await waitFor(async () => (await frame.getState()).calls[0]?.state === 'established', { message: 'the call to bob' });
    const group = await frame.conference({ callIds: [again], targets: [carol.user] });
    await (await ringing(carol)).answer();
    const started = (await events.waitFor<ConferenceStartedDetail>('phone-conference-started')).detail;
    expect(started.conferenceId).to.equal(group.conferenceId);
    expect(started.callIds[0]).to.equal(again);
    for (let i = 0; i < 2; i++) await events.waitFor<ConferenceCallDetail>('phone-conference-joined');
    await frame.hangupConference();
    expect((await events.waitFor('phone-conference-ended')).detail).to.deep.equal(group);
  });

  it('switches the microphone, the camera, do not disturb and auto-answer from the host; transfers blind, rejects', async () => {
    const [bob, carol] = await Promise.all([mountPhone('bob'), mountPhone('carol')]);
    // On this page's origin, so that the test can look at the frame's own calls.
    const embedded = embed(location.origin);
    const { frame, events, user } = embedded;
    await signIn(embedded);

    await frame.setDnd(true);
    expect((await events.waitFor('phone-dnd')).detail).to.deep.equal({ on: true });
    expect((await frame.getState()).dnd).to.equal(true);
    const refused = await carol.el.call(user);
    expect(await endOf(carol.events, refused.id)).to.include({ reason: 'busy', code: 486 });
    await frame.setDnd(false);
    expect((await events.waitFor('phone-dnd')).detail).to.deep.equal({ on: false });

    await frame.setAutoAnswer(0);
    expect((await frame.getState()).autoAnswer).to.equal(0);
    const answeredByItself = await carol.el.call(user);
    expect((await events.waitFor<CallIncomingDetail>('phone-call-incoming')).detail).to.include({ autoAnswer: 0 });
    await waitFor(() => answeredByItself.state === 'established', { message: 'the call to be answered by itself' });
    await frame.setAutoAnswer(null);

    // The call captures: the browser now names its microphones.
    const devices = await frame.listDevices();
    expect(Object.keys(devices).sort()).to.deep.equal(['camera', 'microphone', 'ringer', 'selected', 'speaker']);
    expect(devices.microphone.map((device) => device.label)).to.include.members(FAKE_DEVICES.microphones);
    const other = devices.microphone.find((device) => device.label === FAKE_DEVICES.microphones.at(isFirefox ? 0 : 1))!;
    const [agentCall] = phoneIn(frame).calls;
    const sender = agentCall!.peerConnection!.getSenders().find((candidate) => candidate.track?.kind === 'audio')!;
    const before = sender.track!;
    await frame.selectDevice('microphone', other.deviceId);
    const after = await waitFor(() => (sender.track !== before ? sender.track : null), { message: 'the call to take the new microphone' });
    expect(after.getSettings().deviceId).to.equal(other.deviceId);
    expect((await frame.listDevices()).selected).to.include({ microphone: other.deviceId });

    // Blind transfer of Carol to Bob: Carol's phone calls Bob itself.
    await frame.transfer(bob.user);
    expect(await endOf(events, agentCall!.id)).to.include({ reason: 'transferred', by: 'local' });
    expect((await events.waitFor('phone-call-transferred')).detail).to.include({ callId: agentCall!.id });
    const transferred = await ringing(bob);
    expect(transferred.remote.user).to.equal(carol.user);
    transferred.reject();

    const turnedAway = await bob.el.call(user);
    await events.waitFor<CallIncomingDetail>('phone-call-incoming');
    await frame.reject(undefined, 'busy');
    expect(await endOf(bob.events, turnedAway.id)).to.include({ reason: 'busy', code: 486 });

    // The camera of a video call, off and on again.
    const { callId: videoCallId } = await frame.dial(bob.user, { video: true });
    await (await ringing(bob)).answer({ video: true });
    const videoCall = phoneIn(frame).getCall(videoCallId)!;
    await waitFor(() => videoCall.state === 'established', { message: 'the video call' });
    expect((await frame.getState()).calls[0]).to.include({ video: true, cameraOn: true });
    await frame.setCamera(false);
    expect(videoCall.localStream!.getVideoTracks().map((track) => track.enabled)).to.deep.equal([false]);
    expect((await frame.getState()).calls[0]).to.include({ cameraOn: false });
    await frame.setCamera(true, videoCallId);
    expect(videoCall.localStream!.getVideoTracks().map((track) => track.enabled)).to.deep.equal([true]);
    await frame.hangup();
  });

  it('still serves a version-1 host speaking plain postMessage', async () => {
    const bob = await mountPhone('bob');
    const { wsUrl, domain, password } = sipConfig();
    const user = uniqueUser('v1');
    // Exactly what a version-1 host sends, as README's version-1 example: no helper, no constants of ours.
    const iframe = document.createElement('iframe');
    iframe.src = `${OTHER_ORIGIN}/dist/embed.html?origin=${encodeURIComponent(location.origin)}`;
    iframe.allow = 'microphone; camera; autoplay';
    const received: Array<{ type: string; id?: string; payload?: any; version: number; protocol: string }> = [];
    const listener = (event: MessageEvent) => event.source === iframe.contentWindow && event.origin === OTHER_ORIGIN && received.push(event.data);
    addEventListener('message', listener);
    onCleanup(() => removeEventListener('message', listener), () => iframe.remove());
    const send = (type: string, id?: string, payload?: object) => iframe.contentWindow!.postMessage({ protocol: 'phone-elements', version: 1, type, id, payload }, OTHER_ORIGIN);
    const reply = (id: string) => waitFor(() => received.find((message) => message.id === id), { message: `the reply to ${id}` });
    const event = (name: string) => waitFor(() => received.find((message) => message.type === 'event' && message.payload.name === name), { message: name });
    iframe.addEventListener('load', () => send('hello', 'h'), { once: true });
    document.body.append(iframe);

    // Answered as a version-1 frame answers, plus the versions it also speaks: no state.
    expect((await reply('h')).payload).to.deep.equal({ versions: [1, 2] });
    send('configure', 'c', { server: wsUrl, uri: `sip:${user}@${domain}`, password });
    expect(await reply('c')).to.deep.include({ type: 'result' });
    await event('phone-registered');
    send('dial', 'd', { target: bob.user });
    const dialled = await reply('d');
    expect(dialled.type).to.equal('result');
    const callId: string = dialled.payload.callId;
    await (await ringing(bob)).answer();
    expect((await event('phone-call-established')).payload.detail).to.deep.equal({ callId });
    send('hold', 'o', {});
    expect((await reply('o')).type).to.equal('result');
    send('hangup', 'x', { callId });
    expect((await reply('x')).type).to.equal('result');
    expect((await event('phone-call-ended')).payload.detail).to.include({ callId, reason: 'hangup', by: 'local' });
    expect(received.every((message) => message.protocol === 'phone-elements' && message.version === 1)).to.equal(true);
  });

  it('answers bad input with an error reply and never throws in the frame', async () => {
    const embedded = embed(location.origin);
    const { frame } = embedded;
    await frame.ready;
    const thrown: string[] = [];
    const frameWindow = frame.iframe.contentWindow!;
    frameWindow.addEventListener('error', (event) => thrown.push(event.message));
    frameWindow.addEventListener('unhandledrejection', (event) => thrown.push(String(event.reason)));
    await signIn(embedded);

    const refusals = await Promise.all([
      failure(frame.send('fly' as never, {} as never)),
      failure(frame.attendedTransfer(42 as never)),
      failure(frame.selectDevice('toaster' as never, 'x')),
      failure(frame.selectDevice('microphone', 'no-such-device')),
      failure(frame.removeParticipant(undefined as never)),
      failure(frame.addParticipant('bob', { conferenceId: 7 as never })),
      failure(frame.send('setDnd', [] as never)),
      failure(frame.completeTransfer()),
      failure(frame.merge()),
      failure(frame.holdConference('conference-none')),
      failure(frame.hangupConference()),
    ]);
    expect(refusals.map((error) => error && [error.code, error.message])).to.deep.equal([
      ['unknown-command', 'Unknown command "fly"'],
      ['bad-request', '"target" must be a string'],
      ['bad-request', '"kind" must be "microphone" or "camera" or "speaker" or "ringer"'],
      ['bad-request', 'The browser lists no microphone "no-such-device"'],
      ['bad-request', '"callId" must be a string'],
      ['bad-request', '"conferenceId" must be a string'],
      ['bad-request', '"on" must be a boolean'],
      ['invalid-state', 'There is no call to complete the transfer of'],
      ['invalid-state', 'Nothing to merge: it takes two answered calls, or one and a conference'],
      ['invalid-state', 'There is no conference conference-none'],
      ['invalid-state', 'There is no conference to hang up'],
    ]);
    expect(refusals.every((error) => error instanceof BridgeError)).to.equal(true);
    // Every command of the table is a method of the host, so none needs `send`.
    for (const command of Object.keys(BRIDGE_COMMANDS)) expect(frame, command).to.respondTo(command);
    // The phone still works, and nothing was thrown inside the frame.
    expect((await frame.getState()).registration).to.equal('registered');
    expect(thrown).to.deep.equal([]);
  });
});
