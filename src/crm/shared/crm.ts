/**
 * What every CRM adapter shares: the mapping from the phone's DOM events to the calls a
 * CRM takes, written once. An adapter (hubspot/, zendesk/, salesforce/, dynamics/) only
 * says how its CRM does each step, as a `Crm`; `connectCrm` decides when.
 *
 * It knows the phone only by its public surface (`call()` and the `phone-*` events),
 * so the page it runs in holds the one copy of the library: the CDN bundle.
 */
import type { SoftPhoneElement } from '../../components/soft-phone/soft-phone.js';
import type { CallDirection, CallEndedDetail, CallRecord } from '../../events/phone-events.js';

/** One call as a CRM sees it: a number, a direction and when it began. */
export interface CrmCall {
  callId: string;
  /** The far end's number (the user part of its SIP address). */
  number: string;
  direction: CallDirection;
  /** ms since the epoch. */
  startedAt: number;
}

/** The phone's size, for CRMs that size the panel to it. */
export interface CrmSize {
  width: number;
  height: number;
}

/** How one CRM does each step. Only `onDial`, `incoming` and `log` are required. */
export interface Crm {
  /** Hands the CRM's click-to-dial to `dial`. */
  onDial(dial: (number: string) => void): void;
  /** The phone signed in (registered) or out. */
  signedIn?(on: boolean): void;
  /** We placed a call. */
  outgoing?(call: CrmCall): void;
  /** A call rings here: show the panel, search the CRM by the caller's number, pop the match. */
  incoming(call: CrmCall): void;
  /** The call was answered (either side). */
  answered?(call: CrmCall): void;
  /** The call ended. */
  ended?(call: CrmCall, ended: CallEndedDetail): void;
  /** The call log's record of the ended call: write the CRM's call log or activity. */
  log(call: CrmCall, record: CallRecord): void;
  /** The phone's rendered size changed. */
  resize?(size: CrmSize): void;
}

/**
 * A CRM's promise or callback can fail (network, permissions): that is reported, and
 * never becomes an uncaught exception in the phone's event dispatch.
 */
function guarded(step: string, run: () => unknown): void {
  try {
    Promise.resolve(run()).catch((error: unknown) => console.warn(`CRM ${step} failed:`, error));
  } catch (error) {
    console.warn(`CRM ${step} failed:`, error);
  }
}

/** Connects `phone` to `crm` until `signal` aborts. */
export function connectCrm(phone: SoftPhoneElement, crm: Crm, signal?: AbortSignal): void {
  const calls = new Map<string, CrmCall>();
  const on = <K extends keyof GlobalEventHandlersEventMap>(name: K, listener: (event: GlobalEventHandlersEventMap[K]) => void) =>
    phone.addEventListener(name, listener, { signal });
  const begin = (callId: string, number: string, direction: CallDirection) => {
    const call = { callId, number, direction, startedAt: Date.now() };
    calls.set(callId, call);
    return call;
  };

  // The phone reports a refused number itself, as a phone-error event.
  crm.onDial((number) => void phone.call(number).catch(() => undefined));

  // The phone may have signed in before the CRM was ready: it hears the state it is in now.
  if (phone.registered) guarded('sign-in', () => crm.signedIn?.(true));
  on('phone-registered', () => guarded('sign-in', () => crm.signedIn?.(true)));
  on('phone-unregistered', () => guarded('sign-out', () => crm.signedIn?.(false)));
  on('phone-call-trying', ({ detail }) => {
    const call = begin(detail.callId, detail.remote.user, 'outgoing');
    guarded('outgoing call', () => crm.outgoing?.(call));
  });
  on('phone-call-incoming', ({ detail }) => {
    const call = begin(detail.callId, detail.remote.user, 'incoming');
    guarded('screen pop', () => crm.incoming(call));
  });
  on('phone-call-established', ({ detail }) => {
    const call = calls.get(detail.callId);
    if (call) guarded('answered call', () => crm.answered?.(call));
  });
  on('phone-call-ended', ({ detail }) => {
    const call = calls.get(detail.callId);
    if (call) guarded('ended call', () => crm.ended?.(call, detail));
  });
  // The log comes right after phone-call-ended, with the talk time and the end reason.
  // A call that began before the CRM was connected is logged from its record alone.
  on('phone-call-logged', ({ detail }) => {
    const call = calls.get(detail.callId) ?? { callId: detail.callId, number: detail.remote.user, direction: detail.direction, startedAt: detail.startedAt };
    calls.delete(detail.callId);
    guarded('call log', () => crm.log(call, detail));
  });

  if (crm.resize) {
    let last = '';
    const observer = new ResizeObserver(([entry]) => {
      const box = entry?.borderBoxSize[0];
      const size = box && { width: Math.ceil(box.inlineSize), height: Math.ceil(box.blockSize) };
      // Hidden (0 × 0) while the sign-in form shows; and each size is told once.
      if (!size || size.height === 0 || `${size.width}x${size.height}` === last) return;
      last = `${size.width}x${size.height}`;
      guarded('resize', () => crm.resize!(size));
    });
    observer.observe(phone);
    signal?.addEventListener('abort', () => observer.disconnect());
  }
}

/** A call's talk time in whole seconds, for the CRMs that count in seconds. */
export const seconds = (record: CallRecord) => Math.round(record.durationMs / 1000);

/** One line for a log entry's subject or body: "Outgoing call to 1001: hangup, 42 s". */
export function summary(call: CrmCall, record: CallRecord): string {
  const way = call.direction === 'outgoing' ? `Outgoing call to ${call.number}` : `Incoming call from ${call.number}`;
  return `${way}: ${record.reason}${record.code ? ` (${record.code})` : ''}, ${seconds(record)} s`;
}
