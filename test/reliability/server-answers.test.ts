// What a registrar may answer, and what the phone does about it. Kamailio
// (test/sip/kamailio.cfg) plays a difficult server for users with these
// prefixes: "overloaded-" gets 503 + Retry-After: 2 once, "forbidden-" gets 403,
// "short-" is registered for 10 s only. Its log shows every REGISTER it got.
import { expect } from '@esm-bundle/chai';
import type { RegistrationFailedDetail } from '../../src/events/phone-events.js';
import { kamailio } from '../helpers/network.js';
import { connect, mountPhone, part, unmountAll, type TestPhone } from '../helpers/phones.js';
import { sipConfig } from '../helpers/sip.js';

const CHECK_CREDENTIALS = 'Registration failed — check your credentials';

/** The REGISTERs Kamailio received from this phone so far. */
async function registers(phone: TestPhone): Promise<number> {
  return (await kamailio.log(`REGISTER sip:${sipConfig().domain} from sip:${phone.user}@`)).length;
}

function status(phone: TestPhone): string {
  return part(phone, 'phone-dialer', 'status')?.textContent ?? '';
}

describe('reliability: what the registrar answers', () => {
  afterEach(unmountAll);

  it('honours 503 with Retry-After: registers again after 2 s, not before, without blaming the credentials', async () => {
    const phone = await mountPhone('overloaded', { register: false });
    const failed = await phone.events.waitFor<RegistrationFailedDetail>('phone-registration-failed');
    const failedAt = performance.now();
    expect(failed.detail).to.deep.equal({ code: 503, cause: 'Service Unavailable' });
    await phone.el.updateComplete;
    expect(status(phone)).to.equal('Registering…');

    await phone.events.waitFor('phone-registered', { timeout: 5000 });
    // Timers may fire a few ms early against performance.now(); the server said 2 s.
    expect(performance.now() - failedAt).to.be.within(1950, 4000);
    // The refused REGISTER, then one challenged and one accepted: nothing sent in the wait.
    expect(await registers(phone)).to.equal(3);
    expect(phone.events.types()).to.deep.equal(['phone-tab-role', 'phone-connecting', 'phone-connected', 'phone-registration-failed', 'phone-registered']);
  });

  it('stops at 401 and 403 and says to check the credentials', async () => {
    const wrongPassword = await mountPhone('alice', { password: 'wrong-password', register: false });
    const forbidden = await mountPhone('forbidden', { register: false });
    const codes = await Promise.all(
      [wrongPassword, forbidden].map(async (phone) => (await phone.events.waitFor<RegistrationFailedDetail>('phone-registration-failed')).detail.code),
    );
    expect(codes).to.deep.equal([401, 403]);

    // Long enough for any retry or back-off to show.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const phone of [wrongPassword, forbidden]) {
      // Challenged, then answered with the (wrong or refused) credentials: no third try.
      expect(await registers(phone), phone.user).to.equal(2);
      expect(phone.events.types()).to.deep.equal(['phone-tab-role', 'phone-connecting', 'phone-connected', 'phone-registration-failed']);
      expect(status(phone)).to.equal(CHECK_CREDENTIALS);
      expect(part(phone, 'phone-dialer', 'status')!.classList.contains('failed')).to.equal(true);
    }
  });

  it('refreshes its registration before it expires: still reachable after the first expiry', async function () {
    this.timeout(30_000);
    const phone = await mountPhone('short');
    const registeredAt = performance.now();
    const initial = await registers(phone);
    // Registered for 10 s (JsSIP refreshes 5 s before the end): past that, the registrar still knows it.
    await new Promise((resolve) => setTimeout(resolve, registeredAt + 11_000 - performance.now()));
    expect(await registers(phone)).to.be.greaterThan(initial);
    expect(phone.events.types()).to.deep.equal(['phone-tab-role', 'phone-connecting', 'phone-connected', 'phone-registered']);
    const caller = await mountPhone('caller');
    await connect(caller, phone);
  });
});
