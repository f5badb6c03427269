// The pure parts of the agent's line: which headers reach the host page and how they
// are cleaned, which intercom requests answer a call, and the new settings' checks.
import { expect } from '@esm-bundle/chai';
import { DEFAULT_EXPOSED_HEADERS, resolveConfig, type PhoneConfig } from '../../src/engine/config.js';
import { PhoneError } from '../../src/engine/phone-error.js';
import { callPopHeaders, HEADER_COUNT_LIMIT, HEADER_VALUE_LIMIT, intercomDelay, type RawHeaders } from '../../src/engine/line-features.js';

const raw = (headers: Record<string, string[]>): RawHeaders =>
  Object.fromEntries(Object.entries(headers).map(([name, values]) => [name, values.map((value) => ({ raw: value }))]));

const base: PhoneConfig = { server: 'wss://sip.example.test/ws', uri: 'sip:alice@example.test' };

function refusal(config: PhoneConfig): string {
  try {
    resolveConfig(config);
  } catch (error) {
    expect((error as PhoneError).code).to.equal('invalid-config');
    return (error as PhoneError).message;
  }
  throw new Error('the configuration was accepted');
}

describe('call-pop headers', () => {
  it('keeps only the allow-listed headers, X-* as a prefix, whatever their case', () => {
    const headers = raw({
      'X-Crm-Id': ['42'],
      'P-Asserted-Identity': ['<sip:boss@example.test>'],
      Via: ['SIP/2.0/WSS x'],
      Authorization: ['Digest secret'],
      Diversion: ['<sip:a@example.test>', '<sip:b@example.test>'],
    });
    expect(callPopHeaders(headers, DEFAULT_EXPOSED_HEADERS)).to.deep.equal({
      'X-Crm-Id': '42',
      'P-Asserted-Identity': '<sip:boss@example.test>',
      Diversion: '<sip:a@example.test>, <sip:b@example.test>',
    });
    expect(callPopHeaders(headers, ['x-crm-*'])).to.deep.equal({ 'X-Crm-Id': '42' });
  });

  it('strips control characters and caps values and their number', () => {
    const cleaned = callPopHeaders(raw({ 'X-Note': [`a\u0000b\tc\u001bd\u007f${'e'.repeat(2000)}`] }), ['X-*']);
    expect(cleaned['X-Note']).to.equal(`abcd${'e'.repeat(HEADER_VALUE_LIMIT - 4)}`);
    const many = raw(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`X-H${i}`, ['v']])));
    expect(Object.keys(callPopHeaders(many, ['X-*']))).to.have.length(HEADER_COUNT_LIMIT);
  });
});

describe('intercom requests', () => {
  it('reads answer-after in seconds and alert-autoanswer as at once', () => {
    expect(intercomDelay(raw({ 'Call-Info': ['<sip:pbx.example.test>;answer-after=3'] }))).to.equal(3000);
    expect(intercomDelay(raw({ 'Call-Info': ['<http://x/logo.png>;purpose=icon, <sip:x>;Answer-After="0"'] }))).to.equal(0);
    expect(intercomDelay(raw({ 'Alert-Info': ['<http://www.notused.com>;info=alert-autoanswer'] }))).to.equal(0);
    expect(intercomDelay(raw({ 'Alert-Info': ['<http://x/ring.wav>'], 'Call-Info': ['<sip:x>;purpose=info'] }))).to.equal(null);
    expect(intercomDelay(raw({ 'Call-Info': ['<sip:x>;answer-after=99999'] })), 'capped at a minute').to.equal(60_000);
  });
});

describe('the line settings', () => {
  it('resolves defaults and the given values', () => {
    const defaults = resolveConfig(base);
    expect(defaults).to.deep.include({ autoAnswer: null, allowIntercom: false, dnd: false, dndResponse: '486', trustIdentity: false, callerIds: [] });
    expect(defaults.exposeHeaders).to.deep.equal(DEFAULT_EXPOSED_HEADERS);
    const given = resolveConfig({ ...base, autoAnswer: '1500' as unknown as number, dnd: '' as unknown as boolean, dndResponse: 603, exposeHeaders: 'X-* Diversion', callerIds: '[{"uri":"sip:sales@example.test","name":"Sales"}]' });
    expect(given).to.deep.include({ autoAnswer: 1500, dnd: true, dndResponse: '603' });
    expect(given.exposeHeaders).to.deep.equal(['X-*', 'Diversion']);
    expect(given.callerIds).to.deep.equal([{ uri: 'sip:sales@example.test', name: 'Sales' }]);
  });

  it('refuses bad values, naming the attribute', () => {
    expect(refusal({ ...base, dndResponse: 404 as never })).to.include('dnd-response');
    expect(refusal({ ...base, autoAnswer: -1 })).to.include('auto-answer');
    expect(refusal({ ...base, callerIds: '[{"uri": oops' })).to.include('caller-ids');
    expect(refusal({ ...base, callerIds: '[{"uri": "not a sip address"}]' })).to.include('caller-ids');
    expect(refusal({ ...base, exposeHeaders: 'X-* Bad:Name' })).to.include('expose-headers');
  });
});
