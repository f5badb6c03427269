import type { PresenceDetail, PresenceState, VoicemailDetail } from '../events/phone-events.js';
import { presenceOf, parseDialogInfo } from './dialog-info.js';
import { EventSubscription, type SubscribingAgent } from './event-subscription.js';
import { parseMessageSummary } from './message-summary.js';

/** RFC 4235's event package and body type: busy lamps. */
export const DIALOG_EVENT = 'dialog';
export const DIALOG_INFO_TYPE = 'application/dialog-info+xml';
/** RFC 3842's event package and body type: message waiting. */
export const MESSAGE_SUMMARY_EVENT = 'message-summary';
export const MESSAGE_SUMMARY_TYPE = 'application/simple-message-summary';
/** How long each subscription lasts before JsSIP refreshes it, in seconds. */
const EXPIRES_S = 600;
/** Most users one phone watches: each is a SUBSCRIBE dialog the server keeps. */
export const MAX_WATCHED = 200;

/** One watched user: the name given, and the lamp its subscription shows. */
interface Watched {
  user: string;
  uri: string;
  state: PresenceState;
  version: number;
  dialogs: Map<string, { state: string; direction: string }>;
  subscription: EventSubscription | null;
}

export interface PresenceOwner {
  /** The user agent to subscribe with, once registered; null otherwise. */
  agent(): SubscribingAgent | null;
  presence(detail: PresenceDetail): void;
  voicemail(detail: VoicemailDetail): void;
}

/**
 * The phone's subscriptions about state elsewhere: one dialog-package subscription per
 * watched user (their lamp), and the message-summary one for our own mailbox. `resume()`
 * (re)makes them on each registration: after a reconnect the old dialogs' NOTIFYs would
 * go to a socket that is gone. `pause()` ends them (Expires: 0); the watch list stays.
 */
export class Presence {
  readonly #owner: PresenceOwner;
  readonly #watched = new Map<string, Watched>();
  #mailbox: EventSubscription | null = null;
  #voicemail: VoicemailDetail | null = null;

  constructor(owner: PresenceOwner) {
    this.#owner = owner;
  }

  /** Every watched user and their lamp, in the order they were watched. */
  get lamps(): PresenceDetail[] {
    return [...this.#watched.values()].map(({ user, uri, state }) => ({ user, uri, state }));
  }
  /** Our mailbox, as the last message summary said; null before one arrived. */
  get voicemail(): VoicemailDetail | null {
    return this.#voicemail && { ...this.#voicemail };
  }

  /** Watches `uri` (shown as `user`); false when it is watched already or the list is full. */
  watch(user: string, uri: string): boolean {
    if (this.#watched.has(uri) || this.#watched.size >= MAX_WATCHED) return false;
    const entry: Watched = { user, uri, state: 'unknown', version: 0, dialogs: new Map(), subscription: null };
    this.#watched.set(uri, entry);
    this.#owner.presence({ user, uri, state: entry.state });
    this.#subscribe(entry);
    return true;
  }

  unwatch(uri: string): void {
    const entry = this.#watched.get(uri);
    if (!entry) return;
    this.#watched.delete(uri);
    entry.subscription?.stop();
  }

  /** Subscribes afresh: every watched user, and our mailbox at `mailbox` (our address of record). */
  resume(mailbox: string): void {
    this.#stopAll();
    const agent = this.#owner.agent();
    if (!agent) return;
    this.#watched.forEach((entry) => this.#subscribe(entry));
    this.#mailbox = new EventSubscription(agent, mailbox, {
      event: MESSAGE_SUMMARY_EVENT,
      accept: MESSAGE_SUMMARY_TYPE,
      expires: EXPIRES_S,
      onNotify: (body) => this.#summary(body),
    });
  }

  /** Ends every subscription (Expires: 0); the watch list is kept for the next `resume()`. */
  pause(): void {
    this.#stopAll();
  }

  #stopAll(): void {
    this.#watched.forEach((entry) => {
      entry.subscription?.stop();
      entry.subscription = null;
    });
    this.#mailbox?.stop();
    this.#mailbox = null;
  }

  #subscribe(entry: Watched): void {
    const agent = this.#owner.agent();
    if (!agent) return;
    entry.version = 0;
    entry.dialogs = new Map();
    const subscription: EventSubscription = new EventSubscription(agent, entry.uri, {
      event: DIALOG_EVENT,
      accept: DIALOG_INFO_TYPE,
      expires: EXPIRES_S,
      onNotify: (body, final) => this.#dialogs(entry, body, final),
      // Refused (403, 404) or ended by the server (RFC 6665 `rejected`, `noresource`).
      onEnded: () => entry.subscription === subscription && this.#set(entry, 'offline'),
    });
    entry.subscription = subscription;
  }

  #dialogs(entry: Watched, body: string, final: boolean): void {
    if (final) return; // the subscription ends: onEnded says so
    // An empty NOTIFY: the server knows no dialogs of theirs (RFC 4235 §3.7.1 allows one before any state).
    const info = body.trim() ? parseDialogInfo(body) : { state: 'full' as const, version: 0, dialogs: new Map() };
    if (!info) return this.#set(entry, 'unknown');
    // RFC 4235 §4.1.2: versions rise; an older document is stale.
    if (info.version && entry.version && info.version <= entry.version) return;
    if (info.version) entry.version = info.version;
    if (info.state === 'full') entry.dialogs = info.dialogs;
    else info.dialogs.forEach((dialog, id) => entry.dialogs.set(id, dialog));
    this.#set(entry, presenceOf(entry.dialogs.values()));
  }

  #set(entry: Watched, state: PresenceState): void {
    if (entry.state === state || !this.#watched.has(entry.uri)) return;
    entry.state = state;
    this.#owner.presence({ user: entry.user, uri: entry.uri, state });
  }

  #summary(body: string): void {
    const summary = parseMessageSummary(body);
    if (!summary) return;
    const before = this.#voicemail;
    if (before && before.waiting === summary.waiting && before.newMessages === summary.newMessages && before.oldMessages === summary.oldMessages) return;
    this.#voicemail = summary;
    this.#owner.voicemail({ ...summary });
  }
}
