import { TwoChannelRecorder, type RecorderEvents } from './media/recorder.js';
import { PhoneError } from './phone-error.js';

/**
 * A recorder, or a `PhoneError('recording-failed')` saying why the browser would not
 * start one (MediaRecorder refusing the stream): the call or conference goes on.
 */
export function startRecorder(type: string, events: RecorderEvents, callId?: string): TwoChannelRecorder {
  try {
    return new TwoChannelRecorder(type, events);
  } catch (error) {
    throw new PhoneError('recording-failed', `The recording could not start: ${(error as Error).message}`, callId);
  }
}

