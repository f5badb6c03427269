/**
 * Call-progress and feedback tones, synthesised with Web Audio (no audio files to
 * ship or fetch). One AudioContext per output: the ringer can be a different device
 * (a loud speaker) from the one the conversation and the other tones use (a headset).
 */
export type ToneOutput = 'speaker' | 'ringer';

/** A tone as segments of [frequencies played together, seconds]; no frequencies is silence. */
export type Cadence = ReadonlyArray<readonly [readonly number[], number]>;

export const RINGTONE: Cadence = [[[880, 1100], 0.4], [[], 0.2], [[880, 1100], 0.4], [[], 2]];
/** ITU/North-American ringback: 440+480 Hz, 2 s on, 4 s off. */
export const RINGBACK: Cadence = [[[440, 480], 2], [[], 4]];
/** Busy: 480+620 Hz, half a second on and off, three times. */
export const BUSY: Cadence = [[[480, 620], 0.5], [[], 0.5], [[480, 620], 0.5], [[], 0.5], [[480, 620], 0.5]];
export const CALL_WAITING: Cadence = [[[440], 0.2], [[], 0.2], [[440], 0.2]];

const DTMF_FREQUENCIES: Record<string, [number, number]> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], A: [697, 1633],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477], B: [770, 1633],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], C: [852, 1633],
  '*': [941, 1209], '0': [941, 1336], '#': [941, 1477], D: [941, 1633],
};

const TONE_GAIN = 0.08;
const FADE_OUT_S = 0.02;

const contexts = new Map<ToneOutput, AudioContext>();
const sinks = new Map<ToneOutput, string>();
/** Tones playing per context: an idle context is suspended, so no audio thread runs for nothing. */
const playingCount = new Map<AudioContext, number>();
const soundListeners = new Set<() => void>();

function audio(output: ToneOutput): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  let context = contexts.get(output);
  if (!context) {
    context = new AudioContext();
    contexts.set(output, context);
    applySink(context, sinks.get(output));
    context.addEventListener('statechange', () => soundListeners.forEach((listener) => listener()));
  }
  return context;
}

function hold(context: AudioContext): void {
  playingCount.set(context, (playingCount.get(context) ?? 0) + 1);
  // Without a user gesture yet the context stays suspended: that is what soundBlocked() reports.
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
}

function release(context: AudioContext): void {
  const count = (playingCount.get(context) ?? 1) - 1;
  playingCount.set(context, count);
  if (count !== 0) return;
  // A tone started while this suspend was on its way (a key press just after the
  // ringback stopped) found the context still running and asked for no resume: it
  // would stay frozen in the suspended context. Resume for it once the suspend is done.
  void context
    .suspend()
    .then(() => ((playingCount.get(context) ?? 0) > 0 ? context.resume() : undefined))
    .catch(() => undefined);
}

/** Calls `listener` whenever sound gets blocked or allowed; until `signal` aborts. */
export function onSoundStateChange(listener: () => void, signal: AbortSignal): void {
  soundListeners.add(listener);
  signal.addEventListener('abort', () => soundListeners.delete(listener));
}

function applySink(context: AudioContext, deviceId: string | undefined): void {
  const withSink = context as AudioContext & { setSinkId?: (id: string) => Promise<void> };
  if (deviceId !== undefined) void withSink.setSinkId?.(deviceId).catch(() => undefined);
}

/** Routes an output's tones to an audio output device ('' is the system default). */
export function setToneOutput(output: ToneOutput, deviceId: string): void {
  sinks.set(output, deviceId);
  const context = contexts.get(output);
  if (context) applySink(context, deviceId);
}

/**
 * True while the ringer should sound but the browser keeps it silent until the user
 * interacts with the page (autoplay policy).
 */
export function soundBlocked(): boolean {
  const ringer = contexts.get('ringer');
  return Boolean(ringer && (playingCount.get(ringer) ?? 0) > 0 && ringer.state !== 'running');
}

/** Lets sound play; call it from a click or key press. */
export async function unlockSound(): Promise<void> {
  await Promise.all([...contexts.values()].filter((context) => playingCount.get(context)).map((context) => context.resume()));
}

/**
 * Plays a cadence once, or over and over with `repeat`. Returns a function that
 * stops it at once (ringing must stop the moment a call is answered).
 */
export function playCadence(cadence: Cadence, output: ToneOutput, repeat = false): () => void {
  const context = audio(output);
  if (!context) return () => undefined;
  const playing = new Set<OscillatorNode>();
  const period = cadence.reduce((total, [, seconds]) => total + seconds, 0);
  hold(context);
  let released = false;
  const done = () => {
    if (!released) release(context);
    released = true;
  };
  // A one-shot cadence lets its context go when its last oscillator has ended, on the
  // context's own clock: a wall-clock timer would suspend a context that is slow to
  // resume (Firefox under load) before a short key tone had sounded at all.
  const ended = repeat ? undefined : () => playing.size === 0 && done();
  // Where the next cycle starts on the context's clock. A context blocked by the autoplay
  // policy has a clock that stands still: a cycle is queued only once the previous one
  // has mostly played, or the cycles queued meanwhile would all sound at once on resume.
  let next = 0;
  const scheduleOnce = () => {
    if (next - context.currentTime > period / 2) return;
    let at = Math.max(next, context.currentTime + 0.01);
    next = at + period;
    for (const [frequencies, seconds] of cadence) {
      if (frequencies.length) schedule(context, frequencies, at, seconds, playing, ended);
      at += seconds;
    }
  };
  scheduleOnce();
  const loop = repeat ? setInterval(scheduleOnce, period * 1000) : undefined;
  return () => {
    clearInterval(loop);
    playing.forEach((oscillator) => oscillator.stop());
    playing.clear();
    done();
  };
}

function schedule(
  context: AudioContext,
  frequencies: readonly number[],
  at: number,
  seconds: number,
  playing: Set<OscillatorNode>,
  ended?: () => void,
): void {
  const gain = context.createGain();
  gain.gain.setValueAtTime(TONE_GAIN, at);
  // Steady for the whole burst (a ramp from its start would fade a 2 s ringback out in
  // half a second), then a short fade-out so that its end does not click.
  gain.gain.setValueAtTime(TONE_GAIN, at + seconds - FADE_OUT_S);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
  gain.connect(context.destination);
  for (const frequency of frequencies) {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.onended = () => {
      playing.delete(oscillator);
      gain.disconnect();
      ended?.();
    };
    oscillator.start(at);
    oscillator.stop(at + seconds);
    playing.add(oscillator);
  }
}

/** The key's own dual tone, briefly: feedback for the person pressing it. */
export function playKeyTone(key: string): void {
  const pair = DTMF_FREQUENCIES[key.toUpperCase()];
  if (pair) playCadence([[pair, 0.12]], 'speaker');
}

/** Two discreet beeps: another call is waiting. */
export function playCallWaitingTone(): void {
  playCadence(CALL_WAITING, 'speaker');
}

/** One short beep: the phone is about to answer by itself (auto-answer, intercom). */
export const AUTO_ANSWER: Cadence = [[[1200], 0.15]];

export function playAutoAnswerTone(): void {
  playCadence(AUTO_ANSWER, 'speaker');
}
