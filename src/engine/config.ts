import { PhoneError } from './phone-error.js';
import { cleanDisplayName } from './remote-party.js';
import { checkRoomTemplate, defaultRoomTemplate } from './rooms.js';
import { formatSipAddress, normalizeTarget, parseSipAddress, type SipAddress } from './targets.js';

/** What a host page configures; attributes of `<soft-phone>` map onto these. */
export interface PhoneConfig {
  /**
   * WebSocket URL of the SIP server: `wss://…` (or `ws://` for a local server). Several
   * servers to fail over between, in order of preference: an array, or their text as a
   * JSON array or separated by commas or spaces (from the `server` attribute).
   */
  server: string | readonly string[];
  /** Our address of record, e.g. `sip:alice@example.com`. */
  uri: string;
  password?: string;
  /** Digest user name, when it differs from the URI's user. */
  authUser?: string;
  displayName?: string;
  /** STUN/TURN servers: an array, or its JSON text (from the `ice-servers` attribute). */
  /**
   * STUN/TURN servers: an array, its JSON text (from the `ice-servers` attribute), or a
   * function asked before each call (short-lived TURN credentials fetched from a server).
   */
  iceServers?: RTCIceServer[] | string | IceServersProvider;
  /** `relay` sends media only through TURN relays (no host or server-reflexive candidates); default `all`. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** Longest wait for ICE gathering before the INVITE or 200 OK leaves, in ms. */
  iceGatheringTimeout?: number;
  /** Most simultaneous calls; further incoming calls are answered 486 Busy Here. */
  maxCalls?: number;
  /**
   * How often the socket is probed (OPTIONS), in ms; a probe unanswered within this
   * interval (at most 10 s) means a half-open socket, which is replaced.
   */
  keepaliveInterval?: number;
  /**
   * How `joinRoom(room)` reaches a conference room: a SIP URI template with `{room}` in its
   * user part, e.g. `sip:{room}@conference.example.com`; default `sip:{room}@<our domain>`.
   */
  roomUri?: string;
  /** `off` keeps no call log (`phone-call-logged` still fires); default `on`. */
  historyMode?: 'on' | 'off';
  /** Most calls the call log keeps; the oldest are dropped beyond it. */
  historyLimit?: number;
  /** Record every call from its answer (two channels: ours left, theirs right); `phone-recording-stopped` delivers each. */
  autoRecord?: boolean;
  /** Answer every incoming call by itself after this many ms (0: at once, after a short tone); absent: never. */
  autoAnswer?: number | null;
  /** Honour the caller's intercom/paging headers (`Call-Info: …;answer-after=N`, `Alert-Info: …;info=alert-autoanswer`). */
  allowIntercom?: boolean;
  /** Do not disturb: incoming calls are refused with `dndResponse` without ringing (and still logged). */
  dnd?: boolean;
  /** The refusal under do not disturb: 486 Busy Here (default), 480 Temporarily Unavailable or 603 Decline. */
  dndResponse?: 486 | 480 | 603 | '486' | '480' | '603';
  /**
   * Which headers of an incoming INVITE `phone-call-incoming` carries in `headers`: names,
   * `X-*` for every X- header; a list (an array, JSON text, or separated by commas or spaces).
   */
  exposeHeaders?: string | readonly string[];
  /** Show the caller as P-Asserted-Identity names them (set it when the server vouches for that header). */
  trustIdentity?: boolean;
  /** The identities the dialer offers to call as: `[{"uri": "sip:sales@example.com", "name": "Sales"}]`, or its JSON text. */
  callerIds?: string | readonly CallerId[];
  /** What the Voicemail button calls: a number, extension or SIP address (`*97`, `sip:voicemail@example.com`); unset, no button. */
  voicemailUri?: string;
  /**
   * `shared` (default): the tabs of this origin with the same account share one
   * registration, run by the leader tab; `independent`: this phone registers on its own.
   */
  tabs?: 'shared' | 'independent';
}

/** An identity to present on an outgoing call: the display name, and the address asked for by P-Preferred-Identity. */
export interface CallerId {
  uri?: string;
  name?: string;
}

/** The headers `phone-call-incoming` exposes unless `expose-headers` says otherwise. */
export const DEFAULT_EXPOSED_HEADERS = Object.freeze(['X-*', 'P-Asserted-Identity', 'Diversion', 'History-Info', 'Call-Info', 'Alert-Info']);

/** A configuration that passed validation, with defaults filled in. */
export interface ResolvedConfig {
  /** The servers' URLs, normalized, in order of preference (at least one). */
  servers: readonly string[];
  aor: SipAddress;
  uri: string;
  password: string;
  authUser: string;
  displayName: string;
  iceServers: RTCIceServer[] | IceServersProvider;
  iceTransportPolicy: RTCIceTransportPolicy;
  iceGatheringTimeout: number;
  maxCalls: number;
  keepaliveInterval: number;
  /** The room template, with our domain filled in when none was given. */
  roomUri: string;
  historyMode: 'on' | 'off';
  historyLimit: number;
  autoRecord: boolean;
  /** null: calls are not answered by themselves. */
  autoAnswer: number | null;
  allowIntercom: boolean;
  dnd: boolean;
  /** The status code, as text (CONFIG_FIELDS' choice). */
  dndResponse: '486' | '480' | '603';
  exposeHeaders: readonly string[];
  trustIdentity: boolean;
  callerIds: readonly CallerId[];
  /** '' when unset. */
  voicemailUri: string;
  tabs: 'shared' | 'independent';
}

/** Asked before each call for the ICE servers to use (say, with fresh TURN credentials). */
export type IceServersProvider = () => RTCIceServer[] | Promise<RTCIceServer[]>;

/**
 * How a setting is given: plain text, JSON text (or its parsed value), one of some words,
 * a number, a boolean (an attribute present or absent), or a list (an array, or its text as JSON or separated by commas or spaces).
 */
type FieldKind = 'text' | 'json' | 'choice' | 'number' | 'list' | 'boolean';
interface FieldSpec {
  /** The `<soft-phone>` attribute that sets it; errors name the field by it. */
  readonly attribute: string;
  readonly kind: FieldKind;
  readonly required?: boolean;
  readonly default?: number | string | boolean;
  /** Changing it needs a new connection and registration (the others apply to the next call). */
  readonly reconnects?: boolean;
  /** The words a `choice` takes. */
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

/**
 * THE configuration table: every setting, its attribute, its default and its bounds.
 * `resolveConfig`, `<soft-phone>`, the iframe bridge and the embed page's form all read
 * it; `npm run check:manifest` holds `<soft-phone>`'s attributes to it.
 */
export const CONFIG_FIELDS = Object.freeze({
  server: { attribute: 'server', kind: 'list', required: true, reconnects: true },
  uri: { attribute: 'uri', kind: 'text', required: true, reconnects: true },
  password: { attribute: 'password', kind: 'text', reconnects: true },
  authUser: { attribute: 'auth-user', kind: 'text', reconnects: true },
  displayName: { attribute: 'display-name', kind: 'text', reconnects: true },
  iceServers: { attribute: 'ice-servers', kind: 'json' },
  iceTransportPolicy: { attribute: 'ice-transport-policy', kind: 'choice', values: ['all', 'relay'], default: 'all' },
  iceGatheringTimeout: { attribute: 'ice-gathering-timeout', kind: 'number', default: 1000, min: 0, max: 60_000 },
  maxCalls: { attribute: 'max-calls', kind: 'number', default: 4, min: 1, max: 16 },
  // Probing more often than every second is traffic for nothing; less often than every 5 minutes finds nothing in time.
  keepaliveInterval: { attribute: 'keepalive-interval', kind: 'number', default: 15_000, min: 1_000, max: 300_000, reconnects: true },
  roomUri: { attribute: 'room-uri', kind: 'text' },
  // The attribute is `history`; the property is not, because `softPhone.history` is the call log itself.
  historyMode: { attribute: 'history', kind: 'choice', values: ['on', 'off'], default: 'on' },
  historyLimit: { attribute: 'history-limit', kind: 'number', default: 500, min: 1, max: 10_000 },
  autoRecord: { attribute: 'auto-record', kind: 'boolean', default: false },
  // No default: absent means "never"; a minute is longer than anyone lets a phone ring before it answers itself.
  autoAnswer: { attribute: 'auto-answer', kind: 'number', min: 0, max: 60_000 },
  allowIntercom: { attribute: 'allow-intercom', kind: 'boolean', default: false },
  dnd: { attribute: 'dnd', kind: 'boolean', default: false },
  dndResponse: { attribute: 'dnd-response', kind: 'choice', values: ['486', '480', '603'], default: '486' },
  exposeHeaders: { attribute: 'expose-headers', kind: 'list' },
  trustIdentity: { attribute: 'trust-identity', kind: 'boolean', default: false },
  callerIds: { attribute: 'caller-ids', kind: 'json' },
  voicemailUri: { attribute: 'voicemail-uri', kind: 'text' },
  // Which tab holds the registration changes with it: a new agent, in this tab or none.
  tabs: { attribute: 'tabs', kind: 'choice', values: ['shared', 'independent'], default: 'shared', reconnects: true },
} as const satisfies Record<keyof PhoneConfig, FieldSpec>);

export type ConfigKey = keyof typeof CONFIG_FIELDS;
/** Every setting's name, in the table's order. */
export const CONFIG_KEYS = Object.freeze(Object.keys(CONFIG_FIELDS) as ConfigKey[]);

/** Whether going from `previous` to `next` changes a setting of the connection (CONFIG_FIELDS `reconnects`). */
export function needsReconnect(previous: ResolvedConfig | null, next: ResolvedConfig): boolean {
  if (!previous) return true;
  // `server` resolves to the list `servers`; every other setting keeps its name.
  const resolved = (config: ResolvedConfig, key: ConfigKey) => JSON.stringify(key === 'server' ? config.servers : config[key]);
  return CONFIG_KEYS.some((key) => (CONFIG_FIELDS[key] as FieldSpec).reconnects && resolved(previous, key) !== resolved(next, key));
}

function invalid(message: string): PhoneError {
  return new PhoneError('invalid-config', message);
}

/** More would be a typo or an attack, not a deployment: each is a socket JsSIP may open. */
export const MAX_SERVERS = 8;

/** The `server` setting as a list of entries, not yet checked. */
function serverEntries(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return value === undefined || value === null ? [] : [value];
  const text = value.trim();
  if (!text.startsWith('[')) return text.split(/[\s,]+/).filter(Boolean);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('"server" is not valid JSON (expected ["wss://…", …])');
  }
  // A JSON value other than an array is one entry, refused below as no URL text.
  return Array.isArray(parsed) ? parsed : [parsed];
}

function checkServer(server: unknown): string {
  if (typeof server !== 'string') throw invalid(`"server" must list URLs as text, not ${typeof server}`);
  if (!server.trim()) throw invalid('"server" lists an empty URL');
  let url: URL;
  try {
    url = new URL(server.trim());
  } catch {
    throw invalid(`"server" is not a URL: ${server}`);
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    throw invalid(`"server" must be a ws:// or wss:// URL, not ${url.protocol}// (in ${server})`);
  }
  return url.href;
}

function checkServers(value: unknown): string[] {
  const entries = serverEntries(value);
  if (entries.length === 0) throw invalid('Set "server" to the WebSocket URL of your SIP server (wss://…)');
  if (entries.length > MAX_SERVERS) throw invalid(`"server" may list at most ${MAX_SERVERS} URLs`);
  const servers = entries.map(checkServer);
  const twice = servers.find((server, index) => servers.indexOf(server) !== index);
  if (twice) throw invalid(`"server" lists ${twice} twice`);
  return servers;
}

function checkUri(uri: unknown): SipAddress {
  if (typeof uri !== 'string' || !uri.trim()) throw invalid('Set "uri" to your SIP address (sip:user@domain)');
  try {
    return parseSipAddress(uri.trim());
  } catch (error) {
    throw invalid(`"uri" is not a SIP address: ${(error as Error).message}`);
  }
}

function checkIceServers(value: PhoneConfig['iceServers']): RTCIceServer[] | IceServersProvider {
  if (typeof value === 'function') return value;
  return validIceServers(value);
}

/**
 * ICE servers as RTCPeerConnection takes them, from an array or its JSON text; throws
 * `invalid-config` otherwise. Also checks what an `IceServersProvider` returns.
 */
export function validIceServers(value: unknown): RTCIceServer[] {
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
    const { username, credential } = server as RTCIceServer;
    if ((username !== undefined && typeof username !== 'string') || (credential !== undefined && typeof credential !== 'string')) {
      throw invalid('An ICE server\'s "username" and "credential" must be text');
    }
    return server as RTCIceServer;
  });
}

type ChoiceKey = { [K in ConfigKey]: (typeof CONFIG_FIELDS)[K]['kind'] extends 'choice' ? K : never }[ConfigKey];

function checkChoice<K extends ChoiceKey>(config: PhoneConfig, key: K): (typeof CONFIG_FIELDS)[K]['values'][number] {
  const { attribute, values, default: fallback } = CONFIG_FIELDS[key];
  const value: unknown = config[key];
  if (value === undefined || value === null || value === '') return fallback;
  if (!(values as readonly unknown[]).includes(value)) throw invalid(`"${attribute}" must be ${values.map((word) => `"${word}"`).join(' or ')}`);
  return value as (typeof CONFIG_FIELDS)[K]['values'][number];
}

type NumberKey = { [K in ConfigKey]: (typeof CONFIG_FIELDS)[K]['kind'] extends 'number' ? K : never }[ConfigKey];

function checkNumber(config: PhoneConfig, key: Exclude<NumberKey, 'autoAnswer'>): number {
  return checkOptionalNumber(config, key) ?? CONFIG_FIELDS[key].default;
}

/** A number setting, or null when it is absent. */
function checkOptionalNumber(config: PhoneConfig, key: NumberKey): number | null {
  const { attribute, min, max } = CONFIG_FIELDS[key];
  const value: unknown = config[key];
  // '' is an optional number's attribute with no value, or <soft-phone>'s unset one.
  if (value === undefined || value === null || (value === '' && !('default' in CONFIG_FIELDS[key]))) return null;
  // A number, or its text from an attribute; nothing else (Number(true) would be 1).
  const number = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '') ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number < min || number > max) throw invalid(`"${attribute}" must be a number from ${min} to ${max}`);
  return number;
}

/** An optional text setting: a string, or absent. */
function checkText(config: PhoneConfig, key: 'password' | 'authUser' | 'displayName' | 'roomUri' | 'voicemailUri'): string {
  const value: unknown = config[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalid(`"${CONFIG_FIELDS[key].attribute}" must be text`);
  return value;
}

/** A yes/no setting: a boolean, or its text ('' or 'true' for an attribute that is present, 'false'); absent is false. */
function checkBoolean(config: PhoneConfig, key: 'autoRecord' | 'allowIntercom' | 'dnd' | 'trustIdentity'): boolean {
  const value: unknown = config[key];
  if (value === undefined || value === null || value === false || value === 'false') return false;
  if (value === true || value === '' || value === 'true' || value === CONFIG_FIELDS[key].attribute) return true;
  throw invalid(`"${CONFIG_FIELDS[key].attribute}" must be true or false`);
}

// RFC 3261 token characters, and `*` at the end of a name for "every header that starts so".
const HEADER_PATTERN = /^[A-Za-z0-9\-.!%_+`'~]+\*?$/;

function checkExposedHeaders(value: unknown): readonly string[] {
  if (value === undefined || value === null || value === '') return DEFAULT_EXPOSED_HEADERS;
  let entries: unknown = value;
  if (typeof value === 'string') {
    const text = value.trim();
    try {
      entries = text.startsWith('[') ? JSON.parse(text) : text.split(/[\s,]+/).filter(Boolean);
    } catch {
      throw invalid('"expose-headers" is not valid JSON (expected ["X-*", "Diversion", …])');
    }
  }
  if (!Array.isArray(entries) || !entries.every((name) => typeof name === 'string' && HEADER_PATTERN.test(name))) {
    throw invalid('"expose-headers" must list header names, such as X-* or Diversion');
  }
  return entries as string[];
}

/** A caller ID as given: its URI checked, its name cleaned; throws `invalid-config` naming `where`. */
export function checkCallerId(value: unknown, where: string): CallerId {
  const { uri, name } = (value ?? {}) as CallerId;
  if (typeof value !== 'object' || value === null || (uri !== undefined && typeof uri !== 'string') || (name !== undefined && typeof name !== 'string')) {
    throw invalid(`${where}: a caller ID is {"uri"?: "sip:…", "name"?: "…"}`);
  }
  const callerId: CallerId = {};
  if (uri?.trim()) {
    try {
      callerId.uri = formatSipAddress(parseSipAddress(uri.trim()));
    } catch (error) {
      throw invalid(`${where}: "${uri}" is not a SIP address: ${(error as Error).message}`);
    }
  }
  if (name?.trim()) callerId.name = cleanDisplayName(name);
  if (!callerId.uri && !callerId.name) throw invalid(`${where}: a caller ID needs a "uri" or a "name"`);
  return callerId;
}

function checkCallerIds(value: unknown): readonly CallerId[] {
  if (value === undefined || value === null || value === '') return [];
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      throw invalid('"caller-ids" is not valid JSON (expected [{"uri": "sip:…", "name": "…"}])');
    }
  }
  if (!Array.isArray(list)) throw invalid('"caller-ids" must be a JSON list of {"uri", "name"}');
  return list.map((entry) => checkCallerId(entry, '"caller-ids"'));
}

/** The Voicemail button's target, checked as `call()` would take it; '' when unset. */
function checkVoicemail(target: string, domain: string): string {
  const text = target.trim();
  if (!text) return '';
  try {
    normalizeTarget(text, domain);
  } catch (error) {
    throw invalid(`"voicemail-uri" cannot be called: ${(error as Error).message}`);
  }
  return text;
}

/** Validates a configuration; throws `PhoneError('invalid-config')` with a message naming the field. */
export function resolveConfig(config: PhoneConfig): ResolvedConfig {
  const aor = checkUri(config.uri);
  return {
    servers: checkServers(config.server),
    aor,
    uri: formatSipAddress(aor),
    password: checkText(config, 'password'),
    authUser: checkText(config, 'authUser').trim() || aor.user,
    displayName: cleanDisplayName(checkText(config, 'displayName')),
    iceServers: checkIceServers(config.iceServers),
    iceTransportPolicy: checkChoice(config, 'iceTransportPolicy'),
    iceGatheringTimeout: checkNumber(config, 'iceGatheringTimeout'),
    maxCalls: checkNumber(config, 'maxCalls'),
    keepaliveInterval: checkNumber(config, 'keepaliveInterval'),
    roomUri: checkText(config, 'roomUri').trim() ? checkRoomTemplate(checkText(config, 'roomUri')) : defaultRoomTemplate(aor.host),
    historyMode: checkChoice(config, 'historyMode'),
    historyLimit: checkNumber(config, 'historyLimit'),
    autoRecord: checkBoolean(config, 'autoRecord'),
    autoAnswer: checkOptionalNumber(config, 'autoAnswer'),
    allowIntercom: checkBoolean(config, 'allowIntercom'),
    dnd: checkBoolean(config, 'dnd'),
    // A number as a property, its text as an attribute: the choice is of the text.
    dndResponse: checkChoice({ ...config, dndResponse: config.dndResponse === undefined ? undefined : (String(config.dndResponse) as '486') }, 'dndResponse'),
    exposeHeaders: checkExposedHeaders(config.exposeHeaders),
    trustIdentity: checkBoolean(config, 'trustIdentity'),
    callerIds: checkCallerIds(config.callerIds),
    voicemailUri: checkVoicemail(checkText(config, 'voicemailUri'), aor.host),
    tabs: checkChoice(config, 'tabs'),
  };
}
