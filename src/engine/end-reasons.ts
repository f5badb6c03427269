import type { CallEndedDetail, EndReason, EndedBy } from '../events/phone-events.js';

/** What the SIP stack tells us about the end of a call, reduced to plain data. */
export interface CallEndFacts {
  /** Who ended it, as the stack sees it ('system' for transport and media failures). */
  originator: EndedBy;
  /** The stack's cause (JsSIP's `causes` strings such as 'Canceled', 'Terminated', 'Busy'). */
  cause: string;
  /** SIP status code of the response that ended the call, received or sent. */
  code?: number;
  /** Reason phrase of that response. */
  reasonPhrase?: string;
  /** True when the call ended because we transferred it. */
  transferred?: boolean;
  /** True when do not disturb refused the call: rejected, whatever code it was refused with. */
  dnd?: boolean;
}

/**
 * Maps how a call ended to the contract's reason. The status code wins over the
 * stack's cause because the code is what the far end actually said:
 * 486/600 busy, 603 rejected, 408/480 no-answer; our own CANCEL is cancelled;
 * a BYE from either side is hangup; anything else (404, 484, 5xx, media) failed.
 */
export function endReason(facts: CallEndFacts): EndReason {
  if (facts.transferred) return 'transferred';
  if (facts.dnd) return 'rejected';
  switch (facts.code) {
    case 486:
    case 600:
      return 'busy';
    case 603:
      return 'rejected';
    case 408:
    case 480:
      return 'no-answer';
  }
  switch (facts.cause) {
    case 'Terminated': // JsSIP's cause for a BYE
      return 'hangup';
    case 'Canceled':
      return 'cancelled';
    case 'No Answer':
      return 'no-answer';
  }
  return 'failed';
}

/** The full `phone-call-ended` detail for a call. */
export function endedDetail(callId: string, facts: CallEndFacts): CallEndedDetail {
  const detail: CallEndedDetail = {
    callId,
    reason: endReason(facts),
    by: facts.originator,
    cause: facts.reasonPhrase || facts.cause,
  };
  if (facts.code) detail.code = facts.code;
  return detail;
}
