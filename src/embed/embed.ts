/**
 * `dist/embed.html`: the whole phone in a page meant for an iframe. It signs in from
 * its own form, or from a host page over the bridge (see bridge.ts), whose allowed
 * origins come from the page's query: `embed.html?origin=https://crm.example.com`.
 */
import '../define.js';
import { allowedOrigins, applyConfig, connectBridge } from './bridge.js';

const phone = document.querySelector('soft-phone')!;
const form = document.querySelector<HTMLFormElement>('#sign-in')!;
const error = form.querySelector('output')!;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const field = (name: string) => String(new FormData(form).get(name) ?? '');
  try {
    applyConfig(phone, {
      server: field('server'),
      uri: field('uri'),
      password: field('password'),
      authUser: field('authUser'),
      displayName: field('displayName'),
    });
    error.value = '';
  } catch (refusal) {
    error.value = (refusal as Error).message;
  }
});

// Configured by the form or by the host: from then on the phone takes the whole frame.
phone.addEventListener('phone-connecting', () => {
  form.hidden = true;
  phone.hidden = false;
});
form.hidden = false;

connectBridge(phone, allowedOrigins(location.search));
