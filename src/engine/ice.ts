/** One `icecandidate` event of a JsSIP session: the candidate, and the call that sends the SDP now. */
export interface IceCandidateEvent {
  candidate?: Pick<RTCIceCandidate, 'candidate'> & Partial<Pick<RTCIceCandidate, 'type' | 'protocol'>>;
  ready: () => void;
}

/** The slice of a JsSIP session that ICE capping needs (kept narrow so it is testable alone). */
export interface IceCandidateSource {
  on(event: 'icecandidate', listener: (event: IceCandidateEvent) => void): unknown;
  removeListener(event: 'icecandidate', listener: (event: IceCandidateEvent) => void): unknown;
}

/** Which kinds of server the connection gathers through. */
export interface IceServerKinds {
  stun: boolean;
  turn: boolean;
}

export function serverKinds(servers: readonly RTCIceServer[] = []): IceServerKinds {
  const urls = servers.flatMap((server) => (Array.isArray(server.urls) ? server.urls : [server.urls]));
  return { stun: urls.some((url) => /^stuns?:/i.test(url)), turn: urls.some((url) => /^turns?:/i.test(url)) };
}

/** `host`, `srflx`, `prflx` or `relay`: the browser's field, or the SDP line's `typ`. */
function candidateType(candidate: NonNullable<IceCandidateEvent['candidate']>): string | undefined {
  return candidate.type ?? /\styp\s(\w+)/.exec(candidate.candidate)?.[1];
}

function candidateProtocol(candidate: NonNullable<IceCandidateEvent['candidate']>): string | undefined {
  return candidate.protocol ?? /^candidate:\S+\s\d+\s(\w+)/i.exec(candidate.candidate)?.[1]?.toLowerCase();
}

/**
 * Whether nothing worth waiting for can come after `candidate`: with TURN, the first
 * relay (the path that works when nothing else does); with STUN only, the first
 * server-reflexive one; with neither, a UDP host candidate (what remains is TCP host
 * candidates, some 130 ms later in Chromium, which a media server does not need).
 */
export function isLastNeeded(candidate: IceCandidateEvent['candidate'], kinds: IceServerKinds): boolean {
  if (!candidate) return false;
  const type = candidateType(candidate);
  if (kinds.turn) return type === 'relay';
  if (kinds.stun) return type === 'srflx';
  return type === 'host' && candidateProtocol(candidate) === 'udp';
}

/**
 * JsSIP holds the INVITE (or the 200 OK) until ICE gathering completes: ~135 ms with
 * no server in Chromium, ~40 s with an unreachable STUN/TURN server. This releases it
 * as soon as no candidate worth waiting for can come (`isLastNeeded`, given the
 * connection's servers, read when the first candidate comes), when gathering
 * completes, and at the latest `timeoutMs` after the call is armed, with whatever
 * candidates exist then. The release waits one task, so that candidates the browser
 * found in the same burst (one per network interface) are in the SDP too. Returns a
 * disposer that cancels the timers.
 */
export function capIceGathering(session: IceCandidateSource, timeoutMs: number, servers: () => readonly RTCIceServer[] = () => []): () => void {
  let release: (() => void) | null = null;
  let deadlinePassed = false;
  let kinds: IceServerKinds | null = null;
  let soon: ReturnType<typeof setTimeout> | undefined;
  const onCandidate = (event: IceCandidateEvent) => {
    if (deadlinePassed) return event.ready();
    release = event.ready;
    kinds ??= serverKinds(servers());
    if (soon === undefined && isLastNeeded(event.candidate, kinds)) soon = setTimeout(() => release?.(), 0);
  };
  const timer = setTimeout(() => {
    deadlinePassed = true;
    release?.();
  }, timeoutMs);
  session.on('icecandidate', onCandidate);
  return () => {
    clearTimeout(timer);
    clearTimeout(soon);
    session.removeListener('icecandidate', onCandidate);
  };
}
