/** Records the oscillators Web Audio starts, to tell which tones were played. */
export function recordTones() {
  const original = AudioContext.prototype.createOscillator;
  const oscillators: OscillatorNode[] = [];
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    const oscillator = original.call(this);
    oscillators.push(oscillator);
    return oscillator;
  };
  return {
    frequencies: () => oscillators.map((oscillator) => oscillator.frequency.value),
    stop: () => (AudioContext.prototype.createOscillator = original),
  };
}

/** Level under which a frequency counts as silent, in dBFS (a tone plays at about -30). */
const SILENT_DB = -70;

/**
 * Listens to what the phone actually plays: every node connected to a context's
 * speakers is also fed to an AnalyserNode of that context. `level(hz)` is the
 * loudest reading of that frequency over the running contexts now; a suspended
 * context plays nothing, whatever its analyser last held.
 */
export function listenToTones() {
  const analysers = new Map<BaseAudioContext, AnalyserNode>();
  const original = AudioNode.prototype.connect;
  const connect = original as (this: AudioNode, destination: AudioNode | AudioParam, ...rest: number[]) => AudioNode | void;
  AudioNode.prototype.connect = function (this: AudioNode, destination: AudioNode | AudioParam, ...rest: number[]) {
    if (destination instanceof AudioDestinationNode) {
      let analyser = analysers.get(this.context);
      if (!analyser) {
        analyser = this.context.createAnalyser();
        analyser.fftSize = 4096; // 11.7 Hz bins at 48 kHz: 440 and 480 Hz fall apart
        analyser.smoothingTimeConstant = 0;
        analysers.set(this.context, analyser);
      }
      connect.call(this, analyser);
    }
    return connect.call(this, destination, ...rest);
  } as typeof original;

  const level = (hz: number): number => {
    let loudest = -Infinity;
    for (const [context, analyser] of analysers) {
      if (context.state !== 'running') continue;
      const bins = new Float32Array(analyser.frequencyBinCount);
      analyser.getFloatFrequencyData(bins);
      const bin = Math.round(hz / (context.sampleRate / analyser.fftSize));
      loudest = Math.max(loudest, bins[bin - 1]!, bins[bin]!, bins[bin + 1]!);
    }
    return loudest;
  };
  return {
    level,
    /** Every one of `frequencies` sounds now. */
    playing: (...frequencies: number[]) => frequencies.every((hz) => level(hz) > SILENT_DB),
    /** None of `frequencies` sounds now. */
    silent: (...frequencies: number[]) => frequencies.every((hz) => level(hz) <= SILENT_DB),
    stop: () => (AudioNode.prototype.connect = original),
  };
}

/**
 * How far each of `frequencies` stands above its local noise floor (dB) in `stream`'s
 * audio, averaged over `ms`: +20 dB or more is a tone heard, under +10 dB none.
 * Chromium renders a remote WebRTC stream to Web Audio only while a media element
 * plays it: a muted, playing <audio> element is kept for the measure.
 */
export async function toneLevels(stream: MediaStream, frequencies: number[], ms = 600): Promise<number[]> {
  const context = new AudioContext();
  const audio = new Audio();
  audio.muted = true;
  audio.srcObject = stream;
  await audio.play().catch(() => undefined);
  try {
    if (context.state === 'suspended') await context.resume().catch(() => undefined);
    const source = context.createMediaStreamSource(stream);
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    analyser.smoothingTimeConstant = 0;
    source.connect(analyser);
    const sum = new Float32Array(analyser.frequencyBinCount);
    const frame = new Float32Array(analyser.frequencyBinCount);
    let frames = 0;
    const end = performance.now() + ms;
    await new Promise((resolve) => setTimeout(resolve, 200));
    while (performance.now() < end || frames < 3) {
      analyser.getFloatFrequencyData(frame);
      for (let i = 0; i < frame.length; i++) sum[i]! += Math.max(frame[i]!, -160);
      frames++;
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const hz = context.sampleRate / analyser.fftSize;
    const db = (bin: number) => sum[bin]! / frames;
    source.disconnect();
    return frequencies.map((frequency) => {
      const centre = Math.round(frequency / hz);
      const peak = Math.max(db(centre - 2), db(centre - 1), db(centre), db(centre + 1), db(centre + 2));
      // The floor: the median of the bins 30 to 120 Hz away on both sides.
      const around: number[] = [];
      for (let offset = Math.round(30 / hz); offset <= Math.round(120 / hz); offset++) around.push(db(centre - offset), db(centre + offset));
      around.sort((a, b) => a - b);
      return Math.round(peak - around[Math.floor(around.length / 2)]!);
    });
  } finally {
    audio.pause();
    audio.srcObject = null;
    await context.close();
  }
}

/**
 * A fake microphone playing a pure tone, for the test page's own phones (getUserMedia is
 * stubbed). A request with video gets the browser's fake camera beside the tone.
 * `retune(hz)` between one phone's call (or answer) and the next gives page phones tones
 * of their own.
 */
export function toneMicrophone(frequency: number) {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  const contexts: AudioContext[] = [];
  let current = frequency;
  navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    if (constraints?.video) {
      const camera = await original({ video: constraints.video });
      if (!constraints.audio) return camera;
      return new MediaStream([...(await tone()).getAudioTracks(), ...camera.getVideoTracks()]);
    }
    return tone();
  };
  const tone = async () => {
    const context = new AudioContext();
    contexts.push(context);
    const oscillator = context.createOscillator();
    oscillator.frequency.value = current;
    const gain = context.createGain();
    gain.gain.value = 0.3;
    const destination = context.createMediaStreamDestination();
    oscillator.connect(gain).connect(destination);
    oscillator.start();
    await context.resume().catch(() => undefined);
    return destination.stream;
  };
  return {
    /** Microphones opened from now on play `hz` (another device, or another page phone). */
    retune: (hz: number) => (current = hz),
    stop: () => {
      navigator.mediaDevices.getUserMedia = original;
      contexts.splice(0).forEach((context) => void context.close());
    },
  };
}

/** Records the AudioContexts made from now on, to check that each is closed when its user is done. */
export function recordAudioContexts() {
  const Original = window.AudioContext;
  const created: AudioContext[] = [];
  window.AudioContext = class extends Original {
    constructor(options?: AudioContextOptions) {
      super(options);
      created.push(this);
    }
  };
  return { created, stop: () => (window.AudioContext = Original) };
}
