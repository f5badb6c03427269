import { LitElement, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { langOf } from '../../i18n/lang.js';
import { isLoaded, loadStrings } from '../../i18n/strings.js';

/**
 * Re-renders its host when the language it speaks may have changed: a `lang` attribute
 * set, changed or removed on the host or any element above it in the composed tree
 * (where `langOf` looks). It observes that chain from connect to disconnect.
 */
class LanguageController implements ReactiveController {
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

/**
 * An element that speaks the language in force (`langOf`): it follows `lang` changes,
 * and renders only once its language's catalog has loaded (catalogs beyond English are
 * chunks of their own), so a French phone never shows English first. `updateComplete`
 * includes that wait.
 */
export class LocalizedElement extends LitElement {
  constructor() {
    super();
    new LanguageController(this);
  }

  protected override scheduleUpdate(): void | Promise<unknown> {
    const lang = langOf(this);
    if (isLoaded(lang)) return super.scheduleUpdate();
    return loadStrings(lang).then(() => super.scheduleUpdate());
  }
}
