import type { ReactiveController, ReactiveControllerHost } from 'lit';

// One interval for the whole page, running only while someone listens: ten
// durations on screen cost one timer and tick together; an idle page costs none.
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

/** Calls `listener` every second until `signal` aborts. */
export function everySecond(listener: () => void, signal: AbortSignal): void {
  if (signal.aborted) return;
  // A wrapper per subscription, so the same function can be subscribed twice.
  const tick = () => listener();
  listeners.add(tick);
  timer ??= setInterval(() => listeners.forEach((notify) => notify()), 1000);
  signal.addEventListener(
    'abort',
    () => {
      listeners.delete(tick);
      if (listeners.size > 0) return;
      clearInterval(timer);
      timer = undefined;
    },
    { once: true },
  );
}

/**
 * Re-renders its host every second while `running()` is true, i.e. while the host
 * shows a duration. It is checked after every render, because what the host just
 * rendered is what decides whether it needs the clock.
 */
export class ClockController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #running: () => boolean;
  #subscription: AbortController | null = null;

  constructor(host: ReactiveControllerHost, running: () => boolean) {
    this.#host = host;
    this.#running = running;
    host.addController(this);
  }

  hostUpdated(): void {
    this.#tick(this.#running());
  }

  hostDisconnected(): void {
    this.#tick(false);
  }

  #tick(on: boolean): void {
    if (on && !this.#subscription) {
      this.#subscription = new AbortController();
      everySecond(() => this.#host.requestUpdate(), this.#subscription.signal);
    } else if (!on && this.#subscription) {
      this.#subscription.abort();
      this.#subscription = null;
    }
  }
}

/** A duration as a phone shows it: `m:ss`, or `h:mm:ss` from one hour. */
export function formatDuration(milliseconds: number): string {
  const total = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor(total / 60) % 60;
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
