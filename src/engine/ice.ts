/** The slice of a JsSIP session that ICE capping needs (kept narrow so it is testable alone). */
export interface IceCandidateSource {
  on(event: 'icecandidate', listener: (event: { ready: () => void }) => void): unknown;
  removeListener(event: 'icecandidate', listener: (event: { ready: () => void }) => void): unknown;
}

/**
 * JsSIP holds the INVITE (or the 200 OK) until ICE gathering completes, which with an
 * unreachable STUN/TURN server takes ~40 s. This releases it as soon as gathering
 * completes, and at the latest `timeoutMs` after the call is armed, with whatever
 * candidates exist then. Returns a disposer that cancels the timer.
 */
export function capIceGathering(session: IceCandidateSource, timeoutMs: number): () => void {
  let release: (() => void) | null = null;
  let deadlinePassed = false;
  const onCandidate = (event: { ready: () => void }) => {
    if (deadlinePassed) event.ready();
    else release = event.ready;
  };
  const timer = setTimeout(() => {
    deadlinePassed = true;
    release?.();
  }, timeoutMs);
  session.on('icecandidate', onCandidate);
  return () => {
    clearTimeout(timer);
    session.removeListener('icecandidate', onCandidate);
  };
}
