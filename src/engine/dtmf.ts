import type { RTCSession } from 'jssip/lib/RTCSession';
import { PhoneError } from './phone-error.js';

/** Keys a phone can send: digits, star, pound, A–D, and ',' for a two-second pause. */
const DTMF = /^[0-9A-D#*,]+$/;
const TONE_MS = 100;
const GAP_MS = 70;

/** Validates a DTMF string; throws `PhoneError('invalid-dtmf')`. */
export function checkTones(tones: unknown, callId: string): string {
  const upper = typeof tones === 'string' ? tones.toUpperCase() : '';
  if (!DTMF.test(upper) || upper.length > 64) {
    throw new PhoneError('invalid-dtmf', 'DTMF tones are 0-9, *, #, A-D and "," (pause), at most 64 at once', callId);
  }
  return upper;
}

function negotiatedTelephoneEvent(connection: RTCPeerConnection): boolean {
  return /a=rtpmap:\d+ telephone-event\//i.test(connection.remoteDescription?.sdp ?? '');
}

/**
 * @internal
 * Sends tones in the media (RFC 4733, through RTCDTMFSender) when the far end
 * negotiated telephone-event, and by SIP INFO otherwise. Chromium throws
 * InvalidStateError when asked for RFC 4733 towards a peer without it: that
 * never escapes, the tones go by INFO instead.
 */
export function sendTones(session: RTCSession, tones: string): 'rfc4733' | 'info' {
  const connection = session.connection;
  const sender = connection?.getSenders().find((candidate) => candidate.track?.kind === 'audio' && candidate.dtmf);
  if (sender?.dtmf?.canInsertDTMF && negotiatedTelephoneEvent(connection)) {
    try {
      sender.dtmf.insertDTMF(sender.dtmf.toneBuffer + tones, TONE_MS, GAP_MS);
      return 'rfc4733';
    } catch (error) {
      if ((error as DOMException).name !== 'InvalidStateError') throw error;
    }
  }
  session.sendDTMF(tones, { transportType: 'INFO', duration: TONE_MS, interToneGap: GAP_MS } as never);
  return 'info';
}
