/**
 * What a call can do now: the one rule behind `call.can(action)`, so that views, the
 * iframe bridge and other tabs ask instead of working it out each in their own way.
 * A pure function of what a call shows, so it is tested without a call.
 */
import { isAnswered, type CallState } from './call-state.js';

/**
 * The methods `call.can(action)` answers for, as a list: what reports every answer at
 * once (the iframe bridge's state snapshot) iterates over it.
 */
export const CALL_ACTIONS = Object.freeze([
  'mute',
  'hold',
  'resume',
  'sendDTMF',
  'transfer',
  'attendedTransfer',
  'completeTransfer',
  'addParticipant',
  'record',
  'stopRecording',
  'forward',
] as const);
export type CallAction = (typeof CALL_ACTIONS)[number];

/** What the rule reads of a call: its public state. */
export interface CallFacts {
  readonly direction: 'incoming' | 'outgoing';
  readonly state: CallState;
  readonly transferring: boolean;
  /** A hold, resume or ICE restart is on the wire. */
  readonly busy: boolean;
  readonly heldBy: 'local' | 'remote' | null;
  readonly consultation: { readonly state: CallState } | null;
  readonly recording: boolean;
}

/** `recordable`: this call's media can be recorded in this browser (the engine knows). */
export function callCan(call: CallFacts, action: CallAction, recordable: boolean): boolean {
  // Answered and not being transferred (it is about to end then): the in-call controls apply.
  const up = isAnswered(call.state) && !call.transferring;
  switch (action) {
    case 'mute':
    case 'sendDTMF':
      return up;
    // A hold or resume on the wire must finish before the next one.
    case 'hold':
      return up && !call.busy && call.heldBy !== 'local';
    case 'resume':
      return up && !call.busy && call.heldBy === 'local';
    // One transfer at a time; an attended one starts with a hold.
    case 'transfer':
    case 'attendedTransfer':
      return up && !call.busy && !call.consultation;
    case 'completeTransfer':
      return Boolean(call.consultation && isAnswered(call.consultation.state)) && !call.transferring;
    // The call is merged as it is; a hold on the wire must finish first.
    case 'addParticipant':
      return up && !call.busy;
    case 'record':
      return isAnswered(call.state) && recordable && !call.recording;
    case 'stopRecording':
      return call.recording;
    // Sent as a 302 while it rings here: once answered, it is a transfer.
    case 'forward':
      return call.direction === 'incoming' && call.state === 'incoming';
  }
}
