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
