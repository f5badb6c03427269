import { PhoneError } from './phone-error.js';
import { parseSipAddress } from './targets.js';

/** Longest room id, as Sinch's `callConference(id)` allows. */
export const MAX_ROOM_ID_LENGTH = 64;
/** The placeholder a `room-uri` template must contain, once, in its user part. */
export const ROOM_PLACEHOLDER = '{room}';

// RFC 3261 `user` characters that need no escaping (unreserved and user-unreserved);
// every other one (';', '?', '@', ':', '%', spaces, non-ASCII) is percent-escaped.
const USER_SAFE = /[A-Za-z0-9\-_.!~*'()&=+$,/]/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The default template: rooms on our own domain. */
export function defaultRoomTemplate(domain: string): string {
  return `sip:${ROOM_PLACEHOLDER}@${domain}`;
}

/**
 * Checks a `room-uri` template: a sip:/sips: URI with `{room}` once, in its user part, and
 * no parameters or headers. Returns it trimmed; throws `PhoneError('invalid-config')`.
 */
export function checkRoomTemplate(template: string): string {
  const text = template.trim();
  const invalid = (why: string) => new PhoneError('invalid-config', `"room-uri" ${why} (e.g. sip:{room}@conference.example.com)`);
  if (!/^sips?:/i.test(text)) throw invalid('must be a sip: or sips: URI');
  if (text.split(ROOM_PLACEHOLDER).length !== 2) throw invalid('must contain {room} exactly once');
  const at = text.lastIndexOf('@');
  if (at < 0 || text.indexOf(ROOM_PLACEHOLDER) > at) throw invalid('must have {room} in its user part, before "@"');
  try {
    parseSipAddress(text.replace(ROOM_PLACEHOLDER, 'room'));
  } catch (error) {
    throw invalid(`is not a valid SIP address: ${(error as Error).message}`);
  }
  return text;
}

/** A room id as a SIP user part: unsafe characters percent-escaped (UTF-8), never passed through. */
export function escapeRoomId(room: string): string {
  let escaped = '';
  for (const character of room) {
    if (USER_SAFE.test(character)) escaped += character;
    else for (const byte of new TextEncoder().encode(character)) escaped += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return escaped;
}

/**
 * The request URI that joins `room` through `template`; throws `PhoneError('invalid-target')`
 * for an empty id, one over 64 characters or one with control characters.
 */
export function roomUri(room: unknown, template: string): string {
  const invalid = (why: string) => new PhoneError('invalid-target', `The room id ${why}`);
  if (typeof room !== 'string' || !room.trim()) throw invalid('is empty: give the id of the room to join');
  const id = room.trim();
  if (Array.from(id).length > MAX_ROOM_ID_LENGTH) throw invalid(`is longer than ${MAX_ROOM_ID_LENGTH} characters`);
  if (CONTROL.test(id)) throw invalid('contains control characters');
  return template.replace(ROOM_PLACEHOLDER, escapeRoomId(id));
}
