// The four CRM adapters of dist/crm/ end to end, each with real calls through the test
// Kamailio: the adapter page runs in an iframe on another origin than this page, which
// stands in for the CRM around it. HubSpot and Zendesk run their real SDKs (from npm,
// bundled into the page) and this page speaks their documented parent-side messages;
// Salesforce and Dynamics load their SDK from the org, here the stand-ins in
// test/crm/stand-ins/ (each lists the documented calls it implements), served at the
// org's paths (web-test-runner.config.mjs). Needs `npm run build` first (`npm test` does it).
//
// For each: a page on an unlisted origin tries to dial (and, for HubSpot, to take over
// the handshake) and nothing rings; the CRM's click-to-dial places a call; an incoming
// call makes the CRM search by the caller's number and pop the match; each call's log
// reaches the CRM with its duration and its end reason.
import { expect } from '@esm-bundle/chai';
import type { CallIncomingDetail } from '../../src/events/phone-events.js';
import { uniqueNumber } from '../helpers/links.js';
import { expectAudioFlowing, mountPhone, unmountAll, type TestPhone } from '../helpers/phones.js';
import { waitFor } from '../helpers/sip.js';
import { answer, intrude, mountAdapter, OTHER_ORIGIN, signIn, type AdapterFrame } from './adapter-frame.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Talk time of every call here: long enough to count as a second or more. */
const TALK_MS = 1200;

const frames: AdapterFrame[] = [];
const cleanups: Array<() => void> = [];

async function adapter(path: string, query?: Record<string, string>): Promise<AdapterFrame> {
  const frame = await mountAdapter(path, query);
  frames.push(frame);
  return frame;
}

/** A phone here that must never ring: the target of the intruder's click-to-dial. */
const decoy = () => mountPhone('decoy', { user: uniqueNumber() });

/**
 * The CRM's click-to-dial message `dial` calls a phone here; `ringing` runs while it
 * rings; then it answers, talks, and hangs up.
 */
async function clickToDial(frame: AdapterFrame, dial: (number: string) => unknown, ringing?: (callee: TestPhone) => Promise<void>): Promise<TestPhone> {
  const callee = await mountPhone('callee', { user: uniqueNumber() });
  frame.post(dial(callee.user));
  const incoming = await callee.events.waitFor<CallIncomingDetail>('phone-call-incoming');
  await ringing?.(callee);
  const call = callee.el.getCall(incoming.detail.callId)!;
  await call.answer();
  await callee.events.waitFor('phone-call-established');
  await expectAudioFlowing(call, 'the click-to-dial call');
  await sleep(TALK_MS);
  call.hangup();
  return callee;
}

/** A phone here calls the adapter's phone; `ringing` runs while it rings; then the adapter answers, and the caller hangs up. */
async function ringIn(frame: AdapterFrame, ringing: (caller: TestPhone) => Promise<void>): Promise<void> {
  const caller = await mountPhone('caller', { user: uniqueNumber() });
  await caller.el.call(frame.user);
  await ringing(caller);
  await answer(frame);
  await caller.events.waitFor('phone-call-established');
  await expectAudioFlowing(caller.el.calls[0]!, 'the incoming call');
  await sleep(TALK_MS);
  caller.el.calls[0]!.hangup();
}

/** A log's talk time, in seconds: the call talked for TALK_MS after its audio flowed, plus set-up and teardown. */
const expectTalkSeconds = (value: number) => expect(value).to.be.within(1, 6);

describe('CRM adapter page: sign-in and set-up errors', () => {
  it('without an allowed origin it says it is not connected; its sign-in form refuses a bad server inline; no axe violations', async () => {
    // Same origin, so that axe can run in it; no ?origin=, so no CRM.
    const iframe = document.createElement('iframe');
    iframe.src = '/dist/crm/salesforce/index.html';
    const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
    document.body.append(iframe);
    try {
      await loaded;
      const page = iframe.contentDocument!;
      const notice = await waitFor(() => page.querySelector('.crm-error'), { message: 'the notice' });
      expect(notice.getAttribute('role')).to.equal('alert');
      expect(notice.textContent).to.equal("Not connected to the CRM: no allowed CRM origin in this page's URL (?origin=…)");
      expect(page.querySelector('soft-phone')!.hidden).to.equal(true);

      const form = page.querySelector('form')!;
      const field = (name: string) => form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
      // What must be filled in comes from the settings table (CONFIG_FIELDS' `required`).
      const required = [...form.querySelectorAll('input')].filter((input) => input.required).map((input) => input.name);
      expect(required).to.deep.equal(['server', 'uri']);
      field('server').value = 'http://127.0.0.1:9';
      field('uri').value = 'sip:agent@example.test';
      form.requestSubmit();
      expect(form.querySelector('output')!.value).to.match(/"server"/);
      expect(form.hidden).to.equal(false);

      const axeLoaded = new Promise((resolve) => page.head.append(Object.assign(page.createElement('script'), { src: '/node_modules/axe-core/axe.min.js', onload: resolve })));
      await axeLoaded;
      const { axe } = iframe.contentWindow as unknown as { axe: typeof import('axe-core') };
      const { violations } = await axe.run(page);
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
    } finally {
      iframe.remove();
    }
  });
});

describe('CRM adapters: dist/crm/ with real calls, this page as the CRM', () => {
  afterEach(async () => {
    frames.splice(0).forEach((frame) => frame.remove());
    cleanups.splice(0).forEach((cleanup) => cleanup());
    await unmountAll();
  });

  it('HubSpot (real calling-extensions SDK): handshake, dial, caller match and record pop, engagement with duration and status', async () => {
    const frame = await adapter('hubspot/index.html');
    await signIn(frame);
    const sync = (hostUrl: string) => ({ type: 'SYNC', messageId: `sync-${hostUrl}`, hostUrl, portalId: 1, userId: 2, ownerId: 3, iframeLocation: 'widget', usesCallingWindow: false });
    // The SDK takes the host from the first SYNC it gets, whoever sent it: the page must not let it see this one.
    const nobody = await decoy();
    await intrude([sync(OTHER_ORIGIN), { type: 'DIAL_NUMBER', messageId: 'intruder-dial', data: { phoneNumber: nobody.user } }]);

    // HubSpot repeats SYNC until the widget answers.
    const syncing = setInterval(() => frame.post(sync(location.origin)), 100);
    cleanups.push(() => clearInterval(syncing));
    await frame.next((data) => data?.type === 'SYNC_ACK', 'SYNC_ACK');
    clearInterval(syncing);
    const initialized = await frame.next((data) => data?.type === 'INITIALIZED' && data, 'INITIALIZED');
    expect(initialized.data).to.deep.equal({ isLoggedIn: true });
    // The widget takes the phone's size.
    const size = await frame.next((data) => data?.type === 'RESIZE_WIDGET' && data.data, 'RESIZE_WIDGET');
    expect(size.width).to.be.greaterThan(200);
    expect(size.height).to.be.greaterThan(200);

    let hostMessage = 0;
    const fromHubSpot = (type: string, data: unknown) => frame.post({ type, messageId: `hubspot-${++hostMessage}`, data });
    const dialNumber = (phoneNumber: string) => ({ type: 'DIAL_NUMBER', messageId: 'hubspot-dial', data: { phoneNumber, objectId: 77, objectType: 'CONTACT' } });
    let started: { externalCallId: string } = { externalCallId: '' };
    const callee = await clickToDial(frame, dialNumber, async ({ user }) => {
      started = await frame.next((data) => data?.type === 'OUTGOING_CALL_STARTED' && data.data, 'OUTGOING_CALL_STARTED');
      expect(started).to.include({ toNumber: user, createEngagement: true });
      fromHubSpot('CREATE_ENGAGEMENT_SUCCEEDED', { externalCallId: started.externalCallId, engagementId: 101 });
    });
    expect(await frame.next((data) => data?.type === 'CALL_ANSWERED' && data.data, 'CALL_ANSWERED')).to.deep.equal({ externalCallId: started.externalCallId });
    const ended = await frame.next((data) => data?.type === 'CALL_ENDED' && data.data, 'CALL_ENDED');
    expect(ended).to.deep.equal({ externalCallId: started.externalCallId, engagementId: 101, callEndStatus: 'COMPLETED' });
    const completed = await frame.next((data) => data?.type === 'CALL_COMPLETED' && data.data, 'CALL_COMPLETED');
    expect(completed).to.include({ externalCallId: started.externalCallId, engagementId: 101 });
    expect(completed.engagementProperties).to.include({ hs_call_direction: 'OUTBOUND', hs_call_status: 'COMPLETED', hs_call_to_number: callee.user });
    expectTalkSeconds(Number(completed.engagementProperties.hs_call_duration) / 1000);

    await ringIn(frame, async (caller) => {
      const incoming = await frame.next((data) => data?.type === 'INCOMING_CALL' && data.data, 'INCOMING_CALL');
      expect(incoming).to.include({ fromNumber: caller.user, createEngagement: true });
      fromHubSpot('CREATE_ENGAGEMENT_SUCCEEDED', { externalCallId: incoming.externalCallId, engagementId: 102 });
      // HubSpot matched the number to a contact: the widget pops its record.
      const objectCoordinates = { portalId: 1, objectId: 78, objectTypeId: '0-1' };
      fromHubSpot('CALLER_ID_MATCH_SUCCEEDED', { callerIdMatches: [{ callerIdType: 'CONTACT', objectCoordinates, firstName: 'Known', lastName: 'Caller', email: 'k@example.test' }] });
      expect(await frame.next((data) => data?.type === 'NAVIGATE_TO_RECORD' && data.data, 'NAVIGATE_TO_RECORD')).to.deep.equal({ objectCoordinates });
    });
    const logged = await frame.next((data) => data?.type === 'CALL_COMPLETED' && data.data, 'the second CALL_COMPLETED');
    expect(logged).to.include({ engagementId: 102 });
    expect(logged.engagementProperties).to.include({ hs_call_direction: 'INBOUND', hs_call_status: 'COMPLETED' });
    expectTalkSeconds(Number(logged.engagementProperties.hs_call_duration) / 1000);

    // A caller who gives up before anyone answers: a missed call, no talk time.
    const impatient = await mountPhone('impatient', { user: uniqueNumber() });
    await impatient.el.call(frame.user);
    const { externalCallId } = await frame.next((data) => data?.type === 'INCOMING_CALL' && data.data.fromNumber === impatient.user && data.data, 'INCOMING_CALL');
    impatient.el.calls[0]!.hangup();
    const ofMissed = (type: string) => frame.next((data) => data?.type === type && data.data.externalCallId === externalCallId && data.data, `the missed call's ${type}`);
    expect(await ofMissed('CALL_ENDED')).to.include({ callEndStatus: 'MISSED' });
    const missed = await ofMissed('CALL_COMPLETED');
    expect(missed.engagementProperties).to.include({ hs_call_direction: 'INBOUND', hs_call_status: 'MISSED', hs_call_duration: '0', hs_call_from_number: impatient.user });
    expect(nobody.events.types()).not.to.include('phone-call-incoming');
  });

  it('Zendesk (real ZAF SDK): dial-out, user search and routeTo, a ticket with the call on end', async () => {
    const query = { origin: location.origin, app_guid: 'app-guid-1', allow: location.origin };
    const frame = await adapter('zendesk/assets/iframe.html', query);
    const zaf = (data: unknown) => {
      try {
        return typeof data === 'string' ? JSON.parse(data) : null;
      } catch {
        return null;
      }
    };
    // Zendesk's side: it answers the handshake, every invoke, and the API requests it proxies.
    const reply = (data: unknown) => frame.post(JSON.stringify(data));
    const zendesk = (event: MessageEvent) => {
      const message = event.source === frame.iframe.contentWindow ? zaf(event.data) : null;
      if (message?.request === 'invoke') reply({ id: message.id, result: {} });
      if (/^request:\d+$/.test(message?.key ?? '')) {
        const response = String(message.message.url).startsWith('/api/v2/users/search') ? { users: [{ id: 501, name: 'Known Caller' }] } : { ticket: { id: 9 } };
        reply({ key: `zaf.${message.key}.done`, message: { responseArgs: [response] } });
      }
    };
    addEventListener('message', zendesk);
    cleanups.push(() => removeEventListener('message', zendesk));
    await signIn(frame);
    const nobody = await decoy();
    const registered = { key: 'zaf.app.registered', message: { context: { location: 'top_bar' }, metadata: { appId: 1, settings: {} } } };
    await intrude([JSON.stringify(registered), JSON.stringify({ key: 'zaf.voice.dialout', message: { number: nobody.user } })]);

    await frame.next((data) => zaf(data)?.key === 'iframe.handshake', 'iframe.handshake');
    reply(registered);
    await frame.next((data) => zaf(data)?.key === 'iframe.on:voice.dialout', 'the voice.dialout subscription');
    const invoked = (name: string) => frame.next((data) => zaf(data)?.request === 'invoke' && zaf(data).params[name], `invoke ${name}`);
    const requested = (url: string) => frame.next((data) => String(zaf(data)?.message?.url ?? '').startsWith(url) && zaf(data).message, `request ${url}`);

    const [size] = await invoked('resize');
    expect(size.height).to.match(/^\d+px$/);
    expect(parseInt(size.height, 10)).to.be.greaterThan(200);

    const callee = await clickToDial(frame, (number) => JSON.stringify({ key: 'zaf.voice.dialout', message: { number } }));
    const outgoing = await requested('/api/v2/tickets.json');
    expect(outgoing).to.include({ type: 'POST', contentType: 'application/json' });
    const { ticket } = JSON.parse(outgoing.data);
    expect(ticket).not.to.have.property('requester_id');
    expect(ticket.subject).to.equal(`Outgoing call to ${callee.user}: hangup, ${/(\d+) s$/.exec(ticket.subject)?.[1]} s`);
    expect(ticket.comment.public).to.equal(false);
    expectTalkSeconds(Number(/Duration: (\d+) s/.exec(ticket.comment.body)?.[1]));
    expect(ticket.comment.body).to.include('End: hangup (remote)');

    await ringIn(frame, async (caller) => {
      expect(await invoked('popover')).to.deep.equal(['show']);
      expect((await requested('/api/v2/users/search.json')).url).to.equal(`/api/v2/users/search.json?query=${caller.user}`);
      expect(await invoked('routeTo')).to.deep.equal(['user', '501']);
    });
    const incoming = JSON.parse((await requested('/api/v2/tickets.json')).data).ticket;
    expect(incoming).to.include({ requester_id: 501 });
    expect(incoming.subject).to.match(/^Incoming call from \d+: hangup, \d+ s$/);
    expectTalkSeconds(Number(/Duration: (\d+) s/.exec(incoming.comment.body)?.[1]));
    expect(nobody.events.types()).not.to.include('phone-call-incoming');
  });

  it('Salesforce Open CTI (stand-in opencti_min.js from the org): click-to-dial, panel + searchAndScreenPop, saveLog', async () => {
    // Open CTI from another origin than Lightning's, as from Salesforce's Visualforce domain.
    const frame = await adapter('salesforce/index.html', { origin: location.origin, opencti: OTHER_ORIGIN });
    await signIn(frame);
    const cti = (method: string) => frame.next((data) => data?.standIn === 'opencti' && data.method === method && data.args, method);
    expect(await cti('loaded')).to.deep.equal({ from: OTHER_ORIGIN });
    await cti('onClickToDial');
    await cti('enableClickToDial');
    expect((await cti('setSoftphonePanelHeight')).heightPX).to.be.greaterThan(200);
    const click = (number: string) => ({ standIn: 'opencti', event: 'clickToDial', payload: { number, recordId: '003000000000001', recordName: 'Known Caller', objectType: 'Contact' } });
    const nobody = await decoy();
    await intrude([click(nobody.user)]);

    await clickToDial(frame, click);
    const task = (await cti('saveLog')).value;
    expect(task).to.include({ entityApiName: 'Task', Status: 'Completed', TaskSubtype: 'Call', CallType: 'Outbound', CallDisposition: 'hangup' });
    expectTalkSeconds(task.CallDurationInSeconds);

    await ringIn(frame, async (caller) => {
      expect(await cti('setSoftphonePanelVisibility')).to.deep.equal({ visible: true });
      expect(await cti('searchAndScreenPop')).to.deep.equal({ searchParams: caller.user, callType: 'inbound' });
    });
    const inbound = (await cti('saveLog')).value;
    expect(inbound).to.include({ CallType: 'Inbound', CallDisposition: 'hangup' });
    expectTalkSeconds(inbound.CallDurationInSeconds);
    expect(nobody.events.types()).not.to.include('phone-call-incoming');
  });

  it('Dynamics 365 CIF (stand-in Microsoft.CIFramework from the org): onclicktoact, setMode + searchAndOpenRecords, a phonecall record', async () => {
    const frame = await adapter('dynamics/index.html');
    await signIn(frame);
    const cif = (method: string) => frame.next((data) => data?.standIn === 'cif' && data.method === method && data.args, method);
    expect(await cif('addHandler')).to.deep.equal(['onclicktoact']);
    expect(await cif('setClickToAct')).to.deep.equal([true]);
    const clickToAct = (value: string) => ({ standIn: 'cif', event: 'onclicktoact', data: JSON.stringify({ value, name: 'telephone1', format: 'phone', entityLogicalName: 'contact' }) });
    const nobody = await decoy();
    await intrude([clickToAct(nobody.user)]);

    const callee = await clickToDial(frame, clickToAct);
    const [entity, json] = await cif('createRecord');
    expect(entity).to.equal('phonecall');
    const outgoing = JSON.parse(json);
    expect(outgoing).to.include({ phonenumber: callee.user, directioncode: true, actualdurationminutes: 1 });
    expectTalkSeconds(Number(/Duration: (\d+) s/.exec(outgoing.description)?.[1]));
    expect(outgoing.description).to.include('End: hangup (remote)');

    await ringIn(frame, async (caller) => {
      expect(await cif('setMode')).to.deep.equal([1]);
      const [searched, odata, searchOnly] = await cif('searchAndOpenRecords');
      expect([searched, searchOnly]).to.deep.equal(['contact', false]);
      expect(decodeURIComponent(odata)).to.equal(`?$select=fullname,telephone1,mobilephone&$filter=telephone1 eq '${caller.user}' or mobilephone eq '${caller.user}'`);
    });
    const incoming = JSON.parse((await cif('createRecord'))[1]);
    expect(incoming).to.include({ directioncode: false });
    expectTalkSeconds(Number(/Duration: (\d+) s/.exec(incoming.description)?.[1]));
    expect(nobody.events.types()).not.to.include('phone-call-incoming');
  });
});
