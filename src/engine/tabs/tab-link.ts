/**
 * One phone for every tab of an origin (issue 17). The leader tab (the one holding the
 * account's Web Lock) runs the SIP agent and the media; it shares its state and every
 * `phone-*` event on a BroadcastChannel named after the account, and runs the commands
 * the other tabs send. A follower mirrors that state, fires the same events and sends
 * every method call to the leader. A follower never opens a socket.
 */
import type { CallEndedDetail, PhoneEventDetailMap, PhoneEventName } from '../../events/phone-events.js';
import type { PhoneCall } from '../phone-call.js';
import { PhoneError } from '../phone-error.js';
import type { PhoneController } from '../phone-controller.js';
import { claimLeadership, type TabRole } from './leadership.js';
import { MirrorCall } from './mirror-call.js';
import { callSnapshot, type PhoneSnapshot, type TabCommand, type TabMessage } from './snapshot.js';

/** The phone methods another tab may ask the leader to run; nothing else is called. Typed by name: a renamed method does not compile. */
const PHONE_COMMANDS: ReadonlySet<string> = new Set<keyof PhoneController>(['call', 'joinRoom', 'setDnd', 'register', 'unregister', 'reconnectNow', 'watch', 'unwatch']);
const CALL_COMMANDS: ReadonlySet<string> = new Set<keyof PhoneCall>([
  'answer',
  'reject',
  'forward',
  'hangup',
  'hold',
  'resume',
  'mute',
  'unmute',
  'setCamera',
  'sendDTMF',
  'transfer',
  'attendedTransfer',
  'completeTransfer',
  'startRecording',
  'stopRecording',
]);

/** Why the calls of a tab that closed end in the other tabs. */
export const LEADER_GONE_CAUSE = 'The tab that held the call was closed';

/** What the link needs of the controller of its tab. */
export interface TabHost {
  readonly controller: PhoneController;
  /** Our address of record, for the `phone-registered` a tab that joins late fires. */
  readonly uri: string;
  /** The role was decided or changed: a leader (or an independent tab) starts its SIP agent now. */
  role(role: TabRole): void;
  /** Fires an event here exactly as the leader fired it (nothing is logged again: the leader logs). */
  dispatch<K extends PhoneEventName>(name: K, detail: PhoneEventDetailMap[K]): void;
  /** The mirrored state changed. */
  changed(): void;
}

export class TabLink {
  readonly id = crypto.randomUUID();
  readonly #host: TabHost;
  readonly #channel: BroadcastChannel | null;
  readonly #release: () => void;
  readonly #stopFocus = new AbortController();
  #role: TabRole | null = null;
  #closed = false;
  /** Leader: the tab that rings (focused most recently), null for this one. */
  #ringer: string | null = null;
  #publishQueued = false;
  /** Follower: the leader we mirror, its last state, its calls, and our commands awaiting replies. */
  #leader: string | null = null;
  #snapshot: PhoneSnapshot | null = null;
  readonly #mirrors = new Map<string, MirrorCall>();
  readonly #pending = new Map<string, { resolve(value: unknown): void; reject(error: PhoneError): void }>();

  constructor(key: string, host: TabHost) {
    this.#host = host;
    let channel: BroadcastChannel | null = null;
    try {
      channel = new BroadcastChannel(key);
      channel.onmessage = (event: MessageEvent<TabMessage>) => this.#receive(event.data);
    } catch {
      channel = null; // storage denied (SecurityError): the lock fails too, and the tab runs on its own
    }
    this.#channel = channel;
    this.#release = claimLeadership(key, (role) => this.#setRole(channel ? role : 'independent'));
    globalThis.addEventListener?.('focus', () => this.#focused(), { signal: this.#stopFocus.signal });
  }

  /** Null until the lock answered (a few ms). */
  get role(): TabRole | null {
    return this.#role;
  }
  get following(): boolean {
    return this.#role === 'follower';
  }
  /** Follower: the leader's state, null while no leader has spoken yet. */
  get snapshot(): PhoneSnapshot | null {
    return this.#snapshot;
  }
  /** Follower: the leader's calls that have not ended, oldest first. */
  get calls(): PhoneCall[] {
    return [...this.#mirrors.values()].filter((call) => call.state !== 'ended') as unknown as PhoneCall[];
  }
  getCall(id: string): PhoneCall | undefined {
    return this.calls.find((call) => call.id === id);
  }
  /** Whether this tab plays the ringtone: the tab focused most recently, or the leader when none was. */
  get ringsHere(): boolean {
    if (this.#role !== 'follower') return this.#ringer === null || this.#ringer === this.id;
    return this.#snapshot?.ringer === this.id;
  }

  /** Follower: runs a phone method (no `callId`) or a call's in the leader. */
  send(command: TabCommand): Promise<unknown> {
    if (this.#closed) return Promise.reject(new PhoneError('not-connected', 'The phone is stopped'));
    const id = crypto.randomUUID();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#post({ type: 'command', from: this.id, id, command });
    });
  }

  /** Leader: shares one event, with the state it left. */
  publish<K extends PhoneEventName>(name: K, detail: PhoneEventDetailMap[K]): void {
    if (this.#role !== 'leader') return;
    this.#post({ type: 'event', from: this.id, name, detail, snapshot: this.#state() } as TabMessage);
  }

  /** Leader: something a view shows changed; the others hear of it once per task. */
  changed(): void {
    if (this.#role !== 'leader' || this.#publishQueued) return;
    this.#publishQueued = true;
    queueMicrotask(() => {
      this.#publishQueued = false;
      if (this.#role === 'leader') this.#post({ type: 'state', from: this.id, snapshot: this.#state() });
    });
  }

  /** The phone stops (the tab closes): say so first, so the other tabs end a leader's calls as failed, then let the lock go. */
  close(): void {
    if (this.#closed) return;
    this.#post({ type: 'leaving', from: this.id });
    this.#closed = true;
    this.#stopFocus.abort();
    this.#release();
    this.#channel?.close();
    this.#rejectPending();
  }

  #setRole(role: TabRole): void {
    if (this.#closed || role === this.#role) return;
    const wasFollower = this.#role === 'follower';
    this.#role = role;
    if (wasFollower) this.#leaderGone();
    this.#host.role(role);
    if (role === 'follower') this.#post({ type: 'hello', from: this.id });
    if (role === 'leader') this.changed();
    // Focused when it started: it is the tab to ring.
    if (globalThis.document?.hasFocus?.()) this.#focused();
  }

  #focused(): void {
    if (this.#role === 'leader') {
      this.#ringer = this.id;
      this.changed();
    } else if (this.#role === 'follower') this.#post({ type: 'focus', from: this.id });
  }

  #state(): PhoneSnapshot {
    const phone = this.#host.controller;
    return {
      uri: this.#host.uri,
      connection: phone.connection,
      registration: phone.registration,
      registrationFailure: phone.registrationFailure,
      reconnect: phone.reconnect,
      dnd: phone.dnd,
      presence: phone.presence,
      voicemail: phone.voicemail,
      ringer: this.#ringer === this.id ? null : this.#ringer,
      calls: phone.calls.map(callSnapshot),
    };
  }

  #post(message: TabMessage): void {
    if (this.#closed) return;
    try {
      this.#channel?.postMessage(message);
    } catch (error) {
      // A detail the browser cannot clone: the other tabs miss this one message, and say why.
      console.warn('phone-elements: could not share with the other tabs', error);
    }
  }

  #receive(message: TabMessage): void {
    if (this.#closed || !message || typeof message !== 'object') return;
    if (this.#role === 'leader') return this.#lead(message);
    if (this.#role === 'follower') this.#follow(message);
  }

  #lead(message: TabMessage): void {
    switch (message.type) {
      case 'hello':
        return this.changed();
      case 'focus':
        this.#ringer = message.from;
        return this.changed();
      case 'leaving':
        if (this.#ringer === message.from) this.#ringer = null;
        return this.changed();
      case 'command':
        return void this.#run(message.from, message.id, message.command);
    }
  }

  async #run(from: string, id: string, command: TabCommand): Promise<void> {
    const phone = this.#host.controller;
    const reply = { type: 'reply' as const, from: this.id, to: from, id };
    try {
      const { method, callId, args } = command;
      let target: Record<string, unknown> | undefined;
      if (callId === undefined && PHONE_COMMANDS.has(method)) target = phone as unknown as Record<string, unknown>;
      if (callId !== undefined && CALL_COMMANDS.has(method)) {
        target = phone.getCall(callId) as unknown as Record<string, unknown> | undefined;
        if (!target) throw new PhoneError('invalid-state', `No call ${callId} is up`, callId);
      }
      if (!target || !Array.isArray(args)) throw new PhoneError('invalid-state', `No such command: ${method}`);
      const result = await (target[method] as (...values: unknown[]) => unknown).apply(target, args);
      const call = result as PhoneCall | undefined;
      // The new call is in this state already: the follower finds its mirror by the id.
      if (call && phone.getCall(call.id) === call) this.#post({ ...reply, callId: call.id, snapshot: this.#state() });
      else this.#post({ ...reply, value: result });
    } catch (error) {
      const failure = error instanceof PhoneError ? error : new PhoneError('invalid-state', String((error as Error)?.message ?? error));
      this.#post({ ...reply, error: failure.toDetail() });
    }
  }

  #follow(message: TabMessage): void {
    if (message.type === 'leaving') {
      if (message.from === this.#leader) this.#leaderGone();
      return;
    }
    if (message.type === 'reply') {
      if (message.to !== this.id) return;
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (!pending) return;
      if (message.snapshot) this.#adopt(message.from, message.snapshot);
      if (message.error) pending.reject(new PhoneError(message.error.code, message.error.message, message.error.callId));
      else pending.resolve(message.callId ? this.#mirrors.get(message.callId) : message.value);
      return;
    }
    if (message.type === 'state') {
      this.#adopt(message.from, message.snapshot);
      return this.#host.changed();
    }
    if (message.type === 'event') {
      if (message.name === 'phone-call-ended') this.#mirrors.get(message.detail.callId)?.end(message.detail);
      this.#adopt(message.from, message.snapshot);
      this.#host.dispatch(message.name, message.detail as never);
      this.#host.changed();
    }
  }

  /** Takes the leader's state: a new leader first ends the calls of the one before. */
  #adopt(leader: string, snapshot: PhoneSnapshot): void {
    const first = this.#snapshot === null;
    if (leader !== this.#leader) {
      if (this.#leader !== null) this.#leaderGone();
      this.#leader = leader;
    }
    this.#snapshot = snapshot;
    const seen = new Set<string>();
    for (const state of snapshot.calls) {
      seen.add(state.id);
      const mirror = this.#mirrors.get(state.id);
      if (mirror) mirror.update(state);
      else this.#mirrors.set(state.id, new MirrorCall({ send: (command) => this.send(command), find: (id) => (id && (this.#mirrors.get(id) as unknown as PhoneCall)) || null }, state));
    }
    for (const id of this.#mirrors.keys()) if (!seen.has(id)) this.#mirrors.delete(id);
    // A tab that joins a registered phone hears what it missed, as the leader's host did.
    if (first && snapshot.registration === 'registered') this.#host.dispatch('phone-registered', { uri: snapshot.uri });
  }

  /** The leader's tab closed or crashed: its calls end as failed here, and our commands to it fail. */
  #leaderGone(): void {
    this.#leader = null;
    this.#snapshot = null;
    for (const mirror of [...this.#mirrors.values()]) {
      this.#mirrors.delete(mirror.id);
      if (mirror.state === 'ended') continue;
      const detail: CallEndedDetail = { callId: mirror.id, reason: 'failed', by: 'system', cause: LEADER_GONE_CAUSE };
      mirror.end(detail);
      this.#host.dispatch('phone-call-ended', detail);
    }
    this.#rejectPending();
    this.#host.changed();
  }

  #rejectPending(): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    pending.forEach(({ reject }) => reject(new PhoneError('not-connected', LEADER_GONE_CAUSE)));
  }
}
