import type { RemoteParty } from '../events/phone-events.js';

/** Longest display name we keep; a 10 KB name from the network must not stretch the UI. */
export const MAX_DISPLAY_NAME_LENGTH = 128;

// C0/C1 controls and the bidi embedding/override/isolate characters: a caller name with
// U+202E could otherwise render reversed and spoof a different name or number.
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** A display name from the network, made safe to show as text (it is never parsed as markup). */
export function cleanDisplayName(name: unknown): string {
  if (typeof name !== 'string') return '';
  const cleaned = name.replace(UNSAFE_CHARACTERS, '').trim();
  return Array.from(cleaned).slice(0, MAX_DISPLAY_NAME_LENGTH).join('');
}

/** Builds the plain-data party from what the SIP stack parsed out of a From/To header. */
export function remoteParty(uri: { toString(): string; user?: string | null }, displayName: unknown): RemoteParty {
  return { uri: String(uri), user: uri.user ?? '', displayName: cleanDisplayName(displayName) };
}
