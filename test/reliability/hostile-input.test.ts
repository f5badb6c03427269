// Hostile input changes nothing: whatever a user types, a host page configures,
// a caller puts in its headers or a carrier answers, the phone reports it
// clearly (a `phone-error` code or a call's end reason), throws nothing
// uncaught, leaves no rejection unhandled, and stays usable.
import { expect } from '@esm-bundle/chai';
import JsSIP from 'jssip';
import type { UA } from 'jssip/lib/UA';
import type { SoftPhoneElement } from '../../src/components/soft-phone/soft-phone.js';
import { PHONE_EVENT_NAMES, type CallEndedDetail, type CallIncomingDetail, type PhoneErrorDetail } from '../../src/events/phone-events.js';
import { recordEvents } from '../helpers/events.js';
import { connect, control, dial, mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';
import { startGateway, stopFarEnds } from '../interop/far-ends.js';

// ---- Targets typed into the dialer: refused before anything is sent.
const TARGETS: Array<[string, string]> = [
  ['empty', ''],
  ['only spaces', '   '],
  ['257 characters', 'a'.repeat(257)],
  ['CR/LF header injection', 'bob\r\nX-Injected: 1'],
  ['LF inside', 'bob\nBYE'],
  ['NUL', 'bob\u0000'],
  ['markup', '<sip:bob@example.test>'],
  ['quotes', '"bob"'],
  ['a name with ;transport=', 'bob;transport=tcp'],
  ['an address with ;transport=', 'sip:bob@example.test;transport=tcp'],
  ['a name with ?header=', 'bob?Subject=hi'],
  ['an address with ?header=', 'sip:bob@example.test?X-Evil=1'],
  ['Cyrillic look-alike', '\u0430lice'],
  ['RTL override', 'bob\u202Eevil'],
  ['space in an address', 'sip:bob smith@example.test'],
  ['no host', 'sip:bob@'],
  ['no user', 'sip:@example.test'],
  ['port out of range', 'sip:bob@example.test:99999'],
  ['another scheme', 'javascript:alert(1)'],
  ['letters in a number', '+1 (415) 555-12a4'],
];

// ---- Configuration set by a host page: refused with a message naming the field;
// fixing the field brings the phone up.
const CONFIGS: Array<{ name: string; attribute: string; bad: string; field: RegExp }> = [
  { name: 'http: server URL', attribute: 'server', bad: 'http://127.0.0.1:25066', field: /"server" must be a ws:\/\/ or wss:\/\// },
  { name: 'server that is no URL', attribute: 'server', bad: 'not a url', field: /"server" is not a URL/ },
  { name: 'missing server', attribute: 'server', bad: '', field: /Set "server"/ },
  { name: 'missing uri', attribute: 'uri', bad: '', field: /Set "uri"/ },
  { name: 'uri without host', attribute: 'uri', bad: 'sip:alice', field: /"uri" is not a SIP address/ },
  { name: 'ice-servers not JSON', attribute: 'ice-servers', bad: '[{"urls":', field: /"ice-servers" is not valid JSON/ },
  { name: 'ice-servers not an array', attribute: 'ice-servers', bad: '{"urls":"stun:127.0.0.1"}', field: /"ice-servers" must be an array/ },
  { name: 'ice-servers with an http: URL', attribute: 'ice-servers', bad: '[{"urls":"http://127.0.0.1"}]', field: /ICE server needs "urls"/ },
  { name: 'negative ice-gathering-timeout', attribute: 'ice-gathering-timeout', bad: '-5', field: /"ice-gathering-timeout" must be/ },
  { name: 'ice-gathering-timeout not a number', attribute: 'ice-gathering-timeout', bad: 'soon', field: /"ice-gathering-timeout" must be/ },
  { name: 'zero max-calls', attribute: 'max-calls', bad: '0', field: /"max-calls" must be/ },
  { name: 'negative keepalive-interval', attribute: 'keepalive-interval', bad: '-1', field: /"keepalive-interval" must be/ },
];

// ---- Who calls, as the network says: shown as plain, safe text.
const CALLERS: Array<{ name: string; displayName: string; user?: string; shown: (user: string) => string }> = [
  { name: 'markup in the display name', displayName: '<img src=x onerror="window.__pwned=1"><b>Mallory</b>', shown: () => '<img src=x onerror="window.__pwned=1"><b>Mallory</b>' },
  { name: 'RTL override in the display name', displayName: 'Alice\u202Egnp.exe', shown: () => 'Alicegnp.exe' },
  { name: 'a 10 KB display name', displayName: 'M'.repeat(10_240), shown: () => 'M'.repeat(128) },
  { name: 'emoji in the display name', displayName: '📞 Émile 😀', shown: () => '📞 Émile 😀' },
  { name: 'no display name and a long user', displayName: '', user: `long-${'x'.repeat(200)}`, shown: (user) => user },
  { name: 'a display name of direction marks only', displayName: '\u200E\u200F', shown: (user) => user },
];

// ---- What the far end answers (sipp as the carrier, through Kamailio).
const BROKEN_SDP = 'v=0\no=carrier 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio not-a-port RTP/AVP 0';
const FAR_ENDS = [
  { name: '500 Server Internal Error', start: () => startGateway('reject', { keys: { code: 500, reason: 'Server Internal Error' } }), ended: { reason: 'failed', code: 500 } },
  // Kamailio relays a downstream 503 as 500 (RFC 3261 16.7).
  { name: '503 Service Unavailable', start: () => startGateway('reject', { keys: { code: 503, reason: 'Service Unavailable' } }), ended: { reason: 'failed', code: 500 } },
  { name: 'malformed SDP in 200 OK', start: () => startGateway('bad-answer', { keys: { sdp: BROKEN_SDP } }), ended: { reason: 'failed', cause: 'Bad Media Description' } },
  { name: 'no SDP in 200 OK', start: () => startGateway('bad-answer', { keys: { sdp: '' } }), ended: { reason: 'failed', cause: 'Bad Media Description' } },
];

/** A bare JsSIP user agent, sending what our widget never would. */
async function rawCaller(user: string, displayName: string): Promise<UA> {
  const { wsUrl, domain, password } = sipConfig();
  const ua = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(wsUrl)],
    uri: `sip:${user}@${domain}`,
    password,
    display_name: displayName || undefined,
    register: false,
  });
  const connected = new Promise((resolve) => ua.once('connected', resolve));
  ua.start();
  await connected;
  return ua;
}

/** The dialer takes input and the phone can call. */
async function expectUsable(phone: TestPhone): Promise<void> {
  await phone.el.updateComplete;
  expect((await control<HTMLInputElement>(phone, 'phone-dialer', 'number-input')).disabled).to.equal(false);
  expect((await control<HTMLButtonElement>(phone, 'phone-dialer', 'call-button')).disabled).to.equal(false);
  expect(phone.el.registered).to.equal(true);
  expect(phone.el.calls).to.have.length(0);
}

describe('reliability: hostile input', () => {
  const uncaught: string[] = [];
  const onError = (event: ErrorEvent) => uncaught.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) => uncaught.push(`unhandled rejection: ${String(event.reason?.stack ?? event.reason)}`);
  let alice: TestPhone;

  before(async () => {
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    alice = await mountPhone('alice');
  });

  after(async () => {
    // A real call still works after everything above.
    const bob = await mountPhone('bob');
    const { callerCall } = await connect(alice, bob);
    callerCall.hangup();
    await unmountAll();
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    expect(uncaught).to.deep.equal([]);
  });

  describe('targets typed into the dialer', () => {
    for (const [name, target] of TARGETS) {
      it(`refuses ${name}`, async () => {
        const from = alice.events.events.length;
        // Exactly as given through the API (an input field would drop line breaks)…
        const rejection = await alice.el.call(target).then(() => null, (error: unknown) => error);
        expect(rejection).to.have.property('code', 'invalid-target');
        // …and typed into the dialer, which shows why. (A text field drops line
        // breaks itself: what is left is another target, tested on its own.)
        const typable = !/[\r\n]/.test(target);
        if (typable) {
          await dial(alice, target);
          expect((await control(alice, 'phone-dialer', 'error')).textContent).not.to.equal('');
        }
        const fired = alice.events.events.slice(from);
        expect(fired.map((event) => [event.type, (event.detail as PhoneErrorDetail).code])).to.deep.equal(
          Array(typable ? 2 : 1).fill(['phone-error', 'invalid-target']),
        );
        await expectUsable(alice);
      });
    }
  });

  describe('configuration', () => {
    let phone: SoftPhoneElement | undefined;
    afterEach(() => phone?.remove());

    for (const { name, attribute, bad, field } of CONFIGS) {
      it(`refuses ${name}, and comes up once it is fixed`, async () => {
        const { wsUrl, domain, password } = sipConfig();
        const valid: Record<string, string> = { server: wsUrl, uri: `sip:${uniqueUser('config')}@${domain}` };
        phone = document.createElement('soft-phone');
        const events = recordEvents(phone, PHONE_EVENT_NAMES);
        phone.password = password;
        for (const [key, value] of Object.entries({ ...valid, [attribute]: bad })) phone.setAttribute(key, value);
        document.body.append(phone);

        const error = await events.waitFor<PhoneErrorDetail>('phone-error');
        expect(error.detail.code).to.equal('invalid-config');
        expect(error.detail.message).to.match(field);
        expect(phone.controller.connection).to.equal('disconnected');

        if (attribute in valid) phone.setAttribute(attribute, valid[attribute]!);
        else phone.removeAttribute(attribute);
        await events.waitFor('phone-registered');
        events.stop();
      });
    }
  });

  describe('callers from the network', () => {
    let caller: UA | undefined;
    afterEach(() => caller?.stop());

    for (const { name, displayName, user, shown } of CALLERS) {
      it(`shows ${name} as safe text`, async () => {
        delete (window as { __pwned?: unknown }).__pwned;
        const from = user ?? uniqueUser('caller');
        caller = await rawCaller(from, displayName);
        caller.call(`sip:${alice.user}@${sipConfig().domain}`, { mediaConstraints: { audio: true, video: false } });

        const incoming = await alice.events.waitFor<CallIncomingDetail>('phone-call-incoming');
        expect(incoming.detail.remote.displayName || incoming.detail.remote.user).to.equal(shown(from));
        const card = await control(alice, 'phone-incoming', 'caller-name');
        expect(card.textContent!.trim()).to.equal(shown(from));
        expect(card.querySelector('*')).to.equal(null);
        expect((window as { __pwned?: unknown }).__pwned).to.equal(undefined);

        (await control<HTMLButtonElement>(alice, 'phone-incoming', 'decline-button')).click();
        const ended = await alice.events.waitFor<CallEndedDetail>('phone-call-ended');
        expect(ended.detail).to.include({ callId: incoming.detail.callId, reason: 'rejected', by: 'local' });
        await expectUsable(alice);
      });
    }
  });

  describe('what the far end answers', () => {
    afterEach(stopFarEnds);

    for (const { name, start, ended } of FAR_ENDS) {
      it(`ends the call on ${name} with a clear reason`, async () => {
        await start();
        const call = await alice.el.call('+14155550100');
        const detail = (await alice.events.waitFor<CallEndedDetail>('phone-call-ended', { timeout: 10_000 })).detail;
        expect(detail).to.include({ callId: call.id, ...ended });
        await waitFor(() => alice.el.calls.length === 0, { message: 'the call to go' });
        await expectUsable(alice);
      });
    }
  });
});
