// The package as a consumer gets it: the page in test/package/consumer/, built by
// `npm run check:package` from the packed tarball with the consumer's own vite, loaded
// from .tmp/consumer/. Its <soft-phone> (phone-elements/define) and its framed phone
// (phone-elements/host, embed.html as installed from the tarball, on another origin)
// make real calls through the test Kamailio to phones on this page.
import { expect } from '@esm-bundle/chai';
import type { SoftPhoneElement } from '../../src/components/soft-phone/soft-phone.js';
import type { PhoneFrame } from '../../src/embed/host.js';
import type { CallEndedDetail, CallIncomingDetail } from '../../src/events/phone-events.js';
import { PHONE_EVENT_NAMES } from '../../src/events/phone-events.js';
import { recordEvents } from '../helpers/events.js';
import { expectAudioFlowing, mountPhone, unmountAll } from '../helpers/phones.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';

const PAGE = '/.tmp/consumer/index.html';
const OTHER_ORIGIN = `${location.protocol}//${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;

interface ConsumerPage {
  iframe: HTMLIFrameElement;
  document: Document;
  /** What the consumer's main.ts made: its own copies of the classes, from its bundle. */
  phone: SoftPhoneElement;
  frame: PhoneFrame;
  /** The SIP users of its <soft-phone> and of its framed phone. */
  user: string;
  frameUser: string;
  /** The text the page shows from its typed event listeners. */
  status(which: 'phone' | 'frame'): string;
}

const opened: HTMLIFrameElement[] = [];

/** The built consumer page in an iframe, both its phones signed in to the test Kamailio. */
async function openConsumer(): Promise<ConsumerPage> {
  const built = await fetch(PAGE, { method: 'HEAD' });
  if (!built.ok) throw new Error(`${PAGE} is not built (HTTP ${built.status}): run \`npm run build && npm run check:package\` first`);
  const { wsUrl, domain, password } = sipConfig();
  const user = uniqueUser('consumer');
  const frameUser = uniqueUser('consumer-frame');
  const query = new URLSearchParams({
    server: wsUrl,
    uri: `sip:${user}@${domain}`,
    password,
    embed: `${OTHER_ORIGIN}/.tmp/consumer/phone/embed.html`,
    embedOrigin: OTHER_ORIGIN,
    embedUri: `sip:${frameUser}@${domain}`,
  });
  const iframe = document.createElement('iframe');
  // Its framed phone (another origin) can only get the microphone delegated through this frame.
  iframe.allow = 'microphone; camera; autoplay';
  iframe.src = `${PAGE}?${query}`;
  opened.push(iframe);
  await new Promise((resolve) => {
    iframe.addEventListener('load', resolve, { once: true });
    document.body.append(iframe);
  });
  const win = iframe.contentWindow as (Window & { consumer?: { phone: SoftPhoneElement; frame: PhoneFrame } }) | null;
  const made = await waitFor(() => win?.consumer, { message: "the consumer's main.ts to run" });
  const doc = iframe.contentDocument!;
  const status = (which: 'phone' | 'frame') => doc.querySelector<HTMLOutputElement>(`#${which}-status`)!.value;
  // Registration may come before this page could listen: the consumer's own listeners show it.
  await waitFor(() => status('phone') === `registered sip:${user}@${domain}`, { message: `the consumer's phone to register (shows "${status('phone')}")` });
  await waitFor(() => status('frame') === `registered sip:${frameUser}@${domain}`, {
    timeout: 10_000,
    message: `the consumer's framed phone to register (shows "${status('frame')}")`,
  });
  return { iframe, document: doc, phone: made.phone, frame: made.frame, user, frameUser, status };
}

describe('the package as a consumer gets it: .tmp/consumer/ built from the tarball', () => {
  afterEach(async () => {
    // Removing the page unregisters its phones and ends their calls.
    opened.splice(0).forEach((iframe) => iframe.remove());
    await unmountAll();
  });

  it('registers its <soft-phone>, which calls a phone that answers: RTP both ways at both ends, then hang-up ends it on both', async () => {
    const consumer = await openConsumer();
    expect(consumer.phone.tagName).to.equal('SOFT-PHONE');
    // The consumer's bundle defined the element in its own window, not this page's copy.
    expect(consumer.iframe.contentWindow!.customElements.get('soft-phone')).to.equal(consumer.phone.constructor);
    expect(consumer.phone.constructor).not.to.equal(customElements.get('soft-phone'));
    const events = recordEvents(consumer.phone, PHONE_EVENT_NAMES);
    const callee = await mountPhone('callee');

    const call = await consumer.phone.call(callee.user);
    const incoming = await callee.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    expect(incoming.detail.remote.user).to.equal(consumer.user);
    await callee.el.getCall(incoming.detail.callId)!.answer();
    await events.waitFor('phone-call-established');
    await callee.events.waitFor('phone-call-established');
    await expectAudioFlowing(call, "the consumer's <soft-phone>");
    await expectAudioFlowing(callee.el.getCall(incoming.detail.callId)!, 'the phone it called');

    call.hangup();
    expect((await events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ callId: call.id, reason: 'hangup', by: 'local' });
    expect((await callee.events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ reason: 'hangup', by: 'remote' });
    expect(consumer.status('phone')).to.equal('call ended: hangup');
  });

  it('signs in its framed phone (embed.html from the tarball, another origin), which answers a call through mountPhone: RTP both ways at the caller', async () => {
    const consumer = await openConsumer();
    expect(new URL(consumer.frame.iframe.src).origin).to.equal(OTHER_ORIGIN);
    const events = recordEvents(consumer.frame, PHONE_EVENT_NAMES);
    const caller = await mountPhone('caller');

    const call = await caller.el.call(consumer.frameUser);
    const incoming = await events.waitFor<CallIncomingDetail>('phone-call-incoming');
    expect(incoming.detail.remote.user).to.equal(caller.user);
    expect(consumer.status('frame')).to.equal(`ringing from ${caller.user}`);
    await consumer.frame.answer(incoming.detail.callId);
    await events.waitFor('phone-call-established');
    await caller.events.waitFor('phone-call-established');
    // The frame's own getStats() is out of reach on its origin: this side's counters show
    // packets arriving from it and leaving for it, relayed by rtpengine.
    await expectAudioFlowing(call, 'the phone calling the frame');

    call.hangup();
    expect((await events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ callId: incoming.detail.callId, reason: 'hangup', by: 'remote' });
    expect(consumer.status('frame')).to.equal('call ended: hangup by remote');
  });
});
