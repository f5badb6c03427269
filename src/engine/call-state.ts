/**
 * The call state machine. Every state change goes through `nextState()`, which
 * refuses a transition the table does not list instead of silently ignoring it
 * (the lesson of SIP.js `session-state.ts`): a refused transition is a bug or a
 * message from the network that arrived out of order, and either must be seen.
 *
 * Hold and mute are not states: they are flags of an answered call, because an
 * answered call can be held and muted at once, in any order.
 */
export type CallState =
  /** Outgoing: created, acquiring media and gathering ICE; no INVITE on the wire yet. */
  | 'initiating'
  /** Outgoing: INVITE sent, no ringing yet. */
  | 'trying'
  /** Outgoing: the far end rings (180/183). */
  | 'ringing'
  /** Incoming: the INVITE arrived and our side rings. */
  | 'incoming'
  /** Incoming: the user answered; acquiring media, the 200 OK is on its way. */
  | 'answering'
  /** Both sides agreed (200 OK); media may still be connecting. */
  | 'answered'
  /** Media is connected: the parties can talk. */
  | 'established'
  /** Final. */
  | 'ended';

const TRANSITIONS: Readonly<Record<CallState, readonly CallState[]>> = {
  initiating: ['trying', 'ended'],
  trying: ['ringing', 'answered', 'ended'],
  ringing: ['answered', 'ended'],
  incoming: ['answering', 'ended'],
  answering: ['answered', 'ended'],
  answered: ['established', 'ended'],
  established: ['ended'],
  ended: [],
};

export class CallStateError extends Error {
  constructor(
    readonly from: CallState,
    readonly to: CallState,
  ) {
    super(`Illegal call state transition: ${from} → ${to}`);
    this.name = 'CallStateError';
  }
}

/** True when the machine allows `from → to`. */
export function canTransition(from: CallState, to: CallState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Returns `to` when `from → to` is legal; throws `CallStateError` otherwise. */
export function nextState(from: CallState, to: CallState): CallState {
  if (!canTransition(from, to)) throw new CallStateError(from, to);
  return to;
}

/** States in which the call is up (answered, with or without media yet). */
export function isAnswered(state: CallState): boolean {
  return state === 'answered' || state === 'established';
}
