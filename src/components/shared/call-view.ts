/** How an element shows a call: its state line, and where it is listed. */
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

/** The active call first, the others in the order they came. */
export function activeFirst(calls: readonly PhoneCall[]): PhoneCall[] {
  return [...calls.filter((call) => call.active), ...calls.filter((call) => !call.active)];
}
