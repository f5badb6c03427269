/**
 * `dist/embed.html`: the whole phone in a page meant for an iframe. It signs in from
 * its own form, or from a host page over the bridge (see bridge.ts), whose allowed
 * origins come from the page's query: `embed.html?origin=https://crm.example.com`.
 *
 * In `dist/` this module is small: the library itself (`../define.js`, `../index.js`)
 * is the CDN bundle, `phone-elements.js`, loaded beside it (vite.config.ts).
 */
import '../define.js';
import type { PhoneConfig } from '../engine/config.js';
import { CONFIG_KEYS } from '../index.js';
import { allowedOrigins } from './bridge.js';
import { connectBridge } from './frame-bridge.js';

const phone = document.querySelector('soft-phone')!;
const form = document.querySelector<HTMLFormElement>('#sign-in')!;
const error = form.querySelector('output')!;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  // The form's fields are named after the settings (CONFIG_FIELDS); empty ones take their defaults.
  const values = new FormData(form);
  const config = Object.fromEntries(CONFIG_KEYS.filter((key) => values.get(key)).map((key) => [key, String(values.get(key))]));
  try {
    phone.configure(config as unknown as PhoneConfig);
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
