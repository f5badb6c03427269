import JsSIP from 'jssip';
import type { RoomParticipant } from '../events/phone-events.js';
import { applyConferenceInfo, parseConferenceInfo } from './conference-info.js';

/** RFC 4575's event package and its body type. */
export const CONFERENCE_EVENT = 'conference';
export const CONFERENCE_INFO_TYPE = 'application/conference-info+xml';
/** How long the subscription lasts before JsSIP refreshes it, in seconds. */
const EXPIRES_S = 600;
/** After our unsubscribe, how long the room server has to send its final NOTIFY. */
const UNSUBSCRIBE_WAIT_MS = 4000;

/** What the subscription uses of JsSIP's Subscriber (lib/Subscriber.js). */
export interface RoomSubscriber {
  on(event: 'notify', listener: (isFinal: boolean, request: unknown, body: string | undefined, contentType: string | undefined) => void): unknown;
  on(event: 'terminated', listener: () => void): unknown;
  subscribe(body?: string): void;
  terminate(body?: string): void;
}

/** What the subscription needs of the user agent (JsSIP's `UA.subscribe`). */
export interface SubscribingAgent {
  subscribe(target: string, eventName: string, accept: string, options: object): RoomSubscriber;
}

/** Where to subscribe: the room server's answer to our INVITE, as JsSIP parsed it. */
export interface FocusResponse {
  getHeader(name: string): string | undefined;
  parseHeader(name: string): { uri?: { toString(): string; hasParam?(name: string): boolean }; hasParam?(name: string): boolean } | undefined;
}

/**
 * The dialog target to subscribe to when the room server offers the conference event
 * package (RFC 4575 §3: `Allow-Events: conference` in its 2xx, or RFC 4579's `isfocus`
 * Contact parameter); null when it does not.
 */
export function conferenceFocus(response: FocusResponse | null | undefined): string | null {
  const contact = response?.parseHeader('contact');
  const uri = contact?.uri;
  if (!uri) return null;
  // `isfocus` is a Contact header parameter (RFC 4579 §6.1); some servers put it in the URI.
  const focus = contact.hasParam?.('isfocus') || uri.hasParam?.('isfocus');
  const allowed = (response!.getHeader('allow-events') ?? '')
    .split(',')
    .some((token) => token.trim().toLowerCase() === CONFERENCE_EVENT);
  return allowed || focus ? String(uri) : null;
}

/**
 * One SUBSCRIBE to a room's conference event package, for as long as the call lasts:
 * each NOTIFY's `conference-info+xml` (full or partial) updates the participant list,
 * and `onChange` hears it whenever it changed. `stop()` unsubscribes.
 */
export class RoomSubscription {
  readonly #subscriber: RoomSubscriber;
  readonly #onChange: (participants: RoomParticipant[]) => void;
  #participants: RoomParticipant[] = [];
  #version = 0;
  #terminated = false;
  #stopped = false;

  constructor(agent: SubscribingAgent, focus: string, room: string, onChange: (participants: RoomParticipant[]) => void) {
    this.#onChange = onChange;
    // As a URI: JsSIP takes a string without "@" (sip:192.0.2.1:5060) for a user name.
    const target = (JsSIP.URI.parse(focus) ?? focus) as unknown as string;
    this.#subscriber = agent.subscribe(target, CONFERENCE_EVENT, CONFERENCE_INFO_TYPE, {
      expires: EXPIRES_S,
      // The focus is where the request goes; the room is whom it is about (RFC 4579 §5.1).
      params: { to_uri: JsSIP.URI.parse(room) ?? undefined },
    });
    this.#subscriber.on('notify', (_final, _request, body, contentType) => this.#notified(body, contentType));
    this.#subscriber.on('terminated', () => (this.#terminated = true));
    this.#subscriber.subscribe();
  }

  get participants(): readonly RoomParticipant[] {
    return this.#participants;
  }

  /** Unsubscribes (SUBSCRIBE with Expires: 0); the dialog ends with the final NOTIFY, or after a wait. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#terminated) return;
    try {
      this.#subscriber.terminate();
    } catch {
      // Not sent yet (JsSIP's initial state): nothing to undo on the wire.
    }
    // JsSIP ends the dialog on the final NOTIFY only; a room server that never sends it
    // would leave the dialog, and its refresh timer, behind (JsSIP schedules a refresh
    // even after the 200 to our unsubscribe). `_terminateDialog` is what JsSIP calls
    // itself on a final NOTIFY; its termination code UNSUBSCRIBE_TIMEOUT exists for this.
    setTimeout(() => {
      if (this.#terminated) return;
      const subscriber = this.#subscriber as unknown as { _terminateDialog?(code: number): void; C: { UNSUBSCRIBE_TIMEOUT: number } };
      subscriber._terminateDialog?.(subscriber.C.UNSUBSCRIBE_TIMEOUT);
    }, UNSUBSCRIBE_WAIT_MS);
  }

  #notified(body: string | undefined, contentType: string | undefined): void {
    if (this.#stopped || !body || contentType?.split(';')[0]?.trim().toLowerCase() !== CONFERENCE_INFO_TYPE) return;
    const info = parseConferenceInfo(body);
    if (!info) return;
    // RFC 4575 §4.6: a document older than the one applied is stale; a partial one that
    // skips a version missed a change, so a refresh asks the server for the full state.
    if (info.version && this.#version && info.version <= this.#version) return;
    if (info.state === 'partial' && info.version > this.#version + 1 && this.#version) this.#subscriber.subscribe();
    if (info.version) this.#version = info.version;
    const next = applyConferenceInfo(this.#participants, info);
    if (JSON.stringify(next) === JSON.stringify(this.#participants)) return;
    this.#participants = next;
    this.#onChange(next.map((participant) => ({ ...participant })));
  }
}
