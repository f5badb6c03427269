import type { CallDirection, CallRecord, PhoneEventDetailMap, PhoneEventName, RemoteParty } from '../events/phone-events.js';

/** What the log reads from a call: a `PhoneCall` is one. */
export interface LoggedCall {
  readonly id: string;
  readonly direction: CallDirection;
  readonly remote: RemoteParty;
  readonly answeredAt: number | null;
  /** Do not disturb refused it. */
  readonly dnd?: boolean;
}

/**
 * Whether a call was recorded. Recording (issue 14's other half) may not be on
 * `PhoneCall` yet: this one accessor reads its `recorded` flag when there is one.
 */
export function wasRecorded(call: LoggedCall): boolean {
  return (call as { recorded?: unknown }).recorded === true;
}

interface OpenEntry {
  call: LoggedCall;
  startedAt: number;
  mosSum: number;
  samples: number;
  worstBars: 1 | 2 | 3 | 4 | 5;
  transferredTo?: string;
  conferenceId?: string;
}

/**
 * Turns a call's events into its record. The controller tells it when a call begins
 * and shows it every event it dispatches; on `phone-call-ended` it hands back the
 * finished record, which the controller fires as `phone-call-logged` and stores.
 * Pure bookkeeping: no storage, no DOM.
 */
export class CallLog {
  readonly #open = new Map<string, OpenEntry>();

  /** A call was created (placed, or arrived): its record starts now. */
  begin(call: LoggedCall, now = Date.now()): void {
    this.#open.set(call.id, { call, startedAt: now, mosSum: 0, samples: 0, worstBars: 5 });
  }

  /** A call that was never placed after all: it leaves no record. */
  forget(callId: string): void {
    this.#open.delete(callId);
  }

  /** Notes what `type` says about its call; returns the record when that call just ended. */
  observe<K extends PhoneEventName>(type: K, detail: PhoneEventDetailMap[K], now = Date.now()): CallRecord | null {
    const entry = this.#open.get((detail as { callId?: string }).callId ?? '');
    if (!entry) return null;
    switch (type) {
      case 'phone-call-quality': {
        const { mos, bars } = detail as PhoneEventDetailMap['phone-call-quality'];
        entry.mosSum += mos;
        entry.samples += 1;
        entry.worstBars = Math.min(entry.worstBars, bars) as OpenEntry['worstBars'];
        return null;
      }
      case 'phone-call-transferred':
        entry.transferredTo = (detail as PhoneEventDetailMap['phone-call-transferred']).target;
        return null;
      case 'phone-conference-joined':
        entry.conferenceId = (detail as PhoneEventDetailMap['phone-conference-joined']).conferenceId;
        return null;
      case 'phone-call-ended':
        this.#open.delete(entry.call.id);
        return this.#record(entry, detail as PhoneEventDetailMap['phone-call-ended'], now);
    }
    return null;
  }

  #record(entry: OpenEntry, ended: PhoneEventDetailMap['phone-call-ended'], endedAt: number): CallRecord {
    const { call } = entry;
    const answeredAt = call.answeredAt;
    const record: CallRecord = {
      callId: call.id,
      direction: call.direction,
      remote: { ...call.remote },
      startedAt: entry.startedAt,
      answeredAt,
      endedAt,
      durationMs: answeredAt === null ? 0 : Math.max(0, endedAt - answeredAt),
      reason: ended.reason,
      by: ended.by,
      recorded: wasRecorded(call),
      quality: entry.samples ? { meanMos: Math.round((entry.mosSum / entry.samples) * 100) / 100, worstBars: entry.worstBars } : null,
    };
    if (ended.code) record.code = ended.code;
    if (entry.transferredTo) record.transferredTo = entry.transferredTo;
    if (entry.conferenceId) record.conferenceId = entry.conferenceId;
    if (call.dnd) record.dnd = true;
    return record;
  }
}
