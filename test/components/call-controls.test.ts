// The in-call controls of <phone-call> and the call-waiting card of <phone-incoming>,
// against a fake phone: what is shown and enabled in each state, and which engine
// method each control calls. Real calls are the end-to-end tests' business.
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import type { LitElement } from 'lit';
import '../../src/define.js';
import { PhoneError } from '../../src/engine/phone-error.js';
import { expectNoAxeViolations, FakeCall, FakePhone, part, parts, party, unmountAll, withPhone } from '../helpers/fake-phone.js';
import { waitFor } from '../helpers/sip.js';
import { recordTones } from '../helpers/tones.js';

const IN_CALL_BUTTONS = ['mute-button', 'hold-button', 'keypad-button', 'transfer-button'];

/** Rejections that escaped the elements: each one is a bug. */
const escaped: unknown[] = [];
const onUnhandled = (event: PromiseRejectionEvent) => escaped.push(event.reason);
before(() => window.addEventListener('unhandledrejection', onUnhandled));
after(() => window.removeEventListener('unhandledrejection', onUnhandled));
afterEach(async () => {
  unmountAll();
  // Rejections are reported a task after they happen.
  await new Promise((resolve) => setTimeout(resolve));
  expect(escaped.splice(0), 'unhandled rejections').to.deep.equal([]);
});

const settle = () => new Promise((resolve) => setTimeout(resolve));
const frames = (count: number) =>
  new Promise<void>((resolve) => {
    const next = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => next(left - 1)));
    next(count);
  });

function established(id: string, user: string, displayName = ''): FakeCall {
  return new FakeCall(id, 'established', party(user, displayName), Date.now());
}

/** A <phone-call> listing `calls`, and a function to re-render it after changing them. */
async function callList(...calls: FakeCall[]) {
  const phone = new FakePhone();
  phone.calls = calls;
  const [list] = await withPhone(phone, 'phone-call');
  const update = async () => {
    phone.changed();
    await list!.updateComplete;
  };
  return { phone, list: list!, update };
}

function row(list: Element, callId: string): HTMLElement {
  return list.shadowRoot!.querySelector<HTMLElement>(`[data-call="${callId}"]`)!;
}

function button(scope: Element | ParentNode, name: string): HTMLButtonElement {
  return scope.querySelector<HTMLButtonElement>(`[part~="${name}"]`)!;
}

/**
 * What has the focus in `host`'s shadow root, as "<call id> <part>" (the key's label
 * for a key): readable in a failure, where a DOM element would not be.
 */
function focused(host: Element): string | null {
  const element = host.shadowRoot!.activeElement;
  if (!element) return null;
  const call = element.closest<HTMLElement>('[data-call]')?.dataset.call;
  const name = element.getAttribute('part') === 'key' ? `key ${element.getAttribute('aria-label')}` : element.getAttribute('part');
  return [call, name].filter(Boolean).join(' ');
}

function keys(floating: HTMLElement): HTMLButtonElement[] {
  return [...floating.querySelectorAll<HTMLButtonElement>('[part~="key"]')];
}

function enabled(scope: ParentNode, names: string[]): Record<string, boolean> {
  return Object.fromEntries(names.map((name) => [name, !button(scope, name).disabled]));
}

function popover(list: Element): HTMLElement | null {
  return part(list, 'popover');
}

describe('<phone-call> controls', () => {
  it('are disabled until the call is answered, and while a hold, resume or transfer is under way', async () => {
    const call = new FakeCall('c1', 'ringing', party('bob'));
    const { list, update } = await callList(call);
    const names = [...IN_CALL_BUTTONS, 'hangup-button'];
    const seen: Array<Record<string, boolean>> = [enabled(list.shadowRoot!, names)];

    Object.assign(call, { state: 'established', answeredAt: Date.now() });
    await update();
    seen.push(enabled(list.shadowRoot!, names));

    call.busy = true;
    await update();
    seen.push(enabled(list.shadowRoot!, names));

    Object.assign(call, { busy: false, transferring: true });
    await update();
    seen.push(enabled(list.shadowRoot!, names));
    expect(part(list, 'state')!.textContent).to.equal('Transferring…');

    const all = (on: boolean) => Object.fromEntries(IN_CALL_BUTTONS.map((name) => [name, on]));
    expect(seen).to.deep.equal([
      { ...all(false), 'hangup-button': true },
      { ...all(true), 'hangup-button': true },
      { ...all(true), 'hold-button': false, 'transfer-button': false, 'hangup-button': true },
      { ...all(false), 'hangup-button': true },
    ]);
  });

  it('name every button after the call, and press the toggles as the call is muted and held', async () => {
    const call = established('c1', 'bob', 'Bob');
    const { list, update } = await callList(call);
    const mute = part<HTMLButtonElement>(list, 'mute-button')!;
    const hold = part<HTMLButtonElement>(list, 'hold-button')!;
    expect(parts(list, 'controls')[0]!.querySelectorAll('button')).to.have.length(7);
    expect(
      [mute, hold, part(list, 'keypad-button')!, part(list, 'transfer-button')!, part(list, 'add-participant-button')!, part(list, 'record-button')!, part(list, 'hangup-button')!].map((b) => [
        b.getAttribute('aria-label'),
        b.textContent!.trim(),
      ]),
    ).to.deep.equal([
      ['Mute call with Bob', 'Mute'],
      ['Hold call with Bob', 'Hold'],
      ['Keypad for call with Bob', 'Keypad'],
      ['Transfer call with Bob', 'Transfer'],
      ['Add participant to call with Bob', 'Add'],
      ['Record call with Bob', 'Record'],
      ['Hang up call with Bob', 'Hang up'],
    ]);
    expect([mute.getAttribute('aria-pressed'), hold.getAttribute('aria-pressed')]).to.deep.equal(['false', 'false']);
    expect(part(list, 'muted')).to.equal(null);

    Object.assign(call, { muted: true, heldBy: 'local' });
    await update();
    expect([mute.getAttribute('aria-pressed'), hold.getAttribute('aria-pressed')]).to.deep.equal(['true', 'true']);
    expect([hold.getAttribute('aria-label'), hold.textContent!.trim()]).to.deep.equal(['Resume call with Bob', 'Resume']);
    expect(part(list, 'state')!.textContent).to.equal('On hold');
    expect(part(list, 'muted')!.textContent).to.equal('Muted');
    await expectNoAxeViolations(list);

    // Held by the other side only: our Hold still applies and is not pressed.
    call.heldBy = 'remote';
    await update();
    expect(part(list, 'state')!.textContent).to.equal('On hold by the other party');
    expect([hold.getAttribute('aria-pressed'), hold.textContent!.trim(), hold.disabled]).to.deep.equal(['false', 'Hold', false]);
  });

  it('call mute, unmute, hold and resume, and keep refusals from escaping', async () => {
    const call = established('c1', 'bob');
    const { list, update } = await callList(call);
    part(list, 'mute-button')!.click();
    part(list, 'hold-button')!.click();
    Object.assign(call, { muted: true, heldBy: 'local' });
    await update();
    call.failures.resume = new PhoneError('invalid-state', 'Cannot resume', call.id);
    call.failures.unmute = new PhoneError('invalid-state', 'Cannot unmute', call.id);
    part(list, 'mute-button')!.click();
    part(list, 'hold-button')!.click();
    await settle();
    expect(call.log).to.deep.equal(['mute', 'hold', 'unmute', 'resume']);
  });

  it('record from the toggle, show "Recording m:ss" while recording, and disable it where the engine says it cannot', async () => {
    const call = established('c1', 'bob', 'Bob');
    const { list, update } = await callList(call);
    const record = part<HTMLButtonElement>(list, 'record-button')!;
    expect([record.getAttribute('aria-pressed'), record.disabled]).to.deep.equal(['false', false]);
    expect(part(list, 'recording')).to.equal(null);
    record.click();
    Object.assign(call, { recording: true, recordingSince: Date.now() - 42_000 });
    await update();
    expect([record.getAttribute('aria-pressed'), record.disabled]).to.deep.equal(['true', false]);
    expect(part(list, 'recording')!.textContent!.trim()).to.equal('Recording 0:42');
    await expectNoAxeViolations(list);
    record.click();
    Object.assign(call, { recording: false, recordingSince: null, canRecord: false });
    await update();
    expect([record.getAttribute('aria-pressed'), record.disabled]).to.deep.equal(['false', true]);
    expect(part(list, 'recording')).to.equal(null);
    await settle();
    expect(call.log).to.deep.equal(['startRecording', 'stopRecording']);
  });

  it('list every call, the one being talked on first, and swap with Resume', async () => {
    const bob = established('c1', 'bob');
    const carol = established('c2', 'carol');
    const dave = new FakeCall('c3', 'trying', party('dave'));
    bob.heldBy = 'local';
    // Oldest first: carol, dave, bob. Lit moves bob's row itself when it goes first.
    const { list, update } = await callList(carol, dave, bob);
    const order = () => parts(list, 'call').map((li) => li.dataset.call);
    expect(order()).to.deep.equal(['c2', 'c3', 'c1']);
    expect(parts(list, 'active').map((li) => li.dataset.call)).to.deep.equal(['c2']);
    expect(parts(list, 'hold-button').map((b) => b.getAttribute('aria-pressed'))).to.deep.equal(['false', 'false', 'true']);

    const resumeBob = button(row(list, 'c1'), 'hold-button');
    resumeBob.focus();
    resumeBob.click();
    expect(bob.log).to.deep.equal(['resume']);
    // The phone holds carol itself; bob's row moves up and keeps the focus.
    Object.assign(bob, { heldBy: null });
    Object.assign(carol, { heldBy: 'local' });
    await update();
    expect(order()).to.deep.equal(['c1', 'c2', 'c3']);
    expect(focused(list)).to.equal('c1 hold-button');
    expect(carol.log).to.deep.equal([]);
  });

  it('label a consultation call and offer Complete transfer once it is answered', async () => {
    const bob = established('c1', 'bob', 'Bob');
    const carol = new FakeCall('c2', 'ringing', party('carol', 'Carol'));
    Object.assign(bob, { heldBy: 'local', consultation: carol });
    carol.consultingFor = bob;
    const { list, update } = await callList(bob, carol);
    expect(row(list, 'c2').querySelector('[part~="consultation"]')!.textContent).to.equal('Consultation for Bob');
    expect(row(list, 'c1').querySelector('[part~="consultation"]')).to.equal(null);
    expect(part(list, 'complete-transfer-button')).to.equal(null);
    expect(button(row(list, 'c1'), 'transfer-button').disabled).to.equal(true);

    Object.assign(carol, { state: 'established', answeredAt: Date.now() });
    await update();
    const complete = button(row(list, 'c1'), 'complete-transfer-button');
    expect(complete.getAttribute('aria-label')).to.equal('Complete transfer of Bob to Carol');
    expect(parts(list, 'complete-transfer-button')).to.have.length(1);
    await expectNoAxeViolations(list);

    bob.failures.completeTransfer = new PhoneError('transfer-failed', 'The transfer failed', bob.id);
    complete.click();
    await settle();
    expect(bob.log).to.deep.equal(['completeTransfer']);

    bob.transferring = true;
    await update();
    expect(complete.disabled).to.equal(true);
  });
});

describe('<phone-call> keypad popover', () => {
  async function openKeypad() {
    const call = established('c1', 'bob', 'Bob');
    const { list, update } = await callList(call);
    const anchor = part<HTMLButtonElement>(list, 'keypad-button')!;
    anchor.focus();
    anchor.click();
    await list.updateComplete;
    return { call, list, update, anchor, floating: popover(list)! };
  }

  it('opens next to its button, in the top layer, with the focus inside', async () => {
    const { list, anchor, floating } = await openKeypad();
    expect(floating.matches(':popover-open')).to.equal(true);
    expect(floating.getAttribute('role')).to.equal('dialog');
    expect(floating.getAttribute('aria-label')).to.equal('Keypad for call with Bob');
    expect([anchor.getAttribute('aria-expanded'), anchor.getAttribute('aria-controls')]).to.deep.equal(['true', floating.id]);
    expect(focused(list)).to.equal('c1 key 1');
    expect(keys(floating)).to.have.length(12);

    // Floating UI positions it on the next microtasks: below the button (or above when
    // there is no room), overlapping it horizontally.
    await waitFor(() => floating.style.top !== '', { message: 'the popover to be positioned' });
    const a = anchor.getBoundingClientRect();
    const f = floating.getBoundingClientRect();
    const gap = f.top >= a.bottom ? f.top - a.bottom : a.top - f.bottom;
    expect(gap, 'vertical gap').to.be.within(0, 12);
    expect(f.right > a.left && f.left < a.right, 'horizontal overlap').to.equal(true);
    expect(f.left >= 0 && f.right <= innerWidth, 'inside the viewport').to.equal(true);
    await expectNoAxeViolations(list);
  });

  it('sends each key pressed or typed as DTMF, with a local tone', async () => {
    const tones = recordTones();
    try {
      const { call, floating } = await openKeypad();
      keys(floating).find((key) => key.textContent!.includes('5'))!.click();
      await sendKeys({ type: '7#a' });
      await sendKeys({ press: 'Enter' }); // presses the focused key, "1"
      await settle();
      expect(call.log).to.deep.equal(['sendDTMF:5', 'sendDTMF:7', 'sendDTMF:#', 'sendDTMF:1']);
      // 5 is 770 + 1336 Hz, 7 is 852 + 1209, # is 941 + 1477, 1 is 697 + 1209.
      expect(tones.frequencies()).to.deep.equal([770, 1336, 852, 1209, 941, 1477, 697, 1209]);
    } finally {
      tones.stop();
    }
  });

  it('keeps a refused DTMF send from escaping', async () => {
    const { call, floating } = await openKeypad();
    call.failures.sendDTMF = new PhoneError('invalid-state', 'Cannot send DTMF', call.id);
    keys(floating)[0]!.click();
    await settle();
    expect(call.log).to.deep.equal(['sendDTMF:1']);
  });

  it('closes on Escape and gives the focus back to its button', async () => {
    const { list, anchor, floating } = await openKeypad();
    await sendKeys({ press: 'Escape' });
    await list.updateComplete;
    expect(popover(list)).to.equal(null);
    expect(floating.matches(':popover-open')).to.equal(false);
    expect(focused(list)).to.equal('c1 keypad-button');
    expect([anchor.getAttribute('aria-expanded'), anchor.hasAttribute('aria-controls')]).to.deep.equal(['false', false]);
  });

  it('closes on a press outside it, and when its button is pressed again', async () => {
    const { list, anchor } = await openKeypad();
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await list.updateComplete;
    expect(popover(list)).to.equal(null);

    anchor.click();
    await list.updateComplete;
    expect(popover(list)).not.to.equal(null);
    anchor.click();
    await list.updateComplete;
    expect(popover(list)).to.equal(null);
  });

  it('closes when its call can no longer use it', async () => {
    const { call, list, update } = await openKeypad();
    call.transferring = true;
    await update();
    expect(popover(list)).to.equal(null);
  });

  describe('stops positioning (autoUpdate cleanup) once closed', () => {
    /** Counts the anchor's measurements: Floating UI measures it on every position update. */
    function countMeasurements(anchor: HTMLElement) {
      let count = 0;
      const measure = anchor.getBoundingClientRect.bind(anchor);
      anchor.getBoundingClientRect = () => {
        count++;
        return measure();
      };
      /** The measurements since the last call. */
      const take = () => {
        const taken = count;
        count = 0;
        return taken;
      };
      return { take };
    }
    async function provoke(): Promise<void> {
      window.dispatchEvent(new Event('resize'));
      window.dispatchEvent(new Event('scroll'));
      await frames(2);
      await settle();
    }

    it('on Escape', async () => {
      const { anchor } = await openKeypad();
      const measurements = countMeasurements(anchor);
      await provoke();
      expect(measurements.take(), 'updates while open').to.be.greaterThan(0);
      await sendKeys({ press: 'Escape' });
      measurements.take();
      await provoke();
      expect(measurements.take(), 'updates once closed').to.equal(0);
    });

    it('when the element leaves the page', async () => {
      const { list, anchor } = await openKeypad();
      const measurements = countMeasurements(anchor);
      await provoke();
      expect(measurements.take(), 'updates while open').to.be.greaterThan(0);
      list.parentElement!.remove();
      measurements.take();
      await provoke();
      expect(measurements.take(), 'updates once removed').to.equal(0);
      await list.updateComplete;
      expect(popover(list), 'the popover is closed').to.equal(null);
    });
  });
});

describe('<phone-call> transfer popover', () => {
  async function openTransfer(...others: FakeCall[]) {
    const call = established('c1', 'bob', 'Bob');
    const { phone, list, update } = await callList(call, ...others);
    const anchor = part<HTMLButtonElement>(list, 'transfer-button')!;
    anchor.click();
    await list.updateComplete;
    return { call, phone, list, update, anchor, floating: popover(list)! };
  }

  it('has a labelled field that takes the focus, and transfers to what was typed', async () => {
    const { call, list, floating } = await openTransfer();
    const input = part<HTMLInputElement>(list, 'transfer-input')!;
    expect(floating.getAttribute('aria-label')).to.equal('Transfer call with Bob');
    expect(input.labels?.[0]?.textContent).to.equal('Transfer to');
    expect(focused(list)).to.equal('c1 transfer-input');
    await expectNoAxeViolations(list);

    await sendKeys({ type: 'carol' });
    part(list, 'transfer-now-button')!.click();
    await sendKeys({ press: 'Enter' });
    await settle();
    expect(call.log).to.deep.equal(['transfer:carol', 'transfer:carol']);
  });

  it('shows a refused transfer inline until the next edit', async () => {
    const { call, list } = await openTransfer();
    const message = 'The transfer to sip:carol@example.test failed: the far end refused it (403 Forbidden)';
    call.failures.transfer = new PhoneError('transfer-failed', message, call.id);
    await sendKeys({ type: 'carol' });
    await sendKeys({ press: 'Enter' });
    const error = await waitFor(() => part(list, 'transfer-error'), { message: 'the inline error' });
    expect([error.getAttribute('role'), error.textContent]).to.deep.equal(['alert', message]);
    const input = part<HTMLInputElement>(list, 'transfer-input')!;
    expect([input.getAttribute('aria-invalid'), input.getAttribute('aria-describedby')]).to.deep.equal(['true', error.id]);
    expect(popover(list)).not.to.equal(null);
    await expectNoAxeViolations(list);

    await sendKeys({ press: 'Backspace' });
    await list.updateComplete;
    expect(part(list, 'transfer-error')).to.equal(null);
  });

  it('consults first: places the consultation, closes, and moves the focus to it', async () => {
    const carol = new FakeCall('c2', 'trying', party('carol', 'Carol'));
    const { call, phone, list, update } = await openTransfer();
    call.consultationToPlace = carol;
    await sendKeys({ type: 'carol' });
    part(list, 'consult-button')!.focus();
    part(list, 'consult-button')!.click();
    // What the phone does meanwhile: hold bob, list the consultation.
    Object.assign(call, { heldBy: 'local', consultation: carol });
    carol.consultingFor = call;
    phone.calls = [call, carol];
    await settle();
    await update();
    expect(call.log).to.deep.equal(['attendedTransfer:carol']);
    expect(popover(list)).to.equal(null);
    expect(focused(list)).to.equal('c2 hangup-button');
  });

  it('has no axe violations in the dark color scheme, contrast included, with toggles pressed', async () => {
    const { call, list, update } = await openTransfer();
    list.parentElement!.style.cssText = 'color-scheme: dark; background: #161b22; color: #e6edf3';
    Object.assign(call, { muted: true, heldBy: 'local' });
    call.failures.transfer = new PhoneError('transfer-failed', 'The transfer failed', call.id);
    await update();
    await sendKeys({ press: 'Enter' });
    await waitFor(() => part(list, 'transfer-error'), { message: 'the inline error' });
    await expectNoAxeViolations(list);
  });

  it('keeps a refused consultation open with its error', async () => {
    const { call, list } = await openTransfer();
    call.failures.attendedTransfer = new PhoneError('invalid-target', 'Not a valid target', call.id);
    part(list, 'consult-button')!.click();
    const error = await waitFor(() => part(list, 'transfer-error'), { message: 'the inline error' });
    expect(error.textContent).to.equal('Not a valid target');
  });
});

describe('<phone-incoming> call waiting', () => {
  /** An answered call with bob, and carol ringing after it. */
  async function waiting(...tags: string[]) {
    const phone = new FakePhone();
    const bob = established('c1', 'bob', 'Bob');
    const carol = new FakeCall('c2', 'incoming', party('carol', 'Carol'));
    phone.calls = [bob];
    const elements = await withPhone<LitElement>(phone, ...tags);
    phone.calls = [bob, carol];
    phone.changed();
    await Promise.all(elements.map((element) => element.updateComplete));
    return { phone, bob, carol, elements };
  }

  it('offers Answer and Decline while no other call is answered', async () => {
    const phone = new FakePhone();
    phone.calls = [new FakeCall('c1', 'ringing', party('bob')), new FakeCall('c2', 'incoming', party('carol'))];
    const [incoming] = await withPhone(phone, 'phone-incoming');
    const actions = parts(incoming!, 'incoming')[0]!.querySelectorAll('button');
    expect([...actions].map((b) => b.getAttribute('part'))).to.deep.equal(['answer-button', 'decline-button']);
  });

  it('offers Hold & answer, End & answer and Decline while another call is answered', async () => {
    const { elements } = await waiting('phone-incoming');
    const incoming = elements[0]!;
    const actions = [...part(incoming, 'incoming')!.querySelectorAll('button')];
    expect(actions.map((b) => [b.getAttribute('part'), b.textContent!.trim(), b.getAttribute('aria-label')])).to.deep.equal([
      ['hold-answer-button', 'Hold & answer', 'Hold & answer call from Carol'],
      ['end-answer-button', 'End & answer', 'End & answer call from Carol'],
      ['decline-button', 'Decline', 'Decline call from Carol'],
    ]);
    expect(part(incoming, 'incoming')!.getAttribute('aria-label')).to.equal('Call waiting from Carol');
    // The user is on a call: the waiting call does not take their keystrokes.
    expect(focused(incoming)).to.equal(null);
    await expectNoAxeViolations(incoming);
  });

  it('answers (the phone holds the others), ends the others and answers, or declines', async () => {
    const { bob, carol, elements } = await waiting('phone-incoming');
    const incoming = elements[0]!;
    part(incoming, 'hold-answer-button')!.click();
    await settle();
    expect([bob.log, carol.log]).to.deep.equal([[], ['answer']]);

    carol.failures.answer = new PhoneError('media-denied', 'Microphone refused', carol.id);
    part(incoming, 'end-answer-button')!.click();
    part(incoming, 'decline-button')!.click();
    await settle();
    expect([bob.log, carol.log]).to.deep.equal([['hangup'], ['answer', 'answer', 'reject']]);
  });

  it('shows no card for a call the phone answers by itself (a replacement)', async () => {
    const phone = new FakePhone();
    phone.calls = [established('c1', 'bob'), new FakeCall('c2', 'answering', party('carol'))];
    const [incoming] = await withPhone(phone, 'phone-incoming');
    expect(parts(incoming!, 'incoming')).to.deep.equal([]);
    expect(getComputedStyle(incoming!).display).to.equal('none');
  });
});
