import type { VoicemailDetail } from '../events/phone-events.js';

/** Largest NOTIFY body we parse: a message summary is a few lines. */
export const MAX_MESSAGE_SUMMARY_BYTES = 8 * 1024;
/** Counts above this are no mailbox's: they are capped, not trusted. */
const MAX_COUNT = 99_999;

/**
 * Parses an `application/simple-message-summary` body (RFC 3842 §5.2):
 * `Messages-Waiting: yes|no`, and voice counts as `Voice-Message: new/old (urgent new/urgent old)`.
 * Returns null when it is not one (no Messages-Waiting line); never throws.
 */
export function parseMessageSummary(body: string): VoicemailDetail | null {
  if (typeof body !== 'string' || body.length > MAX_MESSAGE_SUMMARY_BYTES) return null;
  let waiting: boolean | null = null;
  let newMessages = 0;
  let oldMessages = 0;
  for (const line of body.split(/\r?\n/)) {
    const [, name, value] = /^\s*([A-Za-z-]+)\s*:\s*(.*?)\s*$/.exec(line) ?? [];
    if (!name || value === undefined) continue;
    const header = name.toLowerCase();
    if (header === 'messages-waiting' && waiting === null) {
      const word = value.toLowerCase();
      if (word === 'yes' || word === 'no') waiting = word === 'yes';
    } else if (header === 'voice-message') {
      const counts = /^(\d{1,9})\s*\/\s*(\d{1,9})/.exec(value);
      if (counts) {
        newMessages = Math.min(Number(counts[1]), MAX_COUNT);
        oldMessages = Math.min(Number(counts[2]), MAX_COUNT);
      }
    }
  }
  return waiting === null ? null : { waiting, newMessages, oldMessages };
}
