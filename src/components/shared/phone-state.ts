import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { phoneContext } from '../../context.js';
import type { PhoneController } from '../../engine/phone-controller.js';

/** What an element shows of the phone, as a flat list of values compared one by one. */
export type Shown = (phone: PhoneController) => readonly unknown[];

/**
 * Gives an element the phone of its nearest `<soft-phone>` and re-renders the element
 * when what it shows of the phone changed: `shown` lists those values (a call's step
 * re-renders the call list, not the dialer); without it, at every change. It subscribes
 * on connect and unsubscribes (AbortSignal) on disconnect, so a removed element keeps
 * no listener.
 */
export class PhoneState implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #consumer: ContextConsumer<typeof phoneContext, ReactiveControllerHost & HTMLElement>;
  readonly #shown: Shown | undefined;
  #subscription: AbortController | null = null;
  #followed: PhoneController | undefined;
  #last: readonly unknown[] = [];

  constructor(host: ReactiveControllerHost & HTMLElement, shown?: Shown) {
    this.#host = host;
    this.#shown = shown;
    this.#consumer = new ContextConsumer(host, {
      context: phoneContext,
      subscribe: true,
      callback: (phone) => this.#follow(phone),
    });
    host.addController(this);
  }

  /** The phone, or undefined outside a `<soft-phone>`. */
  get phone(): PhoneController | undefined {
    return this.#consumer.value;
  }

  hostConnected(): void {
    this.#follow(this.#consumer.value);
  }

  hostDisconnected(): void {
    this.#subscription?.abort();
    this.#subscription = null;
    this.#followed = undefined;
  }

  #follow(phone: PhoneController | undefined): void {
    if (phone === this.#followed && this.#subscription) return;
    this.#subscription?.abort();
    this.#subscription = null;
    this.#followed = phone;
    if (phone) {
      this.#subscription = new AbortController();
      this.#last = this.#shown?.(phone) ?? [];
      phone.subscribe(() => this.#changed(phone), this.#subscription.signal);
    }
    this.#host.requestUpdate();
  }

  #changed(phone: PhoneController): void {
    if (this.#shown) {
      const now = this.#shown(phone);
      const last = this.#last;
      if (now.length === last.length && now.every((value, index) => Object.is(value, last[index]))) return;
      this.#last = now;
    }
    this.#host.requestUpdate();
  }
}
