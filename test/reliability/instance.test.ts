// A stable +sip.instance (RFC 5626) per tab and account, across reloads: a page loaded
// again replaces its registration instead of adding a Contact each time, even
// when the old page's socket never closed (its unREGISTER lost on the way).
import { expect } from '@esm-bundle/chai';
import { kamailio, startProxy, stopProxies } from '../helpers/network.js';
import { connect, expectAudioFlowing, mountPhone, unmountAll } from '../helpers/phones.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';

describe('reliability: a stable instance per tab and account', () => {
  afterEach(async () => {
    await unmountAll();
    await stopProxies();
  });

  it('a reload leaves one Contact in the location table, and calls reach the new page', async () => {
    const { domain } = sipConfig();
    const user = uniqueUser('alice');
    const aor = `sip:${user}@${domain}`;

    // The first page load registers through a path that then goes dead without
    // closing (a network change, a sleeping laptop): Kamailio keeps that socket
    // and the Contact on it; the page's unREGISTER never arrives.
    const proxy = await startProxy();
    const before = await mountPhone('alice', { user, attributes: { server: proxy.wsUrl } });
    const [old] = await kamailio.contacts(aor);
    // This browser's instance for the account, kept for the next page load.
    expect(old?.instance).to.equal(`<urn:uuid:${sessionStorage.getItem(`phone-elements:instance:${aor}`)}>`);
    expect(await proxy.freeze()).to.equal(1);
    before.el.remove();
    await waitFor(() => before.el.controller.connection === 'disconnected', { message: 'the old page to close its socket' });
    expect(await kamailio.contacts(aor), 'the dead Contact is still there').to.have.length(1);

    // The page again, in the same browser, for the same account.
    const after = await mountPhone('alice', { user });
    const contacts = await kamailio.contacts(aor);
    expect(contacts, `one Contact for ${aor}, got ${JSON.stringify(contacts)}`).to.have.length(1);
    expect(contacts[0]!.instance, 'the same instance').to.equal(old!.instance);
    expect(contacts[0]!.address, "the new page's Contact").to.not.equal(old!.address);

    // And it is the new page's: a call rings there and connects.
    const bob = await mountPhone('bob');
    const { callerCall, calleeCall } = await connect(bob, after);
    await expectAudioFlowing(callerCall, 'bob');
    await expectAudioFlowing(calleeCall, 'alice');
  });

  // Shared (the default), the second would follow the first (issue 17, test/tabs/tabs.test.ts).
  it('two independent phones of one account in the same page keep two Contacts: both ring', async () => {
    const { domain } = sipConfig();
    const user = uniqueUser('alice');
    await mountPhone('alice', { user, attributes: { tabs: 'independent' } });
    await mountPhone('alice', { user, attributes: { tabs: 'independent' } });
    const contacts = await kamailio.contacts(`sip:${user}@${domain}`);
    expect(contacts).to.have.length(2);
    expect(contacts[0]!.instance).to.not.equal(contacts[1]!.instance);
  });
});
