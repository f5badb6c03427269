/**
 * Side-effect entry: defines every element. Import `phone-elements/define` (or load
 * the CDN bundle) once; the classes themselves (`phone-elements`) define nothing.
 */
import { PhoneCallElement } from './components/phone-call/phone-call.js';
import { PhoneContactsElement } from './components/phone-contacts/phone-contacts.js';
import { PhoneDialerElement } from './components/phone-dialer/phone-dialer.js';
import { PhoneHistoryElement } from './components/phone-history/phone-history.js';
import { PhoneIncomingElement } from './components/phone-incoming/phone-incoming.js';
import { SoftPhoneElement } from './components/soft-phone/soft-phone.js';

// The provider first: consumers upgraded after it find their phone at once.
const ELEMENTS: ReadonlyArray<[string, CustomElementConstructor]> = [
  ['soft-phone', SoftPhoneElement],
  ['phone-dialer', PhoneDialerElement],
  ['phone-incoming', PhoneIncomingElement],
  ['phone-call', PhoneCallElement],
  ['phone-history', PhoneHistoryElement],
  ['phone-contacts', PhoneContactsElement],
];

for (const [tag, element] of ELEMENTS) {
  const existing = customElements.get(tag);
  if (!existing) customElements.define(tag, element);
  else if (existing !== element) {
    // Two copies of the library on one page (say, npm and CDN): the first one wins.
    console.warn(`phone-elements: <${tag}> is already defined by another copy of the library; keeping that one.`);
  }
}
