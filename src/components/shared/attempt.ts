import { PhoneError } from '../../engine/phone-error.js';

/**
 * Runs a phone action started from a button or a form. The phone has already
 * reported any `PhoneError` as a `phone-error` event, so it is returned for the
 * element to show (or ignore) instead of becoming an unhandled rejection.
 * Anything else is a bug and propagates.
 */
export async function attempt(action: () => unknown): Promise<PhoneError | null> {
  try {
    await action();
    return null;
  } catch (error) {
    if (error instanceof PhoneError) return error;
    throw error;
  }
}
