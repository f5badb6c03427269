import { expect } from '@esm-bundle/chai';
import { CONFIG_FIELDS, CONFIG_KEYS, needsReconnect, resolveConfig, type PhoneConfig } from '../../src/engine/config.js';
import { PhoneError } from '../../src/engine/phone-error.js';

const base: PhoneConfig = { server: 'wss://sip.example.test/ws', uri: 'sip:alice@example.test' };

function refusal(config: PhoneConfig): string {
  try {
    resolveConfig(config);
  } catch (error) {
    expect(error).to.be.instanceOf(PhoneError);
    expect((error as PhoneError).code).to.equal('invalid-config');
    return (error as PhoneError).message;
  }
  throw new Error('the configuration was accepted');
}

describe('CONFIG_FIELDS', () => {
  it('gives every setting its default and its bounds, and resolveConfig applies them', () => {
    const config = resolveConfig(base);
    for (const key of CONFIG_KEYS) {
      const field = CONFIG_FIELDS[key] as { default?: number | string; min?: number; max?: number };
      if (field.default === undefined) continue;
      expect(config[key as Exclude<typeof key, 'server'>], key).to.equal(field.default);
      if (field.min === undefined || field.max === undefined) continue;
      expect(() => resolveConfig({ ...base, [key]: field.max! + 1 }), key).to.throw(PhoneError, CONFIG_FIELDS[key].attribute);
      expect(() => resolveConfig({ ...base, [key]: field.min! - 1 }), key).to.throw(PhoneError, CONFIG_FIELDS[key].attribute);
    }
  });
});

describe('auto-record', () => {
  it('takes a boolean, or the text of a present or absent attribute, and refuses anything else', () => {
    expect(resolveConfig(base).autoRecord).to.equal(false);
    for (const on of [true, '', 'true', 'auto-record']) expect(resolveConfig({ ...base, autoRecord: on as boolean }).autoRecord, String(on)).to.equal(true);
    for (const off of [false, 'false', null]) expect(resolveConfig({ ...base, autoRecord: off as boolean }).autoRecord, String(off)).to.equal(false);
    expect(() => resolveConfig({ ...base, autoRecord: 'yes' as unknown as boolean })).to.throw(PhoneError, '"auto-record" must be true or false');
    expect(() => resolveConfig({ ...base, autoRecord: 1 as unknown as boolean })).to.throw(PhoneError, 'auto-record');
  });
});

describe('needsReconnect', () => {
  it('is true for a setting of the connection, false for what applies to the next call', () => {
    const now = resolveConfig(base);
    expect(needsReconnect(null, now)).to.equal(true);
    expect(needsReconnect(now, resolveConfig({ ...base }))).to.equal(false);
    expect(needsReconnect(now, resolveConfig({ ...base, server: 'wss://other.example.test/ws' }))).to.equal(true);
    expect(needsReconnect(now, resolveConfig({ ...base, password: 'new' }))).to.equal(true);
    expect(needsReconnect(now, resolveConfig({ ...base, iceServers: [{ urls: 'stun:x' }], iceTransportPolicy: 'relay', maxCalls: 2 }))).to.equal(false);
  });
  it('keeps a function given as iceServers, to ask before each call', () => {
    const provider = () => [{ urls: 'turn:x' }];
    expect(resolveConfig({ ...base, iceServers: provider }).iceServers).to.equal(provider);
  });
});

describe('resolveConfig', () => {
  it('fills in defaults', () => {
    const config = resolveConfig(base);
    expect(config.uri).to.equal('sip:alice@example.test');
    expect(config.authUser).to.equal('alice');
    expect(config.iceServers).to.deep.equal([]);
    expect(config.iceGatheringTimeout).to.equal(1000);
    expect(config.maxCalls).to.equal(4);
  });
  it('parses ice servers given as JSON', () => {
    const config = resolveConfig({ ...base, iceServers: '[{"urls":"turn:127.0.0.1:3478","username":"u","credential":"p"}]' });
    expect(config.iceServers).to.deep.equal([{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'p' }]);
  });
  it('takes one server or several, in order: an array, a JSON array, or URLs separated by commas or spaces', () => {
    expect(resolveConfig(base).servers).to.deep.equal(['wss://sip.example.test/ws']);
    const two = ['wss://a.example.test/ws', 'wss://b.example.test:8443/'];
    expect(resolveConfig({ ...base, server: two }).servers).to.deep.equal(two);
    expect(resolveConfig({ ...base, server: JSON.stringify(two) }).servers).to.deep.equal(two);
    expect(resolveConfig({ ...base, server: ' wss://a.example.test/ws,wss://b.example.test:8443 ' }).servers).to.deep.equal(two);
    expect(resolveConfig({ ...base, server: 'wss://a.example.test/ws , \n wss://b.example.test:8443' }).servers).to.deep.equal(two);
  });
  it('cleans the display name', () => {
    expect(resolveConfig({ ...base, displayName: 'Alice\u202e' }).displayName).to.equal('Alice');
  });

  const bad: Array<[string, PhoneConfig, RegExp]> = [
    ['a missing server', { ...base, server: '' }, /server/],
    ['an http server URL', { ...base, server: 'http://sip.example.test' }, /ws:\/\/ or wss:\/\//],
    ['a server that is no URL', { ...base, server: 'not a url' }, /not a URL/],
    ['an empty server list', { ...base, server: [] }, /Set "server"/],
    ['a server list with one bad URL, naming it', { ...base, server: 'wss://a.example.test, https://b.example.test' }, /https:\/\/b\.example\.test/],
    ['a server list with one URL that is no URL, naming it', { ...base, server: ['wss://a.example.test', 'wss//b'] }, /not a URL: wss\/\/b/],
    ['a server list with something other than text', { ...base, server: ['wss://a.example.test', 42] as unknown as string[] }, /as text, not number/],
    ['a server list with an empty URL', { ...base, server: '["wss://a.example.test", ""]' }, /empty URL/],
    ['a server list in broken JSON', { ...base, server: '["wss://a.example.test",' }, /not valid JSON/],
    ['the same server twice', { ...base, server: 'wss://a.example.test wss://a.example.test/' }, /wss:\/\/a\.example\.test\/ twice/],
    ['more servers than allowed', { ...base, server: Array.from({ length: 9 }, (_, i) => `wss://s${i}.example.test`) }, /at most 8/],
    ['a missing uri', { ...base, uri: '' }, /uri/],
    ['a malformed uri', { ...base, uri: 'sip:alice' }, /uri/],
    ['invalid ice-servers JSON', { ...base, iceServers: '[{urls:' }, /JSON/],
    ['ice-servers that are no array', { ...base, iceServers: '{"urls":"stun:x"}' }, /array/],
    ['an ice server with an http URL', { ...base, iceServers: [{ urls: 'http://x' }] }, /stun:/],
    ['a negative timeout', { ...base, iceGatheringTimeout: -1 }, /ice-gathering-timeout/],
    ['a timeout that is no number', { ...base, iceGatheringTimeout: Number.NaN }, /ice-gathering-timeout/],
    ['zero max calls', { ...base, maxCalls: 0 }, /max-calls/],
    ['max calls that are no number', { ...base, maxCalls: true as unknown as number }, /max-calls/],
    ['an unknown ICE transport policy', { ...base, iceTransportPolicy: 'none' as RTCIceTransportPolicy }, /ice-transport-policy/],
    ['a history mode other than on or off', { ...base, historyMode: 'maybe' as 'on' }, /"history" must be "on" or "off"/],
    ['a history limit of 0', { ...base, historyLimit: 0 }, /history-limit/],
    ['a TURN credential that is no text', { ...base, iceServers: [{ urls: 'turn:x', credential: 7 as unknown as string }] }, /credential/],
    ['a password that is no text', { ...base, password: 42 as unknown as string }, /password/],
    ['a display name that is an object', { ...base, displayName: {} as unknown as string }, /display-name/],
  ];
  for (const [what, config, message] of bad) {
    it(`refuses ${what} with a message naming the field`, () => {
      expect(refusal(config)).to.match(message);
    });
  }
});
