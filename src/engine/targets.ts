import { PhoneError } from './phone-error.js';

/** Longest dial string we accept: far beyond any real number or address, short enough to be no attack surface. */
export const MAX_TARGET_LENGTH = 256;

// RFC 3261 `user`: unreserved / escaped / user-unreserved, minus ';' and '?', which would
// smuggle URI parameters (`;transport=`) or headers (`?Subject=`) into the request.
const USER = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,/]|%[0-9A-Fa-f]{2})+$/;
const HOST_NAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV6_REFERENCE = /^\[[0-9A-Fa-f:.]+\]$/;
// Looks like a dialled number: digits with the separators people type or paste
// ("+1 (415) 555-1234"); it must then also be a well-formed one.
const DIALLED_NUMBER = /^[+0-9*#\s.\-()]+$/;
const NUMBER_SEPARATORS = /[\s.\-()]/g;
// Control characters, markup delimiters and anything outside ASCII (look-alike letters such
// as Cyrillic 'а' in 'аlice') are never part of a dial string we send.
const FORBIDDEN = /[\u0000-\u001f\u007f<>"`\\]|[^\u0000-\u007f]/;

export interface SipAddress {
  scheme: 'sip' | 'sips';
  user: string;
  /** Host with its port, as written (`example.com:5070`, `[::1]`). */
  host: string;
}

function invalid(message: string): PhoneError {
  return new PhoneError('invalid-target', message);
}

function checkHost(hostPort: string): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(hostPort);
  const host = match?.[1] ?? '';
  const port = match?.[2];
  const validHost = HOST_NAME.test(host) || IPV6_REFERENCE.test(host);
  if (!validHost || (port !== undefined && Number(port) > 65535)) {
    throw invalid(`"${hostPort}" is not a valid SIP host`);
  }
  return hostPort.toLowerCase();
}

/** Parses `sip:user@host[:port]` (or `user@host`) strictly; throws `PhoneError('invalid-target')`. */
export function parseSipAddress(input: string): SipAddress {
  const schemeMatch = /^(sips?):/i.exec(input);
  const scheme = (schemeMatch?.[1]?.toLowerCase() ?? 'sip') as SipAddress['scheme'];
  const rest = schemeMatch ? input.slice(schemeMatch[0].length) : input;
  if (/\s/.test(rest)) throw invalid('A SIP address cannot contain spaces');
  if (/[;?]/.test(rest)) throw invalid('URI parameters and headers (";" or "?") are not allowed in a SIP address');
  const at = rest.lastIndexOf('@');
  if (at <= 0) throw invalid(`"${input}" is not a SIP address of the form user@host`);
  const user = rest.slice(0, at);
  if (!USER.test(user)) throw invalid(`"${user}" is not a valid SIP user`);
  return { scheme, user, host: checkHost(rest.slice(at + 1)) };
}

export function formatSipAddress({ scheme, user, host }: SipAddress): string {
  return `${scheme}:${user}@${host}`;
}

/**
 * Turns what a user typed into the request URI to call, or throws
 * `PhoneError('invalid-target')` so that nothing is ever sent for bad input.
 *
 * - `bob` → `sip:bob@<domain>`; `105` → `sip:105@<domain>`
 * - `+1 (415) 555-1234` → `sip:+14155551234@<domain>` (separators stripped)
 * - `sip:carol@other.example`, `carol@other.example` → that address
 */
export function normalizeTarget(input: string, domain: string): string {
  const target = input.trim();
  if (!target) throw invalid('Enter a number or a SIP address to call');
  if (target.length > MAX_TARGET_LENGTH) throw invalid(`A number or address is at most ${MAX_TARGET_LENGTH} characters`);
  if (FORBIDDEN.test(target)) throw invalid('The number or address contains characters that cannot be dialled');

  if (/^sips?:/i.test(target) || target.includes('@')) return formatSipAddress(parseSipAddress(target));

  if (DIALLED_NUMBER.test(target) && /[0-9]/.test(target)) {
    const digits = target.replace(NUMBER_SEPARATORS, '');
    if (!/^\+?[0-9*#]+$/.test(digits)) throw invalid(`"${target}" is not a valid number`);
    // '#' is not allowed unescaped in a SIP user part.
    return `sip:${digits.replace(/#/g, '%23')}@${domain}`;
  }
  if (/\s/.test(target)) throw invalid('A name to call cannot contain spaces');
  if (!USER.test(target) || /[;?]/.test(target)) throw invalid(`"${target}" is not a valid name to call`);
  return `sip:${target}@${domain}`;
}
