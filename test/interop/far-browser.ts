// The test page's side of test/sip/far-browser.mjs: real phones in the other browser
// (Firefox when the test runs in Chromium, Chromium when it runs in Firefox), driven
// through commands. Each method is one call of `window.far` in the far page.
import { executeServerCommand } from '@web/test-runner-commands';
import type { RecordedEvent } from '../helpers/events.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';
import type { FarApi, FarStats } from './far-page.js';

export type FarKind = 'chromium' | 'firefox';

type Action = Exclude<keyof FarApi, 'reset' | 'userAgent'>;

/** Which far browser: a tone browser (a Chromium unless told), or, without a tone, the other-kind far browser. */
interface Where {
  tone?: number;
  browser?: FarKind;
}

async function farPhoneIn<T>(where: Where, action: Action, ...args: unknown[]): Promise<T> {
  return (await executeServerCommand<{ value: T }, { action: string; args: unknown[] } & Where>('far-phone', { action, args, ...where })).value;
}

/**
 * Launches a far Chromium whose fake microphone plays a pure tone of `tone` Hz (a WAV
 * made with sox; one browser process per tone), and opens its page. With
 * `browser: 'firefox'`, a far Firefox of its own whose fake microphone plays that tone.
 */
export function openToneBrowser(tone: number, browser: FarKind = 'chromium'): Promise<{ kind: FarKind; userAgent: string }> {
  return executeServerCommand('far-browser-open', { tone, browser });
}
export async function resetToneBrowser(tone: number, browser: FarKind = 'chromium'): Promise<void> {
  await executeServerCommand('far-browser-reset', { tone, browser });
}

/** Launches the far browser (once per run) and opens its page; says which browser it is. */
export function openFarBrowser(): Promise<{ kind: FarKind; userAgent: string }> {
  return executeServerCommand('far-browser-open');
}

/** Removes every far phone; each unregisters, as a test page's phones do after a test. */
export async function resetFarBrowser(): Promise<void> {
  await executeServerCommand('far-browser-reset');
}

/**
 * Closes a far page as a user closing its tab (the other-kind far browser's, or a tone
 * browser's); the next open of that browser opens a new page.
 */
export async function closeFarPage(where: Where = {}): Promise<void> {
  await executeServerCommand('far-browser-close', where);
}

/** The far page's console errors and uncaught exceptions so far. */
export function farBrowserLog(): Promise<string[]> {
  return executeServerCommand('far-browser-log');
}

export interface FarCall {
  id: string;
  state: string;
  heldBy: 'local' | 'remote' | null;
  video: boolean;
  remote: string;
  /** The negotiated direction of the call's audio, as the far browser applies it. */
  audioDirection: RTCRtpTransceiverDirection | null;
  /** Both SDPs carry telephone-event: DTMF goes in the media (RFC 4733). */
  telephoneEvent: boolean;
}

/** A registered <soft-phone> in the far browser. */
export class FarPhone {
  readonly #where: Where;
  private constructor(
    readonly user: string,
    /** The tone browser it lives in (openToneBrowser); undefined: the other-kind far browser. */
    readonly tone?: number,
    /** The tone browser's kind. */
    browser?: FarKind,
  ) {
    this.#where = { tone, browser };
  }

  /** Mounts a phone registered to the test Kamailio; resolves once it registered. */
  static async mount(prefix: string, attributes: Record<string, string> = {}, tone?: number, browser?: FarKind): Promise<FarPhone> {
    const { wsUrl, domain, password } = sipConfig();
    const user = uniqueUser(prefix);
    await farPhoneIn({ tone, browser }, 'mount', user, { server: wsUrl, uri: `sip:${user}@${domain}`, password, attributes });
    return new FarPhone(user, tone, browser);
  }

  /** dB above the local floor of each frequency in what the call receives (+20: heard; under +10: not). */
  toneLevels(frequencies: number[], callId?: string): Promise<number[]> {
    return farPhoneIn(this.#where, 'toneLevels', this.user, callId, frequencies);
  }

  /** Places a call; resolves with its id. */
  call(target: string, options: { video?: boolean } = {}): Promise<string> {
    return farPhoneIn(this.#where, 'call', this.user, target, options);
  }
  /** Waits for a call to ring and answers it; resolves with its id. */
  answer(options: { video?: boolean } = {}): Promise<string> {
    return farPhoneIn(this.#where, 'answer', this.user, options);
  }
  hold(callId: string): Promise<void> {
    return farPhoneIn(this.#where, 'hold', this.user, callId);
  }
  resume(callId: string): Promise<void> {
    return farPhoneIn(this.#where, 'resume', this.user, callId);
  }
  sendDTMF(tones: string, callId: string): Promise<void> {
    return farPhoneIn(this.#where, 'sendDTMF', this.user, tones, callId);
  }
  transfer(target: string, callId: string): Promise<void> {
    return farPhoneIn(this.#where, 'transfer', this.user, target, callId);
  }
  /** The tones this phone's RTCDTMFSender played into the call's RTP so far ('' ends a run). */
  dtmfPlayed(callId: string): Promise<string[]> {
    return farPhoneIn(this.#where, 'dtmfPlayed', this.user, callId);
  }
  hangup(callId: string): Promise<void> {
    return farPhoneIn(this.#where, 'hangup', this.user, callId);
  }
  calls(): Promise<FarCall[]> {
    return farPhoneIn(this.#where, 'calls', this.user);
  }
  /** Every phone-* event this phone fired so far, in order. */
  events(): Promise<RecordedEvent[]> {
    return farPhoneIn(this.#where, 'events', this.user);
  }
  /** The RTP counters of a call, from its getStats(). */
  stats(callId: string): Promise<FarStats> {
    return farPhoneIn(this.#where, 'stats', this.user, callId);
  }

  /** Waits for the call to reach `state`. */
  async waitForCall(predicate: (call: FarCall) => boolean, message: string, timeout = 5000): Promise<FarCall> {
    return waitFor(async () => (await this.calls()).find(predicate), { message: `${this.user}: ${message}`, timeout, interval: 100 });
  }

  /** Waits for an event of `type` whose detail matches `match` (every key equal), and returns its detail. */
  async waitForEvent<D extends object>(type: string, match: Partial<D> = {}, timeout = 5000): Promise<D> {
    const matches = (event: RecordedEvent) =>
      event.type === type && Object.entries(match).every(([key, value]) => (event.detail as Record<string, unknown>)[key] === value);
    let seen: RecordedEvent[] = [];
    try {
      const found = await waitFor(
        async () => {
          seen = await this.events();
          return seen.find(matches);
        },
        { timeout, interval: 100 },
      );
      return found.detail as D;
    } catch {
      throw new Error(`${this.user} (far browser): no ${type} ${JSON.stringify(match)} within ${timeout} ms; events: [${seen.map((e) => e.type).join(', ')}]`);
    }
  }
}

/** Resolves once the far call's audio counters grow both ways, and its video frames too when `video`. */
export async function expectFarMediaFlowing(phone: FarPhone, callId: string, { video = false } = {}): Promise<void> {
  const before = await phone.stats(callId);
  let now = before;
  try {
    await waitFor(
      async () => {
        now = await phone.stats(callId);
        return (
          now.audioPacketsReceived > before.audioPacketsReceived + 5 &&
          now.audioPacketsSent > before.audioPacketsSent + 5 &&
          (!video || now.framesDecoded > before.framesDecoded + 5)
        );
      },
      { interval: 200 },
    );
  } catch {
    throw new Error(`${phone.user} (far browser): media did not flow on ${callId}: ${JSON.stringify(before)} then ${JSON.stringify(now)}`);
  }
}
