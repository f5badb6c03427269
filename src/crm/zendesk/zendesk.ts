/**
 * Zendesk: a Zendesk app (dist/crm/zendesk/: manifest.json, assets/iframe.html) in the top
 * bar, on the real `zendesk_app_framework_sdk`, bundled into the app's own script (the
 * app's zip holds everything it loads).
 *
 * Zendesk gives the frame its own origin in the URL (`?origin=…&app_guid=…`), and anyone
 * framing the page can write that URL: the origin is trusted only when it is a Zendesk one
 * (`https://<subdomain>.zendesk.com`, where the agent interface runs) or also listed in
 * `?allow=` (a test harness, a stand-in).
 *
 * Zendesk → phone: `voice.dialout` (Talk Partner Edition click-to-call) dials.
 * Phone → Zendesk: an incoming call shows the app (`popover`), searches the users by the
 * caller's number (`/api/v2/users/search`) and pops the first match (`routeTo`); the
 * call log becomes a ticket with a private comment (direction, number, duration, end
 * reason), the caller as requester when known; the phone's size sizes the app (`resize`).
 */
import ZAFClient from 'zendesk_app_framework_sdk';
import type { CallRecord } from '../../events/phone-events.js';
import { seconds, summary, type Crm, type CrmCall } from '../shared/crm.js';
import { pageOrigins, startCrmPage } from '../shared/page.js';

const ZENDESK = /^https:\/\/[a-z0-9][a-z0-9-]*\.zendesk\.com$/;

interface ZafClient {
  on(name: string, handler: (data: never) => void): void;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  request(options: { url: string; type?: string; contentType?: string; data?: string }): Promise<unknown>;
}
interface UserSearch {
  users?: Array<{ id: number }>;
}

/** The origin Zendesk says it is, when it may be trusted. */
function zendeskOrigin(): string[] {
  const origin = new URLSearchParams(location.search).get('origin') ?? '';
  return ZENDESK.test(origin) || pageOrigins('allow').includes(origin) ? [origin] : [];
}

function zendesk(): Crm {
  const client = ZAFClient.init() as ZafClient | false;
  if (!client) throw new Error('Not opened by Zendesk: no origin and app_guid in the URL');
  /** The caller each incoming call was matched to, as the requester of its ticket. */
  const callers = new Map<string, number>();

  const findCaller = async (call: CrmCall) => {
    const query = encodeURIComponent(call.number);
    const found = (await client.request({ url: `/api/v2/users/search.json?query=${query}` })) as UserSearch;
    const user = found?.users?.[0];
    if (!user) return;
    callers.set(call.callId, user.id);
    await client.invoke('routeTo', 'user', String(user.id));
  };

  const ticket = (call: CrmCall, record: CallRecord) => {
    const requester = callers.get(call.callId);
    callers.delete(call.callId);
    const body = [summary(call, record), `Duration: ${seconds(record)} s`, `End: ${record.reason} (${record.by})`].join('\n');
    return client.request({
      url: '/api/v2/tickets.json',
      type: 'POST',
      contentType: 'application/json',
      data: JSON.stringify({
        ticket: { subject: summary(call, record), ...(requester === undefined ? {} : { requester_id: requester }), comment: { body, public: false } },
      }),
    });
  };

  return {
    onDial: (dial) => client.on('voice.dialout', (data: { number?: unknown }) => typeof data?.number === 'string' && dial(data.number)),
    incoming: async (call) => {
      await client.invoke('popover', 'show');
      await findCaller(call);
    },
    log: ticket,
    resize: ({ width, height }) => client.invoke('resize', { width: `${width}px`, height: `${height}px` }),
  };
}

void startCrmPage(zendeskOrigin(), zendesk);
