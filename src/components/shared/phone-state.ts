import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { phoneContext } from '../../context.js';
import type { PhoneController } from '../../engine/phone-controller.js';

/**
 * Gives an element the phone of its nearest `<soft-phone>` and re-renders the
 * element whenever the phone's state changes. It subscribes on connect and
 * unsubscribes (AbortSignal) on disconnect, so a removed element keeps no listener.
 */
export class PhoneState implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #consumer: ContextConsumer<typeof phoneContext, ReactiveControllerHost & HTMLElement>;
  #subscription: AbortController | null = null;
  #followed: PhoneController | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
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
      phone.subscribe(() => this.#host.requestUpdate(), this.#subscription.signal);
    }
    this.#host.requestUpdate();
  }
}
