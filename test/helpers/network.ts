// The page side of the server's fault commands (web-test-runner.config.mjs and
// test/sip/network.mjs): stop and start Kamailio, read its log, put a freezable
// TCP proxy in front of it, make the network lossy.
import { executeServerCommand } from '@web/test-runner-commands';
import { sipConfig } from './sip.js';

/** One of the test run's Kamailios: the main one, one that issues no GRUUs (kamailio.cfg, NO_GRUU), or a presence server. */
export interface Kamailio {
  /** Kills it: every WebSocket drops and the registrar (in memory) forgets everyone. */
  stop(): Promise<unknown>;
  /** Starts it (again) on the same ports with the same log; does nothing when it runs. Resolves with its WebSocket URL. */
  start(): Promise<string>;
  /** The log lines that contain `text` (one per request received and per reply relayed). */
  log(text: string): Promise<string[]>;
  /** The Contacts its location table holds for `aor` (read with `kamcmd ul.lookup`): URI, and `+sip.instance` as `<urn:uuid:…>`. */
  contacts(aor: string): Promise<Array<{ address: string; instance: string }>>;
}

function kamailioServer(server: 'main' | 'no-gruu' | 'presence'): Kamailio {
  return {
    stop: () => executeServerCommand('kamailio-stop', { server }),
    start: async () => (await executeServerCommand<{ wsUrl: string }, object>('kamailio-start', { server })).wsUrl,
    log: (text) => executeServerCommand<string[], object>('kamailio-log', { contains: text, server }),
    contacts: (aor) => executeServerCommand<Array<{ address: string; instance: string }>, object>('kamailio-contacts', { aor, server }),
  };
}

export const kamailio = kamailioServer('main');
/** Started by its first `start()`; it runs until the end of the test run. */
export const kamailioWithoutGruu = kamailioServer('no-gruu');
/** Also a presence server (kamailio.cfg, WITH_PRESENCE): busy lamps and voicemail. Started by its first `start()`. */
export const kamailioWithPresence = kamailioServer('presence');

export interface Proxy {
  /** A WebSocket URL through the proxy, for a phone's `server`. */
  wsUrl: string;
  /** Freezes the connections open now (no byte passes, none closes); returns how many. */
  freeze(): Promise<number>;
}

/** A TCP proxy in front of Kamailio's WebSocket port; `delayMs` holds back every chunk, both ways. */
export async function startProxy({ delayMs = 0 } = {}): Promise<Proxy> {
  const target = new URL(sipConfig().wsUrl);
  const { id, port } = await executeServerCommand<{ id: string; port: number }, object>('proxy-start', {
    targetPort: Number(target.port),
    delayMs,
  });
  return {
    wsUrl: `ws://${target.hostname}:${port}`,
    freeze: () => executeServerCommand<number, { id: string }>('proxy-freeze', { id }),
  };
}

export const stopProxies = () => executeServerCommand('proxy-stop');

export interface Impairment {
  /** What made the network bad, or null when nothing could (see `detail`). */
  applied: 'netem' | 'iptables' | null;
  detail: string;
}

/** Loss and delay on the test namespace's loopback (see test/sip/network.mjs for the fallbacks). */
export function impairNetwork(lossPercent: number, delayMs: number): Promise<Impairment> {
  const sipPort = Number(new URL(sipConfig().wsUrl).port);
  return executeServerCommand<Impairment, object>('network-impair', { lossPercent, delayMs, sipPort });
}

/**
 * Drops all UDP on the test namespace's loopback except the SIP servers' UDP ports: the
 * calls' media (RTP and ICE) stops, their signalling (the WebSocket, TCP) goes on.
 * `restoreNetwork()` ends the cut.
 */
export function cutMedia(): Promise<{ applied: 'iptables' | null; detail: string }> {
  return executeServerCommand('network-cut-media', {});
}

/** Takes the impairment away; resolves with how many packets it dropped. */
export async function restoreNetwork(): Promise<number> {
  return (await executeServerCommand<{ dropped: number }, object>('network-restore')).dropped;
}
