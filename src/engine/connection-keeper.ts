import type { UA } from 'jssip/lib/UA';

/** Reconnection waits grow from about 1 s to at most 30 s (RECONNECT_* bounds, before jitter). */
export const RECONNECT_MIN_MS = 1_000;
export const RECONNECT_MAX_MS = 30_000;
/**
 * A keep-alive (every 15 s by default, CONFIG_FIELDS.keepaliveInterval) must be answered
 * within 10 s: a half-open socket is found within 25 s. A shorter interval also shortens
 * the wait for the answer.
 */
export const KEEPALIVE_TIMEOUT_MS = 10_000;

/**
 * JsSIP's own reconnection is jittered too, but its timing is private, so the UI could
 * not say when the next try comes. We schedule reconnections ourselves, and give
 * JsSIP an interval long enough never to fire first.
 */
export const STACK_RECOVERY_SECONDS = 24 * 60 * 60;

/** Delay before reconnection attempt `attempt` (1-based): exponential, capped, with "equal jitter". */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** When the next reconnection attempt happens. */
export interface ReconnectPlan {
  /** The attempt's number as `phone-connecting` will report it: the first connection was 1, so the first retry is 2. */
  attempt: number;
  /** When it starts, in ms since the epoch. */
  at: number;
}

/**
 * The parts of JsSIP's transport we drive. They are public methods of objects JsSIP
 * does not document, so they are named here, once.
 */
interface Transport {
  connect(): void;
  isConnected(): boolean;
  isConnecting(): boolean;
  /**
   * Picks the socket to use next: the one of highest weight that has not failed since
   * all last failed. JsSIP calls it only from its own reconnection, which we replaced.
   */
  _getSocket(): void;
  socket: { disconnect(): void; ondisconnect(error: boolean, code?: number, reason?: string): void };
}

/** JsSIP's UA.sendOptions(), which its typings omit. */
type SendOptions = (target: string, body: null, options: object) => unknown;

/**
 * @internal Keeps one user agent connected: reconnects with capped, jittered back-off, at once
 * when the browser comes back online, and probes the socket with OPTIONS so a
 * half-open connection (no error, no data) is noticed and replaced.
 */
export class ConnectionKeeper {
  readonly #ua: UA;
  readonly #probeTarget: string;
  readonly #onPlan: (plan: ReconnectPlan | null) => void;
  readonly #keepaliveInterval: number;
  #attempt = 0;
  #plan: ReconnectPlan | null = null;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #keepaliveTimer: ReturnType<typeof setInterval> | undefined;
  #probeDeadline: ReturnType<typeof setTimeout> | undefined;
  readonly #online = () => {
    if (!this.#transport.isConnected()) this.connectNow();
  };

  constructor(ua: UA, probeTarget: string, onPlan: (plan: ReconnectPlan | null) => void, keepaliveInterval: number) {
    this.#ua = ua;
    this.#probeTarget = probeTarget;
    this.#onPlan = onPlan;
    this.#keepaliveInterval = keepaliveInterval;
    globalThis.addEventListener?.('online', this.#online);
  }

  get plan(): ReconnectPlan | null {
    return this.#plan;
  }

  get #transport(): Transport {
    return (this.#ua as unknown as { transport: Transport }).transport;
  }

  connected(): void {
    this.#attempt = 0;
    this.#setPlan(null);
    clearTimeout(this.#reconnectTimer);
    clearInterval(this.#keepaliveTimer);
    this.#keepaliveTimer = setInterval(() => this.#probe(), this.#keepaliveInterval);
  }

  disconnected(): void {
    this.#stopProbing();
    clearTimeout(this.#reconnectTimer);
    this.#attempt += 1;
    const delay = reconnectDelay(this.#attempt);
    this.#setPlan({ attempt: this.#attempt + 1, at: Date.now() + delay });
    this.#reconnectTimer = setTimeout(() => this.connectNow(), delay);
  }

  /** Tries now instead of waiting for the planned attempt: the next server that has not failed (fail-over). */
  connectNow(): void {
    clearTimeout(this.#reconnectTimer);
    this.#setPlan(null);
    const transport = this.#transport;
    if (!transport.isConnected() && !transport.isConnecting()) transport._getSocket();
    transport.connect();
  }

  stop(): void {
    this.#stopProbing();
    clearTimeout(this.#reconnectTimer);
    this.#setPlan(null);
    globalThis.removeEventListener?.('online', this.#online);
  }

  #probe(): void {
    if (this.#probeDeadline !== undefined) return;
    const answered = () => {
      clearTimeout(this.#probeDeadline);
      this.#probeDeadline = undefined;
    };
    this.#probeDeadline = setTimeout(() => this.#dropSocket(), Math.min(KEEPALIVE_TIMEOUT_MS, this.#keepaliveInterval));
    // Any response, even an error, proves the server and the socket alive.
    (this.#ua as unknown as { sendOptions: SendOptions }).sendOptions(this.#probeTarget, null, {
      eventHandlers: {
        succeeded: answered,
        failed: (event: { response?: unknown }) => {
          if (event.response) answered();
        },
      },
    });
  }

  /** The socket is half-open: close it as if the network had, so the stack reports it and we reconnect. */
  #dropSocket(): void {
    this.#probeDeadline = undefined;
    const socket = this.#transport.socket;
    const reportClosed = socket.ondisconnect;
    socket.disconnect();
    reportClosed(true, 4408, 'No answer to keep-alive');
  }

  #stopProbing(): void {
    clearInterval(this.#keepaliveTimer);
    clearTimeout(this.#probeDeadline);
    this.#keepaliveTimer = undefined;
    this.#probeDeadline = undefined;
  }

  #setPlan(plan: ReconnectPlan | null): void {
    this.#plan = plan;
    this.#onPlan(plan);
  }
}

/** Failed opens in a row after which a wss:// server that never opened is reported. */
export const FAILED_OPENS_BEFORE_ERROR = 3;

/**
 * Counts, per server, the connection attempts that failed before the socket opened.
 * To the page, a certificate the browser does not trust looks exactly like a closed port
 * (`error`, then `close` 1006, within milliseconds): one failure tells nothing, but a
 * wss:// server that fails to open every time, and never opened, is worth telling the
 * user about once — it may be a certificate they have to accept.
 */
export class OpenFailures {
  /** Failed opens in a row per server; -Infinity once it opened or was reported, as neither is reported (again). */
  readonly #inARow = new Map<string, number>();

  opened(server: string): void {
    this.#inARow.set(server, -Infinity);
  }

  /** Counts a failed open; true (once per server) when it is time to report it. */
  failed(server: string): boolean {
    const count = (this.#inARow.get(server) ?? 0) + 1;
    const report = count >= FAILED_OPENS_BEFORE_ERROR && server.startsWith('wss:');
    this.#inARow.set(server, report ? -Infinity : count);
    return report;
  }
}

/** The phone-error message for a wss:// server that never opened: what it may be, and what to do. */
export function secureConnectionFailed(server: string, tries: number): string {
  const url = new URL(server);
  return (
    `Could not open a secure connection to ${server} (${tries} tries): the certificate may be untrusted, or nothing listens there. ` +
    `Open https://${url.host}/ in a browser tab to accept or check its certificate; the phone keeps trying.`
  );
}
