// Issue 13, the UI: <phone-call>'s Merge, Add participant and conference row, driven
// by clicks like a user, over real calls (real JsSIP, real Kamailio, fake media).
// That each one hears the others is test/interop/conference.test.ts's business; here,
// that each control does what it says, with names a screen reader can speak.
import { expect } from '@esm-bundle/chai';
import type { PhoneCallElement } from '../../src/components/phone-call/phone-call.js';
import type { PhoneCall } from '../../src/engine/phone-call.js';
import type { ConferenceCallDetail, ConferenceDetail, ConferenceLeftDetail } from '../../src/events/phone-events.js';
import { expectNoAxeViolations } from '../helpers/fake-phone.js';
import { connect, control, mountPhone, part, unmountAll, type TestPhone } from '../helpers/phones.js';
import { waitFor } from '../helpers/sip.js';

afterEach(() => unmountAll());

function callList(phone: TestPhone): PhoneCallElement {
  return phone.el.shadowRoot!.querySelector('phone-call')!;
}

/** The participant's control named `name` in the conference row. */
function participantButton(phone: TestPhone, call: PhoneCall, name: string): HTMLButtonElement | null {
  return callList(phone).shadowRoot!.querySelector<HTMLButtonElement>(`[part~="conference"] [data-call="${call.id}"] [part~="${name}"]`);
}

/** Whether the part is rendered: a boolean, so a failure never has to print a live element. */
function shown(phone: TestPhone, name: string): boolean {
  return part(phone, 'phone-call', name) !== null;
}

function participantIds(phone: TestPhone): string[] {
  return [...callList(phone).shadowRoot!.querySelectorAll<HTMLElement>('[part~="participant"]')].map((row) => row.dataset.call!);
}

function callRowIds(phone: TestPhone): string[] {
  return [...callList(phone).shadowRoot!.querySelectorAll<HTMLElement>('[part~="call"]')].map((row) => row.dataset.call!);
}

/** What has the focus in the call list, as "<row part> <control part>": readable in a failure. */
function focusedPart(phone: TestPhone): string | null {
  const element = callList(phone).shadowRoot!.activeElement;
  if (!element) return null;
  const row = element.closest('[part~="conference"], [part~="call"]')?.getAttribute('part')?.split(' ')[0];
  return [row, element.getAttribute('part')].filter(Boolean).join(' ');
}

/** Types into a field like a user. */
async function type(list: PhoneCallElement, input: HTMLInputElement, text: string): Promise<void> {
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await list.updateComplete;
}

/** The next `type` event for `callId` (earlier ones for other calls are passed over). */
async function nextFor<D extends { callId: string }>(phone: TestPhone, type: string, callId: string): Promise<D> {
  for (;;) {
    const { detail } = await phone.events.waitFor<D>(type, { timeout: 10_000 });
    if (detail.callId === callId) return detail;
  }
}

/** Answers the call ringing at `callee`, from code. */
async function answerAt(callee: TestPhone): Promise<void> {
  const ringing = await waitFor(() => callee.el.calls.find((call) => call.state === 'incoming'), { message: `${callee.user} to ring` });
  await ringing.answer();
}

/** The host's call to `callee`, once it exists. */
function callTo(host: TestPhone, callee: TestPhone): Promise<PhoneCall> {
  return waitFor(() => host.el.calls.find((call) => call.remote.user === callee.user), { message: `the call to ${callee.user}` });
}

describe('<phone-call> conference controls (real calls)', () => {
  it('merges two answered calls, adds by target and by Merge, holds and drops one participant at a time', async function () {
    this.timeout(60_000);
    const [host, bob, carol, dave, erin] = await Promise.all(['host', 'bob', 'carol', 'dave', 'erin'].map((name) => mountPhone(name)));
    const list = callList(host);

    // One answered call: nothing to merge.
    const { callerCall: toBob } = await connect(host, bob);
    await control(host, 'phone-call', 'hangup-button');
    expect(shown(host, 'merge-button'), 'Merge with one call').to.equal(false);

    // A second one (it holds the first): Merge appears, and makes one conference row of both.
    const { callerCall: toCarol } = await connect(host, carol);
    await waitFor(() => toBob.heldBy === 'local', { message: 'Bob held by the second call' });
    const merge = await control<HTMLButtonElement>(host, 'phone-call', 'merge-button');
    expect(merge.getAttribute('aria-label')).to.equal('Merge calls into a conference');
    merge.focus();
    merge.click();
    const started = (await host.events.waitFor<{ conferenceId: string; callIds: string[] }>('phone-conference-started')).detail;
    expect(started.callIds).to.have.members([toBob.id, toCarol.id]);
    const [conference] = host.el.conferences;
    expect(conference?.id).to.equal(started.conferenceId);
    await waitFor(() => participantIds(host).length === 2 && conference!.participants.length === 2 && !toBob.held, {
      message: 'both calls in the conference row, Bob resumed',
      timeout: 10_000,
    });
    expect(participantIds(host)).to.have.members([toBob.id, toCarol.id]);
    expect(callRowIds(host), 'no separate call rows').to.deep.equal([]);
    expect(shown(host, 'merge-button'), 'nothing left to merge').to.equal(false);
    expect(focusedPart(host), 'the focus went on to the conference').to.equal('conference add-participant-button');

    // Each participant's controls are named after them.
    for (const [call, phone] of [[toBob, bob], [toCarol, carol]] as const) {
      expect(participantButton(host, call, 'participant-hold-button')!.getAttribute('aria-label')).to.equal(`Hold ${phone.user}`);
      expect(participantButton(host, call, 'participant-drop-button')!.getAttribute('aria-label')).to.equal(`Drop ${phone.user}`);
    }
    const conferenceRow = list.shadowRoot!.querySelector('[part~="conference"]')!;
    const names = [...conferenceRow.querySelectorAll(':scope > [part~="controls"] button')].map((button) => button.getAttribute('aria-label'));
    expect(names).to.deep.equal(['Mute conference', 'Hold conference', 'Add participant to conference', 'Hang up conference']);
    await expectNoAxeViolations(list);

    // Add participant: type Dave in the popover; he joins when he answers.
    (await control<HTMLButtonElement>(host, 'phone-call', 'add-participant-button')).click();
    const input = await control<HTMLInputElement>(host, 'phone-call', 'add-participant-input');
    expect(list.shadowRoot!.activeElement, 'the field has the focus').to.equal(input);
    await expectNoAxeViolations(list);
    await type(list, input, dave.user);
    (await control<HTMLButtonElement>(host, 'phone-call', 'add-button')).click();
    await answerAt(dave);
    const toDave = await callTo(host, dave);
    const daveJoined = await nextFor<ConferenceCallDetail>(host, 'phone-conference-joined', toDave.id);
    expect(daveJoined.conferenceId).to.equal(conference!.id);
    await waitFor(() => participantIds(host).length === 3, { message: 'Dave listed in the conference row' });
    expect(shown(host, 'popover'), 'the popover closed once Dave was dialled').to.equal(false);

    // An answered call outside the conference: Merge adds it to the conference there is.
    const { callerCall: toErin } = await connect(host, erin);
    (await control<HTMLButtonElement>(host, 'phone-call', 'merge-button')).click();
    const erinJoined = await nextFor<ConferenceCallDetail>(host, 'phone-conference-joined', toErin.id);
    expect(erinJoined.conferenceId).to.equal(conference!.id);
    await waitFor(() => participantIds(host).length === 4 && callRowIds(host).length === 0, { message: 'Erin in the conference row' });
    expect(host.el.conferences).to.have.length(1);

    // Hold one participant: only that leg, which then sends nothing; the row says so.
    participantButton(host, toBob, 'participant-hold-button')!.click();
    await waitFor(() => toBob.heldBy === 'local' && participantButton(host, toBob, 'participant-hold-button')?.getAttribute('aria-pressed') === 'true', {
      message: 'Bob held, his toggle pressed',
    });
    const state = list.shadowRoot!.querySelector(`[data-call="${toBob.id}"] [part~="participant-state"]`)!;
    expect(state.textContent!.trim()).to.equal('On hold');
    expect(participantButton(host, toBob, 'participant-hold-button')!.getAttribute('aria-label')).to.equal(`Resume ${bob.user}`);
    const bobSender = toBob.peerConnection!.getTransceivers().find((transceiver) => transceiver.receiver.track.kind === 'audio')!.sender;
    expect(bobSender.track?.kind ?? 'no track', 'a held participant is sent nothing').to.equal('no track');
    expect([toCarol, toDave, toErin].map((call) => call.held), 'the others stay up').to.deep.equal([false, false, false]);
    participantButton(host, toBob, 'participant-hold-button')!.click();
    await waitFor(() => !toBob.held && bobSender.track !== null, { message: 'Bob resumed, sent the mix again' });

    // Drop: that leg leaves (reason removed) and is hung up; the others go on.
    participantButton(host, toDave, 'participant-drop-button')!.focus();
    participantButton(host, toDave, 'participant-drop-button')!.click();
    const daveLeft = await nextFor<ConferenceLeftDetail>(host, 'phone-conference-left', toDave.id);
    expect(daveLeft.reason).to.equal('removed');
    await waitFor(() => toDave.state === 'ended' && participantIds(host).length === 3, { message: 'Dave gone' });
    expect(focusedPart(host), 'the focus stays in the conference').to.equal('conference add-participant-button');
    participantButton(host, toErin, 'participant-drop-button')!.click();
    expect((await nextFor<ConferenceLeftDetail>(host, 'phone-conference-left', toErin.id)).reason).to.equal('removed');

    // Dropping Carol leaves Bob alone: the conference ends, and his call carries on as an ordinary row.
    participantButton(host, toCarol, 'participant-drop-button')!.click();
    expect((await nextFor<ConferenceLeftDetail>(host, 'phone-conference-left', toCarol.id)).reason).to.equal('removed');
    const ended = (await host.events.waitFor<ConferenceDetail>('phone-conference-ended', { timeout: 10_000 })).detail;
    expect(ended.conferenceId).to.equal(conference!.id);
    await waitFor(() => callRowIds(host).join() === toBob.id && !list.shadowRoot!.querySelector('[part~="conference"]'), {
      message: "Bob's call back on its own row",
    });
    expect([toBob.state, toBob.conferenceId, host.el.conferences.length]).to.deep.equal(['established', null, 0]);
    expect(shown(host, 'merge-button')).to.equal(false);
    await expectNoAxeViolations(list);

    // Add participant on an ordinary call: a refused target is shown by the field, and
    // nothing starts; a good one makes a conference of the call and the target.
    (await control<HTMLButtonElement>(host, 'phone-call', 'add-participant-button')).click();
    (await control<HTMLButtonElement>(host, 'phone-call', 'add-button')).click();
    const refusal = await control(host, 'phone-call', 'add-participant-error');
    expect(refusal.textContent).to.equal('Enter a number or a SIP address to call');
    expect(host.el.conferences, 'no conference for a refused target').to.have.length(0);
    await expectNoAxeViolations(list);
    await type(list, await control<HTMLInputElement>(host, 'phone-call', 'add-participant-input'), carol.user);
    (await control<HTMLButtonElement>(host, 'phone-call', 'add-button')).click();
    const again = (await host.events.waitFor<{ conferenceId: string; callIds: string[] }>('phone-conference-started')).detail;
    await answerAt(carol);
    const toCarolAgain = await waitFor(() => host.el.calls.find((call) => call.remote.user === carol.user && call !== toCarol), { message: 'the new call to Carol' });
    expect(again.callIds).to.have.members([toBob.id, toCarolAgain.id]);
    await nextFor<ConferenceCallDetail>(host, 'phone-conference-joined', toCarolAgain.id);
    await waitFor(() => participantIds(host).length === 2 && callRowIds(host).length === 0, { message: 'Bob and Carol in a conference row' });
    expect(toBob.held, 'the call was not held while the target was dialled').to.equal(false);
  });

  it('merging a call whose hold is still on the wire brings it into the conversation', async function () {
    this.timeout(40_000);
    const [host, bob, carol] = await Promise.all([mountPhone('host'), mountPhone('bob'), mountPhone('carol')]);
    const { callerCall: toBob } = await connect(host, bob);
    const { callerCall: toCarol } = await connect(host, carol);
    await waitFor(() => toBob.heldBy === 'local', { message: 'Bob held by the second call' });
    // Carol's hold goes out, and the merge begins before its re-INVITE can be answered.
    const holding = toCarol.hold();
    expect(toCarol.busy, "Carol's hold on the wire").to.equal(true);
    const conference = await host.el.conference([toBob, toCarol]);
    await holding;
    await waitFor(() => conference.participants.length === 2 && !toBob.busy && !toCarol.busy, {
      message: 'both in the conference, their holds and resumes settled',
      timeout: 10_000,
    });
    expect([toBob.heldBy, toCarol.heldBy], 'the merge brought both into the conversation').to.deep.equal([null, null]);
  });
});
