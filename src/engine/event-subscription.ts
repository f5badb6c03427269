import JsSIP from 'jssip';

/** After our unsubscribe, how long the notifier has to send its final NOTIFY. */
const UNSUBSCRIBE_WAIT_MS = 4000;

/** What a subscription uses of JsSIP's Subscriber (lib/Subscriber.js). */
export interface EventSubscriber {
  on(event: 'notify', listener: (isFinal: boolean, request: unknown, body: string | undefined, contentType: string | undefined) => void): unknown;
  on(event: 'terminated', listener: (code: number) => void): unknown;
  on(event: 'active', listener: () => void): unknown;
  removeAllListeners(): unknown;
  subscribe(body?: string): void;
  terminate(body?: string): void;
}

/** What a subscription needs of the user agent (JsSIP's `UA.subscribe`). */
export interface SubscribingAgent {
  subscribe(target: string, eventName: string, accept: string, options: object): EventSubscriber;
}

export interface EventSubscriptionOptions {
  /** The event package (`conference`, `dialog`, `message-summary`). */
  event: string;
  /** The one body type we take; NOTIFYs of any other are ignored. */
  accept: string;
  /** How long the subscription lasts before JsSIP refreshes it, in seconds. */
  expires: number;
  /** Whom the subscription is about (the To URI), when not the request target. */
  about?: string;
  /** Each NOTIFY's body of the accepted type (or '' for a first one without a body); `final` on the one that ends the subscription. */
  onNotify(body: string, final: boolean): void;
  /** The subscription ended without our `stop()`: refused, timed out, or ended by the notifier. */
  onEnded?(): void;
}

/** `text` as a JsSIP URI: JsSIP takes a string without "@" (sip:192.0.2.1:5060) for a user name. */
function asUri(text: string): string {
  return (JsSIP.URI.parse(text) ?? text) as unknown as string;
}

/**
 * One SUBSCRIBE dialog (RFC 6665) to an event package at `target`: JsSIP refreshes it
 * before it expires; `stop()` unsubscribes (Expires: 0). Shared by the conference room
 * list (RFC 4575), the busy lamps (RFC 4235) and message waiting (RFC 3842).
 */
export class EventSubscription {
  readonly #subscriber: EventSubscriber;
  readonly #accept: string;
  #terminated = false;
  #stopped = false;

  constructor(agent: SubscribingAgent, target: string, options: EventSubscriptionOptions) {
    this.#accept = options.accept;
    this.#subscriber = agent.subscribe(asUri(target), options.event, options.accept, {
      expires: options.expires,
      ...(options.about && { params: { to_uri: JsSIP.URI.parse(options.about) ?? undefined } }),
    });
    let notifies = 0;
    this.#subscriber.on('notify', (final, _request, body, contentType) => {
      notifies += 1;
      if (this.#stopped || !body) return;
      if (contentType?.split(';')[0]?.trim().toLowerCase() === this.#accept) options.onNotify(body, final);
    });
    // JsSIP emits 'notify' only for a NOTIFY with a body; the first NOTIFY activates the
    // subscription ('active', emitted just before 'notify' for the same request). Without
    // a body it still says something: the notifier has no state to give (RFC 6665 §4.2.2).
    this.#subscriber.on('active', () => {
      const before = notifies;
      queueMicrotask(() => notifies === before && !this.#stopped && options.onNotify('', false));
    });
    this.#subscriber.on('terminated', () => {
      this.#terminated = true;
      if (!this.#stopped) options.onEnded?.();
      // JsSIP keeps the agent that received the last message in a module variable, and
      // that agent may keep this subscriber: once over, it must not keep our phone.
      queueMicrotask(() => this.#subscriber.removeAllListeners());
    });
    this.#subscriber.subscribe();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Asks the notifier for the full state again (a refresh SUBSCRIBE). */
  refresh(): void {
    if (!this.#stopped && !this.#terminated) this.#subscriber.subscribe();
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
    // JsSIP ends the dialog on the final NOTIFY only; a notifier that never sends it
    // would leave the dialog, and its refresh timer, behind (JsSIP schedules a refresh
    // even after the 200 to our unsubscribe). `_terminateDialog` is what JsSIP calls
    // itself on a final NOTIFY; its termination code UNSUBSCRIBE_TIMEOUT exists for this.
    setTimeout(() => {
      if (this.#terminated) return;
      const subscriber = this.#subscriber as unknown as { _terminateDialog?(code: number): void; C: { UNSUBSCRIBE_TIMEOUT: number } };
      subscriber._terminateDialog?.(subscriber.C.UNSUBSCRIBE_TIMEOUT);
    }, UNSUBSCRIBE_WAIT_MS);
  }
}
