import type { CallQualityDetail } from '../../events/phone-events.js';

/** Per-call quality, estimated from the browser's WebRTC stats: the `phone-call-quality` detail without its call. */
export type QualitySample = Omit<CallQualityDetail, 'callId'>;

export interface NetworkFigures {
  roundTripMs: number;
  jitterMs: number;
  lossPercent: number;
}

/**
 * The simplified E-model most WebRTC tools use: latency and jitter lower the R
 * factor a little until 160 ms of effective delay and fast beyond; each percent
 * of loss costs 2.5 points; R maps to MOS by ITU-T G.107's formula.
 */
export function estimateMos({ roundTripMs, jitterMs, lossPercent }: NetworkFigures): number {
  const effectiveLatency = roundTripMs / 2 + jitterMs * 2 + 10;
  let r = effectiveLatency < 160 ? 93.2 - effectiveLatency / 40 : 93.2 - (effectiveLatency - 120) / 10;
  r = Math.min(100, Math.max(0, r - lossPercent * 2.5));
  const mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  return Math.round(Math.min(4.5, Math.max(1, mos)) * 100) / 100;
}

export function qualityBars(mos: number): QualitySample['bars'] {
  if (mos >= 4.2) return 5;
  if (mos >= 4.0) return 4;
  if (mos >= 3.6) return 3;
  if (mos >= 3.1) return 2;
  return 1;
}

/** How long established audio may stay silent on the wire before we call it one-way. */
export const NO_INBOUND_AUDIO_MS = 3000;

interface AudioCounters {
  received: number;
  lost: number;
  jitterMs: number;
  roundTripMs: number;
}

async function readCounters(connection: RTCPeerConnection): Promise<AudioCounters> {
  const counters: AudioCounters = { received: 0, lost: 0, jitterMs: 0, roundTripMs: 0 };
  (await connection.getStats()).forEach((report) => {
    if (report.type === 'inbound-rtp' && report.kind === 'audio') {
      counters.received += report.packetsReceived ?? 0;
      counters.lost += Math.max(0, report.packetsLost ?? 0);
      counters.jitterMs = Math.max(counters.jitterMs, (report.jitter ?? 0) * 1000);
    } else if (report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded') {
      counters.roundTripMs = (report.currentRoundTripTime ?? 0) * 1000;
    } else if (report.type === 'remote-inbound-rtp' && report.kind === 'audio' && report.roundTripTime) {
      counters.roundTripMs = Math.max(counters.roundTripMs, report.roundTripTime * 1000);
    }
  });
  return counters;
}

/** Turns successive stats of one connection into quality samples (loss is measured between samples). */
export class QualityMeter {
  #previous: AudioCounters | null = null;
  #lastInboundAt: number;

  constructor(now = Date.now()) {
    this.#lastInboundAt = now;
  }

  /** `expectAudio` is false while the call is held: silence is then normal. */
  async sample(connection: RTCPeerConnection, expectAudio: boolean, now = Date.now()): Promise<QualitySample> {
    const current = await readCounters(connection);
    const previous = this.#previous ?? { ...current, received: 0, lost: 0 };
    this.#previous = current;
    const received = current.received - previous.received;
    const lost = current.lost - previous.lost;
    if (received > 0 || !expectAudio) this.#lastInboundAt = now;
    const lossPercent = received + lost > 0 ? Math.round((lost / (received + lost)) * 1000) / 10 : 0;
    const figures = { roundTripMs: Math.round(current.roundTripMs), jitterMs: Math.round(current.jitterMs), lossPercent };
    const mos = estimateMos(figures);
    const sample: QualitySample = { mos, bars: qualityBars(mos), ...figures };
    if (now - this.#lastInboundAt >= NO_INBOUND_AUDIO_MS) sample.warning = 'no-inbound-audio';
    return sample;
  }
}
