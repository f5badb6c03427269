/**
 * The frame's side of the iframe bridge (protocol in bridge.ts): obeys the host's
 * commands, forwards every `phone-*` event to it, and answers `hello` with the phone's state.
 *
 * It imports the library only through its public entry (`../index.js`): in `dist/` that
 * is the CDN bundle the embed page has already loaded, so the frame holds one copy of
 * the phone, and `instanceof PhoneError` sees the errors that copy throws.
 */
import type { SoftPhoneElement } from '../components/soft-phone/soft-phone.js';
import type { PhoneConference } from '../engine/conference.js';
import type { ConfigKey, PhoneConfig } from '../engine/config.js';
import type { DeviceKind } from '../engine/media/devices.js';
import type { PhoneCall } from '../engine/phone-call.js';
import { CALL_ACTIONS, CONFIG_FIELDS, CONFIG_KEYS, PHONE_EVENT_NAMES, PhoneError } from '../index.js';
import {
  BRIDGE_COMMANDS,
  BridgeError,
  bridgeMessage,
  parseMessage,
  PROTOCOL_VERSIONS,
  type BridgeCommand,
  type BridgeCommands,
  type BridgeMessage,
  type CallSnapshot,
  type ErrorPayload,
  type FieldRule,
  type HelloPayload,
  type PhoneSnapshot,
  type ReadyPayload,
} from './bridge.js';

type Payload = Record<string, unknown>;

/** How a value of a rule's alternative reads in an error message. */
const WORDS: Record<string, string> = { string: 'a string', boolean: 'a boolean', number: 'a number', object: 'an object', null: 'null', 'string[]': 'an array of strings' };

function fits(value: unknown, alternative: string): boolean {
  if (alternative.startsWith("'")) return value === alternative.slice(1, -1);
  if (alternative === 'null') return value === null;
  if (alternative === 'string[]') return Array.isArray(value) && value.every((item) => typeof item === 'string');
  if (alternative === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
  return typeof value === alternative;
}

/** Checks a payload against its command's rules (BRIDGE_COMMANDS): a misfit is a `bad-request` naming the field. */
function check(payload: Payload, rules: Readonly<Record<string, FieldRule>>): void {
  for (const [name, rule] of Object.entries(rules)) {
    const value = payload[name];
    if (value === undefined && rule.startsWith('?')) continue;
    const alternatives = rule.replace('?', '').split('|');
    if (!alternatives.some((alternative) => fits(value, alternative))) {
      const words = alternatives.map((alternative) => WORDS[alternative] ?? alternative.replaceAll("'", '"'));
      throw new BridgeError('bad-request', `"${name}" must be ${words.join(' or ')}`);
    }
  }
}

/** A `configure` payload as settings: only names of CONFIG_FIELDS; the phone validates the values. */
function settings(payload: Payload): PhoneConfig {
  const unknown = Object.keys(payload).find((key) => !CONFIG_KEYS.includes(key as ConfigKey));
  if (unknown !== undefined) throw new BridgeError('bad-request', `"${unknown}" is not a setting of the phone`);
  return payload as unknown as PhoneConfig;
}

/**
 * The call a command means: the one `callId` names, else the newest one that `fits`,
 * else the newest call. `answer` and `reject` mean the ringing one, `resume` the one we
 * hold, anything else the one we talk on.
 */
function pickCall(phone: SoftPhoneElement, callId: string | undefined, fits: (call: PhoneCall) => boolean, action: string): PhoneCall {
  const calls = [...phone.calls].reverse();
  const call = callId === undefined ? (calls.find(fits) ?? calls[0]) : phone.getCall(callId);
  if (!call) throw new PhoneError('invalid-state', callId === undefined ? `There is no call to ${action}` : `There is no call ${callId}`);
  return call;
}
const ringing = (call: PhoneCall) => call.state === 'incoming';
const talking = (call: PhoneCall) => call.heldBy !== 'local';

/** The conference `conferenceId` names, else the newest one. */
function pickConference(phone: SoftPhoneElement, conferenceId: string | undefined, action: string): PhoneConference {
  const conference = conferenceId === undefined ? phone.conferences.at(-1) : phone.getConference(conferenceId);
  if (!conference) throw new PhoneError('invalid-state', conferenceId === undefined ? `There is no conference to ${action}` : `There is no conference ${conferenceId}`);
  return conference;
}

function callSnapshot(call: PhoneCall): CallSnapshot {
  return {
    callId: call.id,
    direction: call.direction,
    state: call.state,
    remote: { ...call.remote },
    video: call.video,
    cameraOn: call.cameraOn,
    muted: call.muted,
    heldBy: call.heldBy,
    recording: call.recording,
    answeredAt: call.answeredAt,
    transferring: call.transferring,
    conferenceId: call.conferenceId,
    consultationId: call.consultation?.id ?? null,
    consultingFor: call.consultingFor?.id ?? null,
    room: call.room,
    // The engine's answers, not ours: the host shows what the phone's own buttons would.
    can: Object.fromEntries(CALL_ACTIONS.map((action) => [action, call.can(action)])) as CallSnapshot['can'],
  };
}

/** The phone as it is now: the `state` of `ready` (version 2) and of `getState`. */
function snapshot(phone: SoftPhoneElement): PhoneSnapshot {
  const { controller } = phone;
  return {
    connection: controller.connection,
    registration: controller.registration,
    uri: controller.config?.uri ?? '',
    calls: phone.calls.map(callSnapshot),
    conferences: phone.conferences.map((conference) => ({
      conferenceId: conference.id,
      callIds: conference.participants.map((call) => call.id),
      joining: conference.joining.map((call) => call.id),
      held: conference.held,
      muted: conference.muted,
      recording: conference.recording,
    })),
    mergeable: controller.mergeable.map((call) => call.id),
    dnd: controller.dnd,
    autoAnswer: controller.config?.autoAnswer ?? null,
    presence: phone.presence,
    voicemail: phone.voicemail,
  };
}

const DEVICE_KINDS: readonly DeviceKind[] = ['microphone', 'camera', 'speaker', 'ringer'];

type Handlers = {
  [K in BridgeCommand]: (phone: SoftPhoneElement, payload: BridgeCommands[K]['payload']) => BridgeCommands[K]['result'] | Promise<BridgeCommands[K]['result']> | void | Promise<void>;
};

/** One handler per row of BRIDGE_COMMANDS (the compiler holds it to the table); payloads arrive checked. */
const HANDLERS: Handlers = {
  configure: (phone, p) => phone.configure(settings(p as unknown as Payload)),
  dial: async (phone, { target, headers, callerId, video }) => ({ callId: (await phone.call(target, { headers, callerId, video })).id }),
  joinRoom: async (phone, { room, video }) => ({ callId: (await phone.joinRoom(room, { video })).id }),
  answer: (phone, p) => pickCall(phone, p.callId, ringing, 'answer').answer({ video: p.video }),
  reject: (phone, p) => pickCall(phone, p.callId, ringing, 'reject').reject(p.reason),
  hangup: (phone, p) => pickCall(phone, p.callId, talking, 'hang up').hangup(),
  hold: (phone, p) => pickCall(phone, p.callId, talking, 'hold').hold(),
  resume: (phone, p) => pickCall(phone, p.callId, (call) => call.heldBy === 'local', 'resume').resume(),
  mute: (phone, p) => pickCall(phone, p.callId, talking, 'mute').mute(),
  unmute: (phone, p) => pickCall(phone, p.callId, talking, 'unmute').unmute(),
  dtmf: (phone, p) => pickCall(phone, p.callId, talking, 'send DTMF on').sendDTMF(p.tones),
  transfer: (phone, p) => pickCall(phone, p.callId, talking, 'transfer').transfer(p.target),
  record: (phone, p) => pickCall(phone, p.callId, talking, 'record').startRecording(),
  // The recording itself reaches the host as phone-recording-stopped, not in the result.
  stopRecording: async (phone, p) => void (await pickCall(phone, p.callId, (call) => call.recording, 'stop recording').stopRecording()),
  setDnd: async (phone, { on }) => {
    phone.dnd = on;
    await phone.updateComplete;
  },
  setAutoAnswer: async (phone, { delay }) => {
    // Checked against the setting's bounds before it is set: a bad delay is an error reply, not a broken phone.
    const { min, max } = CONFIG_FIELDS.autoAnswer;
    if (delay !== null && !(delay >= min && delay <= max)) {
      throw new BridgeError('bad-request', `"delay" must be a number of milliseconds from ${min} to ${max}, or null`);
    }
    phone.autoAnswer = delay;
    await phone.updateComplete;
  },
  forward: (phone, p) => pickCall(phone, p.callId, ringing, 'forward').forward(p.target),
  watch: (phone, { users }) => ({ watched: phone.watch(users) }),
  unwatch: (phone, { users }) => phone.unwatch(users),

  getState: (phone) => snapshot(phone),
  register: (phone) => phone.register(),
  unregister: (phone) => phone.unregister(),
  attendedTransfer: async (phone, p) => ({ callId: (await pickCall(phone, p.callId, talking, 'transfer').attendedTransfer(p.target)).id }),
  // Either call of the pair names the transfer: the held one, or the consultation.
  completeTransfer: (phone, p) => {
    const call = pickCall(phone, p.callId, (candidate) => Boolean(candidate.consultation ?? candidate.consultingFor), 'complete the transfer of');
    return (call.consultingFor ?? call).completeTransfer();
  },
  setCamera: (phone, p) => pickCall(phone, p.callId, talking, 'turn the camera on or off for').setCamera(p.on),
  merge: async (phone) => ({ conferenceId: (await phone.controller.merge()).id }),
  // Our calls by id, then the targets to dial: each joins when it answers.
  conference: async (phone, { callIds = [], targets = [] }) => {
    const calls = callIds.map((callId) => pickCall(phone, callId, () => false, 'add'));
    return { conferenceId: (await phone.conference([...calls, ...targets])).id };
  },
  addParticipant: async (phone, p) => {
    const call = p.conferenceId === undefined ? pickCall(phone, p.callId, talking, 'add a participant to') : null;
    if (call && !call.conferenceId) return { conferenceId: (await phone.controller.addToCall(call, p.target)).id };
    const conference = pickConference(phone, p.conferenceId ?? call!.conferenceId!, 'add a participant to');
    // Resolves once dialled, like `dial`; a participant that does not join is reported by phone-conference-left.
    conference.add(await phone.call(p.target)).catch(() => undefined);
    return { conferenceId: conference.id };
  },
  removeParticipant: (phone, { callId }) => {
    const call = pickCall(phone, callId, () => false, 'remove');
    const conference = call.conferenceId === null ? undefined : phone.getConference(call.conferenceId);
    if (!conference) throw new PhoneError('invalid-state', `Call ${callId} is in no conference`, callId);
    conference.remove(call);
  },
  holdConference: (phone, p) => pickConference(phone, p.conferenceId, 'hold').hold(),
  resumeConference: (phone, p) => pickConference(phone, p.conferenceId, 'resume').resume(),
  muteConference: (phone, p) => pickConference(phone, p.conferenceId, 'mute').mute(),
  unmuteConference: (phone, p) => pickConference(phone, p.conferenceId, 'unmute').unmute(),
  recordConference: (phone, p) => pickConference(phone, p.conferenceId, 'record').startRecording(),
  stopRecordingConference: async (phone, p) => void (await pickConference(phone, p.conferenceId, 'stop recording').stopRecording()),
  hangupConference: (phone, p) => pickConference(phone, p.conferenceId, 'hang up').hangup(),
  listDevices: async (phone) => {
    const { devices } = phone.controller;
    await devices.refresh();
    const lists = Object.fromEntries(DEVICE_KINDS.map((kind) => [kind, devices.options(kind)]));
    return { ...lists, selected: { ...devices.choice } } as BridgeCommands['listDevices']['result'];
  },
  selectDevice: async (phone, { kind, deviceId }) => {
    const { devices } = phone.controller;
    await devices.refresh();
    // '' is the browser's default device; any other id must be one the browser lists now.
    if (deviceId !== '' && !devices.has(kind, deviceId)) throw new BridgeError('bad-request', `The browser lists no ${kind} "${deviceId}"`);
    await phone.controller.selectDevice(kind, deviceId);
  },
};

function errorPayload(error: unknown): ErrorPayload {
  if (error instanceof BridgeError || error instanceof PhoneError) return { code: error.code, message: error.message };
  return { code: 'failed', message: String((error as Error | undefined)?.message ?? error) };
}

/** Runs a host's command: checked against its row of BRIDGE_COMMANDS, then handled. */
async function run(phone: SoftPhoneElement, type: string, payload: Payload): Promise<unknown> {
  if (!Object.hasOwn(HANDLERS, type)) throw new BridgeError('unknown-command', `Unknown command "${type}"`);
  const command = type as BridgeCommand;
  const rules = BRIDGE_COMMANDS[command].fields;
  if (rules) check(payload, rules);
  return (HANDLERS[command] as (phone: SoftPhoneElement, payload: Payload) => unknown)(phone, payload);
}

/**
 * Connects `phone` to the host page (the frame's parent), until `signal` aborts if given.
 * `origins` is the allow-list of host origins: any other sender is ignored.
 */
export function connectBridge(phone: SoftPhoneElement, origins: readonly string[], signal?: AbortSignal): void {
  const host = window.parent;
  if (host === window) return; // not in a frame: nobody to talk to
  // Where events go: the parent's origin once known (Chromium and Safari tell it up front,
  // elsewhere the host's first message does). Until then events are not posted at all.
  const ancestor = location.ancestorOrigins?.[0];
  let hostOrigin = ancestor && origins.includes(ancestor) ? ancestor : null;
  const post = (message: BridgeMessage) => hostOrigin && host.postMessage(message, hostOrigin);
  /** `ready`: the versions we speak; for a host that asked for version 2, that and the state too. */
  const ready = (id?: string, version = 1) => {
    const payload: ReadyPayload = { versions: [...PROTOCOL_VERSIONS] };
    if (version >= 2) Object.assign(payload, { version, state: snapshot(phone) });
    post(bridgeMessage('ready', payload, id));
  };

  for (const name of PHONE_EVENT_NAMES) {
    phone.addEventListener(name, (event) => post(bridgeMessage('event', { name, detail: event.detail })), { signal });
  }

  addEventListener(
    'message',
    (event: MessageEvent) => {
      if (event.source !== host || !origins.includes(event.origin)) return;
      const message = parseMessage(event.data);
      if (!message) return;
      hostOrigin = event.origin;
      const { type, id } = message;
      const payload = (message.payload ?? {}) as Payload;
      if (type === 'hello') {
        // A version we do not speak (a newer host): answered as version 1, with the list to pick from.
        const wanted = (payload as HelloPayload).version;
        return void ready(id, PROTOCOL_VERSIONS.includes(wanted as never) ? wanted : 1);
      }
      run(phone, type, payload).then(
        (result) => id !== undefined && post(bridgeMessage('result', result, id)),
        (error: unknown) => id !== undefined && post(bridgeMessage('error', errorPayload(error), id)),
      );
    },
    { signal },
  );

  ready();
}
