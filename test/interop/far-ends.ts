// The page side of test/sip/far-ends.mjs: start sipp (the phone network) and
// baresip (a desk phone) from a test, drive them, and read what they saw.
import { executeServerCommand } from '@web/test-runner-commands';
import { uniqueUser } from '../helpers/sip.js';

/** How a sipp run went: its exit status (0 when every call went as scripted) and the requests it received. */
export interface SippResult {
  status: number | string;
  received: string[];
  errors: string;
}

export interface Gateway {
  /** The requests sipp received so far. */
  received(): Promise<string[]>;
  /** Waits for sipp to finish its calls by itself (it is stopped after `timeoutMs`). */
  finish(timeoutMs?: number): Promise<SippResult>;
}

export interface GatewayOptions {
  /** Values for the scenario's [NAME]s, e.g. `{ code: 486, reason: 'Busy Here' }` for `reject`. */
  keys?: Record<string, string | number>;
  /** Calls to take before exiting (default 1). */
  calls?: number;
  /** Send the caller's RTP back. */
  echo?: boolean;
}

/**
 * Starts sipp playing `scenario` (test/sip/sipp/<scenario>.xml) as the gateway:
 * calls to numbers nobody registered, and to other domains, reach it.
 */
export async function startGateway(
  scenario: 'answer' | 'early-media' | 'redirect' | 'reject' | 'no-answer' | 'bad-answer' | 'reinvite-reject' | 'reinvite-ignore' | 'resume-reject' | 'room',
  options: GatewayOptions = {},
): Promise<Gateway> {
  const { id } = await executeServerCommand<{ id: string }, unknown>('sipp-start', { scenario, ...options });
  return {
    received: () => executeServerCommand<string[], unknown>('sipp-received', { id }),
    finish: (timeoutMs) => executeServerCommand<SippResult, unknown>('sipp-finish', { id, timeoutMs }),
  };
}

/**
 * sipp calls `target` (a user of the test domain) from the phone network, playing the UAC
 * scenario test/sip/sipp/<scenario>.xml; `finish()` says whether the call went as scripted.
 */
export async function startSippCall(scenario: 'intercom', target: string, keys: Record<string, string | number> = {}): Promise<Gateway> {
  const { id } = await executeServerCommand<{ id: string }, unknown>('sipp-call', { scenario, target, keys });
  return {
    received: () => executeServerCommand<string[], unknown>('sipp-received', { id }),
    finish: (timeoutMs) => executeServerCommand<SippResult, unknown>('sipp-finish', { id, timeoutMs }),
  };
}

/** A baresip event, as its ctrl_tcp module reports it. */
export interface DeskPhoneEvent {
  type: string;
  param?: string;
  peeruri?: string;
  direction?: string;
}

export interface DeskPhone {
  /** Its SIP user, to dial. */
  user: string;
  aor: string;
  /** Runs a baresip menu command (`dial`, `hangup`, `hold`, `resume`…); resolves with its output. */
  command(command: string, params?: string): Promise<string>;
  /** The next event of `type` not returned before (CALL_ESTABLISHED, CALL_CLOSED, CALL_DTMF_START…). */
  nextEvent(type: string, timeoutMs?: number): Promise<DeskPhoneEvent>;
  /** dB above the local floor of each frequency in what its call receives (+20: heard; under +10: not). */
  toneLevels(frequencies: number[], ms?: number): Promise<number[]>;
}

/** Starts baresip registered as a fresh user, its microphone a `tone` (Hz, 440 unless told); it answers incoming calls by itself. */
export async function startDeskPhone(options: { tone?: number } = {}): Promise<DeskPhone> {
  const user = uniqueUser('desk');
  const { id, aor } = await executeServerCommand<{ id: string; aor: string }, unknown>('baresip-start', { user, tone: options.tone });
  return {
    user,
    aor,
    command: async (command, params = '') =>
      (await executeServerCommand<{ data: string }, unknown>('baresip-command', { id, command, params })).data,
    nextEvent: (type, timeoutMs) => executeServerCommand<DeskPhoneEvent, unknown>('baresip-event', { id, type, timeoutMs }),
    toneLevels: (frequencies, ms) => executeServerCommand<number[], unknown>('baresip-tone-levels', { id, frequencies, ms }),
  };
}

/** Stops every sipp and baresip still running (after each test). */
export async function stopFarEnds(): Promise<void> {
  await executeServerCommand('far-ends-stop');
}
