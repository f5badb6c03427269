/**
 * What an incoming INVITE says beyond who calls: its call-pop headers, and whether it
 * asks to be answered by itself (intercom, paging). Pure functions of the request's
 * headers, so they are tested without a call.
 */

/** An INVITE's headers as JsSIP keeps them: by name (capitalised), each value raw. */
export type RawHeaders = Readonly<Record<string, ReadonlyArray<{ raw: string }>>>;

/** Longest header value handed to the host page; CRM lookups need an id, not a novel. */
export const HEADER_VALUE_LIMIT = 512;
/** Most headers handed over: a hostile caller cannot flood the event. */
export const HEADER_COUNT_LIMIT = 32;
/** Longest intercom delay honoured from a caller: beyond it the phone rings as usual. */
const MAX_INTERCOM_DELAY_MS = 60_000;

// C0 controls and DEL: a value must not forge lines or terminal escapes where a host logs or shows it.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

function allowed(name: string, allowList: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return allowList.some((entry) => {
    const pattern = entry.toLowerCase();
    return pattern.endsWith('*') ? lower.startsWith(pattern.slice(0, -1)) : lower === pattern;
  });
}

/**
 * The allow-listed headers as plain strings: several of one name joined by ", ",
 * control characters removed, each value cut at HEADER_VALUE_LIMIT.
 */
export function callPopHeaders(headers: RawHeaders, allowList: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  let count = 0;
  for (const [name, values] of Object.entries(headers)) {
    if (count >= HEADER_COUNT_LIMIT) break;
    if (!allowed(name, allowList)) continue;
    const value = values.map((header) => String(header.raw ?? '')).join(', ');
    result[name] = value.replace(CONTROL, '').slice(0, HEADER_VALUE_LIMIT);
    count += 1;
  }
  return result;
}

function valuesOf(headers: RawHeaders, name: string): string[] {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key ? headers[key]!.flatMap((header) => String(header.raw ?? '').split(/,(?=\s*<)/)) : [];
}

/**
 * How soon the caller asks us to answer by ourselves, in ms, or null: `Call-Info: <…>;answer-after=N`
 * (seconds, RFC 7462 style as Polycom and Yealink send it) or `Alert-Info: <…>;info=alert-autoanswer` (at once).
 */
export function intercomDelay(headers: RawHeaders): number | null {
  for (const value of valuesOf(headers, 'Call-Info')) {
    const match = /;\s*answer-after\s*=\s*"?(\d{1,5})"?/i.exec(value);
    if (match) return Math.min(Number(match[1]) * 1000, MAX_INTERCOM_DELAY_MS);
  }
  if (valuesOf(headers, 'Alert-Info').some((value) => /;\s*info\s*=\s*"?alert-autoanswer"?/i.test(value))) return 0;
  return null;
}
