// The ways an incoming call gets noticed when sound or sight fails: the enable-sound
// prompt, and desktop notifications while the page is hidden. Rendered against a fake
// phone, with a stubbed Notification and visibilityState (a headless browser has no
// desktop to notify, nor a tab to hide).
import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import { expectNoAxeViolations, FakeCall, FakePhone, mount, part, party, unmountAll, withPhone } from '../helpers/fake-phone.js';
import { waitFor } from '../helpers/sip.js';

/** A phone whose ringtone the browser blocks until enableSound(). */
class SilentPhone extends FakePhone {
  soundBlocked = true;
  enabled = 0;
  async enableSound(): Promise<void> {
    this.enabled += 1;
    this.soundBlocked = false;
    this.changed();
  }
}

/** Stands in for the browser's Notification: records what was shown and asked. */
class FakeNotification {
  static permission: NotificationPermission = 'default';
  /** What requestPermission() answers (and then becomes the permission). */
  static answer: NotificationPermission = 'granted';
  static requests = 0;
  static shown: FakeNotification[] = [];
  static async requestPermission(): Promise<NotificationPermission> {
    FakeNotification.requests += 1;
    return (FakeNotification.permission = FakeNotification.answer);
  }
  onclick: (() => void) | null = null;
  closed = false;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions = {},
  ) {
    FakeNotification.shown.push(this);
  }
  close(): void {
    this.closed = true;
  }
}

const realNotification = window.Notification;
const realFocus = window.focus;
let windowFocused = 0;

function hidePage(hidden: boolean): void {
  if (hidden) Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  else delete (document as { visibilityState?: unknown }).visibilityState;
}

beforeEach(() => {
  Object.assign(FakeNotification, { permission: 'default', answer: 'granted', requests: 0, shown: [] });
  window.Notification = FakeNotification as unknown as typeof Notification;
  windowFocused = 0;
  window.focus = () => void (windowFocused += 1);
});
afterEach(() => {
  unmountAll();
  hidePage(false);
  window.Notification = realNotification;
  window.focus = realFocus;
});

function ringing(id: string, user: string, displayName = ''): FakeCall {
  return new FakeCall(id, 'incoming', party(user, displayName));
}

describe('<phone-incoming> when the ringtone is blocked (autoplay policy)', () => {
  it('shows "Click to enable sound"; the click enables sound, asks to notify, and moves the focus to Answer', async () => {
    const phone = new SilentPhone();
    phone.calls = [ringing('a', 'bob')];
    const [incoming] = await withPhone(phone, 'phone-incoming');
    const prompt = part<HTMLButtonElement>(incoming!, 'enable-sound-button')!;
    expect(prompt.textContent!.trim()).to.equal('Click to enable sound');
    await expectNoAxeViolations(incoming!);
    // Nothing is asked before the user acts.
    expect(FakeNotification.requests).to.equal(0);

    prompt.focus();
    prompt.click();
    await waitFor(() => !part(incoming!, 'enable-sound-button'), { message: 'the prompt to go' });
    expect(phone.enabled).to.equal(1);
    expect(FakeNotification.requests).to.equal(1);
    await waitFor(() => incoming!.shadowRoot!.activeElement === part(incoming!, 'answer-button'), { message: 'the focus on Answer' });
  });

  it('shows no prompt while sound plays', async () => {
    const phone = new SilentPhone();
    phone.soundBlocked = false;
    phone.calls = [ringing('a', 'bob')];
    const [incoming] = await withPhone(phone, 'phone-incoming');
    expect(part(incoming!, 'enable-sound-button')).to.equal(null);
  });
});

describe('<phone-incoming> desktop notifications', () => {
  it('notifies a call that starts ringing while the page is hidden; its click focuses the page and Answer', async () => {
    FakeNotification.permission = 'granted';
    hidePage(true);
    const phone = new FakePhone();
    const [incoming] = await withPhone(phone, 'phone-incoming');
    phone.calls = [ringing('a', '+14155550100', 'Bob')];
    phone.changed();
    await waitFor(() => FakeNotification.shown.length === 1, { message: 'a notification' });
    const [notice] = FakeNotification.shown;
    expect(notice!.title).to.equal('Incoming call from Bob');
    expect(notice!.options).to.include({ body: '+14155550100', tag: 'a' });

    notice!.onclick!();
    expect(windowFocused).to.equal(1);
    expect(incoming!.shadowRoot!.activeElement === part(incoming!, 'answer-button'), 'Answer focused').to.equal(true);
    expect(notice!.closed).to.equal(true);
    expect(FakeNotification.requests).to.equal(0);
  });

  it('closes the notification once the call stops ringing', async () => {
    FakeNotification.permission = 'granted';
    hidePage(true);
    const phone = new FakePhone();
    const call = ringing('a', 'bob');
    phone.calls = [call];
    await withPhone(phone, 'phone-incoming');
    await waitFor(() => FakeNotification.shown.length === 1, { message: 'a notification' });
    call.state = 'answering';
    phone.changed();
    await waitFor(() => FakeNotification.shown[0]!.closed, { message: 'the notification to close' });
  });

  it('does not notify while the page is visible, nor without permission', async () => {
    FakeNotification.permission = 'granted';
    const phone = new FakePhone();
    phone.calls = [ringing('a', 'bob')];
    await withPhone(phone, 'phone-incoming');
    hidePage(true);
    FakeNotification.permission = 'denied';
    phone.calls = [...phone.calls, ringing('b', 'carol')];
    phone.changed();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(FakeNotification.shown).to.deep.equal([]);
  });
});

describe('"Notify me of calls" in the device settings', () => {
  it('asks for permission on its click only, and goes once the user decided', async () => {
    const softPhone = mount(document.createElement('soft-phone'));
    await softPhone.updateComplete;
    const dialer = softPhone.shadowRoot!.querySelector('phone-dialer')!;
    await dialer.updateComplete;
    part<HTMLButtonElement>(dialer, 'settings-button')!.click();
    const notify = await waitFor(() => part<HTMLButtonElement>(dialer, 'notify-button'), { message: 'the notify button' });
    expect(notify.textContent!.trim()).to.equal('Notify me of calls');
    expect(FakeNotification.requests).to.equal(0);
    notify.click();
    await waitFor(() => !part(dialer, 'notify-button'), { message: 'the button to go' });
    expect(FakeNotification.requests).to.equal(1);
  });
});
