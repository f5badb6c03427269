/**
 * Which tab of an origin runs an account's phone, decided by a Web Lock (issue 17).
 * The leader holds the lock for as long as its phone runs; every other tab waits,
 * queued on the same lock, so when the leader closes or crashes the browser hands the
 * lock to the next tab at once: no polling, no heartbeat, no server round trip.
 */

export type TabRole = 'leader' | 'follower' | 'independent';

/** The lock's (and the channel's) name for an account: one per address of record and servers. */
export function accountKey(uri: string, servers: readonly string[]): string {
  return `phone-elements:${uri}|${servers.join(',')}`;
}

/**
 * Claims leadership of `key`. `onRole` hears 'leader' once the lock is ours, 'follower'
 * when another tab holds it (then 'leader' when it is handed over), and 'independent'
 * where Web Locks are missing or denied (a frame without storage: SecurityError).
 * The returned function gives the lock up (or stops waiting for it).
 */
export function claimLeadership(key: string, onRole: (role: TabRole) => void): () => void {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const stopWaiting = new AbortController();
  let done = false;
  const lead = async () => {
    if (!done) onRole('leader');
    await held;
  };
  const independent = (error: unknown) => {
    // Our own release aborts the queued request: that is no failure.
    if (done || (error as Error)?.name === 'AbortError') return;
    onRole('independent');
  };
  let locks: LockManager | undefined;
  try {
    locks = globalThis.navigator?.locks;
  } catch {
    locks = undefined; // SecurityError: this frame may not use storage
  }
  if (typeof locks?.request !== 'function') {
    queueMicrotask(() => independent(new Error('Web Locks are not available here')));
  } else {
    const manager = locks;
    // First without waiting, so a tab that does not get the lock knows at once that it follows.
    manager
      .request(key, { ifAvailable: true }, async (lock) => {
        if (lock) return lead();
        if (done) return;
        onRole('follower');
        manager.request(key, { signal: stopWaiting.signal }, lead).catch(independent);
      })
      .catch(independent);
  }
  return () => {
    done = true;
    release();
    stopWaiting.abort();
  };
}
