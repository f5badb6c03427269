// SIP over secure WebSocket (wss://): the test Kamailio's TLS listener has a
// certificate made for this run (test/sip/tls.mjs) that Chromium trusts by
// its public key alone; certificate checks are otherwise on. A second listener
// of the same Kamailio has a certificate Chromium does not trust.
import { expect } from '@esm-bundle/chai';
import { FAILED_OPENS_BEFORE_ERROR } from '../../src/engine/connection-keeper.js';
import type { ConnectingDetail, PhoneErrorDetail, ServerDetail } from '../../src/events/phone-events.js';
import { kamailio } from '../helpers/network.js';
import { connect, expectAudioFlowing, mountPhone, unmountAll } from '../helpers/phones.js';
import { sipConfig, waitFor } from '../helpers/sip.js';

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
    // No handshake on the trusted listener failed: Chromium accepted its certificate every time.
    expect(await kamailio.log(`dst addr: 127.0.0.1:${new URL(wssUrl).port}`)).to.be.empty;
  });

  it('a certificate the browser does not trust: after a few failed opens, a transport-error that says which page to open', async () => {
    const { untrustedWssUrl } = sipConfig();
    const server = `${untrustedWssUrl}/`;
    const phone = await mountPhone('alice', { register: false, attributes: { server: untrustedWssUrl } });

    const error = await phone.events.waitFor<PhoneErrorDetail>('phone-error', { timeout: 15_000 });
    expect(error.detail.code).to.equal('transport-error');
    const { port } = new URL(untrustedWssUrl);
    expect(error.detail.message).to.equal(
      `Could not open a secure connection to ${server} (${FAILED_OPENS_BEFORE_ERROR} tries): the certificate may be untrusted, or nothing listens there. ` +
        `Open https://127.0.0.1:${port}/ in a browser tab to accept or check its certificate; the phone keeps trying.`,
    );
    // Only after that many attempts, each to this server and none of them opened.
    const [role, ...before] = phone.events.events.slice(0, phone.events.events.indexOf(error));
    expect(role?.type, 'the tab role comes first').to.equal('phone-tab-role');
    expect(before.map((event) => event.type)).to.deep.equal(
      Array.from({ length: FAILED_OPENS_BEFORE_ERROR }, () => ['phone-connecting', 'phone-disconnected']).flat(),
    );
    for (const event of before) expect((event.detail as ConnectingDetail).server).to.equal(server);

    // It keeps trying (the user may accept the certificate meanwhile), and says it once.
    const attempts = () => phone.events.types().filter((type) => type === 'phone-connecting').length;
    await phone.events.waitFor('phone-connecting'); // consumed in order: the first
    const seen = attempts();
    await waitFor(() => attempts() > seen, { timeout: 10_000, message: 'another attempt after the error' });
    await waitFor(() => phone.events.types().at(-1) === 'phone-disconnected', { message: 'that attempt to fail too' });
    expect(phone.events.types().filter((type) => type === 'phone-error')).to.have.length(1);
    expect(phone.events.types()).to.not.include('phone-connected');

    // Not a closed port: Kamailio's listener saw the browser refuse its certificate, with
    // the TLS alert it chose for that (RFC 8446 §6.2): Chromium sends certificate_unknown,
    // Firefox has been seen sending bad_certificate.
    const refusals = [...(await kamailio.log('alert certificate unknown')), ...(await kamailio.log('alert bad certificate'))];
    expect(refusals, 'a TLS alert refusing the certificate').to.not.be.empty;
    expect(await kamailio.log(`dst addr: 127.0.0.1:${port}`)).to.not.be.empty;
  });
});
