// The script of far-page.html: `window.far`, what test/sip/far-browser.mjs calls to
// mount real <soft-phone>s in this (the far) browser and drive their calls. Every
// function takes and returns plain JSON, as the commands carry it across browsers.
import '../../src/define.js';
import type { SoftPhoneElement } from '../../src/components/soft-phone/soft-phone.js';
import { PHONE_EVENT_NAMES } from '../../src/events/phone-events.js';
import { recordEvents, type EventRecorder } from '../helpers/events.js';
import { toneLevels } from '../helpers/tones.js';
import { waitFor } from '../helpers/sip.js';

export interface FarMount {
  server: string;
  uri: string;
  password: string;
  attributes?: Record<string, string>;
}

/** What getStats() says about one call's media so far. */
export interface FarStats {
  audioPacketsReceived: number;
  audioPacketsSent: number;
  framesDecoded: number;
}

/** Per call: the tones its RTCDTMFSender played, in order ('' after the last of a run). */
const played = new Map<string, string[]>();

const telephoneEvent = (sdp = '') => /a=rtpmap:\d+ telephone-event\//i.test(sdp);

const phones = new Map<string, { el: SoftPhoneElement; events: EventRecorder }>();

function phone(user: string) {
  const found = phones.get(user);
  if (!found) throw new Error(`far page: no phone ${user} (mounted: ${[...phones.keys()].join(', ') || 'none'})`);
  return found;
}

/** The call `callId`, or the phone's newest call that has not ended. */
function callOf(user: string, callId?: string) {
  const { el } = phone(user);
  const call = callId ? el.getCall(callId) : el.calls.at(-1);
  if (!call) throw new Error(`far page: ${user} has no call ${callId ?? ''}`.trim());
  return call;
}

const far = {
  /** Mounts a phone and resolves once it registered. */
  async mount(user: string, { server, uri, password, attributes = {} }: FarMount): Promise<string> {
    const el = document.createElement('soft-phone');
    const events = recordEvents(el, PHONE_EVENT_NAMES);
    el.setAttribute('server', server);
    el.setAttribute('uri', uri);
    el.password = password;
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    document.body.append(el);
    phones.set(user, { el, events });
    await events.waitFor('phone-registered', { timeout: 10_000 });
    return user;
  },
  async call(user: string, target: string, { video = false } = {}): Promise<string> {
    return (await phone(user).el.call(target, { video })).id;
  },
  /** Answers the call that rings (waiting for it to ring); resolves with its id. */
  async answer(user: string, { video }: { video?: boolean } = {}): Promise<string> {
    const { el } = phone(user);
    const ringing = await waitFor(() => el.calls.find((call) => call.state === 'incoming'), { message: `${user} to ring` });
    await ringing.answer(video === undefined ? {} : { video });
    return ringing.id;
  },
  async hold(user: string, callId?: string): Promise<void> {
    await callOf(user, callId).hold();
  },
  async resume(user: string, callId?: string): Promise<void> {
    await callOf(user, callId).resume();
  },
  /** Sends DTMF, recording what the call's RTCDTMFSender plays into RTP (see dtmfPlayed). */
  sendDTMF(user: string, tones: string, callId?: string): void {
    const call = callOf(user, callId);
    const dtmf = call.peerConnection?.getSenders().find((sender) => sender.track?.kind === 'audio')?.dtmf;
    if (dtmf && !played.has(call.id)) {
      const tonesPlayed: string[] = [];
      played.set(call.id, tonesPlayed);
      dtmf.addEventListener('tonechange', (event) => tonesPlayed.push((event as RTCDTMFToneChangeEvent).tone));
    }
    call.sendDTMF(tones);
  },
  dtmfPlayed(_user: string, callId: string): string[] {
    return played.get(callId) ?? [];
  },
  async transfer(user: string, target: string, callId?: string): Promise<void> {
    await callOf(user, callId).transfer(target);
  },
  hangup(user: string, callId?: string): void {
    callOf(user, callId).hangup();
  },
  /** Every call of the phone: id, state, who holds it, whom it is with. */
  calls(user: string) {
    return phone(user).el.calls.map((call) => ({
      id: call.id,
      state: call.state,
      heldBy: call.heldBy,
      video: call.video,
      remote: call.remote.user,
      audioDirection:
        call.peerConnection?.getTransceivers().find((transceiver) => transceiver.receiver.track.kind === 'audio')?.currentDirection ?? null,
      telephoneEvent:
        telephoneEvent(call.peerConnection?.localDescription?.sdp) && telephoneEvent(call.peerConnection?.remoteDescription?.sdp),
    }));
  },
  /** Every phone-* event the phone fired, in order, with its detail as JSON. */
  events(user: string) {
    return JSON.parse(JSON.stringify(phone(user).events.events));
  },
  async stats(user: string, callId?: string): Promise<FarStats> {
    const pc = callOf(user, callId).peerConnection;
    const stats: FarStats = { audioPacketsReceived: 0, audioPacketsSent: 0, framesDecoded: 0 };
    (await pc?.getStats())?.forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') stats.audioPacketsReceived += report.packetsReceived ?? 0;
      if (report.type === 'outbound-rtp' && report.kind === 'audio') stats.audioPacketsSent += report.packetsSent ?? 0;
      if (report.type === 'inbound-rtp' && report.kind === 'video') stats.framesDecoded += report.framesDecoded ?? 0;
    });
    return stats;
  },
  /** Removes every phone (each unregisters) and waits for their sockets to close. */
  async reset(): Promise<void> {
    const all = [...phones.values()];
    phones.clear();
    played.clear();
    for (const { el } of all) el.remove();
    await waitFor(() => all.every(({ el }) => el.controller.connection === 'disconnected'), { message: 'far phones to disconnect' });
    all.forEach(({ events }) => events.stop());
  },
  /** How far each frequency stands above its local floor (dB) in what the call receives. */
  async toneLevels(user: string, callId: string | undefined, frequencies: number[]): Promise<number[]> {
    const stream = callOf(user, callId).remoteStream;
    if (!stream) throw new Error(`far page: ${user}'s call has no remote stream`);
    return toneLevels(stream, frequencies);
  },
  /** What browser this is, for the test's messages. */
  userAgent: () => navigator.userAgent,
};

export type FarApi = typeof far;
Object.assign(window, { far });
