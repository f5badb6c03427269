// A stand-in phone for component tests: what the elements read of a phone and its
// calls, with a log of what they asked. It tests rendering and wiring, not calls.
import { expect } from '@esm-bundle/chai';
import { ContextProvider } from '@lit/context';
// axe-core is a UMD script without an ES export; loading it defines window.axe.
import 'axe-core';
import type { LitElement } from 'lit';
import { phoneContext } from '../../src/context.js';
import { callCan, type CallAction } from '../../src/engine/call-abilities.js';
import { isAnswered, type CallState } from '../../src/engine/call-state.js';
import type { PhoneController } from '../../src/engine/phone-controller.js';
import type { PhoneError } from '../../src/engine/phone-error.js';
import type { PresenceDetail, RemoteParty } from '../../src/events/phone-events.js';

const { axe } = window as unknown as { axe: typeof import('axe-core') };

const mounted: Element[] = [];

/** Appends `element` to the page until `unmountAll()`. */
export function mount<T extends Element>(element: T): T {
  mounted.push(element);
  document.body.append(element);
  return element;
}

export function unmountAll(): void {
  mounted.splice(0).forEach((element) => element.remove());
}

export function part<T extends Element = HTMLElement>(host: Element, name: string): T | null {
  return host.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
}

export function parts<T extends Element = HTMLElement>(host: Element, name: string): T[] {
  return [...host.shadowRoot!.querySelectorAll<T>(`[part~="${name}"]`)];
}

/** axe's findings on `element`, each as `rule: the nodes it found`. */
export async function axeViolations(element: Element): Promise<string[]> {
  const { violations } = await axe.run(element);
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function expectNoAxeViolations(element: Element): Promise<void> {
  expect(await axeViolations(element)).to.deep.equal([]);
}

export function party(user: string, displayName = ''): RemoteParty {
  return { uri: `sip:${user}@example.test`, user, displayName };
}

/** What the elements read of a call. Each method logs `name` or `name:argument`, then throws `failures[name]` if set. */
export class FakeCall {
  readonly log: string[] = [];
  readonly failures: Partial<Record<string, PhoneError>> = {};
  muted = false;
  heldBy: 'local' | 'remote' | null = null;
  busy = false;
  transferring = false;
  consultation: FakeCall | null = null;
  consultingFor: FakeCall | null = null;
  recording = false;
  recordingSince: number | null = null;
  /** Whether this call's media could be recorded here (the engine knows; a fake is told). */
  canRecord = true;
  /** What `attendedTransfer()` resolves with. */
  consultationToPlace: FakeCall | null = null;
  /** A fake made ringing is an incoming one. */
  readonly direction: 'incoming' | 'outgoing' = this.state === 'incoming' ? 'incoming' : 'outgoing';
  /** Set by a FakeConference made with this call (how a conference looks; conferences work in real calls). */
  conferenceId: string | null = null;

  constructor(
    readonly id: string,
    public state: CallState,
    readonly remote: RemoteParty,
    public answeredAt: number | null = null,
  ) {}

  get held(): boolean {
    return this.heldBy !== null;
  }

  get active(): boolean {
    return isAnswered(this.state) && !this.held;
  }

  /** The engine's own rule, on this call's fields. */
  can(action: CallAction): boolean {
    return callCan(this, action, this.canRecord);
  }
  startRecording(): void {
    this.#do('startRecording');
  }
  async stopRecording(): Promise<null> {
    this.#do('stopRecording');
    return null;
  }

  async answer(): Promise<void> {
    this.#do('answer');
  }
  reject(): void {
    this.#do('reject');
  }
  hangup(): void {
    this.#do('hangup');
  }
  mute(): void {
    this.#do('mute');
  }
  unmute(): void {
    this.#do('unmute');
  }
  async hold(): Promise<void> {
    this.#do('hold');
  }
  async resume(): Promise<void> {
    this.#do('resume');
  }
  sendDTMF(tones: string): void {
    this.#do('sendDTMF', tones);
  }
  async transfer(target: string): Promise<void> {
    this.#do('transfer', target);
  }
  async attendedTransfer(target: string): Promise<FakeCall> {
    this.#do('attendedTransfer', target);
    return this.consultationToPlace!;
  }
  async completeTransfer(): Promise<void> {
    this.#do('completeTransfer');
  }

  #do(name: string, argument?: string): void {
    this.log.push(argument === undefined ? name : `${name}:${argument}`);
    const failure = this.failures[name];
    if (failure) throw failure;
  }
}

/**
 * What the elements read of a conference, to draw one (the mixing is tested with real
 * calls). Its calls join it as they are given; each method logs its name.
 */
export class FakeConference {
  readonly log: string[] = [];
  held = false;
  muted = false;
  recording = false;
  readonly joining: FakeCall[] = [];

  constructor(
    readonly id: string,
    readonly participants: FakeCall[],
  ) {
    for (const call of participants) call.conferenceId = id;
  }

  mute(): void {
    this.log.push('mute');
  }
  unmute(): void {
    this.log.push('unmute');
  }
  async hold(): Promise<void> {
    this.log.push('hold');
  }
  async resume(): Promise<void> {
    this.log.push('resume');
  }
  hangup(): void {
    this.log.push('hangup');
  }
  async add(call: FakeCall): Promise<FakeCall> {
    this.log.push(`add:${call.id}`);
    return call;
  }
  remove(call: FakeCall): void {
    this.log.push(`remove:${call.id}`);
  }
}

/** What the elements read of a phone: its state, its calls and change notifications. */
export class FakePhone {
  connection = 'connected';
  registration = 'registered';
  registrationFailure: { code: number; cause: string } | null = null;
  calls: FakeCall[] = [];
  /** Conferences to show, and the calls Merge would join: the engine decides these; a fake is told. */
  conferences: FakeConference[] = [];
  mergeable: FakeCall[] = [];
  /** The lamps of the users watched (the transfer form offers them). */
  presence: PresenceDetail[] = [];
  /** No devices to choose (the dialer's settings list them). */
  devices = { remember: true, options: () => [], choice: {}, refresh: async () => undefined };
  readonly #changes = new EventTarget();
  subscribe(listener: () => void, signal: AbortSignal): void {
    this.#changes.addEventListener('change', listener, { signal });
  }
  changed(): void {
    this.#changes.dispatchEvent(new Event('change'));
  }
}

/** Mounts `tags` inside a plain element that provides `phone` as the context. */
export async function withPhone<T extends LitElement>(phone: FakePhone, ...tags: string[]): Promise<T[]> {
  const provider = document.createElement('div');
  new ContextProvider(provider, { context: phoneContext, initialValue: phone as unknown as PhoneController });
  const elements = tags.map((tag) => provider.appendChild(document.createElement(tag)) as T);
  mount(provider);
  await Promise.all(elements.map((element) => element.updateComplete));
  return elements;
}
