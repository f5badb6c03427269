/**
 * Plays a call's remote audio. Chromium only renders remote WebRTC audio through a
 * media element; this one is never attached to the document, so the engine stays
 * free of the DOM tree.
 */
export class RemoteAudio {
  #element: HTMLAudioElement | null = null;

  play(stream: MediaStream): void {
    this.#element ??= new Audio();
    this.#element.autoplay = true;
    if (this.#element.srcObject !== stream) this.#element.srcObject = stream;
    // A rejection means the autoplay policy blocked sound; the call itself goes on.
    this.#element.play().catch(() => undefined);
  }

  stop(): void {
    if (!this.#element) return;
    this.#element.pause();
    this.#element.srcObject = null;
    this.#element = null;
  }
}
