import { PhoneError } from '../phone-error.js';

/** Asks the browser for the microphone (and camera); turns a refusal into a `PhoneError('media-denied')`. */
export async function acquireLocalMedia(video: boolean): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new PhoneError('media-denied', 'This page cannot use the microphone: it needs a secure context (https or localhost)');
  }
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: true, video });
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
