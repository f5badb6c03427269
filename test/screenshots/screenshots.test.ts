// Issue 15, screenshots as tests: every common state of <soft-phone>'s default layout
// (idle, outgoing, ringing, in a call, two calls, a conference of three, call waiting),
// light and dark, in English, French and Arabic (right to left), 320 and 480 px wide.
// Each picture is compared with its committed baseline (test/screenshots/chromium/,
// pixelmatch with a few pixels of tolerance: test/screenshots/plugin.mjs); a mismatch
// fails with the new picture and a diff under .tmp/, and so does a missing baseline.
// `npm run screenshots:update` rewrites them (README, "Screenshots").
//
// Pixels in Chromium only: Firefox draws the same fonts differently, so there is one set
// of baselines, Chromium's, drawn with Debian's DejaVu fonts. Everything else runs in both
// browsers: each state, in each language, direction and theme, fits 320 × 480 without
// scrolling and is axe-clean.
//
// This tests the look, not calls: the states come from a stand-in phone with fixed names
// and numbers and a frozen clock (test/helpers/fake-soft-phone.ts). test/e2e/layout.test.ts
// walks the same states with real calls.
import { expect } from '@esm-bundle/chai';
import { resetMouse } from '@web/test-runner-commands';
import { visualDiff } from '@web/test-runner-visual-regression';
import '../../src/define.js';
import type { SoftPhoneElement } from '../../src/components/soft-phone/soft-phone.js';
import { axeViolations, FakeCall, FakeConference, party } from '../helpers/fake-phone.js';
import { FakeController, softPhoneWith } from '../helpers/fake-soft-phone.js';

/** The frozen clock: every duration on screen is measured from it. */
const NOW = Date.UTC(2026, 11, 1, 9, 30);
const PIXELS = navigator.userAgent.includes('Chrome');

const alice = () => party('alice', 'Alice Martin');
const bob = () => party('bob', 'Bob Durand');
/** A caller known by number only: it stays left to right in Arabic. */
const caller = () => party('+14155550123');
/** Answered `seconds` ago. */
const talking = (id: string, remote: ReturnType<typeof party>, seconds: number) => new FakeCall(id, 'established', remote, NOW - seconds * 1000);

interface Scene {
  calls: FakeCall[];
  conferences?: FakeConference[];
  mergeable?: FakeCall[];
}

/** Each state, as the phone would hold it. */
const STATES: Record<string, () => Scene> = {
  idle: () => ({ calls: [] }),
  outgoing: () => ({ calls: [new FakeCall('out', 'ringing', caller())] }),
  ringing: () => ({ calls: [new FakeCall('in', 'incoming', alice())] }),
  'in-call': () => ({ calls: [talking('a', alice(), 83)] }),
  'two-calls': () => {
    const held = talking('a', alice(), 245);
    held.heldBy = 'local';
    const current = talking('b', bob(), 31);
    return { calls: [held, current], mergeable: [held, current] };
  },
  conference: () => {
    const calls = [talking('a', alice(), 245), talking('b', bob(), 131)];
    return { calls, conferences: [new FakeConference('conf', calls)] };
  },
  'call-waiting': () => ({ calls: [talking('a', alice(), 83), new FakeCall('in', 'incoming', caller())] }),
};

const LANGUAGES = [
  { lang: 'en', dir: 'ltr' },
  { lang: 'fr', dir: 'ltr' },
  { lang: 'ar', dir: 'rtl' },
] as const;
/** The catalogs that are not photographed; each is still checked in every state. */
const OTHER_LANGUAGES = ['de', 'es', 'pt', 'it', 'nl'];
const THEMES = ['light', 'dark'] as const;
const WIDTHS = [320, 480] as const;

/** The focused element, looking through shadow roots. */
function deepFocus(): HTMLElement | null {
  let focused = document.activeElement;
  while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
  return focused as HTMLElement | null;
}

/** Every element under `root`'s shadow trees has rendered what the phone just did. */
async function settled(root: Element): Promise<void> {
  const pending = [root];
  while (pending.length) {
    const element = pending.pop()!;
    await (element as Partial<SoftPhoneElement>).updateComplete;
    pending.push(...(element.shadowRoot?.querySelectorAll('*') ?? []));
  }
  await new Promise((resolve) => requestAnimationFrame(resolve));
}

async function show(controller: FakeController, phone: SoftPhoneElement, scene: Scene): Promise<void> {
  Object.assign(controller, { conferences: [], mergeable: [], ...scene });
  controller.changed();
  await settled(phone);
  // A ringing card takes the focus when the page has it; whether it has it is not the
  // look under test, so no picture shows a focus ring.
  deepFocus()?.blur();
}

describe('screenshots of the default layout, every state', () => {
  const realNow = Date.now;
  const boxes: HTMLElement[] = [];
  before(async () => {
    Date.now = () => NOW;
    // Nothing hovered: the mouse at 0,0 is outside the boxes, which start lower.
    await resetMouse();
  });
  after(() => {
    Date.now = realNow;
  });
  afterEach(() => boxes.splice(0).forEach((box) => box.remove()));

  /**
   * Walks every state in one phone of this language, direction, theme and width; returns
   * what is wrong: too wide or too high for the sidebar, axe's findings, and (with
   * `pictures`, in Chromium) each picture that differs from its baseline.
   */
  async function walk(lang: string, dir: string, theme: 'light' | 'dark', width: number, pictures: boolean): Promise<string[]> {
    const problems: string[] = [];
    // A CRM sidebar of that width; the phone fills it.
    const box = document.createElement('div');
    box.style.cssText = `inline-size: ${width}px; margin: 24px; padding: 0;`;
    box.lang = lang;
    box.dir = dir;
    document.body.append(box);
    boxes.push(box);
    const controller = new FakeController().as('1001', 'Sam Agent');
    const phone = softPhoneWith(controller);
    phone.theme = theme;
    phone.style.setProperty('--phone-width', '100%');
    box.append(phone);
    for (const [state, scene] of Object.entries(STATES)) {
      const name = `${state}-${lang}-${theme}-${width}`;
      await show(controller, phone, scene());
      const { width: shown, height } = phone.getBoundingClientRect();
      if (shown !== width) problems.push(`${name}: ${shown} px wide, not ${width}`);
      if (height > 480) problems.push(`${name}: ${height} px high, over 480`);
      problems.push(...(await axeViolations(phone)).map((violation) => `${name}: axe: ${violation}`));
      if (pictures && PIXELS) await visualDiff(phone, name).catch((error: Error) => problems.push(error.message));
    }
    return problems;
  }

  // Every problem by name, in the message: the summary at the end of a run shows only that.
  const expectNone = (problems: string[]) => expect(problems.length, `\n${problems.join('\n')}\n`).to.equal(0);

  for (const { lang, dir } of LANGUAGES) {
    it(`${lang} (${dir}): light and dark, 320 and 480 px: as the baselines, within 320 × 480, axe-clean`, async function () {
      this.timeout(120_000);
      const problems: string[] = [];
      for (const theme of THEMES) {
        for (const width of WIDTHS) problems.push(...(await walk(lang, dir, theme, width, true)));
      }
      expectNone(problems);
    });
  }

  // The other catalogs, without pictures: their words are what differs (a name that must
  // contain the visible label, a label too long for 320 px); colours are the same in all.
  it(`${OTHER_LANGUAGES.join(', ')}: within 320 × 480 and axe-clean in every state`, async function () {
    this.timeout(120_000);
    const problems: string[] = [];
    for (const lang of OTHER_LANGUAGES) problems.push(...(await walk(lang, 'ltr', 'light', 320, false)));
    expectNone(problems);
  });
});
