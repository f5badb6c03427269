import { PhoneError } from '../phone-error.js';

/**
 * Asks the browser for the microphone (and camera) with `constraints`; a chosen device
 * that has gone away falls back to the default one. A refusal becomes
 * `PhoneError('media-denied')`.
 */
export async function acquireLocalMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new PhoneError('media-denied', 'This page cannot use the microphone: it needs a secure context (https or localhost)');
  }
  try {
    return await navigator.mediaDevices.getUserMedia(constraints).catch((error: DOMException) => {
      if (error.name !== 'OverconstrainedError') throw error;
      return navigator.mediaDevices.getUserMedia({ audio: true, video: Boolean(constraints.video) });
    });
  } catch (error) {
    const name = (error as DOMException).name;
    const message =
      name === 'NotAllowedError'
        ? 'Microphone access was denied'
        : name === 'NotFoundError'
          ? 'No microphone was found'
          : `The microphone could not be opened (${name})`;
    throw new PhoneError('media-denied', message);
  }
}

export function stopMedia(stream: MediaStream | null | undefined): void {
  stream?.getTracks().forEach((track) => track.stop());
}
