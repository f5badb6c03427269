// A <soft-phone> whose default layout draws a stand-in phone instead of a real one:
// every state (ringing, two calls, a conference…) with fixed names and numbers, no
// server and no media. For how the layout looks (test/screenshots/); calls themselves
// are proven with real ones (test/e2e/layout.test.ts walks the same states for real).
import type { PhoneController } from '../../src/engine/phone-controller.js';
import { SoftPhoneElement } from '../../src/components/soft-phone/soft-phone.js';
import { FakePhone } from './fake-phone.js';

/** What <soft-phone> itself reads of its controller, beyond what its elements read. */
export class FakeController extends FakePhone {
  config: { uri: string; displayName: string; aor: { user: string }; voicemailUri: string; callerIds: [] } | null = null;
  reconnect: { attempt: number; at: number } | null = null;
  history = { revision: 1, missed: 0, list: async () => [], markSeen: async () => undefined };
  dnd = false;
  voicemail = null;
  soundBlocked = false;

  get registered(): boolean {
    return this.registration === 'registered';
  }
  /** Our line: as a configured phone would show it. */
  as(user: string, displayName: string): this {
    this.config = { uri: `sip:${user}@example.test`, displayName, aor: { user }, voicemailUri: '', callerIds: [] };
    return this;
  }
  // A stand-in never connects and never fires phone-* events.
  addEventListener(): void {}
  start(): void {}
  stop(): void {}
}

let next: FakeController | null = null;

class FakeSoftPhoneElement extends SoftPhoneElement {
  protected override createController(): PhoneController {
    if (!next) throw new Error('fake-soft-phone: make it with softPhoneWith(controller)');
    const controller = next;
    next = null;
    return controller as unknown as PhoneController;
  }
}
customElements.define('fake-soft-phone', FakeSoftPhoneElement);

/** A <soft-phone> (the same class, under a tag of its own) whose layout shows `controller`. */
export function softPhoneWith(controller: FakeController): SoftPhoneElement {
  next = controller;
  return document.createElement('fake-soft-phone') as SoftPhoneElement;
}
