/**
 * Plays a call's remote audio. Chromium only renders remote WebRTC audio through a
 * media element; this one is never attached to the document, so the engine stays
 * free of the DOM tree.
 */
export class RemoteAudio {
  #element: HTMLAudioElement | null = null;
  #sinkId = '';

  play(stream: MediaStream): void {
    this.#element ??= new Audio();
    this.#element.autoplay = true;
    this.#applySink();
    if (this.#element.srcObject !== stream) this.#element.srcObject = stream;
    // A rejection means the autoplay policy blocked sound; the call itself goes on.
    this.#element.play().catch(() => undefined);
  }

  /** Routes the call to an audio output device ('' is the system default), where supported. */
  setSink(deviceId: string): void {
    this.#sinkId = deviceId;
    this.#applySink();
  }

  stop(): void {
    if (!this.#element) return;
    this.#element.pause();
    this.#element.srcObject = null;
    this.#element = null;
  }

  #applySink(): void {
    const element = this.#element as (HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> }) | null;
    if (element && element.sinkId !== this.#sinkId) void element.setSinkId?.(this.#sinkId).catch(() => undefined);
  }
}
