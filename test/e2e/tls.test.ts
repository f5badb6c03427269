// SIP over secure WebSocket (wss://): the test Kamailio's TLS listener has a
// certificate made for this run (test/sip/tls.mjs) that Chromium trusts by
// its public key alone; certificate checks are otherwise on. A second listener
// of the same Kamailio has a certificate Chromium does not trust.
import { expect } from '@esm-bundle/chai';
import type { ServerDetail } from '../../src/events/phone-events.js';
import { kamailio } from '../helpers/network.js';
import { connect, expectAudioFlowing, mountPhone, unmountAll } from '../helpers/phones.js';
import { sipConfig } from '../helpers/sip.js';

describe('e2e: wss:// (TLS)', () => {
  afterEach(unmountAll);

  it('two phones register over wss:// and call each other, RTP flowing both ways', async () => {
    const { wssUrl } = sipConfig();
    const alice = await mountPhone('alice', { attributes: { server: wssUrl } });
    const bob = await mountPhone('bob', { attributes: { server: wssUrl } });
    for (const phone of [alice, bob]) {
      const connected = phone.events.events.find((event) => event.type === 'phone-connected')!;
      expect((connected.detail as ServerDetail).server).to.equal(`${wssUrl}/`);
    }
    const { callerCall, calleeCall } = await connect(alice, bob);
    await expectAudioFlowing(callerCall, 'alice');
    await expectAudioFlowing(calleeCall, 'bob');
    // Kamailio saw the REGISTERs and the INVITE arrive over TLS, and only so.
    for (const [method, phone] of [['REGISTER', alice], ['REGISTER', bob], ['INVITE', alice]] as const) {
      const lines = await kamailio.log(`${method} `);
      const mine = lines.filter((line) => line.includes(` from sip:${phone.user}@`));
      expect(mine, `${method} of ${phone.user}`).to.not.be.empty;
      for (const line of mine) expect(line).to.include(' via wss:127.0.0.1:');
    }
    expect(alice.events.types()).to.not.include('phone-error');
  });
});
