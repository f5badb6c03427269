// The page side of the server's fault commands (web-test-runner.config.mjs and
// test/sip/network.mjs): stop and start Kamailio, read its log, put a freezable
// TCP proxy in front of it, make the network lossy.
import { executeServerCommand } from '@web/test-runner-commands';
import { sipConfig } from './sip.js';

export const kamailio = {
  /** Kills it: every WebSocket drops and the registrar (in memory) forgets everyone. */
  stop: () => executeServerCommand('kamailio-stop'),
  /** Starts it on the same ports with the same log; does nothing when it runs. */
  start: () => executeServerCommand('kamailio-start'),
  /** The log lines that contain `text` (one per request received and per reply relayed). */
  log: (text: string) => executeServerCommand<string[], { contains: string }>('kamailio-log', { contains: text }),
  /** The Contacts its location table holds for `aor` (read with `kamcmd ul.lookup`): URI, and `+sip.instance` as `<urn:uuid:…>`. */
  contacts: (aor: string) => executeServerCommand<Array<{ address: string; instance: string }>, { aor: string }>('kamailio-contacts', { aor }),
};

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

/** Takes the impairment away; resolves with how many packets it dropped. */
export async function restoreNetwork(): Promise<number> {
  return (await executeServerCommand<{ dropped: number }, object>('network-restore')).dropped;
}
