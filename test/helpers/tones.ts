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
