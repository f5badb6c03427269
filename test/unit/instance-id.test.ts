import { expect } from '@esm-bundle/chai';
import { claimInstance as claim, releaseInstance } from '../../src/engine/instance-id.js';

/** Test pages are secure contexts (localhost): there is always an instance. */
function claimInstance(account: string): string {
  const id = claim(account);
  if (!id) throw new Error('no instance in a secure context');
  return id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const KEY = 'phone-elements:instance:';

function account(): string {
  return `sip:user-${Math.random().toString(36).slice(2, 10)}@example.test`;
}

describe('claimInstance', () => {
  afterEach(() => {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(KEY)) sessionStorage.removeItem(key);
  });

  it('gives an account the same UUID on every start, kept in sessionStorage (per tab, across reloads)', () => {
    const aor = account();
    const first = claimInstance(aor);
    expect(first).to.match(UUID);
    expect(sessionStorage.getItem(KEY + aor)).to.equal(first);
    releaseInstance(first);
    const again = claimInstance(aor);
    expect(again).to.equal(first);
    releaseInstance(again);
  });

  it('gives each account its own', () => {
    const [a, b] = [claimInstance(account()), claimInstance(account())];
    expect(a).to.not.equal(b);
    [a, b].forEach(releaseInstance);
  });

  it('gives a second phone of the same account in this page another one, so the two do not replace each other', () => {
    const aor = account();
    const first = claimInstance(aor);
    const second = claimInstance(aor);
    expect(second).to.match(UUID);
    expect(second).to.not.equal(first);
    // The stored one stays the first phone's.
    expect(sessionStorage.getItem(KEY + aor)).to.equal(first);
    [first, second].forEach(releaseInstance);
  });

  it('replaces a stored value that is no UUID', () => {
    const aor = account();
    sessionStorage.setItem(KEY + aor, 'not-a-uuid"><script>');
    const id = claimInstance(aor);
    expect(id).to.match(UUID);
    expect(sessionStorage.getItem(KEY + aor)).to.equal(id);
    releaseInstance(id);
  });

  it('falls back to one per page, for its lifetime, where storage is forbidden', () => {
    const own = Object.getOwnPropertyDescriptor(window, 'sessionStorage');
    Object.defineProperty(window, 'sessionStorage', {
      configurable: true,
      get() {
        throw new DOMException('The document is sandboxed', 'SecurityError');
      },
    });
    try {
      const aor = account();
      const first = claimInstance(aor);
      expect(first).to.match(UUID);
      releaseInstance(first);
      expect(claimInstance(aor)).to.equal(first);
      releaseInstance(first);
    } finally {
      if (own) Object.defineProperty(window, 'sessionStorage', own);
      else delete (window as { sessionStorage?: Storage }).sessionStorage;
    }
    expect(() => sessionStorage.length).to.not.throw();
  });
});
