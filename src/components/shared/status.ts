import type { PhoneController } from '../../engine/phone-controller.js';
import type { Strings } from '../../i18n/strings.js';

/** The phone's connection and registration state in words: the dialer's status line and the registration chip. */
export function statusText(phone: PhoneController | undefined, s: Strings): string {
  if (!phone) return s.statusNoPhone;
  // A refused registration stays refused across reconnections: say so first.
  if (phone.registration === 'failed') {
    const code = phone.registrationFailure?.code ?? 0;
    return code === 401 || code === 403 ? s.statusRegistrationFailed : s.statusRegistrationError(code);
  }
  if (phone.connection === 'connecting') return s.statusConnecting;
  if (phone.reconnect) return s.statusReconnecting(phone.reconnect.attempt);
  if (phone.connection === 'disconnected') return s.statusDisconnected;
  if (phone.registration === 'registered') return s.statusReady;
  return phone.registration === 'registering' ? s.statusRegistering : s.statusUnregistered;
}

/** The chip's colour, which always comes with the text above: ready, working on it, or not taking calls. */
export function statusTone(phone: PhoneController | undefined): 'ready' | 'pending' | 'down' {
  if (phone?.registration === 'registered' && phone.connection === 'connected') return 'ready';
  if (!phone || phone.registration === 'failed' || (phone.connection === 'disconnected' && !phone.reconnect)) return 'down';
  return 'pending';
}
