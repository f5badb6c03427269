/**
 * The `+sip.instance` of this tab for an account (RFC 5626 section 4.1): a UUID that
 * stays the same across reloads, so that a registrar replaces the tab's earlier Contact
 * instead of adding one per reload. A reload whose old WebSocket never closed (network
 * changed, laptop slept) would otherwise leave a dead Contact that every incoming call
 * also rings, until it expires.
 *
 * Kept in sessionStorage, one per account: it survives reloads but each tab has its own.
 * One per browser (localStorage) would make a second tab of the same account replace
 * the first one's registration, and the first would silently stop ringing; sharing one
 * registration between tabs is the leader tab's job (issue 17), not the instance's.
 * Where storage is forbidden (sandboxed iframe, privacy settings) each page gets its own
 * for its lifetime.
 */

const STORAGE_PREFIX = 'phone-elements:instance:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Instances used by phones running in this page: two phones of one account must not replace each other. */
const inUse = new Set<string>();
/** This page's own instance per account, where localStorage is forbidden. */
const perPage = new Map<string, string>();

function stored(account: string): string {
  const key = STORAGE_PREFIX + account;
  try {
    const storage = globalThis.sessionStorage;
    const known = storage.getItem(key);
    if (known && UUID.test(known)) return known;
    const fresh = crypto.randomUUID();
    storage.setItem(key, fresh);
    return fresh;
  } catch {
    // SecurityError (storage forbidden) or QuotaExceededError.
    let own = perPage.get(account);
    if (!own) perPage.set(account, (own = crypto.randomUUID()));
    return own;
  }
}

/**
 * Takes this browser's instance for `account` (an address of record), or a fresh one
 * when another phone of this page already uses it; give it back with `releaseInstance`.
 * Undefined outside secure contexts (no `crypto.randomUUID`), where no page can use the
 * microphone anyway: the SIP stack then makes up its own.
 */
export function claimInstance(account: string): string | undefined {
  if (!globalThis.isSecureContext) return undefined;
  let id = stored(account);
  if (inUse.has(id)) id = crypto.randomUUID();
  inUse.add(id);
  return id;
}

export function releaseInstance(id: string): void {
  inUse.delete(id);
}
