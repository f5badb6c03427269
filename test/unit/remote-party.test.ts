import { expect } from '@esm-bundle/chai';
import { cleanDisplayName, MAX_DISPLAY_NAME_LENGTH, remoteParty } from '../../src/engine/remote-party.js';

describe('cleanDisplayName', () => {
  it('keeps ordinary names, emoji and markup characters (they are shown as text)', () => {
    expect(cleanDisplayName('Zoë 📞 <b>Boss</b>')).to.equal('Zoë 📞 <b>Boss</b>');
  });
  it('removes bidi overrides and control characters', () => {
    expect(cleanDisplayName('evil\u202etxt.exe\u0007')).to.equal('eviltxt.exe');
  });
  it('caps a 10 KB name without splitting a surrogate pair', () => {
    const cleaned = cleanDisplayName('📞'.repeat(10_000));
    expect(Array.from(cleaned)).to.have.length(MAX_DISPLAY_NAME_LENGTH);
    expect(cleaned.endsWith('📞')).to.equal(true);
  });
  it('turns a missing name into an empty string', () => {
    expect(cleanDisplayName(undefined)).to.equal('');
    expect(cleanDisplayName(null)).to.equal('');
  });
});

describe('remoteParty', () => {
  it('builds plain data from a parsed URI', () => {
    const uri = { user: 'bob', toString: () => 'sip:bob@example.test' };
    expect(remoteParty(uri, 'Bob')).to.deep.equal({ uri: 'sip:bob@example.test', user: 'bob', displayName: 'Bob' });
  });
});
