import { css, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { floatingUi } from './floating.js';

/**
 * Under `compact`, buttons show only their icon: this shows each one's label in a
 * tooltip next to it while the pointer is over it or it has the keyboard focus
 * (Escape hides it, WCAG 1.4.13). The tooltip repeats the button's name (its label, or `aria-label`), so it is
 * `aria-hidden`: a screen reader already hears that name and would hear it twice.
 *
 * One tooltip per host, shown in the top layer (`popover="manual"`), positioned by
 * Floating UI like the other popovers.
 */
export class TooltipController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #listening: AbortController | null = null;
  #tip: HTMLElement | null = null;
  #anchor: HTMLElement | null = null;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    const root = this.#host.shadowRoot;
    if (!root) return;
    this.#listening = new AbortController();
    const { signal } = this.#listening;
    const show = (event: Event) => {
      const button = (event.target as Element | null)?.closest?.('button');
      if (button instanceof HTMLElement && this.#host.hasAttribute('compact')) this.#show(button);
    };
    const hide = (event: Event) => {
      const button = (event.target as Element | null)?.closest?.('button');
      // Moving between the icon and the label of the same button is not leaving it.
      const to = (event as FocusEvent | PointerEvent).relatedTarget;
      if (button === this.#anchor && !(to instanceof Node && button?.contains(to))) this.#hide();
    };
    root.addEventListener('focusin', show, { signal });
    root.addEventListener('pointerover', show, { signal });
    root.addEventListener('focusout', hide, { signal });
    root.addEventListener('pointerout', hide, { signal });
    root.addEventListener('keydown', (event) => (event as KeyboardEvent).key === 'Escape' && this.#hide(), { signal });
  }

  hostUpdated(): void {
    // A re-render may remove the button (a call ended) or leave compact: no tooltip on nothing.
    if (this.#anchor && (!this.#anchor.isConnected || !this.#host.hasAttribute('compact'))) this.#hide();
  }

  hostDisconnected(): void {
    this.#listening?.abort();
    this.#hide();
  }

  #show(anchor: HTMLElement): void {
    const text = anchor.querySelector('.label')?.textContent?.trim() || anchor.getAttribute('aria-label') || '';
    if (!text) return;
    const tip = (this.#tip ??= this.#create());
    tip.textContent = text;
    this.#anchor = anchor;
    if ('showPopover' in tip && !tip.matches(':popover-open')) tip.showPopover();
    floatingUi()
      .then(({ computePosition, flip, offset, shift }) =>
        computePosition(anchor, tip, { strategy: 'fixed', placement: 'top', middleware: [offset(6), flip(), shift({ padding: 4 })] }),
      )
      .then(({ x, y }) => Object.assign(tip.style, { left: `${x}px`, top: `${y}px` }))
      .catch(() => {});
  }

  #hide(): void {
    this.#anchor = null;
    if (this.#tip?.isConnected && 'hidePopover' in this.#tip && this.#tip.matches(':popover-open')) this.#tip.hidePopover();
  }

  #create(): HTMLElement {
    const tip = document.createElement('div');
    tip.setAttribute('part', 'tooltip');
    tip.setAttribute('role', 'tooltip');
    tip.setAttribute('aria-hidden', 'true');
    tip.setAttribute('popover', 'manual');
    // Outside the part Lit renders into, so a render never removes it.
    this.#host.shadowRoot!.append(tip);
    return tip;
  }
}

export const tooltipStyles = css`
  [part='tooltip'] {
    position: fixed;
    inset: auto;
    top: 0;
    left: 0;
    margin: 0;
    padding: 0.25rem 0.5rem;
    border: none;
    border-radius: 0.25rem;
    font-size: 0.8125rem;
    white-space: nowrap;
    pointer-events: none;
    color: var(--phone-tooltip-color, light-dark(#ffffff, #1b1f24));
    background: var(--phone-tooltip-background, light-dark(#1b1f24, #e6edf3));
  }
`;
