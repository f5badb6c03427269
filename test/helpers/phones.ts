// Mounts real <soft-phone> elements connected to the test Kamailio, and finds the
// controls inside their default layout the way a user would: by part name.
import '../../src/define.js';
import type { SoftPhoneElement } from '../../src/components/soft-phone/soft-phone.js';
import { PHONE_EVENT_NAMES } from '../../src/events/phone-events.js';
import { recordEvents, type EventRecorder } from './events.js';
import { sipConfig, uniqueUser, waitFor } from './sip.js';

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
}

const mounted: TestPhone[] = [];

export async function mountPhone(prefix: string, options: MountOptions = {}): Promise<TestPhone> {
  const { wsUrl, domain, password } = sipConfig();
  const user = options.user ?? uniqueUser(prefix);
  const el = document.createElement('soft-phone');
  const events = recordEvents(el, PHONE_EVENT_NAMES);
  el.setAttribute('server', wsUrl);
  el.setAttribute('uri', `sip:${user}@${domain}`);
  el.password = options.password ?? password;
  if (options.displayName !== undefined) el.setAttribute('display-name', options.displayName);
  for (const [name, value] of Object.entries(options.attributes ?? {})) el.setAttribute(name, value);
  document.body.append(el);
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
