// Renders the consumer elements in the test browsers: outside a <soft-phone>, inside the
// default layout, and against a fake phone for calls no test server has to place.
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import { PhoneError } from '../../src/engine/phone-error.js';
import type { PhoneErrorDetail } from '../../src/events/phone-events.js';
import { formatDuration } from '../../src/components/shared/clock.js';
import { recordEvents } from '../helpers/events.js';
import { expectNoAxeViolations, FakeCall, FakePhone, mount, part, parts, party, unmountAll, withPhone } from '../helpers/fake-phone.js';
import { waitFor } from '../helpers/sip.js';

afterEach(unmountAll);

async function defaultDialer(phone: HTMLElementTagNameMap['soft-phone']) {
  await phone.updateComplete;
  const dialer = phone.shadowRoot!.querySelector('phone-dialer')!;
  await dialer.updateComplete;
  return dialer;
}

describe('outside a <soft-phone>', () => {
  it('the dialer says it has no phone and disables its controls', async () => {
    const dialer = mount(document.createElement('phone-dialer'));
    await dialer.updateComplete;
    expect(part(dialer, 'status')!.textContent).to.equal('Not connected to a phone');
    const controls = [part<HTMLInputElement>(dialer, 'number-input')!, part<HTMLButtonElement>(dialer, 'call-button')!, ...parts<HTMLButtonElement>(dialer, 'key')];
    expect(controls).to.have.length(14);
    expect(controls.every((control) => control.disabled)).to.equal(true);
  });

  it('the incoming and call lists render nothing and take no space', async () => {
    for (const tag of ['phone-incoming', 'phone-call'] as const) {
      const element = mount(document.createElement(tag));
      await element.updateComplete;
      expect(parts(element, 'incoming').length + parts(element, 'call').length).to.equal(0);
      expect(getComputedStyle(element).display, tag).to.equal('none');
    }
  });
});

describe('<phone-dialer> in a <soft-phone>', () => {
  it('renders in the default layout, enabled, with the connection state', async () => {
    const dialer = await defaultDialer(mount(document.createElement('soft-phone')));
    const input = part<HTMLInputElement>(dialer, 'number-input')!;
    expect(input.type).to.equal('tel');
    expect(input.labels?.[0]?.textContent).to.equal('Number to call');
    expect(input.disabled).to.equal(false);
    expect(part<HTMLButtonElement>(dialer, 'call-button')!.disabled).to.equal(false);
    expect(part(dialer, 'status')!.textContent).to.equal('Not connected');
    expect(parts(dialer, 'key').map((key) => key.getAttribute('aria-label'))).to.deep.equal([
      '1', '2 ABC', '3 DEF', '4 GHI', '5 JKL', '6 MNO', '7 PQRS', '8 TUV', '9 WXYZ', '*', '0 +', '#',
    ]);
  });

  it('appends the digit of each key pressed, keeping the focus in the field', async () => {
    const dialer = await defaultDialer(mount(document.createElement('soft-phone')));
    const input = part<HTMLInputElement>(dialer, 'number-input')!;
    input.focus();
    await sendKeys({ type: '0' });
    const keys = parts<HTMLButtonElement>(dialer, 'key');
    for (const digit of ['1', '2', '#']) keys.find((key) => key.textContent!.includes(digit))!.click();
    await dialer.updateComplete;
    expect(dialer.value).to.equal('012#');
    expect(input.value).to.equal('012#');
    expect(dialer.shadowRoot!.activeElement).to.equal(input);
  });

  it('has no axe violations', async () => {
    const dialer = await defaultDialer(mount(document.createElement('soft-phone')));
    await expectNoAxeViolations(dialer);
  });

  it('shows a refused target inline while the soft-phone fires phone-error', async () => {
    const phone = mount(Object.assign(document.createElement('soft-phone'), { server: 'ws://127.0.0.1:9', uri: 'sip:alice@example.test' }));
    const errors = recordEvents(phone, ['phone-error']);
    const dialer = await defaultDialer(phone);
    const input = part<HTMLInputElement>(dialer, 'number-input')!;
    input.focus();
    await sendKeys({ type: 'a<b' });
    await sendKeys({ press: 'Enter' });

    const { detail } = await errors.waitFor<PhoneErrorDetail>('phone-error');
    expect(detail.code).to.equal('invalid-target');
    const error = await waitFor(() => part(dialer, 'error'), { message: 'the inline error' });
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.equal(detail.message);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(dialer.value).to.equal('a<b');
    await expectNoAxeViolations(dialer);

    await sendKeys({ press: 'Backspace' });
    await dialer.updateComplete;
    expect(part(dialer, 'error')).to.equal(null);
    errors.stop();
  });
});

describe('<phone-dialer> status line', () => {
  it('tells the connection and registration state', async () => {
    const phone = new FakePhone();
    const [dialer] = await withPhone(phone, 'phone-dialer');
    const refused = (code: number) => ({ code, cause: '' });
    const cases: Array<[string, string, string, ReturnType<typeof refused> | null]> = [
      ['disconnected', 'unregistered', 'Not connected', null],
      ['connecting', 'unregistered', 'Connecting…', null],
      ['connected', 'registering', 'Registering…', null],
      ['connected', 'registered', 'Ready', null],
      ['connected', 'unregistered', 'Connected, not receiving calls', null],
      ['connecting', 'registered', 'Connecting…', null],
      ['connected', 'failed', 'Registration failed — check your credentials', refused(401)],
      ['connected', 'failed', 'Registration failed — check your credentials', refused(403)],
      ['connected', 'failed', 'Registration failed (500)', refused(500)],
      ['connected', 'failed', 'Registration failed — no answer from the server', refused(0)],
    ];
    const seen: Array<string | null> = [];
    for (const [connection, registration, , registrationFailure] of cases) {
      Object.assign(phone, { connection, registration, registrationFailure });
      phone.changed();
      await dialer!.updateComplete;
      seen.push(part(dialer!, 'status')!.textContent);
    }
    expect(seen).to.deep.equal(cases.map(([, , text]) => text));
  });
});

describe('<phone-incoming>', () => {
  it('shows a ringing caller as plain text, announces it, and answers or declines', async () => {
    const phone = new FakePhone();
    const [incoming] = await withPhone(phone, 'phone-incoming');
    const hostile = '<img src=x onerror="window.__pwned = true">';
    const call = new FakeCall('c1', 'incoming', party('+33123456789', hostile));
    phone.calls = [call];
    phone.changed();
    await incoming!.updateComplete;

    expect(getComputedStyle(incoming!).display).to.equal('block');
    expect(part(incoming!, 'caller-name')!.textContent).to.equal(hostile);
    expect(part(incoming!, 'caller-number')!.textContent).to.equal('+33123456789');
    expect(incoming!.shadowRoot!.querySelector('img')).to.equal(null);
    expect(part(incoming!, 'incoming')!.getAttribute('aria-label')).to.equal(`Incoming call from ${hostile}`);
    expect(incoming!.shadowRoot!.querySelector('[aria-live="assertive"]')!.textContent!.trim()).to.equal(`Incoming call from ${hostile}`);
    expect(part(incoming!, 'answer-button')!.getAttribute('aria-label')).to.equal(`Answer call from ${hostile}`);
    await expectNoAxeViolations(incoming!);

    call.failures.answer = new PhoneError('media-denied', 'Microphone refused', call.id);
    part(incoming!, 'answer-button')!.click();
    part(incoming!, 'decline-button')!.click();
    await new Promise((resolve) => setTimeout(resolve));
    expect(call.log).to.deep.equal(['answer', 'reject']);
  });

  it('moves the focus to Answer unless the user is typing', async () => {
    const phone = new FakePhone();
    const [incoming, dialer] = await withPhone(phone, 'phone-incoming', 'phone-dialer');
    const ring = async (call: FakeCall) => {
      phone.calls = [...phone.calls, call];
      phone.changed();
      await incoming!.updateComplete;
    };
    const field = part<HTMLInputElement>(dialer!, 'number-input')!;
    field.focus();
    await ring(new FakeCall('c1', 'incoming', party('bob')));
    expect(dialer!.shadowRoot!.activeElement).to.equal(field);

    field.blur();
    await ring(new FakeCall('c2', 'incoming', party('carol')));
    expect(incoming!.shadowRoot!.activeElement).to.equal(parts(incoming!, 'answer-button')[1]);
    // bob's card shows the user once: as the name.
    expect(parts(incoming!, 'caller-number').map((element) => element.textContent)).to.deep.equal([]);
  });
});

describe('<phone-call>', () => {
  it('lists calls in progress with state, duration and a named Hang up button', async () => {
    const phone = new FakePhone();
    const [list] = await withPhone(phone, 'phone-call');
    const bob = new FakeCall('c1', 'ringing', party('bob'));
    const carol = new FakeCall('c2', 'established', party('carol', 'Carol'), Date.now() - 65_000);
    phone.calls = [new FakeCall('c0', 'incoming', party('dave')), bob, carol];
    phone.changed();
    await list!.updateComplete;

    // The call being talked on comes first.
    const rows = parts(list!, 'call');
    expect(rows.map((row) => row.querySelector('[part~="remote"]')!.textContent)).to.deep.equal(['Carol', 'bob']);
    expect(rows.map((row) => row.querySelector('[part~="state"]')!.textContent)).to.deep.equal(['Connected', 'Ringing…']);
    expect(rows[1]!.querySelector('[part~="duration"]')).to.equal(null);
    const duration = rows[0]!.querySelector('[part~="duration"]')!;
    expect(duration.textContent).to.equal('1:05');
    expect(parts(list!, 'hangup-button').map((button) => button.getAttribute('aria-label'))).to.deep.equal([
      'Hang up call with Carol',
      'Hang up call with bob',
    ]);
    await expectNoAxeViolations(list!);

    await waitFor(() => duration.textContent === '1:06', { timeout: 2500, message: 'the duration to tick' });
    parts(list!, 'hangup-button')[0]!.click();
    expect([carol.log, bob.log]).to.deep.equal([['hangup'], []]);
  });

  it('ticks every duration on the page from one interval, and only while a call is answered', async () => {
    const realSetInterval = window.setInterval;
    const realClearInterval = window.clearInterval;
    let started = 0;
    let stopped = 0;
    window.setInterval = ((...args: Parameters<typeof setInterval>) => (started++, realSetInterval(...args))) as typeof setInterval;
    window.clearInterval = ((id?: number) => (stopped++, realClearInterval(id))) as typeof clearInterval;
    try {
      const phone = new FakePhone();
      const call = new FakeCall('c1', 'ringing', party('bob'));
      phone.calls = [call];
      const lists = await withPhone(phone, 'phone-call', 'phone-call');
      expect(started).to.equal(0);

      call.state = 'answered';
      call.answeredAt = Date.now();
      phone.changed();
      await Promise.all(lists.map((list) => list.updateComplete));
      expect(started).to.equal(1);

      phone.calls = [];
      phone.changed();
      await Promise.all(lists.map((list) => list.updateComplete));
      expect(stopped).to.equal(1);
    } finally {
      window.setInterval = realSetInterval;
      window.clearInterval = realClearInterval;
    }
  });

  it('formats durations like a phone', () => {
    expect([0, 9_999, 65_000, 3_599_000, 3_725_000].map(formatDuration)).to.deep.equal(['0:00', '0:09', '1:05', '59:59', '1:02:05']);
  });
});

describe('in the dark color scheme', () => {
  it('has no axe violations, contrast included', async () => {
    const phone = new FakePhone();
    phone.calls = [
      new FakeCall('c1', 'incoming', party('+33123456789', 'Dave')),
      new FakeCall('c2', 'established', party('carol', 'Carol'), Date.now()),
    ];
    const elements = await withPhone(phone, 'phone-dialer', 'phone-incoming', 'phone-call');
    elements[0]!.parentElement!.style.cssText = 'color-scheme: dark; background: #161b22; color: #e6edf3';
    expect(getComputedStyle(part(elements[0]!, 'number-input')!).backgroundColor).to.equal('rgb(13, 17, 23)');
    for (const element of elements) await expectNoAxeViolations(element);
  });
});
