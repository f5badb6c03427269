import JsSIP from 'jssip';
import type { Socket } from 'jssip/lib/Socket';

/**
 * How many of a page's SIP WebSockets may be opening at once; the others wait their turn.
 * Why: Chromium delays each new WebSocket by 1–5 s × 2^(its sockets still opening) / 65,536
 * (its network service's WebSocketPerProcessThrottler). Twenty phones of one page starting
 * together waited up to 3.7 s for their last socket on an idle machine, and over 5 s under
 * load; with four opening at once each waits under a millisecond.
 */
export const MAX_OPENING = 4;

/** A socket still opening after this long (a server that never answers) stops holding up the others. */
export const OPENING_TURN_MS = 2_000;

/** Ends a socket's turn (it opened or closed) or drops it unopened from the queue; a second call does nothing. */
export type EndTurn = () => void;

/** First come, first served, at most `limit` sockets opening at a time. */
export class OpeningQueue {
  readonly #limit: number;
  readonly #waiting: Array<() => void> = [];
  #opening = 0;

  constructor(limit = MAX_OPENING) {
    this.#limit = limit;
  }

  /** Calls `open` now if a turn is free, otherwise once one is; `open` gets the same function this returns. */
  join(open: (end: EndTurn) => void): EndTurn {
    let state: 'waiting' | 'opening' | 'over' = 'waiting';
    let deadline: ReturnType<typeof setTimeout> | undefined;
    const start = () => {
      state = 'opening';
      deadline = setTimeout(end, OPENING_TURN_MS);
      open(end);
    };
    const end = () => {
      if (state === 'over') return;
      if (state === 'opening') this.#opening -= 1;
      else this.#waiting.splice(this.#waiting.indexOf(start), 1);
      state = 'over';
      clearTimeout(deadline);
      this.#next();
    };
    this.#waiting.push(start);
    this.#next();
    return end;
  }

  #next(): void {
    while (this.#opening < this.#limit && this.#waiting.length > 0) {
      this.#opening += 1;
      this.#waiting.shift()!();
    }
  }
}

/** Every phone of the page (of this copy of the library) shares the browser's throttle, so they share one queue. */
const pageQueue = new OpeningQueue();

/**
 * @internal JsSIP's WebSocket, opened when the page's {@link OpeningQueue} gives it a turn.
 * It wraps JsSIP's own socket through its documented Socket interface.
 */
export class QueuedWebSocket implements Socket {
  readonly #socket: Socket;
  readonly #queue: OpeningQueue;
  /** Ends the current turn, waiting or opening (ending it again does nothing). */
  #endTurn: EndTurn | null = null;
  #waiting = false;
  onconnect: () => void = () => {};
  ondisconnect: (error: boolean, code?: number, reason?: string) => void = () => {};
  ondata: <T>(data: T) => void = () => {};

  constructor(url: string, queue: OpeningQueue = pageQueue) {
    this.#socket = new JsSIP.WebSocketInterface(url);
    this.#queue = queue;
    this.#socket.onconnect = () => {
      this.#endTurn?.();
      this.onconnect();
    };
    this.#socket.ondisconnect = (error, code, reason) => {
      this.#endTurn?.();
      this.ondisconnect(error, code, reason);
    };
    this.#socket.ondata = (data) => this.ondata(data);
  }

  get via_transport(): string {
    return this.#socket.via_transport;
  }
  set via_transport(value: string) {
    this.#socket.via_transport = value;
  }
  get url(): string {
    return this.#socket.url;
  }
  get sip_uri(): string {
    return this.#socket.sip_uri;
  }

  connect(): void {
    if (this.isConnecting() || this.isConnected()) return;
    this.#endTurn?.();
    this.#waiting = true;
    this.#endTurn = this.#queue.join((end) => {
      this.#waiting = false;
      this.#socket.connect();
      // JsSIP only logs a WebSocket the browser refused to create; no event will end its turn.
      if (!this.#socket.isConnecting()) end();
    });
  }

  disconnect(): void {
    this.#waiting = false;
    this.#endTurn?.();
    this.#socket.disconnect();
  }

  send(message: string | ArrayBufferLike | Blob | ArrayBufferView): boolean {
    return this.#socket.send(message);
  }

  isConnected(): boolean {
    return this.#socket.isConnected();
  }

  /** Waiting for its turn counts as connecting: JsSIP must not start another attempt meanwhile. */
  isConnecting(): boolean {
    return this.#waiting || this.#socket.isConnecting();
  }
}
