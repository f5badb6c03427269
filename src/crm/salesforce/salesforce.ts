/**
 * Salesforce Open CTI (Lightning Experience): dist/crm/salesforce/index.html, the softphone
 * of a call center (call-center.xml, imported in Setup → Call Centers). Its messages come
 * from Lightning (`?origin=https://acme.lightning.force.com`). Open CTI's `opencti_min.js`
 * comes from the org itself, at run time: for a page on a third-party domain Salesforce
 * serves it from the org's Visualforce origin (`&opencti=https://acme--c.vf.force.com`);
 * without that, from the first allowed origin. From nowhere else.
 *
 * Salesforce → phone: `enableClickToDial` + `onClickToDial` dial.
 * Phone → Salesforce: an incoming call opens the panel (`setSoftphonePanelVisibility`) and
 * runs `searchAndScreenPop` with the caller's number (inbound); the call log is saved as a
 * completed call Task (`saveLog`: duration in seconds, type, end reason as disposition);
 * the phone's height sizes the panel (`setSoftphonePanelHeight`).
 */
import type { CallRecord } from '../../events/phone-events.js';
import { seconds, summary, type Crm } from '../shared/crm.js';
import { loadScript, pageOrigins, startCrmPage } from '../shared/page.js';

/** Open CTI for Lightning exists from API 38.0; this is the version the page asks the org for. */
const OPEN_CTI_VERSION = '62.0';

type Callback = (response: { success: boolean; returnValue?: unknown; errors?: unknown }) => void;
interface OpenCti {
  CALL_TYPE: { INBOUND: string; OUTBOUND: string };
  enableClickToDial(options: { callback?: Callback }): void;
  onClickToDial(options: { listener: (payload: { number?: unknown }) => void }): void;
  searchAndScreenPop(options: { searchParams: string; callType: string; deferred?: boolean; callback?: Callback }): void;
  saveLog(options: { value: Record<string, unknown>; callback?: Callback }): void;
  setSoftphonePanelVisibility(options: { visible: boolean; callback?: Callback }): void;
  setSoftphonePanelHeight(options: { heightPX: number; callback?: Callback }): void;
}
declare global {
  interface Window {
    sforce?: { opencti?: OpenCti };
  }
}

/** An Open CTI call as a promise: it fails when Salesforce says it did not succeed. */
function ask(method: string, run: (callback: Callback) => void): Promise<unknown> {
  return new Promise((resolve, reject) =>
    run((response) => (response?.success ? resolve(response.returnValue) : reject(new Error(`${method}: ${JSON.stringify(response?.errors)}`)))),
  );
}

async function salesforce(origin: string): Promise<Crm> {
  await loadScript(`${origin}/support/api/${OPEN_CTI_VERSION}/lightning/opencti_min.js`);
  const cti = window.sforce?.opencti;
  if (!cti) throw new Error(`${origin} served no Open CTI (sforce.opencti)`);
  const task = (record: CallRecord, call: Parameters<Crm['log']>[0]) => ({
    entityApiName: 'Task',
    Subject: summary(call, record),
    Status: 'Completed',
    TaskSubtype: 'Call',
    CallType: call.direction === 'outgoing' ? 'Outbound' : 'Inbound',
    CallDurationInSeconds: seconds(record),
    CallDisposition: record.reason,
    CallObject: call.callId,
    ActivityDate: new Date(record.startedAt).toISOString().slice(0, 10),
  });
  return {
    onDial: (dial) => {
      cti.onClickToDial({ listener: (payload) => payload?.number !== undefined && dial(String(payload.number)) });
      void ask('enableClickToDial', (callback) => cti.enableClickToDial({ callback }));
    },
    incoming: async (call) => {
      await ask('setSoftphonePanelVisibility', (callback) => cti.setSoftphonePanelVisibility({ visible: true, callback }));
      await ask('searchAndScreenPop', (callback) => cti.searchAndScreenPop({ searchParams: call.number, callType: cti.CALL_TYPE.INBOUND, callback }));
    },
    log: (call, record) => ask('saveLog', (callback) => cti.saveLog({ value: task(record, call), callback })),
    resize: ({ height }) => ask('setSoftphonePanelHeight', (callback) => cti.setSoftphonePanelHeight({ heightPX: height, callback })),
  };
}

const origins = pageOrigins();
void startCrmPage(origins, () => salesforce(pageOrigins('opencti')[0] ?? origins[0]!));
