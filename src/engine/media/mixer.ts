/**
 * Mix-minus for a conference, with Web Audio: each leg sends our microphone plus every
 * other leg's remote audio, and hears (through its own RemoteAudio) only the far end.
 * Each leg's sender switches to its mix with `replaceTrack()`: nothing is renegotiated.
 */
interface Leg {
  sender: RTCRtpSender;
  /** The track the leg sent before it joined (our microphone): given back when it leaves. */
  own: MediaStreamTrack;
  mic: MediaStreamAudioSourceNode;
  micGain: GainNode;
  /** The far end's audio, into every other leg's mix; null until the leg has a remote stream. */
  remote: MediaStreamAudioSourceNode | null;
  remoteGain: GainNode;
  /** Everything this leg hears from us (our microphone and the other legs): 0 while it is held. */
  level: GainNode;
  out: MediaStreamAudioDestinationNode;
  /** What the leg sends while in the conference: its mix. */
  mixed: MediaStreamTrack;
  held: boolean;
}

/** A replaceTrack() on a connection that is closing may never settle: the mix is released anyway. */
const REPLACE_TRACK_WAIT_MS = 2000;

export class ConferenceMixer {
  readonly #context = new AudioContext();
  readonly #legs = new Map<string, Leg>();
  #muted = false;

  get size(): number {
    return this.#legs.size;
  }

  /** Adds a leg: its audio sender, our microphone track on it, and the far end's stream. */
  async add(id: string, connection: RTCPeerConnection, remote: MediaStream | null): Promise<void> {
    const sender = connection.getSenders().find((candidate) => candidate.track?.kind === 'audio');
    if (!sender?.track || this.#legs.has(id)) return;
    const context = this.#context;
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    const own = sender.track;
    const mic = context.createMediaStreamSource(new MediaStream([own]));
    const micGain = context.createGain();
    micGain.gain.value = this.#muted ? 0 : 1;
    const out = context.createMediaStreamDestination();
    const level = context.createGain();
    level.connect(out);
    mic.connect(micGain).connect(level);
    const remoteGain = context.createGain();
    const audio = remote?.getAudioTracks() ?? [];
    const source = audio.length > 0 ? context.createMediaStreamSource(new MediaStream(audio)) : null;
    source?.connect(remoteGain);
    const mixed = out.stream.getAudioTracks()[0]!;
    const leg: Leg = { sender, own, mic, micGain, remote: source, remoteGain, level, out, mixed, held: false };
    for (const other of this.#legs.values()) {
      remoteGain.connect(other.level);
      other.remoteGain.connect(level);
    }
    this.#legs.set(id, leg);
    // JsSIP's hold and mute disable the sender's track: the mix inherits the leg's state.
    mixed.enabled = own.enabled;
    await sender.replaceTrack(mixed);
  }

  /** Takes a leg out: the others stop hearing it, and it gets its own microphone back. */
  async remove(id: string): Promise<void> {
    const leg = this.#legs.get(id);
    if (!leg) return;
    this.#legs.delete(id);
    for (const other of this.#legs.values()) other.remoteGain.disconnect(leg.level);
    this.#release(leg);
    const { mixed, own, sender } = leg;
    if (own.readyState === 'live' && (sender.track === mixed || sender.track === null)) {
      own.enabled = mixed.enabled;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        sender.replaceTrack(own).catch(() => undefined),
        new Promise((resolve) => (timer = setTimeout(resolve, REPLACE_TRACK_WAIT_MS))),
      ]);
      clearTimeout(timer);
    }
    mixed.stop();
  }

  /**
   * The leg's microphone is now `track` (a device switch): it feeds the leg's mix in place
   * of the old one, and is the track the leg gets back when it leaves. False: no such leg.
   */
  replaceMicrophone(id: string, track: MediaStreamTrack): boolean {
    const leg = this.#legs.get(id);
    if (!leg) return false;
    leg.mic.disconnect();
    leg.mic = this.#context.createMediaStreamSource(new MediaStream([track]));
    leg.mic.connect(leg.micGain);
    leg.own = track;
    return true;
  }

  /**
   * A held leg (either side holds) is not heard by the others and hears nothing from
   * the mix, whatever the browser does with the disabled track of a held call.
   */
  setHeld(id: string, held: boolean): void {
    const leg = this.#legs.get(id);
    if (!leg || leg.held === held) return;
    leg.held = held;
    leg.remoteGain.gain.value = held ? 0 : 1;
    leg.level.gain.value = held ? 0 : 1;
    // Held, the leg sends no RTP at all: a silent track would still carry the codec's
    // comfort noise, which takes the shape of the steady sound before it.
    if (held && leg.sender.track === leg.mixed) void leg.sender.replaceTrack(null).catch(() => undefined);
    if (!held && leg.sender.track === null) {
      leg.mixed.enabled = true;
      void leg.sender.replaceTrack(leg.mixed).catch(() => undefined);
    }
  }

  /** Our microphone, on every leg at once. */
  setMuted(muted: boolean): void {
    this.#muted = muted;
    for (const leg of this.#legs.values()) leg.micGain.gain.value = muted ? 0 : 1;
  }

  /** Gives every leg back its microphone and closes the audio context. */
  async close(): Promise<void> {
    await Promise.all([...this.#legs.keys()].map((id) => this.remove(id)));
    await this.#context.close().catch(() => undefined);
  }

  #release(leg: Leg): void {
    leg.mic.disconnect();
    leg.micGain.disconnect();
    leg.remote?.disconnect();
    leg.remoteGain.disconnect();
    leg.level.disconnect();
    leg.out.disconnect();
  }
}
