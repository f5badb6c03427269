// Device choice: the dialer's settings popover, live switching during real calls
// (replaceTrack, no renegotiation), lists that follow devicechange, and a choice
// that is remembered unless the page opts out. Each browser's fake devices
// (test/helpers/browser.ts): Chromium has three microphones, one camera, three
// outputs; Firefox one microphone, one camera, two outputs.
import { expect } from '@esm-bundle/chai';
import type { SoftPhoneElement } from '../../src/components/soft-phone/soft-phone.js';
import { FAKE_DEVICES, isFirefox } from '../helpers/browser.js';
import { expectNoAxeViolations } from '../helpers/fake-phone.js';
import { connect, control, mountPhone, part, unmountAll, type TestPhone } from '../helpers/phones.js';
import { inboundPackets, outboundPackets, waitFor } from '../helpers/sip.js';
import { expectFramesDecoding, videoCall } from '../helpers/video.js';

const STORAGE_KEY = 'phone-elements:devices';

async function openSettings(phone: TestPhone): Promise<HTMLElement> {
  (await control<HTMLButtonElement>(phone, 'phone-dialer', 'settings-button')).click();
  return control(phone, 'phone-dialer', 'settings');
}

/** Picks `deviceId` in a device list, as a user does. */
function choose(select: HTMLSelectElement, deviceId: string): void {
  select.value = deviceId;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

function options(select: HTMLSelectElement): string[] {
  return [...select.options].map((option) => option.textContent!.trim());
}

/** A phone that is not configured: enough for its device settings, no server needed. */
async function unconfiguredPhone(attributes: Record<string, string> = {}): Promise<TestPhone> {
  return mountPhone('offline', { register: false, attributes: { server: '', uri: '', ...attributes } });
}

/**
 * Captures once and stops, as a page's first call would. Firefox tells a page the
 * device labels, and lists audio outputs at all, only once it has captured from them;
 * Chromium (fake UI, permission granted) tells them at once.
 */
async function captureOnce(): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
  stream.getTracks().forEach((track) => track.stop());
}

/** Where the ringtone can be routed: Web Audio's AudioContext.setSinkId (Chromium has it, Firefox not). */
const ringerRoutable = 'setSinkId' in AudioContext.prototype;

describe('device choice', () => {
  // Choices persist in the browser profile, which every test file shares.
  beforeEach(async () => {
    localStorage.removeItem(STORAGE_KEY);
    await captureOnce();
  });
  afterEach(async () => {
    await unmountAll();
    localStorage.removeItem(STORAGE_KEY);
  });

  it('lists the devices in labelled lists in a settings popover', async () => {
    const alice = await mountPhone('alice');
    const settings = await openSettings(alice);
    expect(settings.getAttribute('role')).to.equal('dialog');
    expect(settings.matches(':popover-open')).to.equal(true);
    const microphones = await control<HTMLSelectElement>(alice, 'phone-dialer', 'microphone-select');
    expect(options(microphones)).to.deep.equal(FAKE_DEVICES.microphones);
    expect(microphones.labels![0]!.textContent).to.equal('Microphone');
    // The first list takes the focus, for keyboard users.
    expect(alice.el.shadowRoot!.querySelector('phone-dialer')!.shadowRoot!.activeElement === microphones, 'focus on the first list').to.equal(true);
    expect(options(part<HTMLSelectElement>(alice, 'phone-dialer', 'camera-select')!)).to.deep.equal(FAKE_DEVICES.cameras);
    // Both browsers route a media element's sound (setSinkId): calls get an output list.
    expect(options(part<HTMLSelectElement>(alice, 'phone-dialer', 'speaker-select')!), 'speaker').to.deep.equal(FAKE_DEVICES.outputs);
    // The ringtone (Web Audio) gets one only where an AudioContext can be routed; elsewhere no list offers what cannot apply.
    const ringers = part<HTMLSelectElement>(alice, 'phone-dialer', 'ringer-select');
    if (ringerRoutable) expect(options(ringers!), 'ringer').to.deep.equal(FAKE_DEVICES.outputs);
    else expect(ringers, 'no ringer list without AudioContext.setSinkId').to.equal(null);
    expect(ringerRoutable, 'Chromium routes the ringtone, Firefox cannot').to.equal(!isFirefox);
    await expectNoAxeViolations(alice.el.shadowRoot!.querySelector('phone-dialer')!);
  });

  it('switches the microphone during a call with replaceTrack: no renegotiation, and RTP keeps flowing', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { callerCall, calleeCall } = await connect(alice, bob);
    const pc = callerCall.peerConnection!;
    const sender = pc.getSenders().find((candidate) => candidate.track?.kind === 'audio')!;
    const before = sender.track!;
    const descriptions = [pc.localDescription!.sdp, calleeCall.peerConnection!.localDescription!.sdp];
    const eventsBefore = [alice.events.events.length, bob.events.events.length];

    await openSettings(alice);
    const microphones = await control<HTMLSelectElement>(alice, 'phone-dialer', 'microphone-select');
    // Another microphone where the browser has one (Chromium). Firefox fakes just one: choosing
    // it again still opens it anew and swaps the track, as with the one camera below.
    const second = alice.el.controller.devices.options('microphone').find((device) => device.label === FAKE_DEVICES.microphones.at(isFirefox ? 0 : 1))!;
    choose(microphones, second.deviceId);
    const after = await waitFor(() => (sender.track !== before ? sender.track : null), { message: 'the sender to get the new microphone' });

    expect(after.id).not.to.equal(before.id);
    expect(after.getSettings().deviceId).to.equal(second.deviceId);
    expect(before.readyState).to.equal('ended');
    expect(callerCall.localStream!.getAudioTracks().every((track) => track === after), 'the call holds the new track').to.equal(true);
    // No re-INVITE: both sides keep their descriptions, and nothing but quality samples was reported.
    expect([pc.signalingState, calleeCall.peerConnection!.signalingState]).to.deep.equal(['stable', 'stable']);
    expect([pc.localDescription!.sdp, calleeCall.peerConnection!.localDescription!.sdp]).to.deep.equal(descriptions);
    const reported = [...alice.events.events.slice(eventsBefore[0]), ...bob.events.events.slice(eventsBefore[1])];
    expect(reported.map((event) => event.type).filter((type) => type !== 'phone-call-quality')).to.deep.equal([]);
    // The new microphone reaches Bob.
    const [sent, received] = [await outboundPackets(pc), await inboundPackets(calleeCall.peerConnection!)];
    await waitFor(async () => (await outboundPackets(pc)) > sent + 10 && (await inboundPackets(calleeCall.peerConnection!)) > received + 10, {
      message: 'RTP from the new microphone',
    });
    expect(alice.el.controller.devices.choice.microphone).to.equal(second.deviceId);
  });

  it('switches the camera during a video call: a new track, frames keep coming', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { outgoing, incoming } = await videoCall(alice, bob);
    const sender = outgoing.peerConnection!.getSenders().find((candidate) => candidate.track?.kind === 'video')!;
    const before = sender.track!;
    // There is one fake camera: choosing it again still reopens it and swaps the track.
    const [camera] = alice.el.controller.devices.options('camera');
    await alice.el.controller.selectDevice('camera', camera!.deviceId);
    expect(sender.track !== before, 'a new camera track').to.equal(true);
    expect(before.readyState).to.equal('ended');
    expect(outgoing.peerConnection!.signalingState).to.equal('stable');
    await expectFramesDecoding(incoming.peerConnection!, 'bob, from the new camera track');
    // The preview follows: it shows the call's stream, which now holds the new track.
    const preview = await control<HTMLVideoElement>(alice, 'phone-call', 'local-video');
    expect((preview.srcObject as MediaStream).getVideoTracks()[0] === sender.track, 'the preview shows the new track').to.equal(true);
  });

  it('follows devicechange: a microphone plugged in appears in the open list', async () => {
    const phone = await unconfiguredPhone();
    await openSettings(phone);
    const microphones = await control<HTMLSelectElement>(phone, 'phone-dialer', 'microphone-select');
    expect(options(microphones)).to.have.length(FAKE_DEVICES.microphones.length);
    const mediaDevices = navigator.mediaDevices;
    const enumerate = mediaDevices.enumerateDevices;
    const headset = { deviceId: 'usb-headset', groupId: 'usb', kind: 'audioinput', label: 'USB Headset', toJSON: () => ({}) } as MediaDeviceInfo;
    mediaDevices.enumerateDevices = async () => [...(await enumerate.call(mediaDevices)), headset];
    try {
      mediaDevices.dispatchEvent(new Event('devicechange'));
      await waitFor(() => options(microphones).includes('USB Headset'), { message: 'the new microphone in the list' });
    } finally {
      mediaDevices.enumerateDevices = enumerate;
    }
    mediaDevices.dispatchEvent(new Event('devicechange'));
    await waitFor(() => !options(microphones).includes('USB Headset'), { message: 'the unplugged microphone to leave the list' });
  });

  it('a device list that names no device for a moment loses no call its microphone', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { callerCall } = await connect(alice, bob);
    const sender = callerCall.peerConnection!.getSenders().find((candidate) => candidate.track?.kind === 'audio')!;
    const inUse = sender.track!;
    // What a browser may answer while it re-enumerates, or to a page it tells nothing.
    const mediaDevices = navigator.mediaDevices;
    const enumerate = mediaDevices.enumerateDevices;
    mediaDevices.enumerateDevices = async () => [];
    try {
      mediaDevices.dispatchEvent(new Event('devicechange'));
      await waitFor(() => alice.el.controller.devices.options('microphone').length === 0, { message: 'the empty list to be read' });
      // Longer than opening another microphone takes (~10 ms), were the call moved.
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      mediaDevices.enumerateDevices = enumerate;
    }
    expect(alice.events.types()).to.not.include('phone-device-lost');
    expect(sender.track).to.equal(inUse);
    expect(inUse.readyState).to.equal('live');
  });

  it('a headset unplugged mid-call: the call and the speaker move to the defaults, and phone-device-lost says so', async () => {
    const alice = await mountPhone('alice');
    const bob = await mountPhone('bob');
    const { callerCall, calleeCall } = await connect(alice, bob);
    const { controller } = alice.el;
    // A microphone other than the default where the browser fakes several (Chromium), and an output that is not the first.
    const headset = controller.devices.options('microphone').find((device) => device.label === FAKE_DEVICES.microphones.at(isFirefox ? 0 : 1))!;
    const earphones = controller.devices.options('speaker').find((device) => device.label === FAKE_DEVICES.outputs.at(-1))!;
    await controller.selectDevice('microphone', headset.deviceId);
    await controller.selectDevice('speaker', earphones.deviceId);
    const pc = callerCall.peerConnection!;
    const sender = pc.getSenders().find((candidate) => candidate.track?.kind === 'audio')!;
    const inUse = sender.track!;
    expect(inUse.getSettings().deviceId).to.equal(headset.deviceId);
    const descriptions = [pc.localDescription!.sdp, calleeCall.peerConnection!.localDescription!.sdp];

    // Chromium's fake devices cannot be unplugged: the browser's list loses them, and
    // devicechange fires, exactly as on a real unplug. The call and its media are real.
    const mediaDevices = navigator.mediaDevices;
    const enumerate = mediaDevices.enumerateDevices;
    const unplugged = new Set([headset.deviceId, earphones.deviceId]);
    mediaDevices.enumerateDevices = async () => (await enumerate.call(mediaDevices)).filter((device) => !unplugged.has(device.deviceId));
    try {
      mediaDevices.dispatchEvent(new Event('devicechange'));
      const lost = [await alice.events.waitFor('phone-device-lost'), await alice.events.waitFor('phone-device-lost')];
      expect(lost.map((event) => event.detail)).to.have.deep.members([
        { kind: 'microphone', deviceId: headset.deviceId },
        { kind: 'speaker', deviceId: earphones.deviceId },
      ]);
    } finally {
      mediaDevices.enumerateDevices = enumerate;
    }

    const now = sender.track!;
    expect(now !== inUse, 'a new microphone track').to.equal(true);
    expect(now.readyState).to.equal('live');
    // Firefox fakes one microphone: there the default is that device, opened anew.
    if (!isFirefox) expect(now.getSettings().deviceId).not.to.equal(headset.deviceId);
    expect(inUse.readyState).to.equal('ended');
    expect(controller.devices.choice).to.deep.equal({});
    // The stored choice stays for the next visit, when the headset may be back.
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).to.include({ microphone: headset.deviceId, speaker: earphones.deviceId });
    // No renegotiation, no hang-up, and Bob hears the default microphone.
    expect([pc.localDescription!.sdp, calleeCall.peerConnection!.localDescription!.sdp]).to.deep.equal(descriptions);
    expect([callerCall.state, calleeCall.state]).to.deep.equal(['established', 'established']);
    const received = await inboundPackets(calleeCall.peerConnection!);
    await waitFor(async () => (await inboundPackets(calleeCall.peerConnection!)) > received + 10, { message: 'RTP from the default microphone' });
  });

  it('remembers the choice for the next visit', async () => {
    // The ringer where the browser offers that list (Chromium); else the speaker (Firefox, see above).
    const kind = ringerRoutable ? 'ringer' : 'speaker';
    const first = await unconfiguredPhone();
    await openSettings(first);
    const lists = await control<HTMLSelectElement>(first, 'phone-dialer', `${kind}-select`);
    // The last device: never the browser's first, which shows anyway when nothing is chosen.
    const last = lists.options.length - 1;
    expect(last, 'more than one output to choose from').to.be.greaterThan(0);
    const chosen = lists.options[last]!.value;
    choose(lists, chosen);
    await waitFor(() => first.el.controller.devices.choice[kind] === chosen, { message: `the ${kind} chosen` });
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).to.deep.equal({ [kind]: chosen });

    const next = await unconfiguredPhone();
    expect(next.el.controller.devices.choice).to.deep.equal({ [kind]: chosen });
    await openSettings(next);
    const shown = await control<HTMLSelectElement>(next, 'phone-dialer', `${kind}-select`);
    await waitFor(() => shown.selectedIndex === last, { message: `the remembered ${kind} selected` });
  });

  it('does not remember it with forget-devices', async () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ microphone: 'from-an-earlier-visit' }));
    const phone = await unconfiguredPhone({ 'forget-devices': '' });
    await (phone.el as SoftPhoneElement).updateComplete;
    // Opting out also forgets what an earlier visit stored, and does not use it.
    expect(localStorage.getItem(STORAGE_KEY)).to.equal(null);
    expect(phone.el.controller.devices.choice).to.deep.equal({});
    await openSettings(phone);
    const speakers = await control<HTMLSelectElement>(phone, 'phone-dialer', 'speaker-select');
    choose(speakers, speakers.options[1]!.value);
    await waitFor(() => phone.el.controller.devices.choice.speaker === speakers.options[1]!.value, { message: 'the speaker chosen' });
    expect(localStorage.getItem(STORAGE_KEY)).to.equal(null);
  });
});
