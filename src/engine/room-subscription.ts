import type { RoomParticipant } from '../events/phone-events.js';
import { applyConferenceInfo, parseConferenceInfo } from './conference-info.js';
import { EventSubscription, type SubscribingAgent } from './event-subscription.js';

/** RFC 4575's event package and its body type. */
export const CONFERENCE_EVENT = 'conference';
export const CONFERENCE_INFO_TYPE = 'application/conference-info+xml';
/** How long the subscription lasts before JsSIP refreshes it, in seconds. */
const EXPIRES_S = 600;
/** The subscription machinery rooms share with the busy lamps and voicemail. */
export type { EventSubscriber as RoomSubscriber, SubscribingAgent } from './event-subscription.js';

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
  readonly #subscription: EventSubscription;
  readonly #onChange: (participants: RoomParticipant[]) => void;
  #participants: RoomParticipant[] = [];
  #version = 0;

  constructor(agent: SubscribingAgent, focus: string, room: string, onChange: (participants: RoomParticipant[]) => void) {
    this.#onChange = onChange;
    this.#subscription = new EventSubscription(agent, focus, {
      event: CONFERENCE_EVENT,
      accept: CONFERENCE_INFO_TYPE,
      expires: EXPIRES_S,
      // The focus is where the request goes; the room is whom it is about (RFC 4579 §5.1).
      about: room,
      onNotify: (body) => this.#notified(body),
    });
  }

  get participants(): readonly RoomParticipant[] {
    return this.#participants;
  }

  /** Unsubscribes (SUBSCRIBE with Expires: 0); the dialog ends with the final NOTIFY, or after a wait. */
  stop(): void {
    this.#subscription.stop();
  }

  #notified(body: string): void {
    const info = parseConferenceInfo(body);
    if (!info) return;
    // RFC 4575 §4.6: a document older than the one applied is stale; a partial one that
    // skips a version missed a change, so a refresh asks the server for the full state.
    if (info.version && this.#version && info.version <= this.#version) return;
    if (info.state === 'partial' && info.version > this.#version + 1 && this.#version) this.#subscription.refresh();
    if (info.version) this.#version = info.version;
    const next = applyConferenceInfo(this.#participants, info);
    if (JSON.stringify(next) === JSON.stringify(this.#participants)) return;
    this.#participants = next;
    this.#onChange(next.map((participant) => ({ ...participant })));
  }
}
