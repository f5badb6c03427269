/**
 * The page every adapter runs in (dist/crm/<name>/): a `<soft-phone>` of its own, its
 * sign-in form, the phone-elements bridge for a host that signs it in instead, and the
 * one rule for messages: only those of the CRM, the parent window on an allowed origin,
 * reach anyone on the page (the CRM's SDK, the bridge).
 */
import '../../define.js';
import type { SoftPhoneElement } from '../../components/soft-phone/soft-phone.js';
import type { PhoneConfig } from '../../engine/config.js';
import { allowedOrigins } from '../../embed/bridge.js';
import { connectBridge } from '../../embed/frame-bridge.js';
import { signInWith } from '../../embed/sign-in.js';
import { connectCrm, type Crm } from './crm.js';
import './page.css';

/**
 * The allowed CRM origins in this page's URL, by the rules of embed.html's allow-list:
 * `?origin=https://acme.example.com` (or `param` for a CRM that owns `origin`, as Zendesk does).
 */
export function pageOrigins(param = 'origin'): string[] {
  const listed = new URLSearchParams(location.search).getAll(param).join(',');
  return allowedOrigins(`?${new URLSearchParams({ origin: listed })}`);
}

/**
 * Drops every message that is not from the parent window on one of `origins`, before any
 * listener of the page sees it (a capturing listener on window runs first, and stops the
 * others). Some SDKs trust the first handshake from anywhere (HubSpot's takes the host
 * from its SYNC message): here nothing of an unlisted sender gets that far.
 */
export function admitOnly(origins: readonly string[]): void {
  addEventListener(
    'message',
    (event) => {
      if (event.source !== window.parent || !origins.includes(event.origin)) event.stopImmediatePropagation();
    },
    { capture: true },
  );
}

/** Loads a script the CRM serves (Open CTI, CIF) from one of the allowed origins only. */
export function loadScript(src: string, attributes: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Could not load ${src}`));
    document.head.append(script);
  });
}

const FIELDS: Array<[keyof PhoneConfig, string, string]> = [
  ['server', 'WebSocket server', 'url'],
  ['uri', 'SIP address', 'text'],
  ['password', 'Password', 'password'],
  ['authUser', 'Auth user (optional)', 'text'],
  ['displayName', 'Display name (optional)', 'text'],
];

/** The sign-in form: until the phone connects (by the form or the bridge), it shows instead of the phone. */
function signInForm(phone: SoftPhoneElement): void {
  const form = document.createElement('form');
  form.className = 'sign-in';
  for (const [name, text, type] of FIELDS) {
    const label = document.createElement('label');
    const input = Object.assign(document.createElement('input'), { name, type });
    label.append(text, input);
    form.append(label);
  }
  const error = Object.assign(document.createElement('output'), { role: 'alert' });
  const submit = Object.assign(document.createElement('button'), { type: 'submit', textContent: 'Sign in' });
  form.append(error, submit);
  signInWith(form, error, phone, FIELDS.map(([name]) => name));
  phone.hidden = true;
  phone.before(form);
}

/**
 * Starts an adapter page: `origins` are the CRM's, `crm` (made once the CRM's SDK is
 * there) its adapter. The page's `<soft-phone>` is its first, in its `<main>`.
 */
export async function startCrmPage(origins: readonly string[], crm: (phone: SoftPhoneElement) => Crm | Promise<Crm>): Promise<void> {
  admitOnly(origins);
  const phone = document.querySelector('soft-phone')!;
  signInForm(phone);
  connectBridge(phone, origins);
  try {
    if (origins.length === 0) throw new Error("no allowed CRM origin in this page's URL (?origin=…)");
    connectCrm(phone, await crm(phone));
  } catch (error) {
    // Said on the page, for whoever installs it: the phone itself still works.
    const notice = Object.assign(document.createElement('p'), { role: 'alert', className: 'crm-error' });
    notice.textContent = `Not connected to the CRM: ${(error as Error).message}`;
    phone.parentElement!.prepend(notice);
    console.error(notice.textContent);
  }
}
