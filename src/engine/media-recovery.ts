/**
 * Brings a call's media back when ICE breaks while signalling stays up (a Wi-Fi to
 * mobile hand-over, a NAT that forgot us, a firewall hiccup).
 *
 * Chromium reports ICE `disconnected` about 5 s after packets stop, and often heals
 * by itself as soon as they flow again; so `disconnected` gets a grace period before
 * anything is done, while `failed` (ICE gave up) is acted on at once. Then the call
 * is "reconnecting": an ICE restart is sent (a re-INVITE with new ICE credentials,
 * through `restart`), and sent again with growing pauses while the media stays
 * broken. A restart the far end sent meanwhile counts as one of ours: both sides see
 * the break, and one restart is enough. The side that restarted last leads: the other
 * follows its schedule `followMs` behind, so that the two never restart at the same
 * moment (glare, 491, both offers rolled back: Firefox was seen to send its media to a
 * pair the far end had dropped after that). It gives up (`giveUp`) after `giveUpAfterMs`.
 *
 * It knows nothing of JsSIP or the DOM: `PhoneCall` feeds it ICE states and restarts.
 */
export interface MediaRecoveryHooks {
  /** Sends one ICE restart; resolves when it is answered (true) or failed (false). */
  restart(): Promise<boolean>;
  /** May an ICE restart be sent now (the call is up and no other re-INVITE is under way)? */
  canRestart(): boolean;
  reconnecting(): void;
  reconnected(): void;
  giveUp(): void;
}

export interface MediaRecoveryTiming {
  /** How long `disconnected` may last before we act. */
  graceMs: number;
  /** Pauses before the second, third… restart while the media stays broken; the last one repeats. */
  retryMs: readonly number[];
  /** How far behind the far end's restart schedule ours runs once the far end restarted. */
  followMs: number;
  /** How often the state is looked at while broken. */
  tickMs: number;
  /** From the break: after this long the call is given up. */
  giveUpAfterMs: number;
}

export const MEDIA_RECOVERY_TIMING: MediaRecoveryTiming = {
  graceMs: 2000,
  retryMs: [4000, 8000, 15_000],
  followMs: 2000,
  tickMs: 500,
  giveUpAfterMs: 90_000,
};

const HEALTHY: ReadonlySet<RTCIceConnectionState> = new Set(['connected', 'completed']);

export class MediaRecovery {
  /** When the media broke (ms, performance clock); null while it is fine. */
  #brokenAt: number | null = null;
  /** Grace is skipped for `failed`. */
  #failed = false;
  #reconnecting = false;
  #restarts = 0;
  #lastRestartAt = -Infinity;
  #inFlight = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #stopped = false;

  constructor(
    private readonly hooks: MediaRecoveryHooks,
    private readonly timing: MediaRecoveryTiming = MEDIA_RECOVERY_TIMING,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Shown as "Reconnecting…": the grace period ended and the media is not back yet. */
  get reconnecting(): boolean {
    return this.#reconnecting;
  }

  /** The ICE connection state changed (only once the call was established). */
  iceStateChanged(state: RTCIceConnectionState): void {
    if (this.#stopped) return;
    if (HEALTHY.has(state)) return this.#healed();
    if (state === 'disconnected' || state === 'failed') {
      this.#failed ||= state === 'failed';
      this.#brokenAt ??= this.now();
      this.#timer ??= setInterval(() => this.#tick(), this.timing.tickMs);
      this.#tick();
    }
    // 'checking' (a restart under way) or 'new': wait for what it turns into.
  }

  /**
   * The far end restarted ICE (its offer carries new credentials): no need for ours just
   * now. It counts as one of this break's restarts, as the far end counts it, so both
   * sides pause alike; ours then comes `followMs` after the far end's next one would.
   */
  remoteRestarted(): void {
    if (this.#brokenAt !== null) this.#restarts += 1;
    this.#lastRestartAt = this.now() + this.timing.followMs;
  }

  /** The call ended: nothing more is tried, nothing more is reported. */
  stop(): void {
    this.#stopped = true;
    this.#clear();
  }

  #healed(): void {
    const wasReconnecting = this.#reconnecting;
    this.#clear();
    this.#brokenAt = null;
    this.#failed = false;
    this.#reconnecting = false;
    this.#restarts = 0;
    if (wasReconnecting) this.hooks.reconnected();
  }

  #clear(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(): void {
    if (this.#stopped || this.#brokenAt === null) return;
    const now = this.now();
    const broken = now - this.#brokenAt;
    if (broken >= this.timing.giveUpAfterMs) {
      this.stop();
      this.hooks.giveUp();
      return;
    }
    if (!this.#failed && broken < this.timing.graceMs) return;
    if (!this.#reconnecting) {
      this.#reconnecting = true;
      this.hooks.reconnecting();
    }
    const pause = this.#restarts === 0 ? 0 : this.timing.retryMs[Math.min(this.#restarts, this.timing.retryMs.length) - 1]!;
    if (this.#inFlight || now - this.#lastRestartAt < pause || !this.hooks.canRestart()) return;
    // A restart the far end made just now may still be connecting.
    if (this.#restarts === 0 && now - this.#lastRestartAt < this.timing.retryMs[0]!) return;
    this.#restarts += 1;
    this.#lastRestartAt = now;
    this.#inFlight = true;
    void this.hooks
      .restart()
      .catch(() => false)
      .finally(() => {
        this.#inFlight = false;
        // The answer's moment, not the offer's: ICE needs a moment after it to reconnect.
        this.#lastRestartAt = this.now();
      });
  }
}
