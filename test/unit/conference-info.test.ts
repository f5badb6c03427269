import { expect } from '@esm-bundle/chai';
import type { RoomParticipant } from '../../src/events/phone-events.js';
import { applyConferenceInfo, MAX_CONFERENCE_INFO_BYTES, parseConferenceInfo } from '../../src/engine/conference-info.js';
import { conferenceFocus, RoomSubscription, type SubscribingAgent } from '../../src/engine/room-subscription.js';

const NS = 'urn:ietf:params:xml:ns:conference-info';

function info(state: string, version: number, users: string): string {
  return `<?xml version="1.0"?><conference-info xmlns="${NS}" entity="sip:r@x" state="${state}" version="${version}"><users>${users}</users></conference-info>`;
}
function user(uri: string, name?: string, status?: string, state = 'full'): string {
  const text = name === undefined ? '' : `<display-text>${name}</display-text>`;
  const endpoint = status ? `<endpoint entity="${uri}"><status>${status}</status></endpoint>` : '';
  return `<user entity="${uri}" state="${state}">${text}${endpoint}</user>`;
}

describe('conference-info documents (RFC 4575)', () => {
  const alice: RoomParticipant = { uri: 'sip:alice@x', displayName: 'Alice', status: 'connected' };
  const bob: RoomParticipant = { uri: 'sip:bob@x', displayName: 'Bob', status: 'on-hold' };

  it('replaces the list with a full state, and updates it with partial ones', () => {
    let list = applyConferenceInfo([], parseConferenceInfo(info('full', 1, user(alice.uri, 'Alice', 'connected') + user(bob.uri, 'Bob', 'on-hold')))!);
    expect(list).to.deep.equal([alice, bob]);
    list = applyConferenceInfo(list, parseConferenceInfo(info('partial', 2, user(bob.uri, undefined, 'connected', 'partial')))!);
    expect(list, 'a partial user keeps its name').to.deep.equal([alice, { ...bob, status: 'connected' }]);
    list = applyConferenceInfo(list, parseConferenceInfo(info('partial', 3, user(alice.uri, undefined, undefined, 'deleted')))!);
    expect(list).to.deep.equal([{ ...bob, status: 'connected' }]);
    list = applyConferenceInfo(list, parseConferenceInfo(info('full', 4, user('sip:carol@x')))!);
    expect(list, 'no name, no status').to.deep.equal([{ uri: 'sip:carol@x', displayName: '', status: 'connected' }]);
  });
  it('cleans names and URIs from the network and ignores unknown statuses', () => {
    const [parsed] = parseConferenceInfo(info('full', 1, user('sip:e\u202evil @x', '  Ev\u202eil\u0085 ', 'exploding')))!.users;
    expect(parsed).to.deep.equal({ uri: 'sip:evil@x', state: 'full', displayName: 'Evil' });
  });
  it('refuses DOCTYPEs (entity expansion), oversized bodies, malformed XML and other documents', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${info('full', 1, user('sip:a@x', '&b;'))}`;
    expect(parseConferenceInfo(laughs)).to.equal(null);
    expect(parseConferenceInfo(info('full', 1, user('sip:a@x', 'x'.repeat(MAX_CONFERENCE_INFO_BYTES))))).to.equal(null);
    expect(parseConferenceInfo('<conference-info xmlns="' + NS + '"><users>')).to.equal(null);
    expect(parseConferenceInfo('<conference-info><users/></conference-info>'), 'wrong namespace').to.equal(null);
    expect(parseConferenceInfo('<html/>')).to.equal(null);
  });
});

/** A stand-in for JsSIP's Subscriber: records what the subscription does with it. */
function fakeAgent() {
  const handlers = new Map<string, (...args: unknown[]) => void>();
  const calls: string[] = [];
  const subscriber = {
    on: (event: string, handler: (...args: unknown[]) => void) => handlers.set(event, handler),
    removeAllListeners: () => handlers.clear(),
    subscribe: () => calls.push('subscribe'),
    terminate: () => calls.push('terminate'),
    C: { UNSUBSCRIBE_TIMEOUT: 5 },
    _terminateDialog: (code: number) => calls.push(`terminated ${code}`),
  };
  const agent: SubscribingAgent = { subscribe: (...args) => (calls.push(`new ${String(args[0])} ${args[1]} ${args[2]}`), subscriber as never) };
  const notify = (body: string, type = 'application/conference-info+xml') => handlers.get('notify')!(false, {}, body, type);
  return { agent, calls, notify, handlers };
}

describe('RoomSubscription', () => {
  it('subscribes to the focus, reports changes only, ignores stale versions and other types', () => {
    const { agent, calls, notify } = fakeAgent();
    const seen: RoomParticipant[][] = [];
    const subscription = new RoomSubscription(agent, 'sip:192.0.2.1:5060;transport=udp', 'sip:r@x', (list) => seen.push(list));
    expect(calls).to.deep.equal(['new sip:192.0.2.1:5060;transport=udp conference application/conference-info+xml', 'subscribe']);
    notify(info('full', 1, user('sip:a@x', 'A')));
    notify(info('full', 2, user('sip:a@x', 'A')));
    notify(info('partial', 2, user('sip:b@x', 'B')));
    notify(info('full', 3, user('sip:b@x', 'B')), 'text/plain');
    expect(seen).to.deep.equal([[{ uri: 'sip:a@x', displayName: 'A', status: 'connected' }]]);
    expect(subscription.participants).to.deep.equal(seen[0]);
  });
  it('asks for the full state again when a partial one skips a version', () => {
    const { agent, calls, notify } = fakeAgent();
    new RoomSubscription(agent, 'sip:f@x', 'sip:r@x', () => undefined);
    notify(info('full', 1, user('sip:a@x')));
    notify(info('partial', 3, user('sip:b@x')));
    expect(calls.filter((call) => call === 'subscribe')).to.have.length(2);
  });
  it('unsubscribes once on stop, hears nothing more, and ends a dialog whose final NOTIFY never comes', async () => {
    const { agent, calls, notify } = fakeAgent();
    const seen: unknown[] = [];
    const subscription = new RoomSubscription(agent, 'sip:f@x', 'sip:r@x', (list) => seen.push(list));
    subscription.stop();
    subscription.stop();
    notify(info('full', 1, user('sip:a@x')));
    expect(seen).to.deep.equal([]);
    expect(calls.filter((call) => call === 'terminate')).to.have.length(1);
    await new Promise((resolve) => setTimeout(resolve, 4200));
    expect(calls).to.include('terminated 5');
  });
  it('leaves a dialog that ended by itself alone', async () => {
    const { agent, calls, handlers } = fakeAgent();
    const subscription = new RoomSubscription(agent, 'sip:f@x', 'sip:r@x', () => undefined);
    handlers.get('terminated')!(6);
    subscription.stop();
    expect(calls).to.not.include('terminate');
  });
});

describe('conferenceFocus', () => {
  const response = (contact: { uri: string; param?: boolean; uriParam?: boolean } | null, allowEvents?: string) => ({
    getHeader: (name: string) => (name.toLowerCase() === 'allow-events' ? allowEvents : undefined),
    parseHeader: () =>
      contact ? { hasParam: () => Boolean(contact.param), uri: { toString: () => contact.uri, hasParam: () => Boolean(contact.uriParam) } } : undefined,
  });
  it('finds the package in Allow-Events or the isfocus parameter', () => {
    expect(conferenceFocus(response({ uri: 'sip:f@x' }, 'presence, Conference'))).to.equal('sip:f@x');
    expect(conferenceFocus(response({ uri: 'sip:f@x', param: true }))).to.equal('sip:f@x');
    expect(conferenceFocus(response({ uri: 'sip:f@x', uriParam: true }))).to.equal('sip:f@x');
  });
  it('returns null without the package or without a Contact', () => {
    expect(conferenceFocus(response({ uri: 'sip:f@x' }, 'presence, conference-x'))).to.equal(null);
    expect(conferenceFocus(response(null, 'conference'))).to.equal(null);
    expect(conferenceFocus(undefined)).to.equal(null);
  });
});
