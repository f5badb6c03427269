import type { Placement } from '@floating-ui/dom';
import { css, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { floatingUi } from './floating.js';

export interface PopoverElements {
  /** The button that opened the popover: it is positioned against it, and gets the focus back on Escape. */
  anchor: HTMLElement;
  /** The popover, rendered with `popover="manual"` and `tabindex="-1"`. */
  floating: HTMLElement;
}

export interface PopoverOptions {
  /** The open popover as the host last rendered it, or null when it renders none. */
  find(): PopoverElements | null;
  /** The user dismissed the popover (Escape, a press outside, the host left the page): stop rendering it. */
  dismiss(): void;
  placement?: Placement;
}

/** The popover with this id in `root`, and the button that controls it (`aria-controls`), if both are rendered. */
export function findPopover(root: ParentNode, id: string): PopoverElements | null {
  const floating = root.querySelector<HTMLElement>(`#${id}`);
  const anchor = root.querySelector<HTMLElement>(`[aria-controls="${id}"]`);
  return floating && anchor ? { anchor, floating } : null;
}

interface Shown extends PopoverElements {
  /** Removes our Escape and outside-press listeners, and stops Floating UI's `autoUpdate`. */
  listening: AbortController;
}

/**
 * Shows, positions and dismisses the one popover its host renders at a time.
 *
 * The host owns whether a popover is open: it renders one or not. After each render
 * this controller shows a newly rendered popover in the top layer (never clipped by
 * an `overflow` ancestor, above any z-index), keeps it next to its anchor with
 * Floating UI, moves the focus into it, and tears down one that is gone: a popover
 * left positioning after it closed would keep observers and listeners alive.
 */
export class PopoverController implements ReactiveController {
  readonly #options: PopoverOptions;
  #shown: Shown | null = null;

  constructor(host: ReactiveControllerHost, options: PopoverOptions) {
    this.#options = options;
    host.addController(this);
  }

  hostUpdated(): void {
    const found = this.#options.find();
    if (found?.floating === this.#shown?.floating && found?.anchor === this.#shown?.anchor) return;
    this.#hide();
    if (found) this.#show(found);
  }

  hostDisconnected(): void {
    if (this.#shown) this.#dismiss();
  }

  #show({ anchor, floating }: PopoverElements): void {
    // Where the Popover API is missing the element stays in place, still fixed and positioned.
    if ('showPopover' in floating && !floating.matches(':popover-open')) floating.showPopover();
    const listening = new AbortController();
    const { signal } = listening;
    void floatingUi()
      .then(({ autoUpdate, computePosition, flip, offset, shift }) => {
        if (signal.aborted) return;
        const position = () =>
          void computePosition(anchor, floating, {
            // Fixed: the top layer is positioned against the viewport, whatever shadow roots lie between.
            strategy: 'fixed',
            placement: this.#options.placement ?? 'bottom-end',
            middleware: [offset(6), flip(), shift({ padding: 8 })],
          }).then(({ x, y }) => Object.assign(floating.style, { left: `${x}px`, top: `${y}px` }));
        // Floating UI's observers and scroll/resize listeners end with ours.
        signal.addEventListener('abort', autoUpdate(anchor, floating, position));
      })
      .catch(() => {});
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      // Also keeps an enclosing <dialog> open: the Escape was for us.
      event.preventDefault();
      anchor.focus();
      this.#dismiss();
    };
    floating.addEventListener('keydown', onKey, { signal });
    anchor.addEventListener('keydown', onKey, { signal });
    const onPress = (event: PointerEvent) => {
      const path = event.composedPath();
      // A press on the anchor is its own toggle.
      if (!path.includes(floating) && !path.includes(anchor)) this.#dismiss();
    };
    document.addEventListener('pointerdown', onPress, { signal, capture: true });
    this.#shown = { anchor, floating, listening };
    floating.querySelector<HTMLElement>('input, select, button')?.focus();
  }

  #hide(): void {
    if (!this.#shown) return;
    this.#shown.listening.abort();
    this.#shown = null;
  }

  #dismiss(): void {
    this.#hide();
    this.#options.dismiss();
  }
}

/** The popover's box; its position comes from the controller. */
export const popoverStyles = css`
  [popover] {
    position: fixed;
    inset: auto;
    /* Physical on purpose, in every direction: Floating UI gives viewport x and y from
       the top left corner (its -start/-end placements already follow dir="rtl"). */
    top: 0;
    left: 0;
    margin: 0;
    inline-size: 15rem;
    max-inline-size: calc(100vw - 1rem);
    padding: 0.75rem;
    color: var(--_fg);
    background: var(--_bg);
    border: var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 0.5rem 1.5rem rgb(0 0 0 / 0.2);
  }
`;
