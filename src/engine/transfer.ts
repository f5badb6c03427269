import type { PhoneCall } from './phone-call.js';

/**
 * An attended transfer: it links the original call and the consultation call, and owns
 * that link. Each call keeps its own life; the transfer holds the original while we
 * consult, resumes it by itself when the consultation fails or is hung up, and on
 * completion asks the original's far end to replace the consultation (REFER with
 * Replaces), after which both calls end as `transferred`.
 */
export class AttendedTransfer {
  private constructor(
    /** The call being transferred: on hold while we consult. */
    readonly original: PhoneCall,
    /** Our call to the party the original is transferred to. */
    readonly consultation: PhoneCall,
  ) {
    original.linkTransfer(this);
    consultation.linkTransfer(this);
    consultation.onEnded(() => this.#consultationEnded());
  }

  /** Holds `original` and places the consultation call to `target` through `consult`. */
  static async start(original: PhoneCall, target: string, consult: (target: string) => Promise<PhoneCall>): Promise<AttendedTransfer> {
    await original.hold();
    let consultation: PhoneCall;
    try {
      consultation = await consult(target);
    } catch (error) {
      await original.resume().catch(() => undefined);
      throw error;
    }
    return new AttendedTransfer(original, consultation);
  }

  /** Connects the original's far end to the consulted party; both of our calls then end as transferred. */
  async complete(): Promise<void> {
    const { original, consultation } = this;
    original.markTransferring(true);
    consultation.markTransferring(true);
    try {
      await original.referReplacing(consultation.remote.uri, consultation.replacesDialog());
    } catch (error) {
      original.markTransferring(false);
      consultation.markTransferring(false);
      throw error;
    }
    original.endAsTransferred(consultation.remote.uri);
    consultation.endAsTransferred(original.remote.uri);
  }

  /** The consultation is over: the original forgets it, and resumes unless it is being transferred. */
  #consultationEnded(): void {
    const { original } = this;
    if (original.consultation === this.consultation) original.linkTransfer(null);
    if (original.transferring || original.state === 'ended' || original.heldBy !== 'local') return;
    original.resume().catch(() => undefined);
  }
}
