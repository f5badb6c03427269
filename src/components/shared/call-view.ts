/** How an element shows a call: its state line, which controls apply, and where it is listed. */
import { isAnswered } from '../../engine/call-state.js';
import type { PhoneCall } from '../../engine/phone-call.js';
import type { Strings } from '../../i18n/strings.js';

/** The state line of a call: what the caller would ask "what is it doing?". */
export function stateLabel(call: PhoneCall, s: Strings): string {
  if (call.transferring) return s.transferring;
  // Held or not, what the user needs to know first is that nothing is heard right now.
  if (call.reconnecting) return s.callReconnecting;
  if (call.heldBy === 'local') return s.onHold;
  if (call.heldBy === 'remote') return s.onHoldByRemote;
  switch (call.state) {
    case 'ringing':
      return s.ringing;
    case 'answering':
    case 'answered':
      return s.connecting;
    case 'established':
      return s.connected;
    default:
      // initiating, trying: ringing calls are <phone-incoming>'s and ended ones are gone.
      return s.calling;
  }
}

/** Which controls of a row apply now; the others are shown disabled. */
export interface Controls {
  mute: boolean;
  hold: boolean;
  keypad: boolean;
  transfer: boolean;
  /** Add participant: a conference of this call and a target. */
  addParticipant: boolean;
  /** Shown only on a call whose consultation was answered. */
  completeTransfer: 'hidden' | 'enabled' | 'disabled';
}

/** Answered and not being transferred (it is about to end then): the in-call controls apply. */
export function isUp(call: PhoneCall): boolean {
  return isAnswered(call.state) && !call.transferring;
}

export function controls(call: PhoneCall): Controls {
  const up = isUp(call);
  const consultation = call.consultation;
  return {
    mute: up,
    // A hold or resume on the wire must finish before the next one.
    hold: up && !call.busy,
    keypad: up,
    // One transfer at a time; an attended one starts with a hold.
    transfer: up && !call.busy && !consultation,
    // The call is merged as it is; a hold on the wire must finish first.
    addParticipant: up && !call.busy,
    completeTransfer: !consultation || !isAnswered(consultation.state) ? 'hidden' : call.transferring ? 'disabled' : 'enabled',
  };
}

/** The call being talked on: answered and held by nobody. */
export function isActive(call: PhoneCall): boolean {
  return isAnswered(call.state) && !call.held;
}

/** The active call first, the others in the order they came. */
export function activeFirst(calls: readonly PhoneCall[]): PhoneCall[] {
  return [...calls.filter(isActive), ...calls.filter((call) => !isActive(call))];
}
