import type { SoftPhoneElement } from '../components/soft-phone/soft-phone.js';
import type { PhoneConfig } from '../engine/config.js';
import { CONFIG_FIELDS } from '../index.js';

/**
 * A page's sign-in form for its phone (embed.html, the CRM pages): its fields are named
 * after the settings (CONFIG_FIELDS), and the empty ones take their defaults; a refusal
 * shows in `error`; the table says which must be filled in. Configured by the form or by
 * a host over the bridge, the phone then takes the form's place. It reaches the library
 * through src/index.ts only, so the pages take it from the CDN bundle (vite.config.ts,
 * scripts/build-crm.mjs).
 */
export function signInWith(form: HTMLFormElement, error: HTMLOutputElement, phone: SoftPhoneElement, names: readonly (keyof PhoneConfig)[]): void {
  for (const name of names) {
    const input = form.elements.namedItem(name);
    if (input instanceof HTMLInputElement) input.required = (CONFIG_FIELDS[name] as { readonly required?: boolean }).required === true;
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = new FormData(form);
    const config = Object.fromEntries(names.filter((name) => values.get(name)).map((name) => [name, String(values.get(name))]));
    try {
      phone.configure(config as unknown as PhoneConfig);
      error.value = '';
    } catch (refusal) {
      error.value = (refusal as Error).message;
    }
  });
  phone.addEventListener('phone-connecting', () => {
    form.hidden = true;
    phone.hidden = false;
  });
}
