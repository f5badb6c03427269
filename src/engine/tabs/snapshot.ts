/**
 * What the leader tab tells the others, as plain data (structured clone over a
 * BroadcastChannel): the phone's state, each call's public state and what it can do
 * now, the events, commands and their replies. No credentials ever: the password, the
 * auth user and TURN credentials stay in each tab's own configuration.
 */
import type { PhoneErrorDetail, PhoneEventDetailMap, PhoneEventName, PresenceDetail, VoicemailDetail } from '../../events/phone-events.js';
import { CALL_ACTIONS, type CallAction } from '../call-abilities.js';
import type { ReconnectPlan } from '../connection-keeper.js';
import type { PhoneCall } from '../phone-call.js';
import type { ConnectionState, PhoneController, RegistrationState } from '../phone-controller.js';

/** The getters of a call that another tab shows as they are. */
const CALL_FIELDS = [
  'id',
  'direction',
  'state',
  'remote',
  'video',
  'answeredAt',
  'ended',
  'earlyMedia',
  'cameraOn',
  'muted',
  'held',
  'heldBy',
  'active',
  'busy',
  'reconnecting',
  'transferring',
  'conferenceId',
  'quality',
  'room',
  'roomParticipants',
  'recording',
  'recordingSince',
  'recorded',
] as const satisfies ReadonlyArray<keyof PhoneCall>;

export type CallFields = Pick<PhoneCall, (typeof CALL_FIELDS)[number]>;

export interface CallSnapshot extends CallFields {
  /** The ids of the linked calls of an attended transfer. */
  consultation: string | null;
  consultingFor: string | null;
  /** The leader's `call.can(action)` for every action: a follower never works it out itself. */
  can: Record<CallAction, boolean>;
}

export interface PhoneSnapshot {
  /** Our address of record (the account the channel is named after). */
  uri: string;
  connection: ConnectionState;
  registration: RegistrationState;
  registrationFailure: PhoneController['registrationFailure'];
  reconnect: ReconnectPlan | null;
  dnd: boolean;
  presence: PresenceDetail[];
  voicemail: VoicemailDetail | null;
  /** The tab whose ringtone sounds: the one focused most recently; null for the leader. */
  ringer: string | null;
  calls: CallSnapshot[];
}

export function callSnapshot(call: PhoneCall): CallSnapshot {
  const fields = Object.fromEntries(CALL_FIELDS.map((name) => [name, call[name]])) as unknown as CallFields;
  const can = Object.fromEntries(CALL_ACTIONS.map((action) => [action, call.can(action)])) as Record<CallAction, boolean>;
  return { ...fields, consultation: call.consultation?.id ?? null, consultingFor: call.consultingFor?.id ?? null, can };
}

/** A method another tab asks the leader to run: on the phone, or on the call `callId`. */
export interface TabCommand {
  method: string;
  callId?: string;
  args: unknown[];
}

export type TabMessage =
  /** A tab that follows asks for the state (the leader answers with `state`). */
  | { type: 'hello'; from: string }
  | { type: 'state'; from: string; snapshot: PhoneSnapshot }
  /** One `phone-*` event of the leader, with the state just after it. */
  | { [K in PhoneEventName]: { type: 'event'; from: string; name: K; detail: PhoneEventDetailMap[K]; snapshot: PhoneSnapshot } }[PhoneEventName]
  | { type: 'command'; from: string; id: string; command: TabCommand }
  /** A command's outcome: `callId` when it made a call, `value` otherwise, `error` when it failed. */
  | { type: 'reply'; from: string; to: string; id: string; callId?: string; snapshot?: PhoneSnapshot; value?: unknown; error?: PhoneErrorDetail }
  /** A tab was focused: it becomes the one that rings. */
  | { type: 'focus'; from: string }
  /** A tab's phone stops (it closes): a leader's calls end with it. */
  | { type: 'leaving'; from: string };
