// The CDN bundles on a page that has nothing but their script tag and the element,
// in either order: each page is an iframe (srcdoc, so /dist/ resolves against this
// server). Needs `npm run build` first (`npm test` does it).
import { expect } from '@esm-bundle/chai';
import type { SoftPhoneElement } from '../../src/components/soft-phone/soft-phone.js';
import type { CallEndedDetail } from '../../src/events/phone-events.js';
import { PHONE_EVENT_NAMES } from '../../src/events/phone-events.js';
import { recordEvents } from '../helpers/events.js';
import { connect, control, mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';

const BUNDLES = {
  'ES module (phone-elements.js)': '<script type="module" src="/dist/phone-elements.js"></script>',
  'classic script (phone-elements.iife.js)': '<script src="/dist/phone-elements.iife.js"></script>',
};

type PageWindow = Window & typeof globalThis & { PhoneElements?: Record<string, unknown>; warnings?: string[]; errors?: string[] };

const pages: HTMLIFrameElement[] = [];

/** Loads `html` as a page of its own, and resolves with its window once loaded. */
async function loadPage(html: string): Promise<PageWindow> {
  const iframe = document.createElement('iframe');
  iframe.srcdoc = `<!doctype html>${html}`;
  const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  document.body.append(iframe);
  pages.push(iframe);
  await loaded;
  return iframe.contentWindow as PageWindow;
}

/** The page's phone as a TestPhone, recording its events from now on. */
function pagePhone(page: PageWindow, user: string): TestPhone {
  const el = page.document.querySelector('soft-phone')!;
  return { el, user, events: recordEvents(el, PHONE_EVENT_NAMES) };
}

describe('CDN bundles: one script tag and the element', () => {
  afterEach(async () => {
    const phones = pages.flatMap((iframe) => [...(iframe.contentDocument?.querySelectorAll('soft-phone') ?? [])]);
    phones.forEach((el) => el.remove());
    await waitFor(() => phones.every((el) => el.controller.connection === 'disconnected'), { message: 'page phones to disconnect' });
    pages.splice(0).forEach((iframe) => iframe.remove());
    await unmountAll();
  });

  for (const [bundle, script] of Object.entries(BUNDLES)) {
    for (const order of ['before', 'after'] as const) {
      it(`${bundle}, script ${order} the element: upgrades, registers and calls`, async () => {
        const { wsUrl, domain, password } = sipConfig();
        const user = uniqueUser('cdn');
        const element = `<soft-phone server="${wsUrl}" uri="sip:${user}@${domain}" password="${password}"></soft-phone>`;
        const page = await loadPage(order === 'before' ? `${script}${element}` : `${element}${script}`);
        const phone = pagePhone(page, user);
        expect(phone.el).to.be.instanceOf(page.customElements.get('soft-phone')!);
        await control(phone, 'phone-dialer', 'call-button');
        await waitFor(() => phone.el.registered, { message: `${user} to register` });
        expect(page.PhoneElements === undefined).to.equal(bundle.startsWith('ES module'));

        const callee = await mountPhone('callee');
        const { callerCall } = await connect(phone, callee);
        callerCall.hangup();
        expect((await callee.events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ reason: 'hangup', by: 'remote' });
        expect(phone.events.types()).to.include.members(['phone-call-trying', 'phone-call-established', 'phone-call-ended']);
      });
    }
  }

  for (const [bundle, script] of Object.entries(BUNDLES)) {
    it(`${bundle}: French and the popovers' positioning load on first use, beside the bundle`, async () => {
      const { wsUrl, domain, password } = sipConfig();
      const user = uniqueUser('cdn-fr');
      const page = await loadPage(`${script}<soft-phone lang="fr" server="${wsUrl}" uri="sip:${user}@${domain}" password="${password}"></soft-phone>`);
      const phone = pagePhone(page, user);
      const chunks = () =>
        page.performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name).pathname)
          .filter((path) => path.startsWith('/dist/phone-elements/'));
      const callButton = await control(phone, 'phone-dialer', 'call-button');
      // French from the first paint: no waiting for it here.
      expect(callButton.textContent!.trim()).to.equal('Appeler');
      const lazy = bundle.startsWith('ES module');
      expect(chunks().map((path) => path.replace(/-[\w-]+\.js$/, '')), 'chunks before any popover').to.deep.equal(lazy ? ['/dist/phone-elements/fr'] : []);

      (await control<HTMLButtonElement>(phone, 'phone-dialer', 'settings-button')).click();
      const popover = await control(phone, 'phone-dialer', 'settings');
      await waitFor(() => popover.style.top !== '', { message: 'the settings popover to be positioned' });
      expect(chunks().some((path) => path.startsWith('/dist/phone-elements/floating-ui-'))).to.equal(lazy);
    });
  }

  it('fires phone-registered on a page whose element is configured after load', async () => {
    const { wsUrl, domain, password } = sipConfig();
    // The element is configured only once the page's listener is in place.
    const page = await loadPage(`${BUNDLES['classic script (phone-elements.iife.js)']}<soft-phone></soft-phone>`);
    const phone = pagePhone(page, uniqueUser('cdn'));
    Object.assign(phone.el, { server: wsUrl, uri: `sip:${phone.user}@${domain}`, password });
    await phone.events.waitFor('phone-registered');
    expect(phone.events.types()).to.deep.equal(['phone-tab-role', 'phone-connecting', 'phone-connected', 'phone-registered']);
  });

  it('warns, and does not throw, when a second copy loads', async () => {
    const page = await loadPage(`<script>
        window.warnings = [];
        window.errors = [];
        const warn = console.warn;
        console.warn = (...args) => (warnings.push(args.join(' ')), warn(...args));
        addEventListener('error', (event) => errors.push(event.message));
      </script>
      ${BUNDLES['classic script (phone-elements.iife.js)']}
      ${BUNDLES['ES module (phone-elements.js)']}
      <soft-phone></soft-phone>`);
    await waitFor(() => page.warnings!.length >= 4, { message: 'the second copy to warn' });
    expect(page.warnings!.filter((warning) => /<soft-phone> is already defined by another copy/.test(warning))).to.have.length(1);
    expect(page.errors).to.deep.equal([]);
    // The first copy keeps the tags, and still works.
    const el = page.document.querySelector('soft-phone') as SoftPhoneElement;
    expect(page.customElements.get('soft-phone')).to.equal(page.PhoneElements!.SoftPhoneElement);
    await control({ el, user: '', events: recordEvents(el, []) }, 'phone-dialer', 'call-button');
  });
});
