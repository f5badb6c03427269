import { expect } from '@esm-bundle/chai';
import { resolveConfig } from '../../src/engine/config.js';
import { checkRoomTemplate, roomUri } from '../../src/engine/rooms.js';

const TEMPLATE = 'sip:{room}@conference.example.com';
describe('room ids and the room-uri template', () => {
  it('puts the room id into the template', () => {
    expect(roomUri('standup-42', TEMPLATE)).to.equal('sip:standup-42@conference.example.com');
    expect(roomUri('  trimmed ', TEMPLATE)).to.equal('sip:trimmed@conference.example.com');
  });
  it('escapes what a SIP user part does not allow, so no parameter or header is injected', () => {
    expect(roomUri('a;transport=tcp', TEMPLATE)).to.equal('sip:a%3Btransport=tcp@conference.example.com');
    expect(roomUri('a?Subject=x', TEMPLATE)).to.equal('sip:a%3FSubject=x@conference.example.com');
    expect(roomUri('x@evil.example:5060', TEMPLATE)).to.equal('sip:x%40evil.example%3A5060@conference.example.com');
    expect(roomUri('100% <b>', TEMPLATE)).to.equal('sip:100%25%20%3Cb%3E@conference.example.com');
    expect(roomUri('café', TEMPLATE)).to.equal('sip:caf%C3%A9@conference.example.com');
  });
  it('refuses an empty id, one over 64 characters and control characters (invalid-target)', () => {
    for (const room of ['', '  ', 'x'.repeat(65), 'a\r\nb', 'a\u0000', 42 as unknown as string]) {
      expect(() => roomUri(room, TEMPLATE), JSON.stringify(room)).to.throw().with.property('code', 'invalid-target');
    }
    expect(roomUri('📞'.repeat(64), TEMPLATE)).to.match(/^sip:(%F0%9F%93%9E){64}@/);
  });
  it('accepts sip: and sips: templates with {room} once in the user part', () => {
    expect(checkRoomTemplate(' sips:conf-{room}@conference.example.com:5061 ')).to.equal('sips:conf-{room}@conference.example.com:5061');
  });
  it('refuses other templates (invalid-config naming room-uri)', () => {
    for (const template of ['https://x/{room}', '{room}@x.example', 'sip:lobby@x.example', 'sip:{room}{room}@x.example', 'sip:a@{room}.example', 'sip:{room}@x.example;transport=tcp', 'sip:{room}@x.example?Subject=1', 'sip:{room}@']) {
      expect(() => checkRoomTemplate(template), template).to.throw(/"room-uri"/).with.property('code', 'invalid-config');
    }
  });
  it('defaults to rooms on our own domain', () => {
    expect(resolveConfig({ server: 'wss://sip.example.com', uri: 'sip:alice@example.com' }).roomUri).to.equal('sip:{room}@example.com');
    expect(resolveConfig({ server: 'wss://sip.example.com', uri: 'sip:alice@example.com', roomUri: TEMPLATE }).roomUri).to.equal(TEMPLATE);
    expect(() => resolveConfig({ server: 'wss://sip.example.com', uri: 'sip:alice@example.com', roomUri: 'sip:x@y.example' })).to.throw(/"room-uri"/);
  });
});
