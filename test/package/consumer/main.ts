// The consumer's page script, written as README shows: the elements from
// phone-elements/define, the iframe helper from phone-elements/host. Everything it needs
// comes from the query string: ?server=&uri=&password= for its <soft-phone>, and
// &embed=&embedOrigin=&embedUri= for the phone it frames (signed in with the same password).
import 'phone-elements/define';
import type { SoftPhoneElement } from 'phone-elements';
import { mountPhone, type PhoneFrame } from 'phone-elements/host';

declare global {
  interface Window {
    /** What this page made, for the test that loads it to drive and observe. */
    consumer: { phone: SoftPhoneElement; frame: PhoneFrame };
  }
}

const query = new URLSearchParams(location.search);
function setting(name: string): string {
  const value = query.get(name);
  if (!value) throw new Error(`The page needs ?${name}=`);
  return value;
}
const show = (selector: string, text: string) => (document.querySelector<HTMLOutputElement>(selector)!.value = text);

const phone = document.querySelector('soft-phone')!;
phone.server = setting('server');
phone.uri = setting('uri');
phone.password = setting('password');
// Typed by event name: no casts to reach the details.
phone.addEventListener('phone-registered', (e) => show('#phone-status', `registered ${e.detail.uri}`));
phone.addEventListener('phone-call-ended', (e) => show('#phone-status', `call ended: ${e.detail.reason}`));

const frame = mountPhone(document.querySelector('#frame-panel')!, { src: setting('embed'), origin: setting('embedOrigin') });
frame.addEventListener('phone-registered', (e) => show('#frame-status', `registered ${e.detail.uri}`));
frame.addEventListener('phone-call-incoming', (e) => show('#frame-status', `ringing from ${e.detail.remote.user}`));
frame.addEventListener('phone-call-ended', (e) => show('#frame-status', `call ended: ${e.detail.reason} by ${e.detail.by}`));
frame.configure({ server: setting('server'), uri: setting('embedUri'), password: setting('password') }).catch((error: Error) =>
  show('#frame-status', `configure failed: ${error.message}`),
);

window.consumer = { phone, frame };
