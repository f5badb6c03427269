import type { RoomParticipant, RoomParticipantStatus } from '../events/phone-events.js';
import { cleanDisplayName } from './remote-party.js';

/** Largest NOTIFY body we parse; a room listing far more people is no room we show. */
export const MAX_CONFERENCE_INFO_BYTES = 256 * 1024;
/** Most participants we keep; the rest of a bigger list is dropped. */
export const MAX_ROOM_PARTICIPANTS = 500;
/** Longest participant URI we keep. */
const MAX_URI_LENGTH = 256;

const NS = 'urn:ietf:params:xml:ns:conference-info';
const STATUSES: readonly RoomParticipantStatus[] = [
  'connected', 'disconnected', 'on-hold', 'muted-via-focus', 'pending', 'alerting', 'dialing-in', 'dialing-out', 'disconnecting',
];
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\s<>"]/g;

/** One `<user>` of a notification: `state` 'deleted' removes it, 'partial' updates what it carries. */
export interface UserUpdate {
  uri: string;
  state: 'full' | 'partial' | 'deleted';
  displayName?: string;
  status?: RoomParticipantStatus;
}

/** What one `application/conference-info+xml` document says (RFC 4575 §5). */
export interface ConferenceInfo {
  state: 'full' | 'partial' | 'deleted';
  /** The document's version; later documents have higher ones. */
  version: number;
  users: UserUpdate[];
}

/** The elements of `parent` named `name` in the conference-info namespace, direct children only. */
function children(parent: Element, name: string): Element[] {
  return Array.from(parent.children).filter((child) => child.localName === name && child.namespaceURI === NS);
}

function cleanUri(uri: string | null): string {
  return (uri ?? '').replace(UNSAFE, '').slice(0, MAX_URI_LENGTH);
}

function documentState(value: string | null): ConferenceInfo['state'] {
  return value === 'partial' || value === 'deleted' ? value : 'full';
}

function userUpdate(user: Element): UserUpdate | null {
  const uri = cleanUri(user.getAttribute('entity'));
  if (!uri) return null;
  const update: UserUpdate = { uri, state: documentState(user.getAttribute('state')) };
  const [text] = children(user, 'display-text');
  if (text) update.displayName = cleanDisplayName(text.textContent ?? '');
  // A user's status: that of its first endpoint still there (RFC 4575 §5.7.4).
  for (const endpoint of children(user, 'endpoint')) {
    if (endpoint.getAttribute('state') === 'deleted') continue;
    const status = children(endpoint, 'status')[0]?.textContent?.trim() as RoomParticipantStatus | undefined;
    if (status && STATUSES.includes(status)) {
      update.status = status;
      break;
    }
  }
  return update;
}

/**
 * Parses a conference-info document from the network, or returns null when it is not one.
 * Hostile input: a body over the size cap, or with a DOCTYPE (entities: "billion laughs"
 * and external ones), is refused before parsing; names are cleaned like a caller's.
 */
export function parseConferenceInfo(body: string): ConferenceInfo | null {
  if (typeof body !== 'string' || body.length > MAX_CONFERENCE_INFO_BYTES || /<!DOCTYPE|<!ENTITY/i.test(body)) return null;
  const doc = new DOMParser().parseFromString(body, 'application/xml');
  const root = doc.documentElement;
  if (!root || root.localName !== 'conference-info' || root.namespaceURI !== NS || doc.getElementsByTagName('parsererror').length) return null;
  const version = Number(root.getAttribute('version'));
  const users: UserUpdate[] = [];
  for (const list of children(root, 'users')) {
    for (const user of children(list, 'user')) {
      const update = userUpdate(user);
      if (update && users.length < MAX_ROOM_PARTICIPANTS) users.push(update);
    }
  }
  return { state: documentState(root.getAttribute('state')), version: Number.isSafeInteger(version) ? version : 0, users };
}

/**
 * The room's participants after `info`: a full document replaces the list, a partial one
 * updates, adds and removes users (RFC 4575 §4.3), in the order they first appeared.
 */
export function applyConferenceInfo(previous: readonly RoomParticipant[], info: ConferenceInfo): RoomParticipant[] {
  if (info.state === 'deleted') return [];
  const participants = new Map(info.state === 'full' ? [] : previous.map((participant) => [participant.uri, participant] as const));
  for (const user of info.users) {
    if (user.state === 'deleted') {
      participants.delete(user.uri);
      continue;
    }
    const before = user.state === 'full' ? undefined : participants.get(user.uri);
    if (!before && participants.size >= MAX_ROOM_PARTICIPANTS) continue;
    participants.set(user.uri, {
      uri: user.uri,
      displayName: user.displayName ?? before?.displayName ?? '',
      status: user.status ?? before?.status ?? 'connected',
    });
  }
  return [...participants.values()];
}
