// Which tones a 16-bit PCM WAV holds, measured like test/helpers/tones.ts toneLevels()
// does in a page: each frequency's level over its local noise floor (the median of the
// levels 30 to 120 Hz away on both sides), in dB. +20 or more is a tone heard; under
// +10 none. Used on what a far end (baresip) recorded of a call, while it is recorded:
// the header's sizes may not be written yet, so the data runs to the end of the file.

/** The format and the samples (first channel, as -1..1) of a PCM16 WAV. */
function readWav(buffer) {
  if (buffer.toString('ascii', 0, 4) !== 'RIFF' || buffer.toString('ascii', 8, 12) !== 'WAVE') throw new Error('wav-tones: not a WAV file');
  let offset = 12;
  let format;
  while (offset + 8 <= buffer.length) {
    const id = buffer.toString('ascii', offset, offset + 4);
    const size = buffer.readUInt32LE(offset + 4);
    if (id === 'fmt ') {
      format = { channels: buffer.readUInt16LE(offset + 10), rate: buffer.readUInt32LE(offset + 12), bits: buffer.readUInt16LE(offset + 22) };
    } else if (id === 'data') {
      if (!format || format.bits !== 16) throw new Error(`wav-tones: only 16-bit PCM is read (${JSON.stringify(format)})`);
      const frame = 2 * format.channels;
      const count = Math.floor((buffer.length - offset - 8) / frame);
      const samples = new Float32Array(count);
      for (let i = 0; i < count; i++) samples[i] = buffer.readInt16LE(offset + 8 + i * frame) / 32768;
      return { rate: format.rate, samples };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error('wav-tones: no data chunk');
}

/** Power (dB) of `hz` in a Hann-windowed block (one DFT bin, Goertzel). */
function powerDb(block, rate, hz) {
  const w = (2 * Math.PI * hz) / rate;
  const k = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  const n = block.length;
  for (let i = 0; i < n; i++) {
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const s = block[i] * hann + k * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return 10 * Math.log10(Math.max(s1 * s1 + s2 * s2 - k * s1 * s2, 1e-20));
}

/**
 * @param {Buffer} buffer a 16-bit PCM WAV
 * @param {number[]} frequencies Hz
 * @param {number} ms how much of the end of the recording to measure
 * @returns {number[]} dB over the local floor, rounded, for each frequency
 */
export function wavToneLevels(buffer, frequencies, ms = 600) {
  const { rate, samples } = readWav(buffer);
  const length = Math.round((rate * ms) / 1000);
  if (samples.length < length) throw new Error(`wav-tones: ${samples.length} samples recorded, ${length} needed`);
  const block = samples.subarray(samples.length - length);
  return frequencies.map((hz) => {
    // Peak over ±10 Hz (the resolution of a 600 ms block is under 2 Hz; codecs drift a little).
    const peak = Math.max(...[-10, -5, 0, 5, 10].map((offset) => powerDb(block, rate, hz + offset)));
    const around = [];
    for (let offset = 30; offset <= 120; offset += 5) around.push(powerDb(block, rate, hz - offset), powerDb(block, rate, hz + offset));
    around.sort((a, b) => a - b);
    return Math.round(peak - around[Math.floor(around.length / 2)]);
  });
}
