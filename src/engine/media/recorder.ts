/**
 * Two-channel call recording with Web Audio and MediaRecorder: the left channel is our
 * microphone, the right one everything the other side sends (one remote stream for a
 * call, every other leg for a conference). Sources come and go by key while it records
 * (a new remote track, a leg joining); a side can be silenced (hold, mute) without
 * stopping. Nothing is stored: `stop()` resolves with the Blob.
 */

export interface RecordingResult {
  recording: Blob;
  mimeType: string;
  /** How long it recorded, wall clock, in ms. */
  durationMs: number;
  channels: 2;
}

export type RecordingSide = 'left' | 'right';

/** Opus, in the container this browser's MediaRecorder takes: Ogg in Firefox, WebM in Chromium. */
const TYPES = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus'] as const;
/** Chunks every second: a page that goes away mid-call has most of its audio already. */
const TIMESLICE_MS = 1000;
/** A MediaRecorder that never reports `stop` (a torn-down page) still delivers what it had. */
const STOP_WAIT_MS = 3000;
/** An audio context that does not start running by then (no user activation) is recorded from anyway. */
const RUNNING_WAIT_MS = 1000;
/** The inaudible level that keeps a silent recording's clock running (see the constructor). */
const FLOOR = 1e-6;

let supported: string | null | undefined;

/**
 * The type this browser records in, or null when it cannot record Opus at all. Asked
 * once: `can('record')` reads it at every change of every call, and the browser's
 * answer costs ~0.1 ms each time (measured in Chromium).
 */
export function recordingType(): string | null {
  if (supported !== undefined) return supported;
  if (typeof MediaRecorder === 'undefined' || typeof AudioContext === 'undefined') return (supported = null);
  return (supported = TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? null);
}

export interface RecorderEvents {
  /** A recorder failure; what was recorded is still delivered. */
  onError(message: string): void;
  /** The recorder stopped by itself (`pagehide`, a failure): its owner should deliver the recording now. */
  onStop(): void;
}

interface Source {
  trackIds: string;
  node: MediaStreamAudioSourceNode;
  level: GainNode;
}

export class TwoChannelRecorder {
  readonly #context = new AudioContext({ latencyHint: 'playback' });
  readonly #sides: Record<RecordingSide, GainNode>;
  readonly #out: MediaStreamAudioDestinationNode;
  readonly #recorder: MediaRecorder;
  readonly #mimeType: string;
  readonly #floor: ConstantSourceNode;
  readonly #chunks: Blob[] = [];
  readonly #sources = new Map<string, Source>();
  #startedAt = performance.now();
  readonly #onPageHide = () => this.#stopByItself();
  readonly #events: RecorderEvents;
  #stopped: Promise<RecordingResult> | null = null;
  #begun = false;
  #startWait: ReturnType<typeof setTimeout> | undefined;
  /**
   * Resolves once audio is being recorded (or the recorder stopped before): a new audio
   * context takes a moment to run (Firefox's some 400 ms), and nothing is heard before.
   */
  readonly started: Promise<void>;
  #markStarted!: () => void;

  /** Starts recording as soon as its audio runs. */
  constructor(mimeType: string, events: RecorderEvents) {
    this.#events = events;
    const context = this.#context;
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    const merger = context.createChannelMerger(2);
    this.#sides = { left: context.createGain(), right: context.createGain() };
    // Each merger input is one channel: whatever a side sums is downmixed to mono there.
    this.#sides.left.connect(merger, 0, 0);
    this.#sides.right.connect(merger, 0, 1);
    // Firefox's recorder skips time while every input is digital silence (a hold: muted
    // track, no RTP, gains at 0), which would shorten the recording; a DC offset far
    // under the 16-bit step (-120 dBFS) keeps its clock running and is heard by nobody.
    this.#floor = context.createConstantSource();
    this.#floor.offset.value = FLOOR;
    this.#floor.connect(merger, 0, 0);
    this.#floor.connect(merger, 0, 1);
    this.#floor.start();
    this.#out = context.createMediaStreamDestination();
    this.#out.channelCount = 2;
    merger.connect(this.#out);
    this.#recorder = new MediaRecorder(this.#out.stream, { mimeType });
    this.#mimeType = mimeType;
    this.#recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) this.#chunks.push(event.data);
    });
    this.#recorder.addEventListener('error', (event) => {
      events.onError(`The recording failed: ${(event as ErrorEvent).error?.message ?? 'MediaRecorder error'}`);
      this.#stopByItself();
    });
    this.started = new Promise((resolve) => (this.#markStarted = resolve));
    this.#recorder.addEventListener('start', () => {
      this.#startedAt = performance.now();
      this.#markStarted();
    });
    if (context.state === 'running') this.#begin();
    else {
      context.addEventListener('statechange', () => context.state === 'running' && this.#begin());
      this.#startWait = setTimeout(() => this.#begin(), RUNNING_WAIT_MS);
    }
    // A page unload that leaves time still delivers the recording (its last chunk may be lost).
    globalThis.addEventListener?.('pagehide', this.#onPageHide);
  }

  /**
   * Feeds `stream`'s audio into `side` under `key`, in place of what that key fed
   * before; null (or a stream without audio) takes the key out. The same tracks again
   * change nothing.
   */
  setSource(side: RecordingSide, key: string, stream: MediaStream | null): void {
    if (this.#stopped) return;
    const tracks = stream?.getAudioTracks() ?? [];
    const trackIds = `${side}:${tracks.map((track) => track.id).join(',')}`;
    const existing = this.#sources.get(key);
    if (existing?.trackIds === trackIds) return;
    if (existing) this.#remove(key, existing);
    if (tracks.length === 0) return;
    const node = this.#context.createMediaStreamSource(new MediaStream(tracks));
    const level = this.#context.createGain();
    node.connect(level).connect(this.#sides[side]);
    this.#sources.set(key, { trackIds, node, level });
  }

  /** Silences one source (a held conference leg), or lets it be heard again. */
  setSourceOn(key: string, on: boolean): void {
    const source = this.#sources.get(key);
    if (source) source.level.gain.value = on ? 1 : 0;
  }

  /** The keys fed now, to take out those that left. */
  get keys(): string[] {
    return [...this.#sources.keys()];
  }

  /** Silences a whole side (hold: both; a conference muted: left), or lets it be heard again. */
  setSideOn(side: RecordingSide, on: boolean): void {
    this.#sides[side].gain.value = on ? 1 : 0;
  }

  /** Stops and resolves with the recording; later calls resolve with the same one. Releases everything it started. */
  stop(): Promise<RecordingResult> {
    this.#stopped ??= new Promise<RecordingResult>((resolve) => {
      const durationMs = Math.round(performance.now() - this.#startedAt);
      let timer: ReturnType<typeof setTimeout> | undefined;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.#release();
        const mimeType = this.#recorder.mimeType || this.#mimeType;
        resolve({ recording: new Blob(this.#chunks, { type: mimeType }), mimeType, durationMs, channels: 2 });
      };
      globalThis.removeEventListener?.('pagehide', this.#onPageHide);
      clearTimeout(this.#startWait);
      this.#begun = true;
      this.#markStarted();
      if (this.#recorder.state === 'inactive') return finish();
      // The last `dataavailable` comes before `stop`.
      this.#recorder.addEventListener('stop', finish, { once: true });
      timer = setTimeout(finish, STOP_WAIT_MS);
      this.#recorder.stop();
    });
    return this.#stopped;
  }

  /** Stopped by the page going away or by a failure, not by its owner: the owner delivers it. */
  #stopByItself(): void {
    if (this.#stopped) return;
    void this.stop();
    this.#events.onStop();
  }

  #begin(): void {
    if (this.#begun) return;
    this.#begun = true;
    clearTimeout(this.#startWait);
    this.#recorder.start(TIMESLICE_MS);
  }

  #remove(key: string, source: Source): void {
    source.node.disconnect();
    source.level.disconnect();
    this.#sources.delete(key);
  }

  #release(): void {
    for (const [key, source] of this.#sources) this.#remove(key, source);
    this.#floor.stop();
    this.#floor.disconnect();
    this.#sides.left.disconnect();
    this.#sides.right.disconnect();
    this.#out.stream.getTracks().forEach((track) => track.stop());
    void this.#context.close().catch(() => undefined);
  }
}
