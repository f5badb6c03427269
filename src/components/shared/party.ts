import type { RemoteParty } from '../../events/phone-events.js';
import type { Strings } from '../../i18n/strings.js';

/** What to call the other party: their display name, else their user (name or number). */
export function partyName(remote: RemoteParty, s: Strings): string {
  return remote.displayName || remote.user || s.unknownParty;
}
