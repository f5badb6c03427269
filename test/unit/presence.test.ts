// The busy-lamp and voicemail parsers against hostile and odd documents, and the
// Presence bookkeeping against a stand-in for JsSIP's Subscriber (the real parts are
// in test/e2e/presence.test.ts).
import { expect } from '@esm-bundle/chai';
import { parseDialogInfo, presenceOf } from '../../src/engine/dialog-info.js';
import type { SubscribingAgent } from '../../src/engine/event-subscription.js';
import { parseMessageSummary } from '../../src/engine/message-summary.js';
import { Presence } from '../../src/engine/presence.js';
import type { PresenceDetail, VoicemailDetail } from '../../src/events/phone-events.js';

const NS = 'urn:ietf:params:xml:ns:dialog-info';
const dialogInfo = (version: number, dialogs: string, state = 'full') =>
  `<?xml version="1.0"?><dialog-info xmlns="${NS}" version="${version}" state="${state}" entity="sip:bob@x">${dialogs}</dialog-info>`;
const dialog = (id: string, state: string, direction = 'recipient') => `<dialog id="${id}" direction="${direction}"><state>${state}</state></dialog>`;

describe('parseDialogInfo and presenceOf', () => {
  const lamp = (body: string) => {
    const info = parseDialogInfo(body);
    return info && presenceOf(info.dialogs.values());
  };
  it('reads the lamp from the dialogs: ringing over busy over idle', () => {
    expect(lamp(dialogInfo(1, ''))).to.equal('idle');
    expect(lamp(dialogInfo(1, dialog('a', 'terminated')))).to.equal('idle');
    expect(lamp(dialogInfo(1, dialog('a', 'early')))).to.equal('ringing');
    expect(lamp(dialogInfo(1, dialog('a', 'early', 'initiator')))).to.equal('busy');
    expect(lamp(dialogInfo(1, dialog('a', 'confirmed')))).to.equal('busy');
    expect(lamp(dialogInfo(1, dialog('a', 'confirmed') + dialog('b', 'proceeding')))).to.equal('ringing');
    expect(lamp(dialogInfo(1, dialog('a', 'on-fire')))).to.equal('unknown');
  });
  it('refuses hostile and foreign documents without throwing', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>${dialogInfo(1, dialog('a', '&b;'))}`;
    expect(parseDialogInfo(laughs), 'entities').to.equal(null);
    expect(parseDialogInfo(dialogInfo(1, dialog('a', 'x'.repeat(70_000)))), 'oversized').to.equal(null);
    expect(parseDialogInfo('<dialog-info><dialog/>'), 'broken XML').to.equal(null);
    expect(parseDialogInfo('<dialog-info xmlns="urn:other"/>'), 'wrong namespace').to.equal(null);
    expect(parseDialogInfo(42 as unknown as string), 'not text').to.equal(null);
  });
});

describe('parseMessageSummary', () => {
  it("reads RFC 3842's Messages-Waiting and Voice-Message", () => {
    expect(parseMessageSummary('Messages-Waiting: yes\r\nMessage-Account: sip:alice@x\r\nVoice-Message: 2/8 (0/2)\r\n')).to.deep.equal({ waiting: true, newMessages: 2, oldMessages: 8 });
    expect(parseMessageSummary('messages-waiting:no')).to.deep.equal({ waiting: false, newMessages: 0, oldMessages: 0 });
  });
  it('refuses what is not a summary, and caps absurd counts', () => {
    expect(parseMessageSummary('Voice-Message: 2/8')).to.equal(null);
    expect(parseMessageSummary('Messages-Waiting: maybe')).to.equal(null);
    expect(parseMessageSummary(`Messages-Waiting: yes\n${'x'.repeat(9000)}`)).to.equal(null);
    expect(parseMessageSummary('Messages-Waiting: yes\nVoice-Message: 999999999/1')).to.deep.equal({ waiting: true, newMessages: 99_999, oldMessages: 1 });
  });
});

/** Stand-ins for JsSIP's Subscribers: what each was asked, and a way to NOTIFY or end it. */
function fakeAgent() {
  const subscribers: Array<{ target: string; event: string; calls: string[]; emit: (name: string, ...args: unknown[]) => void }> = [];
  const agent: SubscribingAgent = {
    subscribe: (target, event) => {
      const handlers = new Map<string, (...args: unknown[]) => void>();
      const entry = { target: String(target), event, calls: [] as string[], emit: (name: string, ...args: unknown[]) => handlers.get(name)?.(...args) };
      subscribers.push(entry);
      return {
        on: (name: string, handler: (...args: unknown[]) => void) => handlers.set(name, handler),
        removeAllListeners: () => handlers.clear(),
        subscribe: () => entry.calls.push('subscribe'),
        terminate: () => entry.calls.push('terminate'),
      } as never;
    },
  };
  return { agent, subscribers };
}

describe('Presence', () => {
  it('reports each lamp once per change, offline when the server ends it, and unsubscribes on unwatch and pause', () => {
    const { agent, subscribers } = fakeAgent();
    const lamps: PresenceDetail[] = [];
    const mail: VoicemailDetail[] = [];
    let registered = false;
    const presence = new Presence({ agent: () => (registered ? agent : null), presence: (d) => lamps.push(d), voicemail: (d) => mail.push(d) });
    expect(presence.watch('bob', 'sip:bob@x')).to.equal(true);
    expect(presence.watch('bob', 'sip:bob@x'), 'twice').to.equal(false);
    expect(subscribers, 'not registered yet').to.have.length(0);
    registered = true;
    presence.resume('sip:alice@x');
    expect(subscribers.map(({ target, event }) => `${target} ${event}`)).to.deep.equal(['sip:bob@x dialog', 'sip:alice@x message-summary']);
    const [bob, mailbox] = subscribers;
    const notify = (body: string) => bob!.emit('notify', false, {}, body, 'application/dialog-info+xml');
    notify(dialogInfo(1, dialog('a', 'early')));
    notify(dialogInfo(1, dialog('a', 'confirmed')));
    notify(dialogInfo(2, dialog('a', 'confirmed')));
    notify(dialogInfo(3, dialog('a', 'confirmed'), 'partial'));
    notify('<not xml');
    mailbox!.emit('notify', false, {}, 'Messages-Waiting: yes\nVoice-Message: 1/0', 'application/simple-message-summary');
    mailbox!.emit('notify', false, {}, 'Messages-Waiting: yes\nVoice-Message: 1/0', 'application/simple-message-summary');
    expect(lamps.map(({ state }) => state)).to.deep.equal(['unknown', 'ringing', 'busy', 'unknown']);
    expect(mail).to.deep.equal([{ waiting: true, newMessages: 1, oldMessages: 0 }]);

    bob!.emit('terminated', 6);
    expect(lamps.at(-1)).to.deep.equal({ user: 'bob', uri: 'sip:bob@x', state: 'offline' });
    // A new registration: everything afresh; the old ones end.
    presence.resume('sip:alice@x');
    expect(subscribers).to.have.length(4);
    expect(mailbox!.calls).to.include('terminate');
    presence.unwatch('sip:bob@x');
    expect(subscribers[2]!.calls).to.include('terminate');
    presence.pause();
    expect(subscribers[3]!.calls).to.include('terminate');
    expect(presence.lamps).to.deep.equal([]);
  });
});
