import type { PresenceState } from '../events/phone-events.js';

/** Largest NOTIFY body we parse: a desk phone's state is a few hundred bytes. */
export const MAX_DIALOG_INFO_BYTES = 64 * 1024;
/** Most dialogs of one user we track; a list far longer is no phone's. */
const MAX_DIALOGS = 64;
const NS = 'urn:ietf:params:xml:ns:dialog-info';

/** One `<dialog>`: its RFC 4235 state and which side started it. */
interface DialogEntry {
  state: string;
  /** 'recipient' when the watched user is called; 'initiator' when they call. */
  direction: string;
}

/** What one `application/dialog-info+xml` document says (RFC 4235 §4). */
export interface DialogInfo {
  state: 'full' | 'partial';
  version: number;
  /** By dialog id. */
  dialogs: Map<string, DialogEntry>;
}

function children(parent: Element, name: string): Element[] {
  return Array.from(parent.children).filter((child) => child.localName === name && child.namespaceURI === NS);
}

/**
 * Parses a dialog-info document from the network, or returns null when it is not one.
 * Hostile input: a body over the size cap, or with a DOCTYPE (entities), is refused
 * before parsing (as conference-info.ts does); nothing of it is kept but known words.
 */
export function parseDialogInfo(body: string): DialogInfo | null {
  if (typeof body !== 'string' || body.length > MAX_DIALOG_INFO_BYTES || /<!DOCTYPE|<!ENTITY/i.test(body)) return null;
  const doc = new DOMParser().parseFromString(body, 'application/xml');
  const root = doc.documentElement;
  if (!root || root.localName !== 'dialog-info' || root.namespaceURI !== NS || doc.getElementsByTagName('parsererror').length) return null;
  const version = Number(root.getAttribute('version'));
  const dialogs = new Map<string, DialogEntry>();
  for (const dialog of children(root, 'dialog').slice(0, MAX_DIALOGS)) {
    const state = children(dialog, 'state')[0]?.textContent?.trim().toLowerCase() ?? '';
    dialogs.set(dialog.getAttribute('id') ?? String(dialogs.size), { state, direction: dialog.getAttribute('direction') ?? '' });
  }
  return { state: root.getAttribute('state') === 'partial' ? 'partial' : 'full', version: Number.isSafeInteger(version) ? version : 0, dialogs };
}

/**
 * A user's lamp from their dialogs: `ringing` while a call to them is not yet answered
 * (someone may pick it up), else `busy` while they are in a call or placing one, else
 * `idle` (no dialogs, or only terminated ones: RFC 4235 §3.7.1). Unknown state words
 * count as `unknown` unless another dialog says more.
 */
export function presenceOf(dialogs: Iterable<DialogEntry>): PresenceState {
  let ringing = false;
  let busy = false;
  let unknown = false;
  for (const { state, direction } of dialogs) {
    if (state === 'terminated') continue;
    if (state === 'confirmed') busy = true;
    else if (state === 'trying' || state === 'proceeding' || state === 'early') {
      if (direction === 'initiator') busy = true;
      else ringing = true;
    } else unknown = true;
  }
  return ringing ? 'ringing' : busy ? 'busy' : unknown ? 'unknown' : 'idle';
}
