/**
 * Dynamics 365 Channel Integration Framework (1.0): dist/crm/dynamics/index.html, the
 * channel provider's URL (`…/index.html?origin=https://acme.crm.dynamics.com`). The
 * framework, `Microsoft.CIFramework`, comes from the org itself at run time
 * (`/webresources/Widget/msdyn_ciLibrary.js` of the first allowed origin); it is usable
 * once it fires `CIFInitDone`.
 *
 * Dynamics → phone: `setClickToAct(true)` + the `onclicktoact` handler dial.
 * Phone → Dynamics: an incoming call docks the panel (`setMode(1)`) and runs
 * `searchAndOpenRecords` on contacts whose phone is the caller's number (a single match
 * opens, several open the search page); the call log becomes a Phone Call activity
 * (`createRecord('phonecall', …)`: direction, number, duration in minutes, the end
 * reason in its description).
 */
import type { CallRecord } from '../../events/phone-events.js';
import { seconds, summary, type Crm, type CrmCall } from '../shared/crm.js';
import { loadScript, pageOrigins, startCrmPage } from '../shared/page.js';

interface CiFramework {
  setClickToAct(value: boolean): Promise<unknown>;
  addHandler(name: string, handler: (data: unknown) => Promise<unknown> | void): Promise<unknown>;
  setMode(mode: 0 | 1): Promise<unknown>;
  searchAndOpenRecords(entity: string, query: string, searchOnly: boolean): Promise<string>;
  createRecord(entity: string, data: string): Promise<string>;
}
declare global {
  interface Window {
    Microsoft?: { CIFramework?: CiFramework };
  }
}

/** An OData string literal: quotes doubled, so a number cannot end the filter early. */
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** onclicktoact's event data: `{value, name, format}`, as an object or as its JSON text. */
function clickedNumber(data: unknown): string | null {
  let event = data;
  if (typeof data === 'string') {
    try {
      event = JSON.parse(data);
    } catch {
      return null;
    }
  }
  const { value, format } = (event ?? {}) as { value?: unknown; format?: unknown };
  return typeof value === 'string' && (format === undefined || format === 'phone') ? value : null;
}

function phoneCall(call: CrmCall, record: CallRecord) {
  return {
    subject: summary(call, record),
    phonenumber: call.number,
    directioncode: call.direction === 'outgoing',
    actualdurationminutes: Math.ceil(seconds(record) / 60),
    description: `${summary(call, record)}\nDuration: ${seconds(record)} s\nEnd: ${record.reason} (${record.by})`,
  };
}

async function dynamics(origin: string): Promise<Crm> {
  const ready = new Promise((resolve) => addEventListener('CIFInitDone', resolve, { once: true }));
  await loadScript(`${origin}/webresources/Widget/msdyn_ciLibrary.js`, { 'data-crmurl': origin, 'data-cifid': 'CIFMainLibrary' });
  await ready;
  const cif = window.Microsoft?.CIFramework;
  if (!cif) throw new Error(`${origin} served no Channel Integration Framework (Microsoft.CIFramework)`);
  return {
    onDial: (dial) => {
      void cif.addHandler('onclicktoact', (data) => {
        const number = clickedNumber(data);
        if (number) dial(number);
        return Promise.resolve();
      });
      void cif.setClickToAct(true);
    },
    incoming: async (call) => {
      await cif.setMode(1);
      // Encoded: a '+' of an E.164 number would otherwise read as a space.
      const number = encodeURIComponent(literal(call.number));
      const query = `?$select=fullname,telephone1,mobilephone&$filter=telephone1 eq ${number} or mobilephone eq ${number}`;
      await cif.searchAndOpenRecords('contact', query, false);
    },
    log: (call, record) => cif.createRecord('phonecall', JSON.stringify(phoneCall(call, record))),
  };
}

const origins = pageOrigins();
void startCrmPage(origins, () => dynamics(origins[0]!));
