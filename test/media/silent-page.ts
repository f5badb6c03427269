// The script of silent-page.html: a phone registered as the query string says, and
// `window.snapshot()`, what the test needs to know about its sound.
import '../../src/define.js';
import { recordTones } from '../helpers/tones.js';

/** Every AudioContext the phone creates, to read their state. */
const contexts: AudioContext[] = [];
window.AudioContext = class extends AudioContext {
  constructor(options?: AudioContextOptions) {
    super(options);
    contexts.push(this);
  }
};
const tones = recordTones();

const query = new URLSearchParams(location.search);
const phone = document.createElement('soft-phone');
for (const name of ['server', 'uri', 'password']) phone.setAttribute(name, query.get(name) ?? '');
document.body.append(phone);

function incoming(): ShadowRoot | null | undefined {
  return phone.shadowRoot?.querySelector('phone-incoming')?.shadowRoot;
}

export interface Snapshot {
  registered: boolean;
  soundBlocked: boolean;
  /** The state of each AudioContext: the ringer's, as only the ringtone plays here. */
  contexts: AudioContextState[];
  /** Oscillators the tones have started so far. */
  oscillators: number;
  /** The text of the enable-sound prompt, or null when there is none. */
  prompt: string | null;
  /** The part of the focused control in <phone-incoming>, if any. */
  focused: string | null;
}

Object.assign(window, {
  snapshot: (): Snapshot => ({
    registered: phone.registered,
    soundBlocked: phone.controller.soundBlocked,
    contexts: contexts.map((context) => context.state),
    oscillators: tones.frequencies().length,
    prompt: incoming()?.querySelector('[part~="enable-sound-button"]')?.textContent?.trim() ?? null,
    focused: incoming()?.activeElement?.getAttribute('part') ?? null,
  }),
});
