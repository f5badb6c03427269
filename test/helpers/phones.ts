// Mounts real <soft-phone> elements connected to the test Kamailio, and finds the
// controls inside their default layout the way a user would: by part name.
import '../../src/define.js';
import type { SoftPhoneElement } from '../../src/components/soft-phone/soft-phone.js';
import { PHONE_EVENT_NAMES } from '../../src/events/phone-events.js';
import { recordEvents, type EventRecorder } from './events.js';
import { audioFlowsBothWays, sipConfig, uniqueUser, waitFor } from './sip.js';

export interface TestPhone {
  el: SoftPhoneElement;
  user: string;
  events: EventRecorder;
}

export interface MountOptions {
  user?: string;
  password?: string;
  displayName?: string;
  /** Wait for `phone-registered` before resolving (default true). */
  register?: boolean;
  attributes?: Record<string, string>;
  /** The document to mount it in (an iframe's, whose page defined the elements); default this page's. */
  document?: Document;
  /** Where to append it (default the document's body): a sized box, for layout tests. */
  parent?: Element;
}

const mounted: TestPhone[] = [];

export async function mountPhone(prefix: string, options: MountOptions = {}): Promise<TestPhone> {
  const { wsUrl, domain, password } = sipConfig();
  const user = options.user ?? uniqueUser(prefix);
  const into = options.document ?? document;
  const el = into.createElement('soft-phone');
  const events = recordEvents(el, PHONE_EVENT_NAMES);
  el.setAttribute('server', wsUrl);
  el.setAttribute('uri', `sip:${user}@${domain}`);
  el.password = options.password ?? password;
  if (options.displayName !== undefined) el.setAttribute('display-name', options.displayName);
  for (const [name, value] of Object.entries(options.attributes ?? {})) el.setAttribute(name, value);
  (options.parent ?? into.body).append(el);
  const phone = { el, user, events };
  mounted.push(phone);
  if (options.register !== false) await events.waitFor('phone-registered');
  return phone;
}

/** Removes every mounted phone (which unregisters it) and waits for the sockets to close. */
export async function unmountAll(): Promise<void> {
  const phones = mounted.splice(0);
  for (const { el } of phones) el.remove();
  await waitFor(() => phones.every(({ el }) => el.controller.connection === 'disconnected'), {
    message: 'phones to disconnect',
  });
  phones.forEach(({ events }) => events.stop());
}

/** The element with `part` inside the `tag` element of a phone's default layout. */
export function part<E extends Element = HTMLElement>(phone: TestPhone, tag: string, name: string): E | null {
  const inner = phone.el.shadowRoot?.querySelector(tag);
  return (inner?.shadowRoot?.querySelector(`[part~="${name}"]`) as E | null) ?? null;
}

/** Waits until the control exists (the UI renders asynchronously) and returns it. */
export function control<E extends Element = HTMLElement>(phone: TestPhone, tag: string, name: string): Promise<E> {
  return waitFor(() => part<E>(phone, tag, name), { message: `<${tag}> part "${name}"` });
}

/** Types into the dialer and presses its call button, like a user. */
export async function dial(phone: TestPhone, target: string): Promise<void> {
  const input = await control<HTMLInputElement>(phone, 'phone-dialer', 'number-input');
  input.value = target;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await phone.el.updateComplete;
  (await control<HTMLButtonElement>(phone, 'phone-dialer', 'call-button')).click();
}

/** The types of one call's events, in order. */
export function callEventTypes(phone: TestPhone, callId: string): string[] {
  return phone.events.events
    .filter((event) => (event.detail as { callId?: string } | undefined)?.callId === callId)
    .map((event) => event.type);
}

/**
 * Alice calls Bob from code and Bob answers from code; resolves with both ends once media is up.
 * `timeout` bounds each of ringing and establishing (a slow network needs more).
 */
export async function connect(caller: TestPhone, callee: TestPhone, { timeout = 5000 } = {}) {
  const callerCall = await caller.el.call(callee.user);
  const ringing = await waitFor(() => callee.el.calls.find((call) => call.state === 'incoming'), { timeout, message: `${callee.user} to ring` });
  await ringing.answer();
  await waitFor(() => callerCall.state === 'established' && ringing.state === 'established', { timeout, message: 'both ends established' });
  return { callerCall, calleeCall: ringing };
}

/** The negotiated direction of a call's audio, as the browser applies it. */
export function audioDirection(call: { peerConnection: RTCPeerConnection | null }): RTCRtpTransceiverDirection | null | undefined {
  return call.peerConnection?.getTransceivers().find((transceiver) => transceiver.receiver.track.kind === 'audio')?.currentDirection;
}

/** Resolves once RTP audio visibly flows both ways on this call. */
export function expectAudioFlowing(call: { peerConnection: RTCPeerConnection | null }, label: string): Promise<void> {
  return audioFlowsBothWays(call.peerConnection!, { message: `RTP both ways for ${label}` });
}
