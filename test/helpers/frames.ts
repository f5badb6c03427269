// dist/embed.html in iframes driven by phone-elements/host, for the embed tests: each
// frame records the events it forwards, and `destroyFrames()` removes every frame and
// runs what the test asked to clean up (`onCleanup`).
import { mountPhone as mountFrame, type MountOptions, type PhoneFrame } from '../../src/embed/host.js';
import { PHONE_EVENT_NAMES } from '../../src/events/phone-events.js';
import { recordEvents, type EventRecorder } from './events.js';
import { uniqueUser } from './sip.js';

/** The same test server by its other name: 127.0.0.1 against localhost, so another origin. */
export const OTHER_ORIGIN = `${location.protocol}//${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;

export interface Embedded {
  frame: PhoneFrame;
  events: EventRecorder;
  /** The user the frame signs in as. */
  user: string;
}

const mounted: PhoneFrame[] = [];
const cleanups: Array<() => void> = [];

/** dist/embed.html in an iframe on `origin`, recording the events it forwards; its user is `<prefix>-…`. */
export function embed(origin: string, options: Partial<MountOptions> = {}, prefix = 'frame'): Embedded {
  const frame = mountFrame(document.body, { src: `${origin}/dist/embed.html`, origin, ...options });
  mounted.push(frame);
  return { frame, events: recordEvents(frame, PHONE_EVENT_NAMES), user: uniqueUser(prefix) };
}

/** Runs `cleanup` at the next destroyFrames(). */
export function onCleanup(...cleanup: Array<() => void>): void {
  cleanups.push(...cleanup);
}

export function destroyFrames(): void {
  mounted.splice(0).forEach((frame) => frame.destroy());
  cleanups.splice(0).forEach((cleanup) => cleanup());
}
