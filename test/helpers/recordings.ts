// Reads a recording back as the page would: decodeAudioData, then per channel and per
// time window its level (RMS) and how much of its energy one frequency holds.

export interface DecodedRecording {
  channels: number;
  seconds: number;
  /** RMS of `channel` between `from` and `to` seconds. */
  rms(channel: number, from: number, to: number): number;
  /** The share (0–1) of that window's energy at `hz`: near 1 for a pure tone of `hz`, near 0 without it. */
  share(channel: number, from: number, to: number, hz: number): number;
}

export async function decodeRecording(recording: Blob): Promise<DecodedRecording> {
  const context = new AudioContext();
  let buffer: AudioBuffer;
  try {
    buffer = await context.decodeAudioData(await recording.arrayBuffer());
  } catch (error) {
    const head = new Uint8Array(await recording.slice(0, 8).arrayBuffer());
    throw new Error(`${(error as Error).message} (${recording.size} B of ${recording.type || 'no type'}, starting ${[...head].join(' ')})`);
  } finally {
    await context.close();
  }
  const rate = buffer.sampleRate;
  const window = (channel: number, from: number, to: number) => {
    const data = buffer.getChannelData(channel);
    const start = Math.max(0, Math.floor(from * rate));
    const end = Math.min(data.length, Math.floor(to * rate));
    if (end - start < rate / 10) throw new Error(`window ${from}–${to} s is outside the recording (${buffer.duration.toFixed(2)} s)`);
    return data.subarray(start, end);
  };
  const meanSquare = (samples: Float32Array) => samples.reduce((sum, x) => sum + x * x, 0) / samples.length;
  /** Goertzel: the mean power at `hz` (A²/2 for a tone of amplitude A), as meanSquare would give for that tone alone. */
  const power = (samples: Float32Array, hz: number) => {
    const k = 2 * Math.cos((2 * Math.PI * hz) / rate);
    let s1 = 0;
    let s2 = 0;
    for (const x of samples) {
      const s0 = x + k * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    return (2 * (s1 * s1 + s2 * s2 - k * s1 * s2)) / (samples.length * samples.length);
  };
  return {
    channels: buffer.numberOfChannels,
    seconds: buffer.duration,
    rms: (channel, from, to) => Math.sqrt(meanSquare(window(channel, from, to))),
    share: (channel, from, to, hz) => {
      const samples = window(channel, from, to);
      const total = meanSquare(samples);
      return total > 0 ? power(samples, hz) / total : 0;
    },
  };
}

/** The type the phone records in here: Ogg where MediaRecorder takes it (Firefox), else WebM. */
export function expectedRecordingType(): RegExp {
  return MediaRecorder.isTypeSupported('audio/ogg;codecs=opus') ? /^audio\/ogg/ : /^audio\/webm/;
}

/**
 * The page's audio clock: how long the browser's audio graph has run, in ms. A
 * recording holds at most that much. In Chromium it keeps wall time; Firefox's headless
 * audio backend here (the mock cubeb context that Web Audio needs, test/sip/firefox.mjs)
 * runs slow: measured today, 8.68 s of audio in 9.00 s, idle, and more under load.
 * Make it before the recording starts (a new context takes a moment to run).
 */
export async function audioClock(): Promise<{ now(): number; close(): Promise<void> }> {
  const context = new AudioContext({ latencyHint: 'playback' });
  const silent = context.createGain();
  silent.gain.value = 0;
  const source = context.createConstantSource();
  source.connect(silent).connect(context.destination);
  source.start();
  await context.resume();
  return { now: () => context.currentTime * 1000, close: () => context.close() };
}
