// Every string the elements show comes from a catalog chosen by the language in
// force: the nearest lang attribute (through shadow roots), else the document's.
import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import type { SoftPhoneElement } from '../../src/components/soft-phone/soft-phone.js';
import { en } from '../../src/i18n/en.js';
import { ar } from '../../src/i18n/ar.js';
import { fr } from '../../src/i18n/fr.js';
import { it as italian } from '../../src/i18n/it.js';
import { isLoaded, loadStrings, strings } from '../../src/i18n/strings.js';
import { expectNoAxeViolations } from '../helpers/fake-phone.js';
import { waitFor } from '../helpers/sip.js';

const mounted: Element[] = [];
async function phone(attributes: Record<string, string> = {}): Promise<SoftPhoneElement> {
  const el = document.createElement('soft-phone');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  return el;
}
function inner(el: SoftPhoneElement, tag: string, name: string): HTMLElement | null | undefined {
  return el.shadowRoot?.querySelector(tag)?.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`);
}
const text = (el: SoftPhoneElement, tag: string, name: string) =>
  waitFor(() => inner(el, tag, name)?.textContent?.trim(), { message: `<${tag}> ${name}` });

describe('languages', () => {
  afterEach(() => {
    mounted.splice(0).forEach((el) => el.remove());
    document.documentElement.lang = 'en';
  });

  it('speaks French inside <soft-phone lang="fr">, through its shadow root', async () => {
    const el = await phone({ lang: 'fr' });
    expect(await text(el, 'phone-dialer', 'call-button')).to.equal('Appeler');
    expect(await text(el, 'phone-dialer', 'status')).to.equal(fr.statusDisconnected);
    expect(inner(el, 'phone-dialer', 'number-input')!.getAttribute('placeholder')).to.equal(fr.numberPlaceholder);
  });

  it("follows the document's language, and a regional tag's primary language", async () => {
    document.documentElement.lang = 'fr-CA';
    const el = await phone();
    expect(await text(el, 'phone-dialer', 'call-button')).to.equal('Appeler');
  });

  it('speaks Arabic right to left inside <soft-phone lang="ar" dir="rtl">, numbers left to right', async () => {
    const el = await phone({ lang: 'ar', dir: 'rtl' });
    expect(await text(el, 'phone-dialer', 'call-button')).to.equal(ar.call);
    expect(getComputedStyle(inner(el, 'phone-dialer', 'status')!).direction).to.equal('rtl');
    const input = inner(el, 'phone-dialer', 'number-input') as HTMLInputElement;
    input.value = '+966 11 234 5678';
    expect(getComputedStyle(input).direction).to.equal('ltr');
    await expectNoAxeViolations(el);
  });

  it('falls back to English for a language it does not have', async () => {
    const el = await phone({ lang: 'ja' });
    expect(await text(el, 'phone-dialer', 'call-button')).to.equal(en.call);
  });

  it('words refusals in the language in force', async () => {
    const el = await phone({ lang: 'fr', server: 'ws://127.0.0.1:9', uri: 'sip:alice@example.test' });
    const input = inner(el, 'phone-dialer', 'number-input') as HTMLInputElement;
    input.value = 'a<b';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    (inner(el, 'phone-dialer', 'call-button') as HTMLButtonElement).click();
    expect(await text(el, 'phone-dialer', 'error')).to.equal(fr.error('invalid-target', ''));
  });

  it('loads a language beyond English on first use and renders in it from the first paint', async () => {
    expect(isLoaded('it'), 'Italian is not loaded before a phone speaks it').to.equal(false);
    expect(strings('it'), 'English meanwhile').to.equal(en);
    const el = await phone({ lang: 'it' });
    await el.shadowRoot!.querySelector('phone-dialer')!.updateComplete;
    // No waiting here: an element that rendered English first would still show it.
    expect(inner(el, 'phone-dialer', 'call-button')!.textContent!.trim()).to.equal(italian.call);
    expect(isLoaded('it-CH')).to.equal(true);
  });

  it('has every English string in French, none left empty', async () => {
    const keys = (catalog: object) => Object.keys(catalog).sort();
    expect(keys(fr)).to.deep.equal(keys(en));
    for (const [key, value] of Object.entries(fr)) {
      if (typeof value === 'string') expect(value, key).to.not.equal('');
    }
    expect(await loadStrings('fr-BE')).to.equal(fr);
    expect(strings('fr-BE')).to.equal(fr);
  });
});
