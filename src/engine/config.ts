import { DEFAULT_KEEPALIVE_INTERVAL_MS } from './connection-keeper.js';
import { DEFAULT_ICE_GATHERING_TIMEOUT } from './ice.js';
import { PhoneError } from './phone-error.js';
import { cleanDisplayName } from './remote-party.js';
import { formatSipAddress, parseSipAddress, type SipAddress } from './targets.js';

/** What a host page configures; attributes of `<soft-phone>` map onto these. */
export interface PhoneConfig {
  /** WebSocket URL of the SIP server: `wss://…` (or `ws://` for a local server). */
  server: string;
  /** Our address of record, e.g. `sip:alice@example.com`. */
  uri: string;
  password?: string;
  /** Digest user name, when it differs from the URI's user. */
  authUser?: string;
  displayName?: string;
  /** STUN/TURN servers: an array, or its JSON text (from the `ice-servers` attribute). */
  iceServers?: RTCIceServer[] | string;
  /** Longest wait for ICE gathering before the INVITE or 200 OK leaves, in ms. */
  iceGatheringTimeout?: number;
  /** Most simultaneous calls; further incoming calls are answered 486 Busy Here. */
  maxCalls?: number;
  /**
   * How often the socket is probed (OPTIONS), in ms; a probe unanswered within this
   * interval (at most 10 s) means a half-open socket, which is replaced.
   */
  keepaliveInterval?: number;
}

/** A configuration that passed validation, with defaults filled in. */
export interface ResolvedConfig {
  server: string;
  aor: SipAddress;
  uri: string;
  password: string;
  authUser: string;
  displayName: string;
  iceServers: RTCIceServer[];
  iceGatheringTimeout: number;
  maxCalls: number;
  keepaliveInterval: number;
}

export const DEFAULT_MAX_CALLS = 4;
const MAX_TIMEOUT = 60_000;
/** Probing more often than every second is traffic for nothing; less often than every 5 minutes finds nothing in time. */
const KEEPALIVE_BOUNDS = [1_000, 300_000] as const;

function invalid(message: string): PhoneError {
  return new PhoneError('invalid-config', message);
}

function checkServer(server: unknown): string {
  if (typeof server !== 'string' || !server.trim()) throw invalid('Set "server" to the WebSocket URL of your SIP server (wss://…)');
  let url: URL;
  try {
    url = new URL(server.trim());
  } catch {
    throw invalid(`"server" is not a URL: ${server}`);
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    throw invalid(`"server" must be a ws:// or wss:// URL, not ${url.protocol}//`);
  }
  return url.href;
}

function checkUri(uri: unknown): SipAddress {
  if (typeof uri !== 'string' || !uri.trim()) throw invalid('Set "uri" to your SIP address (sip:user@domain)');
  try {
    return parseSipAddress(uri.trim());
  } catch (error) {
    throw invalid(`"uri" is not a SIP address: ${(error as Error).message}`);
  }
}

function checkIceServers(value: PhoneConfig['iceServers']): RTCIceServer[] {
  // null: <soft-phone>'s ice-servers attribute was removed.
  if (value === undefined || value === null || value === '') return [];
  let servers: unknown = value;
  if (typeof value === 'string') {
    try {
      servers = JSON.parse(value);
    } catch {
      throw invalid('"ice-servers" is not valid JSON (expected [{"urls": "stun:…"}])');
    }
  }
  if (!Array.isArray(servers)) throw invalid('"ice-servers" must be an array of {urls, username?, credential?}');
  return servers.map((server: unknown) => {
    const urls = (server as RTCIceServer | null)?.urls;
    const list = Array.isArray(urls) ? urls : [urls];
    if (!list.length || !list.every((url) => typeof url === 'string' && /^(stuns?|turns?):/i.test(url))) {
      throw invalid('Each ICE server needs "urls" of stun:, stuns:, turn: or turns: addresses');
    }
    return server as RTCIceServer;
  });
}

function checkNumber(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < min || number > max) throw invalid(`"${name}" must be a number from ${min} to ${max}`);
  return number;
}

/** Validates a configuration; throws `PhoneError('invalid-config')` with a message naming the field. */
export function resolveConfig(config: PhoneConfig): ResolvedConfig {
  const aor = checkUri(config.uri);
  return {
    server: checkServer(config.server),
    aor,
    uri: formatSipAddress(aor),
    password: config.password ?? '',
    authUser: config.authUser?.trim() || aor.user,
    displayName: cleanDisplayName(config.displayName ?? ''),
    iceServers: checkIceServers(config.iceServers),
    iceGatheringTimeout: checkNumber('ice-gathering-timeout', config.iceGatheringTimeout, DEFAULT_ICE_GATHERING_TIMEOUT, 0, MAX_TIMEOUT),
    maxCalls: checkNumber('max-calls', config.maxCalls, DEFAULT_MAX_CALLS, 1, 16),
    keepaliveInterval: checkNumber('keepalive-interval', config.keepaliveInterval, DEFAULT_KEEPALIVE_INTERVAL_MS, ...KEEPALIVE_BOUNDS),
  };
}
