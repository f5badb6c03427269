/**
 * `dist/embed.html`: the whole phone in a page meant for an iframe. It signs in from
 * its own form, or from a host page over the bridge (see bridge.ts), whose allowed
 * origins come from the page's query: `embed.html?origin=https://crm.example.com`.
 *
 * In `dist/` this module is small: the library itself (`../define.js`, `../index.js`)
 * is the CDN bundle, `phone-elements.js`, loaded beside it (vite.config.ts).
 */
import '../define.js';
import { CONFIG_KEYS } from '../index.js';
import { allowedOrigins } from './bridge.js';
import { connectBridge } from './frame-bridge.js';
import { signInWith } from './sign-in.js';

const phone = document.querySelector('soft-phone')!;
const form = document.querySelector<HTMLFormElement>('#sign-in')!;
const error = form.querySelector('output')!;

// Configured by the form or by the host: from then on the phone takes the whole frame.
signInWith(form, error, phone, CONFIG_KEYS);
form.hidden = false;

connectBridge(phone, allowedOrigins(location.search));
