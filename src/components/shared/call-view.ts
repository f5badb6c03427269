/** How an element shows a call: its state line, and where it is listed. */
import { CALL_ACTIONS } from '../../engine/call-abilities.js';
import type { PhoneConference } from '../../engine/conference.js';
import type { PhoneCall } from '../../engine/phone-call.js';
import type { PhoneController } from '../../engine/phone-controller.js';
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

/** A stream the view shows as a picture: one with a video track; null for a voice call's. */
export function videoOf(stream: MediaStream | null): MediaStream | null {
  return stream?.getVideoTracks().length ? stream : null;
}

/**
 * Everything a view shows of a call, as plain values (PhoneState's `shown`): a view
 * re-renders when one of them changes. What the call can do now is among them, as the
 * engine answers it.
 */
export function callShown(call: PhoneCall): unknown[] {
  return [
    call.id,
    call.state,
    call.remote,
    call.muted,
    call.heldBy,
    call.busy,
    call.reconnecting,
    call.transferring,
    call.cameraOn,
    call.recording,
    call.recordingSince,
    call.answeredAt,
    call.quality,
    videoOf(call.localStream),
    videoOf(call.remoteStream),
    call.consultation?.id,
    call.consultingFor?.id,
    call.conferenceId,
    ...CALL_ACTIONS.map((action) => call.can(action)),
  ];
}

/** Everything a view shows of a conference and its participants. */
export function conferenceShown(conference: PhoneConference): unknown[] {
  return [
    conference.id,
    conference.held,
    conference.muted,
    conference.recording,
    ...conference.participants.flatMap(callShown),
    ...conference.joining.flatMap(callShown),
  ];
}

/** The lamps a view shows (busy lamp field): who, and in what state. */
export function presenceShown(phone: PhoneController): unknown[] {
  return phone.presence.flatMap((lamp) => [lamp.uri, lamp.state]);
}

