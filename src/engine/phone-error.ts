import type { PhoneErrorCode, PhoneErrorDetail } from '../events/phone-events.js';

/** An error the phone reports to its host page: thrown (or rejected) and also dispatched as `phone-error`. */
export class PhoneError extends Error {
  constructor(
    readonly code: PhoneErrorCode,
    message: string,
    readonly callId?: string,
  ) {
    super(message);
    this.name = 'PhoneError';
  }

  /** The plain-data `phone-error` detail. */
  toDetail(): PhoneErrorDetail {
    return this.callId ? { code: this.code, message: this.message, callId: this.callId } : { code: this.code, message: this.message };
  }
}
