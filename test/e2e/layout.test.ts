// Issue 15: the call-first default layout of <soft-phone>, over real calls (real JsSIP,
// real Kamailio, fake media): what is at the top in each state, that every common state
// fits a 320 × 480 sidebar without scrolling and is axe-clean, the New call fold, the
// call-waiting banner, the Tab count to Hang up, the opt-in shortcuts and compact tooltips.
import { expect } from '@esm-bundle/chai';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { PhoneCall } from '../../src/engine/phone-call.js';
import { expectNoAxeViolations } from '../helpers/fake-phone.js';
import { connect, control, mountPhone, part, unmountAll, type TestPhone } from '../helpers/phones.js';
import { waitFor } from '../helpers/sip.js';

const boxes: HTMLElement[] = [];
afterEach(async () => {
  await unmountAll();
  boxes.splice(0).forEach((box) => box.remove());
});

/** A 320 × 480 CRM sidebar that scrolls if its content overflows. */
function sidebar(): HTMLElement {
  const box = document.createElement('div');
  box.style.cssText = 'inline-size: 320px; block-size: 480px; overflow: auto; box-sizing: border-box;';
  document.body.append(box);
  boxes.push(box);
  return box;
}

/** A part of the soft-phone's own shadow root (the layout, not an inner element). */
function own<E extends Element = HTMLElement>(phone: TestPhone, name: string): E | null {
  return phone.el.shadowRoot!.querySelector<E>(`[part~="${name}"]`);
}

/** The state fits the box with no scrolling, and has no axe violations. */
async function fitsAndIsClean(phone: TestPhone, box: HTMLElement, state: string): Promise<void> {
  await phone.el.updateComplete;
  // Let the inner elements render what the phone just did.
  await new Promise((resolve) => requestAnimationFrame(resolve));
  expect(box.scrollHeight, `${state}: content height within the 480 px box`).to.be.at.most(box.clientHeight);
  expect(box.scrollWidth, `${state}: no horizontal scroll`).to.be.at.most(box.clientWidth);
  await expectNoAxeViolations(phone.el);
}

/** Whether the dialer and its tabs are on screen. */
function dialerShown(phone: TestPhone): boolean {
  return own(phone, 'dialer-panel')!.checkVisibility();
}

function top(element: Element): number {
  return element.getBoundingClientRect().top;
}

/** The focused element, looking through shadow roots. */
function deepFocus(): Element | null {
  let focused = document.activeElement;
  while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
  return focused;
}

function ringingAt(phone: TestPhone): Promise<PhoneCall> {
  return waitFor(() => phone.el.calls.find((call) => call.state === 'incoming'), { message: `${phone.user} to ring` });
}

async function chord(code: string): Promise<void> {
  await sendKeys({ down: 'Alt' });
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: code });
  await sendKeys({ up: 'Shift' });
  await sendKeys({ up: 'Alt' });
}

describe('<soft-phone> call-first default layout (real calls)', () => {
  it('fits 320 × 480 without scrolling and is axe-clean in every common state; the ringing call is on top', async function () {
    this.timeout(60_000);
    const box = sidebar();
    const host = await mountPhone('host', { displayName: 'Host Agent', parent: box });
    const [bob, carol, dave] = await Promise.all(['bob', 'carol', 'dave'].map((name) => mountPhone(name)));

    // Idle: the chip says who we are and that we are ready, in words; the dialer is there.
    const chip = own(host, 'status-chip')!;
    await waitFor(() => chip.classList.contains('ready'), { message: 'the chip ready' });
    expect(own(host, 'status-text')!.textContent!.trim()).to.equal('Ready');
    expect(own(host, 'identity')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(`Host Agent ${host.user}`);
    expect(dialerShown(host), 'the dialer, idle').to.equal(true);
    expect(own(host, 'new-call-button'), 'no New call button without a call').to.equal(null);
    await fitsAndIsClean(host, box, 'idle');

    // Ringing: the card is at the top, under the chip, above the New call button; the dialer folds.
    const fromDave = await dave.el.call(host.user);
    await ringingAt(host);
    const card = await control(host, 'phone-incoming', 'incoming');
    const newCall = own(host, 'new-call-button')!;
    expect(top(card), 'the card above New call').to.be.below(top(newCall));
    // Nothing between the chip and the incoming calls (whose own "Click to enable sound" may precede the card).
    const incoming = host.el.shadowRoot!.querySelector('phone-incoming')!;
    expect(top(incoming) - chip.getBoundingClientRect().bottom, 'the incoming calls right under the chip').to.be.at.most(12);
    expect(dialerShown(host), 'the dialer folded while a call rings').to.equal(false);
    await fitsAndIsClean(host, box, 'ringing');
    (await control<HTMLButtonElement>(host, 'phone-incoming', 'decline-button')).click();
    await waitFor(() => fromDave.state === 'ended' && host.el.calls.length === 0, { message: "Dave's call declined" });
    await waitFor(() => dialerShown(host), { message: 'the dialer back with no call' });

    // Outgoing, ringing at Bob.
    const toBob = await host.el.call(bob.user);
    const atBob = await ringingAt(bob);
    await waitFor(() => toBob.state === 'ringing', { message: 'ringing at Bob' });
    await fitsAndIsClean(host, box, 'outgoing');

    // In a call.
    await atBob.answer();
    await waitFor(() => toBob.state === 'established', { message: 'host–Bob established' });
    await fitsAndIsClean(host, box, 'in a call');

    // Call waiting: a banner above the call, not the big card.
    const fromCarol = await carol.el.call(host.user);
    await ringingAt(host);
    const banner = await control(host, 'phone-incoming', 'call-waiting');
    expect(top(banner), 'the banner above the call').to.be.below(top((await control(host, 'phone-call', 'call'))));
    await fitsAndIsClean(host, box, 'call waiting');

    // Two calls: Answer in the banner holds Bob.
    (await control<HTMLButtonElement>(host, 'phone-incoming', 'hold-answer-button')).click();
    await waitFor(() => toBob.heldBy === 'local' && fromCarol.state === 'established', { message: 'Bob held, Carol answered' });
    await control(host, 'phone-call', 'merge-button');
    await fitsAndIsClean(host, box, 'two calls');

    // A conference of three people: us, Bob and Carol.
    (await control<HTMLButtonElement>(host, 'phone-call', 'merge-button')).click();
    await waitFor(() => host.el.conferences[0]?.participants.length === 2 && !toBob.held, { message: 'the conference of three', timeout: 10_000 });
    await control(host, 'phone-call', 'conference');
    await fitsAndIsClean(host, box, 'conference of three');
  });

  it('folds the dialer into New call, which unfolds it mid-call to place a second call; Hang up is within 6 Tabs', async function () {
    this.timeout(30_000);
    const host = await mountPhone('host');
    const [bob, carol] = await Promise.all(['bob', 'carol'].map((name) => mountPhone(name)));
    // Something to start from just before the phone, as a page's last link would be.
    const before = document.createElement('button');
    before.textContent = 'before';
    host.el.before(before);

    const { callerCall: toBob } = await connect(host, bob);
    const newCall = await waitFor(() => own<HTMLButtonElement>(host, 'new-call-button'), { message: 'New call' });
    expect(dialerShown(host), 'folded in a call').to.equal(false);
    expect(newCall.getAttribute('aria-expanded')).to.equal('false');
    expect(newCall.getAttribute('aria-controls')).to.equal(own(host, 'dialer-panel')!.id);

    // Keyboard: from just before the phone, Tab presses until Hang up has the focus.
    const hangup = await control(host, 'phone-call', 'hangup-button');
    before.focus();
    let presses = 0;
    while (deepFocus() !== hangup && presses < 20) {
      await sendKeys({ press: 'Tab' });
      presses += 1;
    }
    expect(deepFocus() === hangup, 'Hang up reached by Tab').to.equal(true);
    expect(presses, 'Tab presses to Hang up').to.be.at.most(6);

    // New call unfolds the dialer, the focus in its field; a second call from it holds Bob.
    newCall.click();
    await waitFor(() => dialerShown(host), { message: 'the dialer unfolded' });
    expect(newCall.getAttribute('aria-expanded')).to.equal('true');
    const input = await control<HTMLInputElement>(host, 'phone-dialer', 'number-input');
    await waitFor(() => deepFocus() === input, { message: 'the focus in the number field' });
    await sendKeys({ type: carol.user });
    await sendKeys({ press: 'Enter' });
    const atCarol = await ringingAt(carol);
    await atCarol.answer();
    await waitFor(() => toBob.heldBy === 'local' && host.el.calls.length === 2 && host.el.calls.every((call) => call.answeredAt !== null), {
      message: 'Bob held, Carol answered',
    });
    expect(dialerShown(host), 'folded again once the call was placed').to.equal(false);
    expect(newCall.getAttribute('aria-expanded')).to.equal('false');
  });

  it('the call-waiting banner declines without touching the call in progress', async function () {
    this.timeout(30_000);
    const host = await mountPhone('host');
    const [bob, carol] = await Promise.all(['bob', 'carol'].map((name) => mountPhone(name)));
    const { callerCall: toBob } = await connect(host, bob);
    const fromCarol = await carol.el.call(host.user);
    await ringingAt(host);
    const banner = await control(host, 'phone-incoming', 'call-waiting');
    banner.querySelector<HTMLButtonElement>('[part~="decline-button"]')!.click();
    await waitFor(() => fromCarol.state === 'ended', { message: "Carol's call declined" });
    expect([toBob.state, toBob.held], 'Bob still on, not held').to.deep.equal(['established', false]);
    expect(part(host, 'phone-incoming', 'incoming'), 'the banner gone').to.equal(null);
  });

  it('shortcuts answer, mute, hold and hang up, never while typing in a field; compact tooltips show on focus', async function () {
    this.timeout(30_000);
    const host = await mountPhone('host', { attributes: { shortcuts: '', compact: '' } });
    const bob = await mountPhone('bob');
    const field = document.createElement('input');
    field.setAttribute('aria-label', 'notes');
    document.body.append(field);
    boxes.push(field);

    // Compact, idle: the Call button shows its icon only, keeps its name, and a tooltip on keyboard focus.
    const callButton = await control<HTMLButtonElement>(host, 'phone-dialer', 'call-button');
    const label = callButton.querySelector('.label')!;
    expect(label.getBoundingClientRect().width, 'the label hidden visually').to.be.at.most(1);
    expect(callButton.textContent!.trim(), 'the name stays').to.equal('Call');
    callButton.focus();
    const tip = await control(host, 'phone-dialer', 'tooltip');
    await waitFor(() => tip.matches(':popover-open') && tip.textContent === 'Call', { message: 'the Call tooltip' });
    await waitFor(() => tip.getBoundingClientRect().bottom <= callButton.getBoundingClientRect().top + 1, { message: 'the tooltip above its button' });
    callButton.blur();
    await waitFor(() => !tip.matches(':popover-open'), { message: 'the tooltip hidden on blur' });
    // And on hover.
    const { left, top: y, width, height } = callButton.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(left + width / 2), Math.round(y + height / 2)] });
    await waitFor(() => tip.matches(':popover-open') && tip.textContent === 'Call', { message: 'the Call tooltip on hover' });
    await sendMouse({ type: 'move', position: [2, 2] }); // the page's margin, over no button
    await waitFor(() => !tip.matches(':popover-open'), { message: 'the tooltip hidden when the pointer leaves' });
    await resetMouse();

    const fromBob = await bob.el.call(host.user);
    const ringing = await ringingAt(host);
    // Typing in a field: Alt+Shift+A is left to the field.
    field.focus();
    await chord('KeyA');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ringing.state, 'not answered while typing').to.equal('incoming');
    field.blur();
    (document.activeElement as HTMLElement | null)?.blur();

    await chord('KeyA');
    await waitFor(() => ringing.state === 'established' && fromBob.state === 'established', { message: 'answered by Alt+Shift+A' });
    await chord('KeyM');
    await waitFor(() => ringing.muted, { message: 'muted by Alt+Shift+M' });
    await chord('KeyM');
    await waitFor(() => !ringing.muted, { message: 'unmuted by Alt+Shift+M' });
    await chord('KeyH');
    await waitFor(() => ringing.heldBy === 'local', { message: 'held by Alt+Shift+H' });
    await chord('KeyH');
    await waitFor(() => ringing.heldBy === null && !ringing.busy, { message: 'resumed by Alt+Shift+H' });

    // Compact, in a call: Hang up's tooltip on keyboard focus, its name intact.
    const hangup = await control<HTMLButtonElement>(host, 'phone-call', 'hangup-button');
    expect(hangup.getAttribute('aria-label')).to.equal(`Hang up call with ${bob.user}`);
    hangup.focus();
    const callTip = await control(host, 'phone-call', 'tooltip');
    await waitFor(() => callTip.matches(':popover-open') && callTip.textContent === 'Hang up', { message: 'the Hang up tooltip' });
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !callTip.matches(':popover-open'), { message: 'Escape hides the tooltip' });
    await expectNoAxeViolations(host.el);

    field.focus();
    await chord('KeyE');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ringing.state, 'not hung up while typing').to.equal('established');
    field.blur();
    await chord('KeyE');
    await waitFor(() => ringing.state === 'ended' && fromBob.state === 'ended', { message: 'hung up by Alt+Shift+E' });
  });

  it('shows a reconnecting banner and the chip in words while the server cannot be reached', async () => {
    const box = sidebar();
    const phone = document.createElement('soft-phone');
    Object.assign(phone, { server: 'ws://127.0.0.1:9', uri: 'sip:nobody@example.test' });
    box.append(phone);
    const banner = await waitFor(() => phone.shadowRoot!.querySelector('[part~="reconnecting-banner"]'), { message: 'the banner', timeout: 10_000 });
    expect(banner.getAttribute('role')).to.equal('alert');
    expect(banner.textContent!.replace(/\s+/g, ' ').trim()).to.match(/^Connection lost\. Reconnecting… attempt \d+ Reconnect now$/);
    const chip = phone.shadowRoot!.querySelector('[part~="status-chip"]')!;
    expect(chip.querySelector('[part~="status-text"]')!.textContent!.trim()).to.match(/^(Reconnecting… attempt \d+|Connecting…)$/);
    expect(chip.classList.contains('ready')).to.equal(false);
    await expectNoAxeViolations(phone);
    phone.remove();
  });

  it('makes the dial keypad one Tab stop with arrow keys inside', async () => {
    const phone = document.createElement('soft-phone');
    document.body.append(phone);
    boxes.push(phone);
    await phone.updateComplete;
    const dialer = phone.shadowRoot!.querySelector('phone-dialer')!;
    await dialer.updateComplete;
    const label = () => dialer.shadowRoot!.activeElement?.getAttribute('aria-label') ?? dialer.shadowRoot!.activeElement?.getAttribute('part');
    dialer.shadowRoot!.querySelector<HTMLInputElement>('[part~="number-input"]')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(label(), 'Tab from the field enters the keypad at its first key').to.equal('1');
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowDown' });
    expect(label()).to.equal('5 JKL');
    await sendKeys({ press: 'End' });
    expect(label()).to.equal('6 MNO');
    await sendKeys({ press: 'Tab' });
    expect(label(), 'one Tab leaves the keypad').to.equal('call-button');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(label(), 'Shift+Tab comes back to the key last moved to').to.equal('6 MNO');
  });

  it('uses its children as the layout instead, and the default one again without them', async () => {
    const phone = document.createElement('soft-phone');
    const dialer = document.createElement('phone-dialer');
    phone.append(dialer);
    document.body.append(phone);
    boxes.push(phone);
    await phone.updateComplete;
    await dialer.updateComplete;
    expect(phone.shadowRoot!.querySelector('[part~="layout"]'), 'no default layout').to.equal(null);
    expect(dialer.shadowRoot!.querySelector('[part~="status"]')!.textContent, 'the child has the phone').to.equal('Not connected');
    dialer.remove();
    await waitFor(() => phone.shadowRoot!.querySelector('[part~="status-chip"]'), { message: 'the default layout back' });
  });
});
