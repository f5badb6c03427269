// Under the strictest policy a host page may set (no inline script or style,
// no eval, sockets only to itself and the SIP server), the phone loads,
// registers and calls without a single Content-Security-Policy violation.
import { expect } from '@esm-bundle/chai';
import type { CallEndedDetail } from '../../src/events/phone-events.js';
import { connect, mountPhone, unmountAll } from '../helpers/phones.js';
import { waitFor } from '../helpers/sip.js';

type CspWindow = Window & { cspViolations: string[]; eval(code: string): unknown };

/** Loads csp-page.html (served with the policy) in an iframe, once its elements are defined. */
async function strictPage(): Promise<CspWindow> {
  const iframe = document.createElement('iframe');
  iframe.src = '/test/reliability/csp-page.html';
  document.body.append(iframe);
  const page = iframe.contentWindow as CspWindow;
  await waitFor(() => page.customElements?.get('soft-phone'), { message: 'the page to define <soft-phone>' });
  return page;
}

describe('reliability: strict Content-Security-Policy', () => {
  afterEach(async () => {
    await unmountAll();
    document.querySelectorAll('iframe').forEach((iframe) => iframe.remove());
  });

  it('places and ends a call with no violation', async () => {
    const page = await strictPage();
    const alice = await mountPhone('alice', { document: page.document });
    const bob = await mountPhone('bob', { document: page.document });
    const { callerCall } = await connect(alice, bob);
    callerCall.hangup();
    expect((await bob.events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ reason: 'hangup', by: 'remote' });
    expect(page.cspViolations).to.deep.equal([]);

    // The policy is in force: eval is refused, and reported.
    expect(() => page.eval('1')).to.throw();
    await waitFor(() => page.cspViolations.length === 1, { message: 'the eval to be reported' });
    expect(page.cspViolations[0]).to.match(/^script-src/);
  });
});
