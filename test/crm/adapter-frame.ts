// The CRM side of the adapter tests: an adapter page of dist/crm/ in an iframe on another
// origin than this page (127.0.0.1 against localhost), this page standing in for the CRM
// around it, and an intruder on an origin the adapter does not list.
import { bridgeMessage, parseMessage } from '../../src/embed/bridge.js';
import { sipConfig, uniqueUser, waitFor } from '../helpers/sip.js';

export const OTHER_ORIGIN = `${location.protocol}//${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;

export interface AdapterFrame {
  iframe: HTMLIFrameElement;
  /** The phone's SIP user, once signed in. */
  user: string;
  /** Every message the frame posted to this page, in order (bridge messages too). */
  received: unknown[];
  /** Posts `data` to the frame, with its origin as the target. */
  post(data: unknown): void;
  /** Waits for a message from the frame that `pick` maps to a value, and returns that value. */
  next<T>(pick: (data: any) => T | undefined | null | false, what: string, timeout?: number): Promise<T>;
  remove(): void;
}

/**
 * `path` (under dist/crm/) on the other origin, with `query` (this page's origin as the
 * allowed CRM origin unless the query says otherwise); resolves once the page has loaded.
 */
export async function mountAdapter(path: string, query: Record<string, string> = { origin: location.origin }): Promise<AdapterFrame> {
  const iframe = document.createElement('iframe');
  iframe.allow = 'microphone; autoplay';
  iframe.src = `${OTHER_ORIGIN}/dist/crm/${path}?${new URLSearchParams(query)}`;
  const received: unknown[] = [];
  const listener = (event: MessageEvent) => event.source === iframe.contentWindow && event.origin === OTHER_ORIGIN && received.push(event.data);
  addEventListener('message', listener);
  const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  // First in the body: the intruder finds it as its parent's frames[0].
  document.body.prepend(iframe);
  await loaded;
  const taken = new Set<number>();
  return {
    iframe,
    user: '',
    received,
    post: (data) => iframe.contentWindow!.postMessage(data, OTHER_ORIGIN),
    async next(pick, what, timeout = 8000) {
      // Each message is taken once: two waits for the same kind get two messages.
      const find = () => {
        for (let i = 0; i < received.length; i++) {
          const value = taken.has(i) ? undefined : pick(received[i]);
          if (value) {
            taken.add(i);
            return value;
          }
        }
        return undefined;
      };
      return waitFor(find, { timeout, message: `${what} from the adapter` }).catch((error: Error) => {
        const untaken = received.filter((_, i) => !taken.has(i)).map((data) => JSON.stringify(data).slice(0, 160));
        throw new Error(`${error.message}; it sent: ${untaken.join(' | ')}`);
      });
    },
    remove() {
      removeEventListener('message', listener);
      iframe.remove();
    },
  };
}

/** Signs the adapter's phone in over the phone-elements bridge, as a host may, and waits until it is registered. */
export async function signIn(frame: AdapterFrame): Promise<void> {
  const { wsUrl, domain, password } = sipConfig();
  frame.user = uniqueUser('crm');
  frame.post(bridgeMessage('configure', { server: wsUrl, uri: `sip:${frame.user}@${domain}`, password }, 'sign-in'));
  const reply = await frame.next((data) => parseMessage(data)?.id === 'sign-in' && parseMessage(data), 'the reply to configure');
  if (reply.type !== 'result') throw new Error(`configure failed: ${JSON.stringify(reply.payload)}`);
  await frame.next((data) => (parseMessage(data)?.payload as { name?: string } | undefined)?.name === 'phone-registered', 'phone-registered');
}

/** Answers the ringing call of the adapter's phone over the bridge. */
export async function answer(frame: AdapterFrame): Promise<void> {
  frame.post(bridgeMessage('answer', {}, 'answer'));
  const reply = await frame.next((data) => parseMessage(data)?.id === 'answer' && parseMessage(data), 'the reply to answer');
  if (reply.type !== 'result') throw new Error(`answer failed: ${JSON.stringify(reply.payload)}`);
}

/** Has a page on an unlisted origin (OTHER_ORIGIN, the adapter's own) post `messages` to the adapter frame. */
export async function intrude(messages: unknown[]): Promise<void> {
  const iframe = document.createElement('iframe');
  iframe.src = `${OTHER_ORIGIN}/test/crm/stand-ins/intruder.html#${encodeURIComponent(JSON.stringify(messages))}`;
  const sent = new Promise<void>((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.source !== iframe.contentWindow || event.data?.intruder !== 'sent') return;
      removeEventListener('message', listener);
      resolve();
    };
    addEventListener('message', listener);
  });
  document.body.append(iframe);
  await sent;
  iframe.remove();
}
