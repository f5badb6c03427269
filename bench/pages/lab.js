// The calls page: real <soft-phone>s from the CDN bundle and raw JsSIP user agents, all
// on the bench's Kamailio. bench/run.mjs drives it through `window.lab`, one call per
// evaluate, and reads every time from performance.now() here, in the page. Each bundle
// is loaded on first use, so a page that only holds raw JsSIP agents (the heap
// reference) carries none of our code.

const TIMEOUT_MS = 10_000;
const AUDIO = { audio: true, video: false };

let sip;
/** name → <soft-phone> or JsSIP UA, and its SIP user. */
const phones = new Map();
const agents = new Map();
const users = new Map();
/** Lit `updated` calls since the last reset: side (its <soft-phone>'s name) → tag → count. */
let updates = {};
let ours;
let floor;

/**
 * Our bundle, with every element class's `updated` wrapped to count before any
 * element exists. A class whose `updated` calls `super.updated()` still counts once:
 * the super is not wrapped.
 */
function loadOurs() {
  ours ??= import('/phone-elements.js').then((PhoneElements) => {
    for (const Element of Object.values(PhoneElements)) {
      if (typeof Element !== 'function' || !(Element.prototype instanceof HTMLElement)) continue;
      const updated = Element.prototype.updated;
      Element.prototype.updated = function (changed) {
        let side = this;
        while (side && side.localName !== 'soft-phone') side = side.getRootNode().host;
        const counts = (updates[side?.dataset.name ?? '?'] ??= {});
        counts[this.localName] = (counts[this.localName] ?? 0) + 1;
        return updated.call(this, changed);
      };
    }
    return PhoneElements;
  });
  return ours;
}

/** JsSIP, from the floor bundle. */
function loadJsSIP() {
  floor ??= import('/floor.js');
  return floor.then((bundle) => bundle.JsSIP);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function within(promise, what, ms = TIMEOUT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The next `type` DOM event on a phone, with the time it fired. */
function next(phone, type) {
  const fired = new Promise((resolve) =>
    phone.addEventListener(type, (event) => resolve({ event, at: performance.now() }), { once: true }),
  );
  return within(fired, `${type} on ${phone.dataset.name}`);
}

/** The next `type` event of a JsSIP emitter that passes `accept`, with the time it fired. */
function emitted(emitter, type, accept = () => true) {
  const fired = new Promise((resolve) => {
    const listener = (event) => {
      if (!accept(event)) return;
      emitter.removeListener(type, listener);
      resolve({ event, at: performance.now() });
    };
    emitter.on(type, listener);
  });
  return within(fired, `JsSIP ${type}`);
}

const uri = (name) => `sip:${users.get(name)}@${sip.domain}`;

/** A part inside one of a phone's default-layout elements, once rendered. */
async function part(phone, tag, name) {
  const find = () => phone.shadowRoot?.querySelector(tag)?.shadowRoot?.querySelector(`[part~="${name}"]`);
  const deadline = performance.now() + TIMEOUT_MS;
  while (!find()) {
    if (performance.now() > deadline) throw new Error(`no <${tag}> part "${name}" on ${phone.dataset.name}`);
    await sleep(1);
  }
  return find();
}

/** Time of the first inbound audio RTP packet on `pc`, polled through getStats(). */
async function firstInboundRtp(pc) {
  const deadline = performance.now() + TIMEOUT_MS;
  for (;;) {
    let packets = 0;
    (await pc.getStats()).forEach((report) => {
      if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
    });
    if (packets > 0) return performance.now();
    if (performance.now() > deadline) throw new Error('no inbound RTP');
    await sleep(2);
  }
}

/** When `pc` reaches connectionState 'connected'. Call it right after the connection exists. */
function connected(pc) {
  const reached = new Promise((resolve) => {
    const check = () => {
      if (pc.connectionState !== 'connected') return;
      pc.removeEventListener('connectionstatechange', check);
      resolve(performance.now());
    };
    pc.addEventListener('connectionstatechange', check);
    check();
  });
  return within(reached, 'a connected RTCPeerConnection');
}

/** Waits until no Lit element of these phones has an update pending. */
async function settle(...names) {
  // First let stragglers arrive (the far side's last SIP message, a late event).
  await sleep(100);
  for (;;) {
    const elements = names.flatMap((name) => {
      const phone = phones.get(name);
      return [phone, ...phone.shadowRoot.querySelectorAll('*')];
    });
    const pending = elements.filter((element) => element.isUpdatePending);
    if (pending.length === 0) return;
    await Promise.all(pending.map((element) => element.updateComplete));
  }
}

/** Both sides of a call ended (the caller hung up). */
async function hangUp(call, ...phonesToWait) {
  const ended = phonesToWait.map((phone) => next(phone, 'phone-call-ended'));
  call.hangup();
  await Promise.all(ended);
}

window.lab = {
  /** The bench's Kamailio: {wsUrl, domain, password}. */
  useServer(settings) {
    sip = settings;
  },

  /** A registered <soft-phone> named `name`, with extra attributes. */
  async mount(name, attributes = {}) {
    await loadOurs();
    const user = `${name}-${Math.random().toString(36).slice(2, 8)}`;
    const phone = document.createElement('soft-phone');
    phone.dataset.name = name;
    phone.setAttribute('server', sip.wsUrl);
    phone.setAttribute('uri', `sip:${user}@${sip.domain}`);
    for (const [attribute, value] of Object.entries(attributes)) phone.setAttribute(attribute, value);
    phone.password = sip.password;
    const registered = next(phone, 'phone-registered');
    document.body.append(phone);
    await registered;
    phones.set(name, phone);
    users.set(name, user);
  },

  /** A registered raw JsSIP user agent named `name` (JsSIP from the floor bundle). */
  async agent(name) {
    const JsSIP = await loadJsSIP();
    const user = `${name}-${Math.random().toString(36).slice(2, 8)}`;
    const ua = new JsSIP.UA({
      sockets: [new JsSIP.WebSocketInterface(sip.wsUrl)],
      uri: `sip:${user}@${sip.domain}`,
      password: sip.password,
      register: true,
    });
    const registered = emitted(ua, 'registered');
    ua.start();
    await registered;
    agents.set(name, ua);
    users.set(name, user);
  },

  /** Ours: call() → phone-call-trying, in ms; then the caller cancels once the callee rings. */
  async setup(callerName, calleeName) {
    const [caller, callee] = [phones.get(callerName), phones.get(calleeName)];
    const trying = next(caller, 'phone-call-trying');
    const incoming = next(callee, 'phone-call-incoming');
    const start = performance.now();
    const call = await caller.call(users.get(calleeName));
    const { at } = await trying;
    await incoming;
    await hangUp(call, caller, callee);
    return at - start;
  },

  /**
   * Raw JsSIP: ua.call() → the session's `sending`, in ms; then the caller cancels once
   * the callee rings. With `capMs`, null when `sending` did not come by then (the call
   * is cancelled before its INVITE left).
   */
  async rawSetup(agentName, calleeName, iceServers, capMs) {
    const callee = phones.get(calleeName);
    const incoming = next(callee, 'phone-call-incoming');
    incoming.catch(() => undefined); // a capped call never rings: not an unhandled rejection
    let sent;
    const sending = new Promise((resolve) => (sent = resolve));
    const start = performance.now();
    const session = agents.get(agentName).call(uri(calleeName), {
      mediaConstraints: AUDIO,
      pcConfig: { iceServers },
      eventHandlers: { sending: () => sent(performance.now()) },
    });
    const at = await (capMs ? Promise.race([sending, sleep(capMs).then(() => null)]) : within(sending, 'JsSIP sending'));
    if (at === null) {
      session.terminate();
      return null;
    }
    await incoming;
    const ended = next(callee, 'phone-call-ended');
    session.terminate();
    await ended;
    return at - start;
  },

  /**
   * Ours, answering a raw JsSIP caller: ms from the Answer click to
   * phone-call-established and to the first inbound RTP packet.
   */
  async answer(agentName, calleeName) {
    const callee = phones.get(calleeName);
    const incoming = next(callee, 'phone-call-incoming');
    const session = agents.get(agentName).call(uri(calleeName), { mediaConstraints: AUDIO });
    const { event } = await incoming;
    const button = await part(callee, 'phone-incoming', 'answer-button');
    const established = next(callee, 'phone-call-established');
    const start = performance.now();
    button.click();
    const { at } = await established;
    const rtp = await firstInboundRtp(callee.getCall(event.detail.callId).peerConnection);
    const ended = next(callee, 'phone-call-ended');
    session.terminate();
    await ended;
    return { established: at - start, rtp: rtp - start };
  },

  /** The same with a raw JsSIP callee: session.answer() → accepted and connected, and → first RTP. */
  async rawAnswer(agentName, calleeName) {
    const callee = agents.get(calleeName);
    const incoming = emitted(callee, 'newRTCSession', (event) => event.originator === 'remote');
    const caller = agents.get(agentName).call(uri(calleeName), { mediaConstraints: AUDIO });
    const { session } = (await incoming).event;
    const accepted = emitted(session, 'accepted');
    const start = performance.now();
    session.answer({ mediaConstraints: AUDIO });
    const media = connected(session.connection);
    const established = Math.max((await accepted).at, await media);
    const rtp = await firstInboundRtp(session.connection);
    const ended = emitted(session, 'ended');
    caller.terminate();
    await ended;
    return { established: established - start, rtp: rtp - start };
  },

  /** One whole call between two phones: the callee answers in code, the caller hangs up once media flows. */
  async talk(callerName, calleeName) {
    const [caller, callee] = [phones.get(callerName), phones.get(calleeName)];
    const incoming = next(callee, 'phone-call-incoming');
    const established = [next(caller, 'phone-call-established'), next(callee, 'phone-call-established')];
    const call = await caller.call(users.get(calleeName));
    const { event } = await incoming;
    await callee.getCall(event.detail.callId).answer();
    await Promise.all(established);
    await hangUp(call, caller, callee);
  },

  /** The same whole call between two raw JsSIP agents: the heap reference. */
  async rawTalk(callerName, calleeName) {
    const callee = agents.get(calleeName);
    const incoming = emitted(callee, 'newRTCSession', (event) => event.originator === 'remote');
    const outgoing = agents.get(callerName).call(uri(calleeName), { mediaConstraints: AUDIO });
    const { session } = (await incoming).event;
    const confirmed = [emitted(outgoing, 'confirmed'), emitted(session, 'confirmed')];
    session.answer({ mediaConstraints: AUDIO });
    await Promise.all([...confirmed, connected(outgoing.connection), connected(session.connection)]);
    const ended = [emitted(outgoing, 'ended'), emitted(session, 'ended')];
    outgoing.terminate();
    await Promise.all(ended);
  },

  /**
   * One call lifecycle as a user makes it, on the default layouts: type and press
   * Call, click Answer, wait for media, click Hang up. Returns each side's Lit
   * updates per element and the phone events it fired meanwhile.
   */
  async lifecycle(callerName, calleeName) {
    const [caller, callee] = [phones.get(callerName), phones.get(calleeName)];
    await settle(callerName, calleeName);
    updates = {};
    const events = { [callerName]: 0, [calleeName]: 0 };
    const count = (event) => events[event.currentTarget.dataset.name]++;
    const { PHONE_EVENT_NAMES } = await loadOurs();
    for (const phone of [caller, callee]) for (const name of PHONE_EVENT_NAMES) phone.addEventListener(name, count);

    const input = await part(caller, 'phone-dialer', 'number-input');
    input.value = users.get(calleeName);
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await caller.updateComplete;
    const incoming = next(callee, 'phone-call-incoming');
    const established = [next(caller, 'phone-call-established'), next(callee, 'phone-call-established')];
    (await part(caller, 'phone-dialer', 'call-button')).click();
    await incoming;
    (await part(callee, 'phone-incoming', 'answer-button')).click();
    await Promise.all(established);
    const ended = [next(caller, 'phone-call-ended'), next(callee, 'phone-call-ended')];
    (await part(caller, 'phone-call', 'hangup-button')).click();
    await Promise.all(ended);
    await settle(callerName, calleeName);

    for (const phone of [caller, callee]) for (const name of PHONE_EVENT_NAMES) phone.removeEventListener(name, count);
    return { updates, events };
  },

  /** The INVITEs from `name` that reached a phone of this page, and how many offered an srflx candidate. */
  invites(name) {
    return invitesFrom(users.get(name));
  },

  /** Forces full garbage collections (Chromium runs with --js-flags=--expose-gc). */
  async gc() {
    for (let i = 0; i < 3; i++) {
      window.gc();
      await sleep(50);
    }
  },
};
