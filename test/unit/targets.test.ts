import { expect } from '@esm-bundle/chai';
import { PhoneError } from '../../src/engine/phone-error.js';
import { MAX_TARGET_LENGTH, normalizeTarget, parseSipAddress } from '../../src/engine/targets.js';

const DOMAIN = 'example.test';

function refused(input: string): PhoneError {
  try {
    normalizeTarget(input, DOMAIN);
  } catch (error) {
    expect(error).to.be.instanceOf(PhoneError);
    expect((error as PhoneError).code).to.equal('invalid-target');
    return error as PhoneError;
  }
  throw new Error(`"${input}" was accepted`);
}

describe('normalizeTarget', () => {
  const accepted: Array<[string, string]> = [
    ['bob', 'sip:bob@example.test'],
    ['  bob  ', 'sip:bob@example.test'],
    ['105', 'sip:105@example.test'],
    ['+14155551234', 'sip:+14155551234@example.test'],
    ['+1 (415) 555-1234', 'sip:+14155551234@example.test'],
    ['01.23.45.67.89', 'sip:0123456789@example.test'],
    ['*97', 'sip:*97@example.test'],
    ['*21#', 'sip:*21%23@example.test'],
    ['sip:carol@other.example', 'sip:carol@other.example'],
    ['SIP:carol@Other.Example', 'sip:carol@other.example'],
    ['sips:carol@other.example:5061', 'sips:carol@other.example:5061'],
    ['carol@other.example', 'sip:carol@other.example'],
    ['sip:alice@[::1]:5060', 'sip:alice@[::1]:5060'],
    ['sip:alice@127.0.0.1', 'sip:alice@127.0.0.1'],
    ['first.last', 'sip:first.last@example.test'],
  ];
  for (const [input, uri] of accepted) {
    it(`dials ${JSON.stringify(input)} as ${uri}`, () => {
      expect(normalizeTarget(input, DOMAIN)).to.equal(uri);
    });
  }

  const refusedInputs: Array<[string, string]> = [
    ['', 'empty'],
    ['   ', 'blank'],
    ['1'.repeat(MAX_TARGET_LENGTH + 1), 'overlong'],
    ['bob<script>', 'markup'],
    ['"bob"', 'quotes'],
    ['bob\r\nVia: evil', 'CR/LF header injection'],
    ['bob\nX', 'LF'],
    ['sip:bob@example.test;transport=tcp', 'URI parameter'],
    ['bob;transport=tcp', 'parameter on a name'],
    ['sip:bob@example.test?Subject=hi', 'URI header'],
    ['bob?x=1', 'header on a name'],
    ['sip:bob smith@example.test', 'whitespace inside a URI'],
    ['bob smith', 'whitespace inside a name'],
    ['\u0430lice', 'Cyrillic look-alike'],
    ['bob\u202e', 'bidi override'],
    ['sip:@example.test', 'no user'],
    ['sip:bob@', 'no host'],
    ['sip:bob@exa_mple.test', 'bad host'],
    ['sip:bob@example.test:99999', 'port out of range'],
    ['+1+2', 'plus inside a number'],
    ['sip:example.test', 'no user part'],
  ];
  for (const [input, what] of refusedInputs) {
    it(`refuses ${what}`, () => {
      expect(refused(input).message).to.be.a('string').and.not.empty;
    });
  }
});

describe('parseSipAddress', () => {
  it('splits scheme, user and host', () => {
    expect(parseSipAddress('sip:alice@example.test')).to.deep.equal({ scheme: 'sip', user: 'alice', host: 'example.test' });
  });
});
