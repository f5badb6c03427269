// <soft-phone click-to-dial>: tel: and sip: links anywhere on the page dial through
// the phone, with real calls through the test Kamailio.
import { expect } from '@esm-bundle/chai';
import type { CallEndedDetail, CallTryingDetail } from '../../src/events/phone-events.js';
import { clickLink, uniqueNumber } from '../helpers/links.js';
import { mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { sipConfig } from '../helpers/sip.js';

/** The caller's call to the callee: it rings, then the caller cancels it. */
async function expectCall(caller: TestPhone, callee: TestPhone): Promise<void> {
  const trying = await caller.events.waitFor<CallTryingDetail>('phone-call-trying');
  expect(trying.detail.remote.user).to.equal(callee.user);
  await callee.events.waitFor('phone-call-incoming');
  caller.el.getCall(trying.detail.callId)!.hangup();
  expect((await callee.events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ reason: 'cancelled' });
}

describe('click-to-dial', () => {
  afterEach(unmountAll);

  it('dials tel: and sip: links, anywhere in the document, with a real call', async () => {
    const callee = await mountPhone('callee', { user: uniqueNumber() });
    const caller = await mountPhone('caller', { attributes: { 'click-to-dial': '' } });
    expect(clickLink(`tel:${callee.user}`)).to.equal(true);
    await expectCall(caller, callee);

    // In a shadow tree, and a sip: link with parameters the phone leaves out.
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    expect(clickLink(`sip:${callee.user}@${sipConfig().domain};transport=ws`, {}, shadow)).to.equal(true);
    host.remove();
    await expectCall(caller, callee);
  });

  it('leaves alone modified clicks, links the page handles itself, and other links', async () => {
    const callee = await mountPhone('callee', { user: uniqueNumber() });
    const caller = await mountPhone('caller', { attributes: { 'click-to-dial': '' } });
    const tel = `tel:${callee.user}`;
    for (const modifier of ['ctrlKey', 'metaKey', 'shiftKey', 'altKey'] as const) {
      expect(clickLink(tel, { [modifier]: true }), modifier).to.equal(false);
    }
    expect(clickLink(tel, { button: 1 }), 'middle button').to.equal(false);
    expect(clickLink('/elsewhere'), 'a plain link').to.equal(false);
    expect(clickLink('mailto:bob@example.test'), 'mailto:').to.equal(false);
    // The page's own handler cancels the click first: the link is the page's.
    const handled = (event: Event) => event.preventDefault();
    document.body.addEventListener('click', handled);
    clickLink(tel);
    document.body.removeEventListener('click', handled);
    expect(caller.el.calls).to.have.length(0);
    expect(caller.events.types().filter((type) => type.startsWith('phone-call-'))).to.deep.equal([]);
  });

  it('does nothing without the attribute, and stops when the attribute or the element goes', async () => {
    const callee = await mountPhone('callee', { user: uniqueNumber() });
    const caller = await mountPhone('caller');
    const tel = `tel:${callee.user}`;
    expect(clickLink(tel)).to.equal(false);

    caller.el.setAttribute('click-to-dial', '');
    await caller.el.updateComplete;
    expect(clickLink(tel)).to.equal(true);
    await expectCall(caller, callee);

    caller.el.removeAttribute('click-to-dial');
    await caller.el.updateComplete;
    expect(clickLink(tel)).to.equal(false);

    // The property does the same (frameworks set properties).
    caller.el.clickToDial = true;
    await caller.el.updateComplete;
    expect(clickLink(tel)).to.equal(true);
    await expectCall(caller, callee);

    caller.el.remove();
    expect(clickLink(tel)).to.equal(false);
    expect(caller.events.types().filter((type) => type === 'phone-call-trying')).to.have.length(2);
  });
});
