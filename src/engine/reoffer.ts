import type { RTCSession } from 'jssip/lib/RTCSession';

/**
 * Re-INVITEs (hold, resume, ICE restart) that never end the call when they fail.
 *
 * JsSIP 3.13's `hold()`, `unhold()` and `renegotiate()` end the call whenever their
 * re-INVITE fails: their `failed` handler calls `terminate()` ("Hold Failed", "Unhold
 * Failed", "Media Renegotiation Failed"), and a 408 or 481 answer, a timeout or a
 * transport error goes to the session's `onDialogError()`, `onRequestTimeout()` or
 * `onTransportError()`, which terminate too. That is why a hold refused with 488, a
 * hold lost in glare (JsSIP retries a 491 once, after 1 s, and gives up on the second)
 * or a re-INVITE the far end never answers hung the call up. RFC 3261 §14.1 says the
 * opposite: after a non-2xx answer the session goes on unchanged.
 *
 * So we send the re-INVITE through `_sendReinvite()`, the private method those three
 * use, with our own handlers, and for as long as it is on the wire the session's three
 * error hooks report to us instead of terminating. Everything else (the offer, its
 * hold mangling, the ACK, applying the answer) stays JsSIP's. These are the only
 * JsSIP internals the phone touches for re-INVITEs; they are typed here, in one place,
 * so an upgrade of JsSIP that changes them fails the type check or the hold tests.
 */
interface SessionInternals {
  /** Read by JsSIP when it writes an offer: `sendonly` while true. */
  _localHold: boolean;
  _connection: RTCPeerConnection | null;
  /** JsSIP runs every offer/answer step of the connection through this queue. */
  _connectionPromiseQueue: Promise<unknown>;
  /** Mutes or unmutes the tracks for the hold and mute flags, as hold() does. */
  _setLocalMediaStatus(): void;
  _sendReinvite(options: {
    eventHandlers: { succeeded(): void; failed(response?: SipResponse): void };
    rtcOfferConstraints?: RTCOfferOptions;
  }): void;
  isReadyToReOffer(): boolean;
  onRequestTimeout(): void;
  onTransportError(): void;
  onDialogError(): void;
}

interface SipResponse {
  status_code?: number;
  reason_phrase?: string;
}

const ERROR_HOOKS = ['onRequestTimeout', 'onTransportError', 'onDialogError'] as const;
const HOOK_FAILURES: Record<(typeof ERROR_HOOKS)[number], string> = {
  onRequestTimeout: 'no answer came',
  onTransportError: 'the connection to the server failed',
  // JsSIP drops the response here; the dialog layer only calls it for these two.
  onDialogError: 'the far end or the proxy answered 408 or 481',
};

export interface ReofferOptions {
  /** Offer `sendonly` (true) or `sendrecv` (false); unchanged when undefined. */
  hold?: boolean;
  /** New ICE credentials: the far end and we start ICE over. */
  iceRestart?: boolean;
}

export type ReofferOutcome =
  | { ok: true }
  /** `code` is the SIP status of the final answer, 0 when none came; 491 is glare. */
  | { ok: false; code: number; why: string };

/**
 * @internal
 * Sends one re-INVITE. Resolves with its outcome; on failure the hold flag, the muting
 * and the local description are as they were before. Returns null, sending nothing,
 * while another offer/answer exchange is under way (JsSIP's `isReadyToReOffer()`).
 */
export function sendReoffer(session: RTCSession, options: ReofferOptions): Promise<ReofferOutcome> | null {
  const internals = session as unknown as SessionInternals;
  if (!internals.isReadyToReOffer()) return null;
  const previousHold = internals._localHold;
  return new Promise<ReofferOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: ReofferOutcome) => {
      if (settled) return;
      settled = true;
      // Back to the prototype's methods: requests after this one fail as JsSIP means them to.
      for (const hook of ERROR_HOOKS) delete (internals as unknown as Record<string, unknown>)[hook];
      // A failure is reported once it is undone: whoever hears of it may offer again at once.
      if (outcome.ok) resolve(outcome);
      else void restore(internals, previousHold).then(() => resolve(outcome));
    };
    for (const hook of ERROR_HOOKS) {
      internals[hook] = () => settle({ ok: false, code: 0, why: HOOK_FAILURES[hook] });
    }
    if (options.hold !== undefined) {
      internals._localHold = options.hold;
      internals._setLocalMediaStatus();
    }
    internals._sendReinvite({
      rtcOfferConstraints: options.iceRestart ? { iceRestart: true } : undefined,
      eventHandlers: {
        succeeded: () => settle({ ok: true }),
        failed: (response) =>
          settle({
            ok: false,
            code: response?.status_code ?? 0,
            why: response?.status_code ? `${response.status_code} ${response.reason_phrase ?? ''}`.trim() : 'the offer or the answer was unusable',
          }),
      },
    });
  });
}

/** RFC 3261 §14.1: a failed re-INVITE changes nothing, so undo what we changed for it. */
function restore(internals: SessionInternals, previousHold: boolean): Promise<unknown> {
  if (internals._localHold !== previousHold) {
    internals._localHold = previousHold;
    internals._setLocalMediaStatus();
  }
  // Our offer was applied locally when it was sent: roll it back, in JsSIP's queue so
  // it cannot cut into an offer/answer step of the far end's.
  return (internals._connectionPromiseQueue = internals._connectionPromiseQueue
    .then(async () => {
      const connection = internals._connection;
      if (connection?.signalingState === 'have-local-offer') await connection.setLocalDescription({ type: 'rollback' });
    })
    .catch(() => undefined));
}

/**
 * How long to wait before trying again after a 491 (RFC 3261 §14.1): 2.1–4 s for the
 * side that chose the dialog's Call-ID (the caller), 0–2 s for the other, so one of
 * the two goes first.
 */
export function glareDelay(ownsCallId: boolean, random: () => number = Math.random): number {
  return ownsCallId ? 2100 + random() * 1900 : random() * 2000;
}
