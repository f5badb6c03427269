/** The four things a user picks: what we capture, where the call plays, and where the phone rings. */
export type DeviceKind = 'microphone' | 'camera' | 'speaker' | 'ringer';
export type DeviceChoice = Partial<Record<DeviceKind, string>>;

export interface DeviceOption {
  deviceId: string;
  /** Empty until the page has been granted the microphone or camera (browsers hide labels before). */
  label: string;
}

const BROWSER_KIND: Record<DeviceKind, MediaDeviceKind> = {
  microphone: 'audioinput',
  camera: 'videoinput',
  speaker: 'audiooutput',
  ringer: 'audiooutput',
};
const STORAGE_KEY = 'phone-elements:devices';

function stored(): DeviceChoice {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return value && typeof value === 'object' ? (value as DeviceChoice) : {};
  } catch {
    // Storage may be unavailable (sandboxed iframe) or hold garbage: start from the defaults.
    return {};
  }
}

/**
 * The user's devices and choices. Choices are remembered in localStorage unless the
 * host opts out; the lists follow `devicechange` (a headset plugged in or out).
 */
export class Devices {
  #choice: DeviceChoice = {};
  #available: MediaDeviceInfo[] = [];
  #remember = true;
  readonly #onChange: () => void;

  constructor(onChange: () => void) {
    this.#onChange = onChange;
    this.#choice = stored();
  }

  /**
   * Follows `devicechange` (a headset plugged in or out) until `signal` aborts: the
   * lists refresh, then `afterChange` runs.
   */
  watch(signal: AbortSignal, afterChange: () => void): void {
    const onDeviceChange = () => void this.refresh().then(() => signal.aborted || afterChange());
    navigator.mediaDevices?.addEventListener('devicechange', onDeviceChange, { signal });
  }

  /** Whether the browser's list names devices at all (ids), as it does for a page that may use them. */
  get namesDevices(): boolean {
    return this.#available.some((device) => device.deviceId !== '');
  }

  /** Whether the browser still lists this device (after the last refresh). */
  has(kind: DeviceKind, deviceId: string): boolean {
    return this.#available.some((device) => device.kind === BROWSER_KIND[kind] && device.deviceId === deviceId);
  }

  /**
   * A chosen device went away: use the default one for now. The stored choice stays, so
   * the next visit with the headset plugged in uses it again.
   */
  fallBack(kind: DeviceKind): void {
    const { [kind]: _gone, ...rest } = this.#choice;
    this.#choice = rest;
    this.#onChange();
  }

  get choice(): Readonly<DeviceChoice> {
    return this.#choice;
  }

  /**
   * Whether choices persist across visits (default true). Turning it off forgets them:
   * the stored ones, and the ones an earlier visit stored and this page loaded.
   */
  set remember(remember: boolean) {
    this.#remember = remember;
    if (remember) return;
    this.#store(true);
    this.#choice = {};
  }

  options(kind: DeviceKind): DeviceOption[] {
    return this.#available.filter((device) => device.kind === BROWSER_KIND[kind]).map(({ deviceId, label }) => ({ deviceId, label }));
  }

  async refresh(): Promise<void> {
    this.#available = (await navigator.mediaDevices?.enumerateDevices().catch(() => [])) ?? [];
    this.#onChange();
  }

  select(kind: DeviceKind, deviceId: string): void {
    this.#choice = { ...this.#choice, [kind]: deviceId };
    this.#store(false);
    this.#onChange();
  }

  /** getUserMedia constraints for a call, using the chosen devices. */
  constraints(video: boolean): MediaStreamConstraints {
    const { microphone, camera } = this.#choice;
    return {
      audio: microphone ? { deviceId: { exact: microphone } } : true,
      video: video ? (camera ? { deviceId: { exact: camera } } : true) : false,
    };
  }

  #store(forget: boolean): void {
    try {
      if (forget) localStorage.removeItem(STORAGE_KEY);
      else if (this.#remember) localStorage.setItem(STORAGE_KEY, JSON.stringify(this.#choice));
    } catch {
      // Not persisting is fine: the choice still holds for this page.
    }
  }
}
