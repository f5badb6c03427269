// Helpers for tests that make real calls through the test Kamailio.

/** The running test SIP server, as web-test-runner.config.mjs puts it on the page. */
export interface SipConfig {
  /** WebSocket URL of the server, e.g. `ws://127.0.0.1:25066`. */
  wsUrl: string;
  /** The same server over secure WebSocket, with the certificate the test browser trusts, e.g. `wss://127.0.0.1:25067`. */
  wssUrl: string;
  /** The same server over secure WebSocket with a certificate the test browser does not trust. */
  untrustedWssUrl: string;
  /** A WebSocket URL where nothing listens: a server that is down. */
  downUrl: string;
  /** SIP domain every test user belongs to. */
  domain: string;
  /** The one password that every username registers with. */
  password: string;
  /** The test TURN server (coturn on loopback) and its credentials. */
  turn: TurnConfig;
}

export interface TurnConfig {
  /** `turn:127.0.0.1:<port>?transport=udp` */
  url: string;
  username: string;
  credential: string;
}

declare global {
  interface Window {
    __SIP__?: SipConfig;
  }
}

export function sipConfig(): SipConfig {
  const config = window.__SIP__;
  if (!config) throw new Error('window.__SIP__ is missing: run the tests with web-test-runner.config.mjs');
  return config;
}

export function turnConfig(): TurnConfig {
  return sipConfig().turn;
}

/** A username no other test uses, so stale registrations can never answer. */
export function uniqueUser(prefix = 'user'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}

export interface WaitForOptions {
  /** Milliseconds before giving up (default 5000). */
  timeout?: number;
  /** What was awaited, for the error message. */
  message?: string;
  /** Milliseconds between polls (default 50). */
  interval?: number;
}

/** Polls `predicate` until it returns a truthy value, and resolves with that value. */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  { timeout = 5000, message = 'condition', interval = 50 }: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeout;
  for (;;) {
    const value = await predicate();
    if (value) return value as NonNullable<T>;
    if (performance.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

async function sumAudioStat(pc: RTCPeerConnection, type: 'inbound-rtp' | 'outbound-rtp', field: 'packetsReceived' | 'packetsSent'): Promise<number> {
  let total = 0;
  (await pc.getStats()).forEach((report) => {
    if (report.type === type && report.kind === 'audio') total += report[field] ?? 0;
  });
  return total;
}

/** Audio RTP packets received so far on this connection. */
export function inboundPackets(pc: RTCPeerConnection): Promise<number> {
  return sumAudioStat(pc, 'inbound-rtp', 'packetsReceived');
}

/** Audio RTP packets sent so far on this connection. */
export function outboundPackets(pc: RTCPeerConnection): Promise<number> {
  return sumAudioStat(pc, 'outbound-rtp', 'packetsSent');
}

/** Resolves once audio RTP packets flow both ways on this connection (both counters grow), or throws after the timeout. */
export async function audioFlowsBothWays(pc: RTCPeerConnection, { timeout = 5000, packets = 5, message = 'RTP both ways' } = {}): Promise<void> {
  const [inBefore, outBefore] = [await inboundPackets(pc), await outboundPackets(pc)];
  await waitFor(async () => (await inboundPackets(pc)) > inBefore + packets && (await outboundPackets(pc)) > outBefore + packets, {
    timeout,
    message,
  });
}
