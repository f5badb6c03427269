/**
 * Click-to-dial: clicks on `tel:` and `sip:` links dial through the phone instead of
 * leaving the page for the operating system's handler.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The number or SIP address a link dials, or null when it is no `tel:`/`sip:` link. */
function linkTarget(link: HTMLAnchorElement | HTMLAreaElement): string | null {
  if (link.protocol !== 'tel:' && link.protocol !== 'sip:') return null;
  try {
    // tel:+1-415-555-1234;ext=5 and sip:bob@example.com;transport=tls: parameters
    // and headers are for the OS handler; the phone dials the number or address.
    const target = decodeURIComponent(link.href.slice(link.protocol.length)).split(/[;?]/)[0]!.trim();
    return target ? (link.protocol === 'sip:' ? `sip:${target}` : target) : null;
  } catch {
    return null; // a malformed %-escape: leave the link to the browser
  }
}

/**
 * Until `signal` aborts, a plain left click on a `tel:` or `sip:` link in `root`
 * (shadow trees included) calls `dial` and cancels the navigation. A click with a
 * modifier key, or one a handler of the page already cancelled, is left alone.
 */
export function listenForClickToDial(root: Document, dial: (target: string) => Promise<unknown>, signal: AbortSignal): void {
  root.addEventListener(
    'click',
    (event) => {
      if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      const link = event.composedPath().find((node) => node instanceof HTMLAnchorElement || node instanceof HTMLAreaElement);
      const target = link ? linkTarget(link) : null;
      if (target === null) return;
      event.preventDefault();
      // The phone reports a refused target as a phone-error event: nothing more to do here.
      dial(target).catch(() => undefined);
    },
    // The bubbling phase, so that the page's own handlers run first and can keep a link
    // for themselves with preventDefault().
    { signal },
  );
}

interface ClickToDialHost extends ReactiveControllerHost, HTMLElement {
  clickToDial: boolean;
  call(target: string): Promise<unknown>;
}

/** `<soft-phone click-to-dial>`: listens to its document while the attribute is set and the element connected. */
export class ClickToDialController implements ReactiveController {
  readonly #host: ClickToDialHost;
  #listening: AbortController | null = null;

  constructor(host: ClickToDialHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#sync();
  }
  hostUpdated(): void {
    this.#sync();
  }
  hostDisconnected(): void {
    this.#listening?.abort();
    this.#listening = null;
  }

  #sync(): void {
    if (!this.#host.clickToDial || !this.#host.isConnected) return this.hostDisconnected();
    if (this.#listening) return;
    this.#listening = new AbortController();
    listenForClickToDial(this.#host.ownerDocument, (target) => this.#host.call(target), this.#listening.signal);
  }
}
