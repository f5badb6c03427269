import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Re-renders its host when the language it speaks may have changed: a `lang` attribute
 * set, changed or removed on the host or any element above it in the composed tree
 * (where `langOf` looks). It observes that chain from connect to disconnect.
 */
export class LanguageController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #observer: MutationObserver | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#observer = new MutationObserver(() => this.#host.requestUpdate());
    for (let node: Node | null = this.#host; node; ) {
      if (node instanceof Element) this.#observer.observe(node, { attributes: true, attributeFilter: ['lang'] });
      node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
    }
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = null;
  }
}
