// One phone across tabs (issue 17): real tabs of one browser (same-origin popups of this
// page, each with its own realm, Web Locks client and BroadcastChannel), the real
// Kamailio and its location table, real calls with RTP.
import { expect } from '@esm-bundle/chai';
import type { PhoneFrame } from '../../src/embed/host.js';
import type { CallEndedDetail, CallIncomingDetail, TabRoleDetail } from '../../src/events/phone-events.js';
import { PHONE_EVENT_NAMES } from '../../src/events/phone-events.js';
import { recordEvents, type EventRecorder } from '../helpers/events.js';
import { kamailio } from '../helpers/network.js';
import { expectAudioFlowing, mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';

/** Another tab of this origin: a document with its own realm, Web Locks client and BroadcastChannel. */
interface Tab {
  window: Window;
  /** As the user closes it: pagehide, then the document goes (and its lock with it). */
  close(): void;
}

const opened: Tab[] = [];
/** The iframe embed on another origin than this page's (localhost against 127.0.0.1, same server). */
const EMBED_ORIGIN = `${location.protocol}//${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;
const isFirefox = navigator.userAgent.includes('Firefox');

/**
 * A new tab with the elements defined in it: a real window (window.open) in Chromium. In
 * Firefox a same-origin iframe instead: Firefox's getUserMedia waits until the page has
 * focus (as mediacapture-main allows), and headless Firefox gives it back to neither
 * the opener nor a popup that lost it (window.focus() tried: hasFocus() turns true, the
 * microphone still waits), so no call could start in a popup or behind one. Frames
 * share the page's focus, and are documents of their own just the same. `asWindow`: a
 * window in Firefox too, for a test without calls (frames of one tab share its
 * sessionStorage, so their phones would share one +sip.instance, which real tabs do not).
 */
async function openTab(asWindow = !isFirefox): Promise<Tab> {
  const src = '/test/tabs/tab-page.html';
  let tab: Tab;
  if (!asWindow) {
    const frame = document.createElement('iframe');
    frame.src = src;
    // Any origin: the phone may be framed in it too (the iframe embed on another origin).
    frame.allow = 'microphone *; autoplay *';
    document.body.append(frame);
    await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    // Removed at once, Firefox drops what the page sent in pagehide (the BYE): the browser
    // first tells the page it goes, as on a real close, and its socket writes get a moment.
    const close = async () => {
      frame.contentWindow?.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      frame.remove();
    };
    tab = { window: frame.contentWindow!, close: () => void close() };
  } else {
    const popup = window.open(src, '_blank', 'popup,width=420,height=640');
    if (!popup) throw new Error('window.open gave no tab (popups blocked?)');
    tab = { window: popup, close: () => popup.close() };
  }
  opened.push(tab);
  await waitFor(() => tab.window.customElements?.get('soft-phone') && tab.window.document.readyState === 'complete', { message: 'the tab to load' });
  return tab;
}

/**
 * The phone of `user` in `tab`, once registered (or following a registered leader).
 * Not through mountPhone: closing its tab is what ends it (pagehide), as when a user closes one.
 */
async function phoneIn({ window: tab }: Tab, user: string, attributes: Record<string, string> = {}): Promise<TestPhone> {
  const { wsUrl, domain, password } = sipConfig();
  const el = tab.document.createElement('soft-phone');
  const events = recordEvents(el, PHONE_EVENT_NAMES);
  el.setAttribute('server', wsUrl);
  el.setAttribute('uri', `sip:${user}@${domain}`);
  el.password = password;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  tab.document.body.append(el);
  await events.waitFor('phone-registered');
  return { el, user, events };
}

function contacts(user: string): Promise<Array<{ address: string; instance: string }>> {
  return kamailio.contacts(`sip:${user}@${sipConfig().domain}`);
}

/** The role the last `phone-tab-role` gave. */
function lastRoleOf(events: EventRecorder): string | undefined {
  return (events.events.filter((event) => event.type === 'phone-tab-role').at(-1)?.detail as TabRoleDetail | undefined)?.role;
}
const lastRole = (phone: TestPhone) => lastRoleOf(phone.events);

/** One call's events in a tab, with their details, in order (the quality samples aside: a timer makes those). */
function callEvents(recorder: EventRecorder, callId: string) {
  return recorder.events.filter(
    (event) => (event.detail as { callId?: string } | undefined)?.callId === callId && event.type !== 'phone-call-quality',
  );
}

/** A tab gets focus: the browser's focus event on its window (headless windows do not take real focus). */
function focus(tab: Tab): void {
  tab.window.dispatchEvent(new FocusEvent('focus'));
}

describe('one phone across tabs', function () {
  this.timeout(60_000);

  afterEach(async () => {
    // Closing a tab stops its phone (pagehide: hang-ups, unregistration), as for a user.
    opened.splice(0).forEach((tab) => tab.close());
    await kamailio.start(); // after the reconnection test, whatever happened
    await unmountAll();
  });

  it('three tabs hold one registration; a call shows in all, rings in one, and is answered and driven from followers', async () => {
    const user = uniqueUser('shared');
    const [tabA, tabB, tabC] = [await openTab(), await openTab(), await openTab()];
    const a = await phoneIn(tabA, user);
    const b = await phoneIn(tabB, user);
    expect([a.el.tabRole, b.el.tabRole]).to.deep.equal(['leader', 'follower']);
    expect(await contacts(user), 'two tabs: one contact').to.have.length(1);
    const c = await phoneIn(tabC, user);
    expect(c.el.tabRole).to.equal('follower');
    expect([lastRole(a), lastRole(b), lastRole(c)]).to.deep.equal(['leader', 'follower', 'follower']);
    expect(await contacts(user), 'three tabs: one contact').to.have.length(1);
    expect([tabA, tabB, tabC].map((tab) => tab.window.socketsOpened), 'only the leader opens a socket').to.deep.equal([1, 0, 0]);
    // Followers show the leader's registration.
    expect([b.el.registered, c.el.registered]).to.deep.equal([true, true]);

    const caller = await mountPhone('caller');
    focus(tabB);
    const outgoing = await caller.el.call(user);
    const incoming = await a.events.waitFor<CallIncomingDetail>('phone-call-incoming');
    const callId = incoming.detail.callId;
    for (const phone of [b, c]) {
      const shown = await phone.events.waitFor<CallIncomingDetail>('phone-call-incoming');
      expect(shown.detail, 'the same detail in every tab').to.deep.equal(incoming.detail);
      expect(phone.el.getCall(callId)?.state).to.equal('incoming');
    }
    // Only the tab focused last rings; the others say where the sound is.
    await waitFor(() => b.el.controller.ringing, { message: 'the focused tab to ring' });
    expect([a.el.controller.ringing, c.el.controller.ringing]).to.deep.equal([false, false]);
    const note = await waitFor(() => c.el.shadowRoot?.querySelector('[part="audio-elsewhere"]'), { message: 'the note in a follower' });
    expect(note.textContent).to.equal('Audio is playing in another tab');
    expect(a.el.shadowRoot?.querySelector('[part="audio-elsewhere"]'), 'the leader holds the audio').to.equal(null);

    // Answered from a follower: the media is in the leader.
    await c.el.getCall(callId)!.answer();
    const leaderCall = a.el.getCall(callId)!;
    await waitFor(() => leaderCall.state === 'established' && outgoing.state === 'established', { message: 'established' });
    await expectAudioFlowing(leaderCall, 'the leader tab');
    await expectAudioFlowing(outgoing, 'the caller');
    await waitFor(() => b.el.getCall(callId)?.state === 'established' && c.el.getCall(callId)?.state === 'established', { message: 'followers to mirror it' });
    expect(b.el.getCall(callId)!.peerConnection, 'no media in a follower').to.equal(null);
    expect(b.el.controller.ringing, 'the ringing stopped').to.equal(false);
    // What a call can do is the leader's answer, in every tab.
    for (const action of ['hold', 'mute', 'sendDTMF', 'transfer', 'resume'] as const) {
      expect([b, c].map((phone) => phone.el.getCall(callId)!.can(action)), action).to.deep.equal([leaderCall.can(action), leaderCall.can(action)]);
    }

    // Hold, mute, DTMF and hang-up from the followers.
    await b.el.getCall(callId)!.hold();
    expect(leaderCall.heldBy).to.equal('local');
    expect(c.el.getCall(callId)!.heldBy).to.equal('local');
    await c.el.getCall(callId)!.resume();
    expect(leaderCall.held).to.equal(false);
    c.el.getCall(callId)!.mute();
    await waitFor(() => leaderCall.muted && b.el.getCall(callId)?.muted, { message: 'muted in the leader and shown in a follower' });
    b.el.getCall(callId)!.unmute();
    await waitFor(() => !leaderCall.muted, { message: 'unmuted' });
    b.el.getCall(callId)!.sendDTMF('1#');
    await a.events.waitFor('phone-call-dtmf');
    c.el.getCall(callId)!.hangup();
    const ended = await a.events.waitFor<CallEndedDetail>('phone-call-ended');
    expect(ended.detail).to.include({ callId, reason: 'hangup', by: 'local' });
    await caller.events.waitFor<CallEndedDetail>('phone-call-ended');
    await a.events.waitFor('phone-call-logged');
    await Promise.all([b, c].map((phone) => phone.events.waitFor('phone-call-logged')));

    // Every tab heard the same events, in the same order, with the same details.
    const sequence = callEvents(a.events, callId);
    expect(sequence.map((event) => event.type)).to.deep.equal([
      'phone-call-incoming',
      'phone-call-answered',
      'phone-call-established',
      'phone-call-held',
      'phone-call-resumed',
      'phone-call-muted',
      'phone-call-unmuted',
      'phone-call-dtmf',
      'phone-call-ended',
      'phone-call-logged',
    ]);
    expect(callEvents(b.events, callId)).to.deep.equal(sequence);
    expect(callEvents(c.events, callId)).to.deep.equal(sequence);
    expect([a, b, c].map((phone) => phone.el.calls.length)).to.deep.equal([0, 0, 0]);
  });

  it('a follower takes over when the leader tab closes: its calls fail everywhere, the far end gets a BYE, the next call works', async () => {
    const user = uniqueUser('handover');
    const [tabA, tabB, tabC] = [await openTab(), await openTab(), await openTab()];
    const a = await phoneIn(tabA, user);
    const b = await phoneIn(tabB, user);
    const c = await phoneIn(tabC, user);
    expect([a, b, c].map((phone) => phone.el.tabRole)).to.deep.equal(['leader', 'follower', 'follower']);
    const caller = await mountPhone('caller');

    // Closed mid-call.
    const outgoing = await caller.el.call(user);
    const shown = await waitFor(() => b.el.calls.find((call) => call.state === 'incoming'), { message: 'the call in a follower' });
    await shown.answer();
    await waitFor(() => outgoing.state === 'established', { message: 'established' });
    const callId = shown.id;
    tabA.close();
    for (const phone of [b, c]) {
      const ended = await phone.events.waitFor<CallEndedDetail>('phone-call-ended');
      expect(ended.detail).to.deep.equal({ callId, reason: 'failed', by: 'system', cause: 'The tab that held the call was closed' });
    }
    // On failure, what Kamailio saw of the account: whether the closed tab's BYE reached it.
    const farEnd = await caller.events.waitFor<CallEndedDetail>('phone-call-ended').catch(async (error) => {
      console.log('Kamailio saw of the account:', JSON.stringify(await kamailio.log(user)));
      throw error;
    });
    expect(farEnd.detail, 'the far end got a BYE').to.include({ reason: 'hangup', by: 'remote' });
    const closedAt = performance.now();
    const leader = await waitFor(() => [b, c].find((phone) => phone.el.tabRole === 'leader' && phone.el.registered), {
      timeout: 3000,
      message: 'a follower to register within 3 s',
    });
    expect(performance.now() - closedAt).to.be.below(3000);
    const follower = leader === b ? c : b;
    expect(follower.el.tabRole).to.equal('follower');
    await waitFor(async () => (await contacts(user)).length === 1, { message: 'one contact: the new leader' });

    // Closed idle: the last tab takes over, and calls work there.
    const leaderTab = leader === b ? tabB : tabC;
    leaderTab.close();
    const idleClosedAt = performance.now();
    await waitFor(() => follower.el.tabRole === 'leader' && follower.el.registered, { timeout: 3000, message: 'the last tab to register within 3 s' });
    expect(performance.now() - idleClosedAt).to.be.below(3000);
    expect(await contacts(user)).to.have.length(1);
    const next = await caller.el.call(user);
    const ringing = await waitFor(() => follower.el.calls.find((call) => call.state === 'incoming'), { message: 'the next call' });
    await ringing.answer();
    await waitFor(() => next.state === 'established' && ringing.state === 'established', { message: 'the next call established' });
    await expectAudioFlowing(ringing, 'the new leader');
    ringing.hangup();
    await caller.events.waitFor('phone-call-ended');
  });

  it('a leader whose socket is reconnecting stays the leader; its follower mirrors the drop and the recovery, and opens no socket', async () => {
    const user = uniqueUser('reconnect');
    const [tabA, tabB] = [await openTab(), await openTab()];
    const a = await phoneIn(tabA, user);
    const b = await phoneIn(tabB, user);
    await kamailio.stop();
    await Promise.all([a, b].map((phone) => phone.events.waitFor('phone-disconnected')));
    await waitFor(() => b.el.controller.reconnect !== null, { message: "the follower to show the leader's next attempt" });
    expect(b.el.controller.reconnect).to.deep.equal(a.el.controller.reconnect);
    await kamailio.start();
    // The second phone-registered of each (phoneIn waited for the first).
    await Promise.all([a, b].map((phone) => phone.events.waitFor('phone-registered', { timeout: 10_000 })));
    expect([a.el.tabRole, b.el.tabRole, lastRole(a), lastRole(b)]).to.deep.equal(['leader', 'follower', 'leader', 'follower']);
    expect([tabA.window.socketsOpened! > 1, tabB.window.socketsOpened]).to.deep.equal([true, 0]);
    expect(await contacts(user)).to.have.length(1);
  });

  it('tabs="independent" registers each tab on its own', async () => {
    const user = uniqueUser('independent');
    const [tabA, tabB] = [await openTab(true), await openTab(true)];
    const a = await phoneIn(tabA, user, { tabs: 'independent' });
    const b = await phoneIn(tabB, user, { tabs: 'independent' });
    expect([a.el.tabRole, b.el.tabRole, lastRole(a), lastRole(b)]).to.deep.equal(['independent', 'independent', 'independent', 'independent']);
    await waitFor(async () => (await contacts(user)).length === 2, { message: 'two contacts' });
    expect([tabA, tabB].map((tab) => tab.window.socketsOpened)).to.deep.equal([1, 1]);
  });

  it('the iframe embed: two host tabs framing dist/embed.html share one registration, and each host hears every event', async () => {
    const user = uniqueUser('embed');
    const { wsUrl, domain, password } = sipConfig();
    const hosts = [await openTab(), await openTab()];
    const frames: PhoneFrame[] = [];
    const recorders: EventRecorder[] = [];
    for (const host of hosts) {
      const frame = host.window.mountFrame!(host.window.document.body, { src: `${EMBED_ORIGIN}/dist/embed.html`, origin: EMBED_ORIGIN });
      const events = recordEvents(frame, PHONE_EVENT_NAMES);
      await frame.configure({ server: wsUrl, uri: `sip:${user}@${domain}`, password });
      await events.waitFor('phone-registered');
      frames.push(frame);
      recorders.push(events);
    }
    const [first, second] = recorders as [EventRecorder, EventRecorder];
    expect([first, second].map(lastRoleOf)).to.deep.equal(['leader', 'follower']);
    expect(await contacts(user), 'one contact for both frames').to.have.length(1);

    const caller = await mountPhone('caller');
    const outgoing = await caller.el.call(user);
    const incoming = await first.waitFor<CallIncomingDetail>('phone-call-incoming');
    expect((await second.waitFor<CallIncomingDetail>('phone-call-incoming')).detail).to.deep.equal(incoming.detail);
    // Answered through the second host's bridge: the first frame holds the media.
    await frames[1]!.answer(incoming.detail.callId);
    await waitFor(() => outgoing.state === 'established', { message: 'established' });
    await expectAudioFlowing(outgoing, 'the caller');
    await Promise.all([first, second].map((events) => events.waitFor('phone-call-established')));
    await frames[1]!.hangup(incoming.detail.callId);
    await caller.events.waitFor<CallEndedDetail>('phone-call-ended');
    for (const events of [first, second]) expect((await events.waitFor<CallEndedDetail>('phone-call-ended')).detail).to.include({ reason: 'hangup', by: 'local' });
    await Promise.all([first, second].map((events) => events.waitFor('phone-call-logged')));
    expect(callEvents(first, incoming.detail.callId).map((event) => event.type)).to.deep.equal([
      'phone-call-incoming',
      'phone-call-answered',
      'phone-call-established',
      'phone-call-ended',
      'phone-call-logged',
    ]);
    expect(callEvents(second, incoming.detail.callId)).to.deep.equal(callEvents(first, incoming.detail.callId));
    frames.forEach((frame) => frame.destroy());
  });

  it('a frame denied storage (an opaque origin: navigator.locks throws SecurityError) is independent, says so, and registers', async () => {
    const user = uniqueUser('sandboxed');
    const { wsUrl, domain, password } = sipConfig();
    // The built bundle as a classic script: an opaque origin loads it without CORS.
    const frame = document.createElement('iframe');
    frame.sandbox.add('allow-scripts');
    frame.srcdoc = `<body></body><script src="${location.origin}/dist/phone-elements.iife.js"></script><script>
      onerror = (message) => parent.postMessage({ sandboxed: { error: String(message) } }, '*');
      let locks = 'no error';
      let probe;
      try {
        probe = navigator.locks.request('probe', () => undefined);
      } catch (error) {
        probe = Promise.reject(error);
      }
      onunhandledrejection = (event) => parent.postMessage({ sandboxed: { error: String(event.reason) } }, '*');
      probe.catch((error) => (locks = error.name)).finally(() => {
        const phone = document.createElement('soft-phone');
        phone.addEventListener('phone-tab-role', (event) => parent.postMessage({ sandboxed: { locks, role: event.detail.role } }, '*'));
        phone.addEventListener('phone-registered', () => parent.postMessage({ sandboxed: { registered: phone.tabRole } }, '*'));
        phone.setAttribute('server', ${JSON.stringify(wsUrl)});
        phone.setAttribute('uri', ${JSON.stringify(`sip:${user}@${domain}`)});
        phone.password = ${JSON.stringify(password)};
        document.body.append(phone);
      });
    </script>`;
    const heard: object[] = [];
    const listener = (event: MessageEvent) => event.data?.sandboxed && heard.push(event.data.sandboxed);
    addEventListener('message', listener);
    try {
      document.body.append(frame);
      await waitFor(() => heard.some((message) => 'registered' in message || 'error' in message), { message: 'the sandboxed phone to register' });
      expect(heard).to.deep.equal([{ locks: 'SecurityError', role: 'independent' }, { registered: 'independent' }]);
      expect(await contacts(user)).to.have.length(1);
    } finally {
      removeEventListener('message', listener);
      frame.remove();
    }
  });
});
