import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PhoneConference } from '../../engine/conference.js';
import type { PhoneCall } from '../../engine/phone-call.js';
import type { PhoneController } from '../../engine/phone-controller.js';
import { attempt } from '../shared/attempt.js';
import { typingInField } from '../shared/typing.js';

export type ShortcutAction = 'answer' | 'hangup' | 'mute' | 'hold';

/**
 * The default bindings: Alt+Shift and a letter, matched by the physical key
 * (`event.code`), so they work whatever the keyboard layout and on macOS, where
 * Option+Shift+letter types a symbol. Browsers bind Ctrl/Cmd+letter and Alt+letter
 * (menus) for themselves, but leave Alt+Shift+letter to the page.
 */
export const SHORTCUTS: Readonly<Record<ShortcutAction, string>> = {
  answer: 'KeyA',
  hangup: 'KeyE',
  mute: 'KeyM',
  hold: 'KeyH',
};

/** The action a key press asks for, if it is one of the bindings. */
export function shortcutFor(event: Pick<KeyboardEvent, 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'code'>): ShortcutAction | null {
  if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return null;
  const found = Object.entries(SHORTCUTS).find(([, code]) => code === event.code);
  return (found?.[0] as ShortcutAction | undefined) ?? null;
}

/** The conversation the user is in: the conference on air, else the call talked on. */
function current(phone: PhoneController): PhoneConference | PhoneCall | undefined {
  return phone.conferences.find((conference) => !conference.held) ?? phone.calls.find((call) => call.conferenceId === null && call.active);
}

/** Does what the shortcut says, on the call it means; nothing when there is no such call. */
export function runShortcut(phone: PhoneController, action: ShortcutAction): boolean {
  const talking = current(phone);
  switch (action) {
    case 'answer': {
      // The newest ringing call: the one the ringtone or the call-waiting tone is for. Answering holds the others.
      const ringing = phone.calls.filter((call) => call.state === 'incoming').at(-1);
      if (ringing) void attempt(() => ringing.answer());
      return Boolean(ringing);
    }
    case 'hangup': {
      // Else the call we are placing: hanging up cancels it.
      const target = talking ?? phone.calls.filter((call) => call.direction === 'outgoing' && call.answeredAt === null).at(-1);
      target?.hangup();
      return Boolean(target);
    }
    case 'mute':
      if (talking) void attempt(() => (talking.muted ? talking.unmute() : talking.mute()));
      return Boolean(talking);
    case 'hold': {
      // Nothing on air: bring back the conversation held last.
      const held = [...phone.conferences, ...phone.calls.filter((call) => call.conferenceId === null && call.heldBy === 'local')].at(-1);
      const target = talking ?? held;
      if (target) void attempt(() => (target === talking ? target.hold() : target.resume()));
      return Boolean(target);
    }
  }
}

/**
 * While on, listens to the whole page for the shortcuts: an agent working in a CRM
 * answers without finding the phone first. Never while the user types in a field
 * (the page's own or ours), where Alt+Shift+letter may be text.
 */
export class ShortcutsController implements ReactiveController {
  #listening: AbortController | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly phone: PhoneController,
    private readonly enabled: () => boolean,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.hostUpdated();
  }

  /** Follows the attribute: listening while it is set, not otherwise. */
  hostUpdated(): void {
    if (this.enabled() === Boolean(this.#listening)) return;
    if (this.#listening) return this.hostDisconnected();
    this.#listening = new AbortController();
    document.addEventListener('keydown', (event) => this.#onKey(event), { signal: this.#listening.signal });
  }

  hostDisconnected(): void {
    this.#listening?.abort();
    this.#listening = null;
  }

  #onKey(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.repeat || typingInField()) return;
    const action = shortcutFor(event);
    if (action && runShortcut(this.phone, action)) event.preventDefault();
  }
}
