// Records DOM events in the order they fire, so tests can assert exact
// lifecycle sequences and wait for the steps they care about.

export interface RecordedEvent<D = unknown> {
  type: string;
  /** The CustomEvent's detail (undefined for plain events). */
  detail: D;
}

export interface EventRecorder {
  /** Every recorded event, in firing order. */
  readonly events: RecordedEvent[];
  /** The recorded event types, in firing order. */
  types(): string[];
  /**
   * Resolves with the next occurrence of `type`: the first call gets the first
   * such event (even one that already fired), the second call the second, and so on.
   */
  waitFor<D = unknown>(type: string, options?: { timeout?: number }): Promise<RecordedEvent<D>>;
  /** Stops listening. */
  stop(): void;
}

export function recordEvents(target: EventTarget, names: readonly string[]): EventRecorder {
  const events: RecordedEvent[] = [];
  const consumed = new Map<string, number>();
  const waiters = new Set<() => void>();

  const listener = (event: Event) => {
    events.push({ type: event.type, detail: (event as CustomEvent).detail });
    for (const wake of waiters) wake();
  };
  for (const name of names) target.addEventListener(name, listener);

  return {
    events,
    types: () => events.map((event) => event.type),
    waitFor<D>(type: string, { timeout = 5000 } = {}) {
      if (!names.includes(type)) return Promise.reject(new Error(`Not recording "${type}" (recording: ${names.join(', ')})`));
      const index = consumed.get(type) ?? 0;
      consumed.set(type, index + 1);
      const find = () => events.filter((event) => event.type === type)[index] as RecordedEvent<D> | undefined;
      return new Promise<RecordedEvent<D>>((resolve, reject) => {
        const check = () => {
          const found = find();
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Timed out after ${timeout} ms waiting for "${type}" #${index + 1}; recorded so far: [${events.map((e) => e.type).join(', ')}]`));
        }, timeout);
        waiters.add(check);
        check();
      });
    },
    stop() {
      for (const name of names) target.removeEventListener(name, listener);
    },
  };
}
