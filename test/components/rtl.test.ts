// Right to left: under dir="rtl" the layout mirrors (logical CSS), while numbers and
// SIP addresses keep reading left to right (bidi isolation), and so does the keypad.
// Each check runs in both directions, so a layout that does not mirror fails it.
import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import type { CallRecord } from '../../src/events/phone-events.js';
import { ar } from '../../src/i18n/ar.js';
import { expectNoAxeViolations, FakeCall, FakePhone, part, parts, party, unmountAll, withPhone } from '../helpers/fake-phone.js';

const direction = (element: Element) => getComputedStyle(element).direction;
const box = (element: Element) => element.getBoundingClientRect();
/** Where an element's text is drawn, which its box does not say when the box spans the row. */
function textBox(element: Element): DOMRect {
  const range = document.createRange();
  range.selectNodeContents(element);
  return range.getBoundingClientRect();
}

function record(direction: CallRecord['direction'], answeredAt: number | null): CallRecord {
  const startedAt = Date.now() - 60_000;
  return {
    callId: `h-${direction}-${answeredAt}`,
    direction,
    remote: party('+33123456789'),
    startedAt,
    answeredAt,
    endedAt: startedAt + 30_000,
    durationMs: answeredAt === null ? 0 : 30_000,
    reason: 'hangup',
    by: 'remote',
    recorded: false,
    quality: null,
  };
}

/** The dialer, a ringing call, a call in progress and the call log, in `lang` and `dir`. */
async function phoneIn(lang: string, dir: 'ltr' | 'rtl') {
  const phone = new FakePhone();
  const history = { revision: 1, missed: 0, list: async () => [record('outgoing', Date.now() - 50_000)] };
  Object.assign(phone, { history });
  const [dialer, incoming, calls, log] = await withPhone(phone, 'phone-dialer', 'phone-incoming', 'phone-call', 'phone-history');
  const provider = dialer!.parentElement!;
  provider.style.inlineSize = '320px';
  provider.lang = lang;
  provider.dir = dir;
  phone.calls = [
    new FakeCall('c1', 'incoming', party('+33123456789', 'محمد')),
    new FakeCall('c2', 'established', party('+442071234567'), Date.now() - 5_000),
  ];
  phone.changed();
  for (const element of [dialer, incoming, calls, log]) await element!.updateComplete;
  await new Promise((resolve) => setTimeout(resolve)); // the history list resolves
  await log!.updateComplete;
  return { dialer: dialer!, incoming: incoming!, calls: calls!, log: log! };
}

describe('right to left', () => {
  afterEach(unmountAll);

  it('speaks Arabic, right to left, keeping numbers and addresses left to right', async () => {
    const { dialer, incoming, calls } = await phoneIn('ar', 'rtl');
    expect(part(dialer, 'call-button')!.textContent!.trim()).to.equal(ar.call);
    expect(direction(part(dialer, 'status')!)).to.equal('rtl');

    // The caller's Arabic name reads right to left, their number left to right.
    expect(direction(part(incoming, 'caller-name')!)).to.equal('rtl');
    const number = part(incoming, 'caller-number')!;
    expect([number.textContent, direction(number)]).to.deep.equal(['+33123456789', 'ltr']);
    // A remote party known by number only: the number is isolated, left to right.
    const remote = part(calls, 'remote')!;
    expect([remote.textContent, direction(remote)]).to.deep.equal(['+442071234567', 'ltr']);

    // The field takes names too: a typed number or address reads left to right, an Arabic name right to left.
    const input = part<HTMLInputElement>(dialer, 'number-input')!;
    for (const [typed, expected] of [['+33 1 23', 'ltr'], ['sip:bob@example.test', 'ltr'], ['محمد', 'rtl']] as const) {
      input.value = typed;
      expect(direction(input), typed).to.equal(expected);
    }
    await expectNoAxeViolations(dialer.parentElement!);
  });

  it('mirrors the layout and direction icons, but not the keypad', async () => {
    // The same Arabic phone laid out both ways: mirrored, each node is as far from the
    // right edge under rtl as from the left edge under ltr.
    const seen: Record<string, { offsets: Record<string, number>; asymmetric: boolean; keys: number[]; arrow: string }> = {};
    for (const dir of ['ltr', 'rtl'] as const) {
      const { dialer, incoming, calls, log } = await phoneIn('ar', dir);
      const frame = box(dialer.parentElement!);
      const nodes: Record<string, Element | DOMRect> = {
        status: part(dialer, 'status')!,
        label: part(dialer, 'label')!,
        input: part(dialer, 'number-input')!,
        call: part(dialer, 'call-button')!,
        caller: part(incoming, 'caller-name')!,
        holdAnswer: part(incoming, 'hold-answer-button')!,
        decline: part(incoming, 'decline-button')!,
        remote: part(calls, 'remote')!,
        // A number (left to right) still lines up with the layout: on the right in Arabic.
        remoteText: textBox(part(calls, 'remote')!),
        mute: part(calls, 'mute-button')!,
        hangUp: part(calls, 'hangup-button')!,
        historyTime: part(log, 'time')!,
      };
      const offsets = Object.fromEntries(
        Object.entries(nodes).map(([name, node]) => {
          const { left, right } = node instanceof Element ? box(node) : node;
          return [name, Math.round(dir === 'ltr' ? left - frame.left : frame.right - right)];
        }),
      );
      const hangUp = box(nodes['hangUp'] as Element);
      const arrow = log.shadowRoot!.querySelector('[part="direction"] .arrow')!;
      seen[dir] = {
        offsets,
        // Hang up is not centred: mirroring moves it (else this test could not fail).
        asymmetric: Math.abs(hangUp.left - frame.left - (frame.right - hangUp.right)) > 10,
        keys: parts(dialer, 'key').slice(0, 3).map((key) => Math.round(box(key).left - frame.left)),
        arrow: getComputedStyle(arrow).transform,
      };
      if (dir === 'rtl') await expectNoAxeViolations(dialer.parentElement!);
      unmountAll();
    }
    const { ltr, rtl } = seen as Record<'ltr' | 'rtl', (typeof seen)[string]>;
    expect(rtl.offsets).to.deep.equal(ltr.offsets);
    expect([ltr.asymmetric, rtl.asymmetric]).to.deep.equal([true, true]);
    // 1 2 3 stay left to right in both, as on every phone.
    expect(rtl.keys).to.deep.equal(ltr.keys);
    expect(ltr.keys[0]).to.be.below(ltr.keys[1]!).and.below(ltr.keys[2]!);
    // The outgoing arrow (↗) points the other way under rtl.
    expect([ltr.arrow, rtl.arrow]).to.deep.equal(['none', 'matrix(-1, 0, 0, 1, 0, 0)']);
  });
});
