// Autoplay-proof ringing, in a browser under the autoplay policy users have: a call
// that rings before the page was ever clicked must still be noticed, and one click
// must let it ring. The page runs in a second browser of this one's kind (Chromium or
// Firefox, test/media/silent-browser.mjs); the caller is a phone in this one.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { mountPhone, unmountAll } from '../helpers/phones.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';
import type { Snapshot } from './silent-page.js';

const PROMPT = 'soft-phone >>> phone-incoming >>> [part~="enable-sound-button"]';

function snapshot(): Promise<Snapshot> {
  return executeServerCommand<Snapshot, { expression: string }>('silent-page-evaluate', { expression: 'window.snapshot()' });
}

/** Opens the silent page with a phone registered as `user`. */
async function openSilentPhone(user: string): Promise<void> {
  const { wsUrl, domain, password } = sipConfig();
  const query = new URLSearchParams({ server: wsUrl, uri: `sip:${user}@${domain}`, password });
  await executeServerCommand('silent-page-open', { path: `/test/media/silent-page.html?${query}` });
  await waitFor(async () => (await snapshot()).registered, { timeout: 10_000, message: 'the silent page to register' });
}

describe('ringing before any click (autoplay policy)', () => {
  afterEach(async () => {
    await executeServerCommand('silent-page-close');
    await unmountAll();
  });

  it('prompts "Click to enable sound" while the ringtone is blocked, and the click lets it ring', async function () {
    this.timeout(40_000);
    const user = uniqueUser('silent');
    await openSilentPhone(user);
    expect(await snapshot()).to.include({ soundBlocked: false, prompt: null });

    const alice = await mountPhone('alice');
    await alice.el.call(user);
    await waitFor(async () => (await snapshot()).soundBlocked, { message: 'the ringtone to be blocked' });
    const blocked = await snapshot();
    expect(blocked.contexts).to.deep.equal(['suspended']);
    await waitFor(async () => (await snapshot()).prompt === 'Click to enable sound', { message: 'the prompt' });

    // Blocked for longer than two ringtone cycles (3 s each): the cycles must not pile
    // up while the context's clock stands still, to blare all at once on the click.
    await new Promise((resolve) => setTimeout(resolve, 6500));
    expect((await snapshot()).oscillators, 'oscillators of one cycle: two bursts of two frequencies').to.equal(4);

    await executeServerCommand('silent-page-click', { selector: PROMPT });
    await waitFor(async () => !(await snapshot()).soundBlocked, { message: 'sound to be enabled' });
    const ringing = await snapshot();
    expect(ringing.contexts).to.deep.equal(['running']);
    // And it rings on: the next cycle is queued as the clock now runs (a cycle lasts 3 s).
    await waitFor(async () => (await snapshot()).oscillators > ringing.oscillators, { timeout: 6000, message: 'the next ringtone cycle' });
    await waitFor(async () => (await snapshot()).prompt === null, { message: 'the prompt to go' });
    // The focus moves on to what the user does next.
    expect((await snapshot()).focused).to.equal('answer-button');
  });
});
