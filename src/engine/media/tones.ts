/**
 * Local feedback tones, synthesised with Web Audio (no audio files to ship or fetch).
 * One AudioContext for the page, created on first use: browsers allow it to run
 * once the page has had a user gesture, which a key press or a click is.
 */
const DTMF_FREQUENCIES: Record<string, [number, number]> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], A: [697, 1633],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477], B: [770, 1633],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], C: [852, 1633],
  '*': [941, 1209], '0': [941, 1336], '#': [941, 1477], D: [941, 1633],
};

let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  context ??= new AudioContext();
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
  return context;
}

/** Plays `frequencies` together for `seconds`, starting `delay` seconds from now, quietly. */
function beep(frequencies: readonly number[], seconds: number, delay = 0): void {
  const ctx = audio();
  if (!ctx) return;
  const start = ctx.currentTime + delay;
  const gain = ctx.createGain();
  gain.gain.setValueAtTime(0.08, start);
  // A short fade-out avoids an audible click at the end.
  gain.gain.exponentialRampToValueAtTime(0.0001, start + seconds);
  gain.connect(ctx.destination);
  for (const frequency of frequencies) {
    const oscillator = ctx.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start(start);
    oscillator.stop(start + seconds);
  }
}

/** The key's own dual tone, briefly: feedback for the person pressing it. */
export function playKeyTone(key: string): void {
  const pair = DTMF_FREQUENCIES[key.toUpperCase()];
  if (pair) beep(pair, 0.12);
}

/** Two discreet beeps: another call is waiting. */
export function playCallWaitingTone(): void {
  beep([440], 0.2);
  beep([440], 0.2, 0.4);
}
